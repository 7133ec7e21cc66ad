// `npm run fake-backend -- --port N [--tls] [--ttft MS] [--rate TOK_PER_S] [--rtt MS] [--demo WORKSPACE]`
// Serves the default scripted answer over WebSocket, SSE and Chat Completions until Ctrl-C; with
// --demo, answers prompts on that workspace like `npm start`'s demo backend (test/fake-backend/demo.ts).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PACE, demoAnswerer } from './demo';
import { startFakeBackend, type FakeBackendOptions } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    tls: { type: 'boolean', default: false },
    ttft: { type: 'string' },
    rate: { type: 'string' },
    rtt: { type: 'string', default: '0' },
    'api-key': { type: 'string' },
    demo: { type: 'string' },
  },
});

const pace = values.demo ? DEMO_PACE : { ttftMs: 30, tokensPerSecond: 200 };
const options: FakeBackendOptions = {
  port: Number(values.port),
  tls: values.tls,
  ttftMs: values.ttft === undefined ? pace.ttftMs : Number(values.ttft),
  tokensPerSecond: values.rate === undefined ? pace.tokensPerSecond : Number(values.rate),
  rttMs: Number(values.rtt),
};
if (values['api-key']) options.apiKey = values['api-key'];
if (values.demo) options.answer = demoAnswerer(resolve(values.demo));
void startFakeBackend(options).then((backend) => {
  console.log(`fake backend listening: ${backend.baseUrl}  (WebSocket ${backend.wsUrl})${values.demo ? `, demo answers on ${resolve(values.demo)}` : ''}`);
  if (backend.ca) console.log(`self-signed certificate:\n${backend.ca}`);
  const stop = () => void backend.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
