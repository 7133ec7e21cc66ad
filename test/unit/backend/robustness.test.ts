// A session that survives real servers (issue 10): every fault behaviour of the fake backend, on each
// transport where it applies. No timings are asserted: a wait that Stop cannot end would hang the
// test (bounded by the test timeout) instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Backend } from '../../../src/backend/client';
import type { Capabilities } from '../../../src/backend/providers';
import type { TurnEvent } from '../../../src/backend/turn';
import { TWO_FILE_PATCH } from '../../fake-backend/server';
import { ALL, API_KEY, collect, generating, rig, waitFor } from './helpers';

const LONG = 'The quick brown fox jumps over the lazy dog. '.repeat(10);
const TRANSPORTS: Array<[string, Capabilities, string]> = [
  ['websocket', ALL, 'websocket'],
  ['responses-http', { ...ALL, websocket: false }, 'responses'],
  ['chat-completions', { ...ALL, websocket: false, responses: false }, 'chat'],
];
const RESPONSES_TRANSPORTS = TRANSPORTS.slice(0, 2);
const HANG = { timeout: 20_000 };

const last = (events: TurnEvent[]) => events.at(-1)!;
const notices = (events: TurnEvent[]) => events.flatMap((e) => (e.type === 'notice' ? [e] : []));
const userTexts = (backend: Backend) => backend.history.flatMap((i) => ('role' in i && i.role === 'user' ? [String(i.content)] : []));
const answers = (backend: Backend) => backend.history.flatMap((i) => ('role' in i && i.role === 'assistant' ? [String(i.content)] : []));

// ---- 1. Stop in every phase; a prewarm that is never answered ----

test('a prewarm the server never answers is abandoned after its bound; the turn goes ahead on another connection', HANG, async () => {
  const { fake, backend, close } = await rig({ faults: { prewarmHang: true } }, { prewarmTimeoutMs: 200 });
  try {
    await backend.warm({ context: 'The open file is a.ts.' });
    fake.script({ text: 'answered' });
    const end = last(await collect(backend.send({ input: 'hi' })));
    assert.ok(end.type === 'completed' && end.result.text === 'answered', end.type);
    const prewarm = fake.requests.find((r) => r.body.generate === false)!;
    const turn = generating(fake)[0]!;
    assert.notEqual(turn.connectionId, prewarm.connectionId, 'the socket holding the unanswered prewarm was dropped');
    assert.equal(turn.body.previous_response_id, undefined);
    assert.deepEqual((turn.body.input as Array<{ content: string }>).map((i) => i.content), ['The open file is a.ts.', 'hi'], 'full input');
    fake.script({ text: 'second' });
    assert.equal((await backend.send({ input: 'again' }).result).text, 'second');
    assert.equal(fake.requests.filter((r) => r.body.generate === false).length, 1, 'no more prewarms for a server that does not answer them');
  } finally {
    await close();
  }
});

test('a server that refuses prewarms gets none after the first, and its turns work (no error state)', HANG, async () => {
  const { fake, backend, close } = await rig({ faults: { prewarmRefused: true } });
  try {
    await backend.warm();
    assert.notEqual(backend.state, 'error');
    fake.script({ text: 'fine' }, { text: 'still fine' });
    assert.equal((await backend.send({ input: 'one' }).result).text, 'fine');
    await backend.warm();
    assert.equal((await backend.send({ input: 'two' }).result).text, 'still fine');
    assert.equal(fake.requests.filter((r) => r.body.generate === false).length, 1);
  } finally {
    await close();
  }
});

test('responses-http: a stream that ends with [DONE] instead of response.completed completes what arrived', HANG, async () => {
  const { fake, backend, close } = await rig({}, { capabilities: { ...ALL, websocket: false } });
  try {
    fake.script({ text: 'Answer ended by [DONE].', toolCalls: [{ input: TWO_FILE_PATCH, callId: 'call_done' }], fault: { type: 'done-instead-of-completed' } });
    const end = last(await collect(backend.send({ input: 'hi' })));
    assert.ok(end.type === 'completed', end.type);
    assert.equal(end.result.text, 'Answer ended by [DONE].');
    assert.deepEqual(end.result.toolCalls.map((c) => [c.callId, c.input]), [['call_done', TWO_FILE_PATCH]]);
  } finally {
    await close();
  }
});

