// The HTTP fallbacks give the same turn events as the WebSocket; detection decides which is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backend } from '../../../src/backend/client';
import { detectCapabilities, forgetCapabilities, type Capabilities } from '../../../src/backend/providers';
import type { TurnEvent } from '../../../src/backend/turn';
import { TWO_FILE_PATCH } from '../../fake-backend/server';
import { ALL, API_KEY, collect, rig, types } from './helpers';

const SCRIPT = { reasoning: 'Thinking about greet.', text: 'Here is the patch.', toolCalls: [{ input: TWO_FILE_PATCH, callId: 'call_1' }] };

async function runOn(caps: Capabilities) {
  const { fake, backend, close } = await rig({}, { capabilities: caps });
  try {
    fake.script(SCRIPT);
    const events = await collect(backend.send({ input: 'rename greet' }));
    return { events, requests: [...fake.requests] };
  } finally {
    await close();
  }
}

const patchText = (events: TurnEvent[]) => events.map((e) => (e.type === 'patch.delta' ? e.delta : '')).join('');

test('WebSocket, Responses over SSE and Chat Completions give the same turn events', async () => {
  const ws = await runOn(ALL);
  const sse = await runOn({ ...ALL, websocket: false });
  const chat = await runOn({ ...ALL, websocket: false, responses: false });

  const expected = ['started', 'reasoning.delta', 'text.delta', 'patch.delta', 'tool-call', 'completed'];
  assert.deepEqual(types(ws.events), expected);
  assert.deepEqual(types(sse.events), expected);
  // Chat Completions has no reasoning summaries in the standard protocol.
  assert.deepEqual(types(chat.events), expected.filter((t) => t !== 'reasoning.delta'));

  for (const [run, transport] of [[ws, 'websocket'], [sse, 'responses-http'], [chat, 'chat-completions']] as const) {
    const started = run.events[0]!;
    assert.ok(started.type === 'started' && started.transport === transport && started.editFormat === 'apply_patch');
    assert.equal(patchText(run.events), TWO_FILE_PATCH, `${transport}: patch streamed as raw text`);
    const end = run.events.at(-1)!;
    assert.ok(end.type === 'completed');
    assert.equal(end.result.text, 'Here is the patch.');
    assert.equal(end.result.toolCalls[0]!.callId, 'call_1');
    assert.ok(end.result.stats.usage && end.result.stats.usage.outputTokens > 0, `${transport}: usage`);
  }
  // Chat Completions has no freeform tools: apply_patch went as a function tool, its input as JSON.
  const chatEnd = chat.events.at(-1)!;
  assert.ok(chatEnd.type === 'completed');
  assert.equal(chatEnd.result.toolCalls[0]!.kind, 'function');
  assert.equal(JSON.parse(chatEnd.result.toolCalls[0]!.input).input, TWO_FILE_PATCH);
  const chatTools = chat.requests.find((r) => r.route === 'chat')!.body.tools as Array<{ type: string; function: { name: string } }>;
  assert.deepEqual(chatTools.map((t) => [t.type, t.function.name]), [['function', 'apply_patch']]);
});

test('HTTP turns resend the whole conversation; Chat Completions carries tool calls and outputs as messages', async () => {
  const { fake, backend, close } = await rig({}, { capabilities: { ...ALL, websocket: false, responses: false } });
  try {
    fake.script({ toolCalls: [{ input: TWO_FILE_PATCH, callId: 'call_9' }] });
    await backend.send({ input: 'patch it', instructions: 'Be terse.' }).result;
    await backend.send({ input: 'thanks', instructions: 'Be terse.', toolOutputs: [{ callId: 'call_9', output: 'Accepted.' }] }).result;
    const messages = fake.requests.filter((r) => r.route === 'chat')[1]!.body.messages as Array<{ role: string; tool_call_id?: string; content: unknown }>;
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'user']);
    assert.equal(messages[3]!.tool_call_id, 'call_9');
    assert.equal(messages[3]!.content, 'Accepted.');
  } finally {
    await close();
  }
});

