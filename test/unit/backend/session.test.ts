import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, generating, rig, types, waitFor } from './helpers';

test('prewarm sends generate:false, then the turn chains with previous_response_id and only the new input', async () => {
  const { fake, backend, close } = await rig();
  try {
    await backend.warm({ instructions: 'Be brief.', context: 'The open file is src/a.ts.' });
    assert.equal(backend.state, 'warm');
    const prewarm = fake.requests[0]!;
    assert.equal(prewarm.body.generate, false);
    assert.equal(prewarm.body.instructions, 'Be brief.');
    assert.deepEqual(prewarm.body.input, [{ role: 'user', content: 'The open file is src/a.ts.' }]);
    assert.ok((prewarm.body.tools as Array<{ name: string }>).some((t) => t.name === 'apply_patch'));

    fake.script({ text: 'First answer.' });
    const first = await collect(backend.send({ input: 'hello', instructions: 'Be brief.' }));
    assert.deepEqual(types(first), ['started', 'text.delta', 'completed']);
    const started = first[0]!;
    assert.ok(started.type === 'started' && started.warm && started.transport === 'websocket');
    const turn1 = generating(fake)[0]!;
    assert.equal(typeof turn1.body.previous_response_id, 'string');
    assert.deepEqual(turn1.body.input, [{ role: 'user', content: 'hello' }]);
    assert.equal(turn1.body.instructions, 'Be brief.', 'instructions are resent every turn');

    fake.script({ text: 'Second answer.' });
    const second = await collect(backend.send({ input: 'again', instructions: 'Be brief.' }));
    const end = second.at(-1)!;
    assert.ok(end.type === 'completed');
    assert.equal(end.result.text, 'Second answer.');
    const turn2 = generating(fake)[1]!;
    assert.deepEqual(turn2.body.input, [{ role: 'user', content: 'again' }]);
    assert.equal(turn2.connectionId, turn1.connectionId);
    assert.equal(fake.requests.filter((r) => r.body.generate === false).length, 1, 'one prewarm only');
  } finally {
    await close();
  }
});

test('interrupt closes the busy socket, keeps the partial answer, and the next turn runs warm on the spare', async () => {
  const { fake, backend, close } = await rig({ tokensPerSecond: 400 });
  try {
    await backend.warm();
    fake.script({ text: 'word '.repeat(400) });
    const turn = backend.send({ input: 'write a lot' });
    let deltas = 0;
    turn.on((event) => {
      if (event.type === 'text.delta' && ++deltas === 5) turn.interrupt();
    });
    const result = await turn.result;
    assert.equal(result.status, 'interrupted');
    assert.ok(result.text.length > 0 && result.text.length < 'word '.repeat(400).length, 'partial answer kept');
    const firstConnection = generating(fake)[0]!.connectionId;
    await waitFor(() => backend.state === 'warm', 'the spare prewarmed');

    fake.script({ text: 'Next.' });
    const next = await collect(backend.send({ input: 'and now?' }));
    const started = next[0]!;
    assert.ok(started.type === 'started' && started.warm, 'the spare socket was already open');
    const ended = next.at(-1)!;
    assert.ok(ended.type === 'completed' && ended.result.stats.warm, 'labelled WS warm');
    assert.equal(next.at(-1)!.type, 'completed');
    const req = generating(fake)[1]!;
    assert.notEqual(req.connectionId, firstConnection);
    assert.equal(typeof req.body.previous_response_id, 'string', 'chained on the spare after its prewarm');
    assert.deepEqual(req.body.input, [{ role: 'user', content: 'and now?' }]);
    const spareWarm = fake.requests.find((r) => r.connectionId === req.connectionId && r.body.generate === false)!;
    const carried = spareWarm.body.input as Array<{ role?: string; content?: string }>;
    assert.deepEqual(carried.map((i) => i.role), ['user', 'assistant'], 'the spare was prewarmed with the partial answer');
    assert.equal(carried[1]!.content, result.text);
  } finally {
    await close();
  }
});

test('steer: interrupt, keep the partial, continue with a new instruction chained on it', async () => {
  const { fake, backend, close } = await rig({ tokensPerSecond: 400 });
  try {
    fake.script({ text: 'Let me rewrite the whole module in Rust '.repeat(20) }, { text: 'OK, a minimal fix.' });
    const turn = backend.send({ input: 'fix the bug' });
    await new Promise<void>((resolve) => turn.on((e) => e.type === 'text.delta' && resolve()));
    const steered = backend.steer(turn, 'No — just fix the off-by-one.');
    const partial = await turn.result;
    assert.equal(partial.status, 'interrupted');
    const end = (await collect(steered)).at(-1)!;
    assert.ok(end.type === 'completed' && end.result.text === 'OK, a minimal fix.');
    const history = backend.history.map((item) => ('role' in item && 'content' in item ? `${item.role}:${String(item.content)}` : 'other'));
    assert.deepEqual(history.slice(0, 3), ['user:fix the bug', `assistant:${partial.text}`, 'user:No — just fix the off-by-one.']);
  } finally {
    await close();
  }
});

test('rolls over to a fresh socket while idle before the connection limit', async () => {
  const { fake, backend, close } = await rig({}, { rolloverMs: 150 });
  try {
    await backend.warm();
    const firstConnection = fake.requests[0]!.connectionId;
    await waitFor(() => fake.requests.some((r) => r.body.generate === false && r.connectionId !== firstConnection), 'prewarm on the new socket');
    fake.script({ text: 'fresh' });
    const end = (await collect(backend.send({ input: 'hi' }))).at(-1)!;
    assert.equal(end.type, 'completed');
    const req = generating(fake)[0]!;
    assert.notEqual(req.connectionId, firstConnection);
    assert.equal(typeof req.body.previous_response_id, 'string');
  } finally {
    await close();
  }
});

test('closes after the idle time when the window is not focused, and warms again on intent', async () => {
  const { backend, close } = await rig({}, { idleCloseMs: 50 });
  try {
    const states: string[] = [];
    backend.stateChanged.on((s) => states.push(s));
    backend.setFocused(false);
    await backend.warm();
    await waitFor(() => backend.state === 'cold', 'idle close');
    await backend.warm();
    assert.equal(backend.state, 'warm');
    const settled = states.filter((s, i) => s !== 'warming' && s !== states.filter((x) => x !== 'warming')[i - 1]);
    assert.deepEqual(settled.filter((s, i) => s !== settled[i - 1]), ['warm', 'cold', 'warm']);
  } finally {
    await close();
  }
});

test('a network blip while idle reconnects with backoff and the next turn still works', async () => {
  const { fake, backend, close } = await rig();
  try {
    await backend.warm();
    fake.script({ text: 'one' });
    await backend.send({ input: 'first' }).result;
    fake.dropConnections();
    const before = fake.requests.length;
    await waitFor(() => fake.requests.slice(before).some((r) => r.body.generate === false) && backend.state === 'warm', 'reconnect and prewarm');
    fake.script({ text: 'two' });
    const result = await backend.send({ input: 'second' }).result;
    assert.equal(result.status, 'completed');
    assert.equal(result.text, 'two');
    // The chain did not survive the reconnect: the new connection got the whole conversation again.
    const last = generating(fake).at(-1)!;
    const sent = fake.requests.filter((r) => r.connectionId === last.connectionId).flatMap((r) => r.body.input as Array<{ role: string }>);
    assert.deepEqual(sent.map((i) => i.role), ['user', 'assistant', 'user']);
  } finally {
    await close();
  }
});