test('Stop ends a turn that waits on an unanswered prewarm', HANG, async () => {
  const { backend, close } = await rig({ faults: { prewarmHang: true } }, { prewarmTimeoutMs: 600_000 });
  try {
    void backend.warm();
    await waitFor(() => backend.state === 'warming', 'prewarm sent');
    const turn = backend.send({ input: 'hi' });
    turn.on((e) => e.type === 'started' && setTimeout(() => turn.interrupt(), 10));
    const end = last(await collect(turn));
    assert.ok(end.type === 'interrupted' && end.cause === 'user');
  } finally {
    await close();
  }
});

test('Stop ends a turn whose connection never completes its upgrade', HANG, async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => sockets.add(socket)); // accepts, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as net.AddressInfo).port;
  const backend = new Backend({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: API_KEY, capabilities: ALL, openTimeoutMs: 600_000 });
  try {
    const turn = backend.send({ input: 'hi' });
    const ended = collect(turn);
    await waitFor(() => sockets.size > 0, 'the connection the upgrade hangs on'); // stopped while it waits there
    turn.interrupt();
    const end = last(await ended);
    assert.ok(end.type === 'interrupted' && end.cause === 'user');
    assert.equal(backend.history.length, 1, 'a stopped turn keeps its prompt in the thread, as a steer needs');
  } finally {
    backend.dispose();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('Stop ends a turn that waits on capability detection against a server that never answers', HANG, async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as net.AddressInfo).port;
  const backend = new Backend({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: API_KEY }); // auto: detects first
  try {
    const turn = backend.send({ input: 'hi' });
    await waitFor(() => sockets.size > 0, 'detection under way');
    turn.interrupt();
    const end = last(await collect(turn));
    assert.ok(end.type === 'interrupted' && end.cause === 'user', end.type);
  } finally {
    backend.dispose();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

for (const [name, caps] of TRANSPORTS) {
  test(`${name}: Stop ends a stalled answer, and a turn queued behind it, at once`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps, stallTimeoutMs: 600_000 });
    try {
      fake.script({ text: LONG, fault: { type: 'stall', afterEvents: 6 } }, { text: 'after' });
      const stalled = backend.send({ input: 'go' });
      const queued = backend.send({ input: 'queued' });
      queued.interrupt(); // still waiting for the stalled one
      const queuedEnd = last(await collect(queued));
      assert.ok(queuedEnd.type === 'interrupted' && queuedEnd.cause === 'user');
      assert.ok(!stalled.done, 'the first turn is still running');
      await new Promise<void>((resolve) => stalled.on((e) => e.type === 'text.delta' && resolve()));
      stalled.interrupt();
      const end = last(await collect(stalled));
      assert.ok(end.type === 'interrupted' && end.cause === 'user' && end.result.text.length > 0);
      assert.equal((await backend.send({ input: 'next' }).result).text, 'after');
      assert.deepEqual(userTexts(backend), ['go', 'next'], 'the queued turn never reached the thread');
    } finally {
      await close();
    }
  });
}

// ---- 2. A connection closed with no answer: one invisible retry ----