test('capabilities are detected once per base URL: no WebSocket route → SSE; no /responses → Chat Completions', async () => {
  const noWs = await rig({ routes: { websocket: false } });
  const chatOnly = await rig({ routes: { websocket: false, responses: false } });
  try {
    forgetCapabilities();
    const a = await detectCapabilities(noWs.fake.baseUrl, { apiKey: API_KEY });
    assert.deepEqual(a, { websocket: false, responses: true, chat: true, editTool: 'function' });
    const probes = noWs.fake.requests.length;
    await detectCapabilities(noWs.fake.baseUrl, { apiKey: API_KEY });
    assert.equal(noWs.fake.requests.length, probes, 'cached');
    const b = await detectCapabilities(chatOnly.fake.baseUrl, { apiKey: API_KEY });
    assert.deepEqual(b, { websocket: false, responses: false, chat: true, editTool: 'function' });

    const backend = new Backend({ baseUrl: chatOnly.fake.baseUrl, apiKey: API_KEY });
    const started = (await collect(backend.send({ input: 'hi' })))[0]!;
    assert.ok(started.type === 'started' && started.transport === 'chat-completions');
    backend.dispose();
  } finally {
    await noWs.close();
    await chatOnly.close();
  }
});

test('the full fake backend is detected as WebSocket-capable with the custom apply_patch tool', async () => {
  const { fake, close } = await rig();
  try {
    forgetCapabilities();
    assert.deepEqual(await detectCapabilities(fake.baseUrl, { apiKey: API_KEY }), ALL);
  } finally {
    await close();
  }
});

test('a WebSocket upgrade refused at turn time falls back to HTTP, says so, and remembers it', async () => {
  const { fake, backend, close } = await rig({ routes: { websocket: false } });
  try {
    const events = await collect(backend.send({ input: 'hi' }));
    assert.ok(events.some((e) => e.type === 'notice' && e.kind === 'transport-fallback'));
    const end = events.at(-1)!;
    assert.ok(end.type === 'completed' && end.result.stats.transport === 'responses-http');
    const second = await collect(backend.send({ input: 'again' }));
    const started = second[0]!;
    assert.ok(started.type === 'started' && started.transport === 'responses-http');
    assert.equal(fake.requests.filter((r) => r.route === 'responses').length, 2);
  } finally {
    await close();
  }
});

test('HTTP faults map to the same kinds: 401, model_not_found fallback, 429 retry-after, drop keeps the partial', async () => {
  const { fake, backend, close } = await rig({ unavailableModels: ['gpt-5.3-codex-spark'] }, { capabilities: { ...ALL, websocket: false } });
  try {
    const fallback = await collect(backend.send({ input: 'hi' }));
    assert.ok(fallback.some((e) => e.type === 'notice' && e.kind === 'model-fallback'));
    assert.equal(fallback.at(-1)!.type, 'completed');

    fake.script({ fault: { type: 'http-error', status: 401 } });
    const auth = (await collect(backend.send({ input: 'x' }))).at(-1)!;
    assert.ok(auth.type === 'failed' && auth.error.kind === 'auth');

    fake.script({ fault: { type: 'http-error', status: 429, retryAfterSeconds: 3 } });
    const limited = (await collect(backend.send({ input: 'x' }))).at(-1)!;
    assert.ok(limited.type === 'failed' && limited.error.kind === 'rate-limited' && limited.error.retryAfterMs === 3000);

    fake.script({ text: 'a fairly long answer that will be cut', fault: { type: 'drop-after', events: 6 } });
    const dropped = (await collect(backend.send({ input: 'x' }))).at(-1)!;
    assert.ok(dropped.type === 'interrupted' && dropped.cause === 'connection-lost' && dropped.result.text.length > 0);
  } finally {
    await close();
  }
});
