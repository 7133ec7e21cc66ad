// `node scripts/probe.mjs --base-url URL [--api-key KEY] [--model M] [--transport auto|ws|http|chat]
//   [--stop-after-ms N] [--idle-ms N] PROMPT...` (also `npm run probe -- …`)
// `--provider codex` runs the turns through `codex app-server` instead (the Codex provider).
// Runs Flowpair's own backend (src/backend, the code the extension runs, without VS Code) against a
// server: one turn per PROMPT in one session, chained as the composer chains them (a tool call's
// outcome goes back on the next turn as "not applied"). Prints one JSON object per turn on stdout;
// the connection log goes to stderr. Exit 0 when it ran (whatever the turns did), 2 on bad arguments.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const USAGE = `usage: node scripts/probe.mjs --base-url URL [--api-key KEY] [--model M] [--transport auto|ws|http|chat]
                              [--stop-after-ms N] [--idle-ms N] PROMPT...
       node scripts/probe.mjs --provider codex [--codex-path PATH] [--base-url URL [--api-key KEY]] [--model M] ... PROMPT...
  --provider       openai (default) or codex: turns go through \`codex app-server\` (your Codex sign-in and
                   config); with --base-url, through a temporary CODEX_HOME whose provider is that server
  --codex-path     the codex executable (default: codex on PATH)
  --base-url       OpenAI-compatible endpoint including /v1, e.g. http://127.0.0.1:8787/v1
  --api-key        default: $OPENAI_API_KEY (never printed)
  --model          the model for every turn (default: Flowpair's fast model)
  --transport      ws: like the OpenAI preset (WebSocket first, then its fallbacks); http / chat: only
                   Responses over HTTP / Chat Completions; auto (default): detect, as for a custom base URL
  --stop-after-ms  press Stop this long after each turn starts
  --idle-ms        wait this long between turns (human pacing)
Prints one JSON line per turn: {"turn","transport","warm","status","error","text","toolCalls","ttftMs","notices"}.`;