for (const [name, caps, route] of TRANSPORTS) {
  test(`${name}: a server that closes right after response.completed does not cost the next turn`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps });
    try {
      fake.when('first', { text: 'one', fault: { type: 'close-after-completed', delayMs: 150 } });
      fake.when('second', { text: 'two' });
      const first = backend.send({ input: 'first' });
      const second = backend.send({ input: 'second' }); // sent the moment the first completes
      assert.equal((await first.result).text, 'one');
      const events = await collect(second);
      const end = last(events);
      assert.ok(end.type === 'completed' && end.result.text === 'two', end.type === 'failed' ? end.error.message : end.type);
      assert.equal(notices(events).length, 0, 'invisible');
      assert.deepEqual(userTexts(backend), ['first', 'second']);
      assert.deepEqual(answers(backend), ['one', 'two']);
      const seconds = fake.requests.filter((r) => r.route === route && JSON.stringify(r.body).includes('second'));
      assert.ok(seconds.length >= 1);
    } finally {
      await close();
    }
  });

  test(`${name}: a request dropped before any event is sent again once, unseen; twice fails with nothing recorded`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps });
    const log: string[] = [];
    backend.log.on((line) => log.push(line));
    try {
      fake.script({ fault: { type: 'drop-after', events: 0 } }, { text: 'second try' });
      const events = await collect(backend.send({ input: 'hi' }));
      const end = last(events);
      assert.ok(end.type === 'completed' && end.result.text === 'second try', end.type === 'failed' ? end.error.message : end.type);
      assert.equal(notices(events).length, 0);
      assert.ok(log.some((l) => /closed before any answer/.test(l)), 'said in the connection log');
      assert.deepEqual(userTexts(backend), ['hi'], 'no duplicate');

      fake.script({ fault: { type: 'drop-after', events: 0 } }, { fault: { type: 'drop-after', events: 0 } });
      const failed = last(await collect(backend.send({ input: 'doomed' })));
      assert.ok(failed.type === 'failed' && failed.error.kind === 'connection-lost', failed.type);
      assert.match(failed.error.message, /closed before any answer came back/);
      assert.doesNotMatch(failed.error.message, /partial answer/);
      assert.deepEqual(userTexts(backend), ['hi'], 'a turn that failed before any output records nothing');
    } finally {
      await close();
    }
  });
}

// ---- 3. In-stream error events: one classification on every transport ----

for (const [name, caps] of TRANSPORTS) {
  test(`${name}: an in-stream 429 error event is rate-limited, and falls back to the backup model`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps });
    try {
      fake.script({ fault: { type: 'error-frame', afterEvents: 1, status: 429, code: 'rate_limit_exceeded', message: 'Slow down.', retryAfterSeconds: 12 } }, { text: 'from backup' });
      const events = await collect(backend.send({ input: 'hi' }));
      const end = last(events);
      assert.ok(end.type === 'completed' && end.result.text === 'from backup', end.type === 'failed' ? `${end.error.kind}: ${end.error.message}` : end.type);
      assert.equal(end.result.stats.model, 'gpt-5.4-mini');
      assert.ok(notices(events).some((n) => n.kind === 'model-fallback' && /rate-limited/.test(n.message)));

      fake.script({ fault: { type: 'error-frame', afterEvents: 1, code: 'rate_limit_exceeded', message: 'Flat form.' } });
      const flat = last(await collect(backend.send({ input: 'again', model: 'backup' })));
      assert.ok(flat.type === 'failed' && flat.error.kind === 'rate-limited', flat.type);

      fake.script({ text: LONG, fault: { type: 'error-frame', afterEvents: 12, status: 500, code: 'server_error', message: 'Boom.' } });
      const mid = last(await collect(backend.send({ input: 'more' })));
      assert.ok(mid.type === 'failed' && mid.error.kind === 'server' && mid.error.status === 500, mid.type === 'failed' ? mid.error.kind : mid.type);
      assert.ok(mid.result.text.length > 0, 'the partial answer is kept');
      assert.doesNotMatch(mid.error.message, /dropped/);
    } finally {
      await close();
    }
  });
}

// ---- 4, 5. Output without deltas; a tool call that never gets its done ----

