// Every fault the fake backend can inject ends the turn with the right outcome, and keeps what
// the user received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backend } from '../../../src/backend/client';
import type { TurnEvent } from '../../../src/backend/turn';
import { ALL, API_KEY, collect, generating, rig } from './helpers';

const LONG = 'The quick brown fox jumps over the lazy dog. '.repeat(10);

const last = (events: TurnEvent[]) => events.at(-1)!;
const notices = (events: TurnEvent[]) => events.filter((e) => e.type === 'notice');

test('a drop mid-answer ends the turn interrupted (connection-lost) with the partial answer, and the next turn works', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ text: LONG, fault: { type: 'drop-after', events: 12 } }, { text: 'recovered' });
    const end = last(await collect(backend.send({ input: 'go' })));
    assert.ok(end.type === 'interrupted' && end.cause === 'connection-lost', JSON.stringify(end.type));
    assert.ok(end.result.text.length > 0 && LONG.startsWith(end.result.text), 'partial kept');
    assert.match(end.message, /partial answer is kept/);
    const next = await backend.send({ input: 'again' }).result;
    assert.equal(next.text, 'recovered');
    assert.ok(backend.history.some((i) => 'role' in i && i.role === 'assistant' && i.content === end.result.text), 'partial in the thread');
  } finally {
    await close();
  }
});

test('a clean close before response.completed is a lost connection too, partial kept', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ text: 'all of it', fault: { type: 'close-before-completed' } });
    const end = last(await collect(backend.send({ input: 'go' })));
    assert.ok(end.type === 'interrupted' && end.cause === 'connection-lost');
    assert.equal(end.result.text, 'all of it');
  } finally {
    await close();
  }
});

test('an error frame mid-answer fails the turn with kind server and keeps the partial answer', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ text: LONG, fault: { type: 'error-frame', afterEvents: 10, code: 'server_error', message: 'boom' } });
    const end = last(await collect(backend.send({ input: 'go' })));
    assert.ok(end.type === 'failed' && end.error.kind === 'server');
    assert.ok(end.result.text.length > 0);
  } finally {
    await close();
  }
});

test('a wrong API key is kind auth, from warm() and from a turn', async () => {
  const { fake, close } = await rig();
  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: 'sk-wrong', capabilities: ALL });
  try {
    await backend.warm();
    assert.equal(backend.state, 'error');
    assert.equal(backend.lastError?.kind, 'auth');
    const end = last(await collect(backend.send({ input: 'hi' })));
    assert.ok(end.type === 'failed' && end.error.kind === 'auth', end.type);
    assert.match(end.error.message, /API key/);
  } finally {
    backend.dispose();
    await close();
  }
});

test('401 as an error frame is kind auth; nothing is committed, so the message can be resent', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ fault: { type: 'http-error', status: 401 } });
    const end = last(await collect(backend.send({ input: 'hi' })));
    assert.ok(end.type === 'failed' && end.error.kind === 'auth');
    assert.equal(backend.history.length, 0);
  } finally {
    await close();
  }
});

test('model_not_found falls back to the backup model, says so, and skips the fast model afterwards', async () => {
  const { fake, backend, close } = await rig({ unavailableModels: ['gpt-5.3-codex-spark'] });
  try {
    const events = await collect(backend.send({ input: 'hi' }));
    const end = last(events);
    assert.ok(end.type === 'completed' && end.result.stats.model === 'gpt-5.4-mini');
    const [notice] = notices(events);
    assert.ok(notice?.type === 'notice' && notice.kind === 'model-fallback');
    assert.match(notice.message, /gpt-5\.3-codex-spark is not available to this API key; answering with gpt-5\.4-mini/);
    assert.deepEqual(generating(fake).map((r) => r.body.model), ['gpt-5.3-codex-spark', 'gpt-5.4-mini']);

    const second = await collect(backend.send({ input: 'again' }));
    assert.equal(notices(second).length, 1);
    assert.equal(generating(fake).at(-1)!.body.model, 'gpt-5.4-mini');
    assert.equal(generating(fake).length, 3, 'no second attempt on the unavailable model');
  } finally {
    await close();
  }
});

test('429 with retry-after falls back to the backup model and reports the wait; on the backup it fails with retryAfterMs', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ fault: { type: 'http-error', status: 429, retryAfterSeconds: 20 } }, { text: 'from backup' });
    const events = await collect(backend.send({ input: 'hi' }));
    const end = last(events);
    assert.ok(end.type === 'completed' && end.result.text === 'from backup');
    assert.match(notices(events)[0]!.type === 'notice' ? (notices(events)[0] as { message: string }).message : '', /rate-limited \(retry in 20 s\)/);

    fake.script({ fault: { type: 'http-error', status: 429, retryAfterSeconds: 7 } });
    const failed = last(await collect(backend.send({ input: 'more', model: 'backup' })));
    assert.ok(failed.type === 'failed' && failed.error.kind === 'rate-limited');
    assert.equal(failed.error.retryAfterMs, 7000);
    assert.match(failed.error.message, /Retry in 7 s/);
  } finally {
    await close();
  }
});

