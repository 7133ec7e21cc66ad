// `npm run fake-backend -- --port N [--tls] [--ttft MS] [--rate TOK_PER_S] [--rtt MS] [--context-window TOKENS] [--demo WORKSPACE] [--fault NAME]`
// Serves the default scripted answer over WebSocket, SSE and Chat Completions until Ctrl-C; with
// --demo, answers prompts on that workspace like `npm start`'s demo backend (test/fake-backend/demo.ts).
// --fault NAME (see faults.ts; `--fault list` lists them) makes every answer, or the server, show that
// fault; a prompt containing `[fault:NAME]` gets that fault for that answer only.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PACE, demoAnswerer } from './demo';
import { FAULTS, faultMarker } from './faults';
import { startFakeBackend, type FakeBackendOptions } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    tls: { type: 'boolean', default: false },
    ttft: { type: 'string' },
    rate: { type: 'string' },
    rtt: { type: 'string', default: '0' },
    'api-key': { type: 'string' },
    'context-window': { type: 'string' },
    demo: { type: 'string' },
    fault: { type: 'string' },
  },
});

if (values.fault === 'list' || (values.fault && !FAULTS[values.fault])) {
  if (values.fault !== 'list') console.error(`unknown fault "${values.fault}"; the faults are:`);
  for (const [name, fault] of Object.entries(FAULTS)) console.error(`  ${name.padEnd(22)} ${fault.description}`);
  process.exit(values.fault === 'list' ? 0 : 2);
}
const chosen = values.fault ? FAULTS[values.fault] : undefined;

const pace = values.demo ? DEMO_PACE : { ttftMs: 30, tokensPerSecond: 200 };
const options: FakeBackendOptions = {
  port: Number(values.port),
  tls: values.tls,
  ttftMs: values.ttft === undefined ? pace.ttftMs : Number(values.ttft),
  tokensPerSecond: values.rate === undefined ? pace.tokensPerSecond : Number(values.rate),
  rttMs: Number(values.rtt),
};
if (values['api-key']) options.apiKey = values['api-key'];
if (values['context-window']) options.contextWindowTokens = Number(values['context-window']);
if (values.demo) options.answer = demoAnswerer(resolve(values.demo));
if (chosen?.server) options.faults = chosen.server;
if (chosen?.script) options.defaultScript = chosen.script;
void startFakeBackend(options).then((backend) => {
  for (const [name, fault] of Object.entries(FAULTS)) if (fault.script) backend.when(faultMarker(name), fault.script);
  console.log(`fake backend listening: ${backend.baseUrl}  (WebSocket ${backend.wsUrl})${values.demo ? `, demo answers on ${resolve(values.demo)}` : ''}`);
  if (backend.ca) console.log(`self-signed certificate:\n${backend.ca}`);
  const stop = () => void backend.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