for (const [name, caps] of RESPONSES_TRANSPORTS) {
  for (const delivery of ['item-done', 'completed-only'] as const) {
    test(`${name}: an answer carried only in ${delivery === 'item-done' ? 'output_item.done' : "response.completed's output"} is taken once`, HANG, async () => {
      const { fake, backend, close } = await rig({}, { capabilities: caps });
      try {
        fake.script({ text: 'Only at the end.', toolCalls: [{ input: TWO_FILE_PATCH, callId: 'call_d' }], delivery });
        const events = await collect(backend.send({ input: 'hi' }));
        const end = last(events);
        assert.ok(end.type === 'completed');
        assert.equal(end.result.text, 'Only at the end.');
        assert.equal(events.filter((e) => e.type === 'text.delta').map((e) => (e.type === 'text.delta' ? e.delta : '')).join(''), 'Only at the end.');
        assert.equal(events.map((e) => (e.type === 'patch.delta' ? e.delta : '')).join(''), TWO_FILE_PATCH, 'the patch reaches the proposals');
        assert.deepEqual(end.result.toolCalls.map((c) => c.callId), ['call_d']);
        assert.deepEqual(answers(backend), ['Only at the end.']);
      } finally {
        await close();
      }
    });
  }

  test(`${name}: streamed answers are never doubled by their done and completed events`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps });
    try {
      fake.script({ text: LONG, toolCalls: [{ input: TWO_FILE_PATCH }] });
      const end = last(await collect(backend.send({ input: 'hi' })));
      assert.ok(end.type === 'completed' && end.result.text === LONG);
      assert.equal(end.result.toolCalls.length, 1);
      assert.equal(end.result.toolCalls[0]!.input, TWO_FILE_PATCH);
    } finally {
      await close();
    }
  });

  test(`${name}: an apply_patch call whose output_item.done never comes is finished when the response completes`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps });
    try {
      fake.script({ text: 'Patch:', toolCalls: [{ input: TWO_FILE_PATCH, callId: 'call_nd' }], fault: { type: 'no-tool-done' } });
      const events = await collect(backend.send({ input: 'patch it' }));
      const end = last(events);
      assert.ok(end.type === 'completed');
      assert.ok(events.some((e) => e.type === 'tool-call' && e.call.callId === 'call_nd' && e.call.input === TWO_FILE_PATCH));
      assert.ok(backend.history.some((i) => 'call_id' in i && i.call_id === 'call_nd'), 'the call is in the thread');
      await backend.send({ input: 'thanks' }).result;
      const next = fake.requests.filter((r) => r.body.generate !== false && r.route !== 'models').at(-1)!;
      const outputs = (next.body.input as Array<{ type?: string; call_id?: string }>).filter((i) => i.type?.endsWith('_output'));
      assert.deepEqual(outputs.map((o) => o.call_id), ['call_nd'], 'its outcome goes back on the next turn');
    } finally {
      await close();
    }
  });
}

// ---- 6. A refused WebSocket upgrade ----

for (const status of [426, 500]) {
  test(`a WebSocket upgrade refused with ${status} falls back to HTTP SSE, says so once, and tries WebSocket again after the cool-down`, HANG, async () => {
    const { fake, backend, close } = await rig({ faults: { refuseUpgrade: status } }, { wsCooldownMs: 300 });
    const log: string[] = [];
    backend.log.on((line) => log.push(line));
    try {
      const first = await collect(backend.send({ input: 'one' }));
      const end = last(first);
      assert.ok(end.type === 'completed' && end.result.stats.transport === 'responses-http', end.type === 'failed' ? end.error.message : end.type);
      assert.equal(notices(first).filter((n) => n.kind === 'transport-fallback').length, 1);
      assert.match(notices(first)[0]!.message, new RegExp(`refused with ${status}`));
      assert.equal(log.filter((l) => /refused/.test(l)).length, 1, 'said once in the connection log');

      const second = await collect(backend.send({ input: 'two' }));
      const secondStart = second[0]!;
      assert.ok(secondStart.type === 'started' && secondStart.transport === 'responses-http', 'straight to HTTP during the cool-down');
      assert.equal(notices(second).length, 0);
      const upgradesBefore = fake.connections;

      fake.configure({ faults: {} }); // the server accepts WebSocket again
      await new Promise((resolve) => setTimeout(resolve, 350)); // let the cool-down pass
      const third = last(await collect(backend.send({ input: 'three' })));
      assert.ok(third.type === 'completed' && third.result.stats.transport === 'websocket', 'WebSocket again after the cool-down');
      assert.ok(fake.connections > upgradesBefore);
      assert.deepEqual(userTexts(backend), ['one', 'two', 'three']);
    } finally {
      await close();
    }
  });
}