test('websocket_connection_limit_reached rolls over silently and retries on a new socket', async () => {
  const { fake, backend, close } = await rig();
  try {
    await backend.warm();
    fake.script({ fault: { type: 'connection-limit' } }, { text: 'on a new socket' });
    const events = await collect(backend.send({ input: 'hi' }));
    const end = last(events);
    assert.ok(end.type === 'completed' && end.result.text === 'on a new socket');
    assert.equal(notices(events).length, 0, 'silent');
    const [first, second] = generating(fake);
    assert.notEqual(first!.connectionId, second!.connectionId);
    assert.deepEqual((second!.body.input as Array<{ role: string }>).map((i) => i.role), ['user'], 'full input (the new socket holds no chain)');
    assert.equal(second!.body.previous_response_id, undefined);
  } finally {
    await close();
  }
});

test('the real 60-minute limit (shortened) is handled the same way', async () => {
  const { backend, close } = await rig({ connectionLimitMs: 30 });
  try {
    await backend.warm();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const result = await backend.send({ input: 'hi' }).result;
    assert.equal(result.status, 'completed');
  } finally {
    await close();
  }
});

test('previous_response_not_found resends the full input transparently', async () => {
  const { fake, backend, close } = await rig();
  try {
    await backend.send({ input: 'one' }).result;
    fake.script({ fault: { type: 'error-frame', code: 'previous_response_not_found', message: 'gone' } }, { text: 'two' });
    const events = await collect(backend.send({ input: 'two?' }));
    assert.equal(last(events).type, 'completed');
    assert.ok(notices(events).some((n) => n.type === 'notice' && n.kind === 'resent-full-input'));
    const [chained, full] = generating(fake).slice(1);
    assert.equal(typeof chained!.body.previous_response_id, 'string');
    assert.equal(full!.body.previous_response_id, undefined);
    assert.deepEqual((full!.body.input as Array<{ role: string }>).map((i) => i.role), ['user', 'assistant', 'user']);
  } finally {
    await close();
  }
});

test('a malformed JSON frame that the server follows with a close fails the turn as a protocol error with the partial kept', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ text: LONG, fault: { type: 'malformed-json', afterEvents: 8, then: 'close' } }, { text: 'fine' });
    const end = last(await collect(backend.send({ input: 'go' })));
    assert.ok(end.type === 'failed' && end.error.kind === 'protocol', end.type);
    assert.match(end.error.message, /malformed/);
    assert.ok(end.result.text.length > 0);
    assert.equal((await backend.send({ input: 'next' }).result).text, 'fine');
  } finally {
    await close();
  }
});

test('a stalled stream can be stopped by the user, and times out as a lost connection otherwise', async () => {
  const { fake, backend, close } = await rig({}, { stallTimeoutMs: 150 });
  try {
    fake.script({ text: LONG, fault: { type: 'stall', afterEvents: 9 } });
    const stopped = backend.send({ input: 'go' });
    stopped.on((e) => e.type === 'text.delta' && setTimeout(() => stopped.interrupt(), 20));
    const byUser = await stopped.result;
    assert.equal(byUser.status, 'interrupted');
    assert.ok(byUser.text.length > 0);

    fake.script({ text: LONG, fault: { type: 'stall', afterEvents: 9 } });
    const end = last(await collect(backend.send({ input: 'go again' })));
    assert.ok(end.type === 'interrupted' && end.cause === 'connection-lost');
    assert.match(end.message, /stopped sending/);
  } finally {
    await close();
  }
});

test('server errors (500) are kind server; an unreachable backend is kind unreachable', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ fault: { type: 'http-error', status: 500 } });
    const end = last(await collect(backend.send({ input: 'hi' })));
    assert.ok(end.type === 'failed' && end.error.kind === 'server' && end.error.status === 500);
  } finally {
    await close();
  }
  const port = Number(new URL(fake.baseUrl).port);
  const gone = new Backend({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: API_KEY, capabilities: ALL });
  try {
    const end = last(await collect(gone.send({ input: 'anyone?' })));
    assert.ok(end.type === 'failed' && end.error.kind === 'unreachable', end.type === 'failed' ? end.error.kind : end.type);
    assert.equal(end.error.message, `Cannot reach 127.0.0.1:${port} (connection refused).`);
  } finally {
    gone.dispose();
  }
});