function usage(message) {
  process.stderr.write(`probe: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      model: { type: 'string' },
      transport: { type: 'string', default: 'auto' },
      provider: { type: 'string', default: 'openai' },
      'codex-path': { type: 'string' },
      'stop-after-ms': { type: 'string' },
      'idle-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (error) {
  usage(error.message);
}
const { values, positionals: prompts } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const baseUrl = values['base-url'];
const codex = values.provider === 'codex';
if (!codex && values.provider !== 'openai') usage(`--provider must be openai or codex, got "${values.provider}"`);
if (!baseUrl && !codex) usage('--base-url is required');
if (baseUrl) {
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    usage(`--base-url must be an http(s) URL, got "${baseUrl}"`);
  }
}
if (!['auto', 'ws', 'http', 'chat'].includes(values.transport)) usage(`--transport must be auto, ws, http or chat, got "${values.transport}"`);
const number = (name) => {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) usage(`--${name} must be a whole number of milliseconds, got "${raw}"`);
  return Number(raw);
};
const stopAfterMs = number('stop-after-ms');
const idleMs = number('idle-ms') ?? 0;
if (prompts.length === 0) usage('give at least one PROMPT');

// The backend needs Node >= 22 and the project's dependencies: scripts/with-node.mjs provides both.
if (Number(process.versions.node.split('.')[0]) < 22 || !existsSync(join(root, 'node_modules', 'tsx'))) {
  if (process.env.FLOWPAIR_PROBE_REEXEC) usage('could not set up Node >= 22 and the dependencies');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'with-node.mjs'), fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, FLOWPAIR_PROBE_REEXEC: '1' },
  });
  process.exit(r.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
const { Backend, CodexBackend, ERROR_ACTIONS, ERROR_ACTION_LABELS } = await import(pathToFileURL(join(root, 'src', 'backend', 'index.ts')).href);
const { INSTRUCTIONS } = await import(pathToFileURL(join(root, 'src', 'ui', 'instructions.ts')).href);

const TRANSPORT = { websocket: 'ws', 'responses-http': 'http', 'chat-completions': 'chat', 'codex-app-server': 'codex' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (ms) => Math.round(ms * 10) / 10;

const apiKey = values['api-key'] ?? process.env.OPENAI_API_KEY ?? '';
const models = values.model ? { fast: values.model } : undefined;
let codexHome;
let backend;
if (codex) {
  const env = {};
  if (baseUrl) {
    // The server as a custom Codex provider (Responses over its WebSocket mode), in a throwaway CODEX_HOME.
    codexHome = mkdtempSync(join(tmpdir(), 'flowpair-probe-codex-'));
    const lines = ['model_provider = "probe"', ...(values.model ? [`model = ${JSON.stringify(values.model)}`] : []), '[model_providers.probe]', 'name = "Flowpair probe"',
      `base_url = ${JSON.stringify(baseUrl)}`, 'wire_api = "responses"', 'env_key = "FLOWPAIR_PROBE_KEY"', 'supports_websockets = true', ''];
    writeFileSync(join(codexHome, 'config.toml'), lines.join('\n'));
    Object.assign(env, { CODEX_HOME: codexHome, FLOWPAIR_PROBE_KEY: apiKey });
  }
  backend = new CodexBackend({ codexPath: values['codex-path'] && resolve(values['codex-path']), cwd: process.cwd(), env, clientVersion: 'probe', ...(models && { models }) });
} else {
  backend = new Backend({ baseUrl, apiKey, transport: values.transport, ...(models && { models }) });
}
backend.log.on((line) => process.stderr.write(`[connection] ${line}\n`));

function errorOf(kind, message) {
  const action = ERROR_ACTIONS[kind]?.[0];
  return { kind, message, action: action ? ERROR_ACTION_LABELS[action] : null };
}

/** One turn as a JSON line; status is completed | interrupted (the server ended it) | failed | stopped (Stop). */
function describeTurn(n, end, notices) {
  const { result } = end;
  const t = result.stats.timings;
  let status = 'completed';
  let error = null;
  if (end.type === 'failed') {
    status = 'failed';
    error = errorOf(end.error.kind, end.error.message);
  } else if (end.type === 'interrupted') {
    status = end.cause === 'user' ? 'stopped' : 'interrupted';
    if (end.cause !== 'user') error = errorOf('connection-lost', end.message);
  } else if (end.type === 'incomplete') {
    status = 'interrupted';
    error = { kind: 'incomplete', message: `The answer is incomplete: ${end.reason}.`, action: null };
  }
  return {
    turn: n,
    transport: TRANSPORT[result.stats.transport] ?? result.stats.transport,
    warm: result.stats.warm,
    status,
    error,
    text: result.text,
    toolCalls: result.toolCalls.map((call) => ({ name: call.name, input: call.input })),
    ttftMs: t.firstTokenAt !== undefined ? round(t.firstTokenAt - t.startedAt) : null,
    notices,
  };
}

try {
  // The composer warms on intent (view shown, typing) before the first send; so does the probe,
  // without waiting longer than a user would.
  await Promise.race([backend.warm({ instructions: INSTRUCTIONS }), sleep(3_000)]);
  for (const [index, prompt] of prompts.entries()) {
    if (index > 0 && idleMs > 0) await sleep(idleMs);
    const turn = backend.send({ input: prompt, instructions: INSTRUCTIONS });
    const stop = stopAfterMs === undefined ? undefined : setTimeout(() => turn.interrupt(), stopAfterMs);
    const notices = [];
    let end;
    for await (const event of turn) {
      if (event.type === 'notice') notices.push(event.message);
      if ('result' in event) end = event;
    }
    clearTimeout(stop);
    process.stdout.write(`${JSON.stringify(describeTurn(index + 1, end, notices))}\n`);
  }
} finally {
  backend.dispose();
  if (codexHome) rmSync(codexHome, { recursive: true, force: true });
}
process.exit(0);