// ---- 7. Malformed frames; labels; Chat Completions mode ----

for (const [name, caps] of RESPONSES_TRANSPORTS) {
  test(`${name}: one malformed event is skipped and counted; the answer completes`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps });
    const log: string[] = [];
    backend.log.on((line) => log.push(line));
    try {
      fake.script({ text: LONG, fault: { type: 'malformed-json', afterEvents: 8 } });
      const end = last(await collect(backend.send({ input: 'go' })));
      assert.ok(end.type === 'completed' && end.result.text === LONG, end.type === 'failed' ? end.error.message : end.type);
      assert.equal(end.result.stats.malformedEvents, 1);
      assert.ok(log.some((l) => /skipped 1 malformed/.test(l)));
    } finally {
      await close();
    }
  });
}

test('after a drop mid-answer the next turn goes out warm on the open spare, and is labelled so', HANG, async () => {
  const { fake, backend, close } = await rig();
  try {
    await backend.warm();
    fake.script({ text: LONG, fault: { type: 'drop-after', events: 12 } }, { text: 'on the spare' });
    const dropped = last(await collect(backend.send({ input: 'go' })));
    assert.ok(dropped.type === 'interrupted' && dropped.cause === 'connection-lost');
    await waitFor(() => backend.state === 'warm', 'the spare prewarmed');
    const end = last(await collect(backend.send({ input: 'next' })));
    assert.ok(end.type === 'completed' && end.result.text === 'on the spare');
    assert.equal(end.result.stats.warm, true, 'WS warm');
    const [first, second] = generating(fake);
    assert.notEqual(second!.connectionId, first!.connectionId);
  } finally {
    await close();
  }
});

test('a first turn that had to open its connection is labelled cold', HANG, async () => {
  const { backend, close } = await rig();
  try {
    const end = last(await collect(backend.send({ input: 'hi' })));
    assert.ok(end.type === 'completed' && end.result.stats.warm === false);
  } finally {
    await close();
  }
});

test('in Chat Completions mode no turn goes to /responses, whatever fails', HANG, async () => {
  const { fake, backend, close } = await rig({}, { capabilities: undefined, transport: 'chat' });
  try {
    fake.script({ fault: { type: 'http-error', status: 404 } }, { fault: { type: 'drop-after', events: 0 } }, { fault: { type: 'drop-after', events: 0 } }, { text: 'chat' });
    await backend.send({ input: 'a' }).result;
    await backend.send({ input: 'b' }).result;
    const end = await backend.send({ input: 'c' }).result;
    assert.equal(end.text, 'chat');
    assert.deepEqual([...new Set(fake.requests.map((r) => r.route))], ['chat']);
  } finally {
    await close();
  }
});

// ---- 8. A backend that is down ----

