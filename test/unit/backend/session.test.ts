import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, generating, rig, types } from './helpers';

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
