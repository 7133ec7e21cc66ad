// `npm run fake-backend -- --port N [--tls] [--ttft MS] [--rate TOK_PER_S] [--rtt MS]`
// Serves the default scripted answer over WebSocket, SSE and Chat Completions until Ctrl-C.
import { parseArgs } from 'node:util';
import { startFakeBackend, type FakeBackendOptions } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    tls: { type: 'boolean', default: false },
    ttft: { type: 'string', default: '30' },
    rate: { type: 'string', default: '200' },
    rtt: { type: 'string', default: '0' },
    'api-key': { type: 'string' },
  },
});

const options: FakeBackendOptions = {
  port: Number(values.port),
  tls: values.tls,
  ttftMs: Number(values.ttft),
  tokensPerSecond: Number(values.rate),
  rttMs: Number(values.rtt),
};
if (values['api-key']) options.apiKey = values['api-key'];
void startFakeBackend(options).then((backend) => {
  console.log(`fake backend listening: ${backend.baseUrl}  (WebSocket ${backend.wsUrl})`);
  if (backend.ca) console.log(`self-signed certificate:\n${backend.ca}`);
  const stop = () => void backend.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