test('a server that is down: "Cannot reach host:port", offline with background retries, warm again when it returns; never marked as lacking WebSocket', HANG, async () => {
  const { fake, backend, close } = await rig({}, { offlineRetryMs: [50, 100] });
  const states: string[] = [];
  backend.stateChanged.on((s) => states.push(s));
  const { port } = new URL(fake.baseUrl);
  try {
    await fake.pause();
    await backend.warm();
    assert.equal(backend.state, 'offline');
    assert.equal(backend.lastError?.kind, 'unreachable');
    const events = await collect(backend.send({ input: 'anyone?' }));
    const end = last(events);
    assert.ok(end.type === 'failed' && end.error.kind === 'unreachable', end.type);
    assert.equal(end.error.message, `Cannot reach 127.0.0.1:${port} (connection refused).`);
    assert.equal(notices(events).length, 0, 'no talk of WebSocket mode');
    assert.equal(backend.history.length, 0, 'nothing recorded');
    assert.ok(!states.slice(states.indexOf('offline')).includes('warming'), 'no spinner once offline');

    await fake.resume();
    await waitFor(() => backend.state === 'warm', 'warm again by itself', 5000);
    assert.deepEqual(states.slice(states.indexOf('offline'), states.indexOf('warm') + 1), ['offline', 'warm'], 'the retries did not flicker the badge');
    const back = last(await collect(backend.send({ input: 'back?' })));
    assert.ok(back.type === 'completed' && back.result.stats.transport === 'websocket', 'still WebSocket');
  } finally {
    await close();
  }
});

test('an HTTP-only server that is down goes offline and comes back by itself too', HANG, async () => {
  const { fake, backend, close } = await rig({}, { capabilities: { ...ALL, websocket: false }, offlineRetryMs: [50] });
  try {
    await fake.pause();
    const end = last(await collect(backend.send({ input: 'anyone?' })));
    assert.ok(end.type === 'failed' && end.error.kind === 'unreachable');
    assert.equal(backend.state, 'offline');
    await fake.resume();
    await waitFor(() => backend.state === 'warm', 'warm again', 5000);
  } finally {
    await close();
  }
});

// ---- 9. Limits ----

for (const [name, caps] of RESPONSES_TRANSPORTS) {
  test(`${name}: a frame over maxFrameBytes ends the turn with a limit error, keeping what arrived`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps, limits: { maxFrameBytes: 64 * 1024 } });
    try {
      fake.script({ text: LONG, fault: { type: 'oversized-frame', bytes: 256 * 1024, afterEvents: 12 } }, { text: 'fine' });
      const end = last(await collect(backend.send({ input: 'go' })));
      assert.ok(end.type === 'failed' && end.error.kind === 'limit', end.type === 'failed' ? end.error.message : end.type);
      assert.match(end.error.message, /larger than 0\.1 MiB.*flowpair\.limits\.maxFrameMiB/);
      assert.ok(end.result.text.length > 0 && LONG.startsWith(end.result.text));
      assert.equal((await backend.send({ input: 'next' }).result).text, 'fine');
    } finally {
      await close();
    }
  });
}

for (const [name, caps] of TRANSPORTS) {
  test(`${name}: answer, patch and duration limits end the turn with a clear message, keeping what arrived`, HANG, async () => {
    const { fake, backend, close } = await rig({}, { capabilities: caps, limits: { maxAnswerChars: 100, maxPatchChars: 40, maxTurnMs: 400 } });
    try {
      fake.script({ text: LONG });
      const long = last(await collect(backend.send({ input: 'long' })));
      assert.ok(long.type === 'failed' && long.error.kind === 'limit', long.type);
      assert.match(long.error.message, /answer passed 100 characters.*maxAnswerChars/);
      assert.ok(long.result.text.length > 0 && long.result.text.length <= 100);

      fake.script({ toolCalls: [{ input: TWO_FILE_PATCH }] });
      const patch = last(await collect(backend.send({ input: 'patch' })));
      assert.ok(patch.type === 'failed' && patch.error.kind === 'limit', patch.type);
      assert.match(patch.error.message, /apply_patch call passed 40 characters.*maxPatchChars/);

      fake.script({ text: 'slow '.repeat(50), tokensPerSecond: 40 });
      const slow = last(await collect(backend.send({ input: 'slow' })));
      assert.ok(slow.type === 'failed' && slow.error.kind === 'limit', slow.type);
      assert.match(slow.error.message, /longer than .* min.*maxTurnMinutes/);
      assert.ok(slow.result.text.length > 0, 'kept');

      fake.script({ text: 'ok' });
      assert.equal((await backend.send({ input: 'after' }).result).text, 'ok');
    } finally {
      await close();
    }
  });
}
