// Tool calls: streamed as patch deltas, and their outputs carried into the next turn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PENDING_TOOL_OUTPUT } from '../../../src/backend/conversation';
import { JsonStringFieldDecoder } from '../../../src/backend/turn';
import { TWO_FILE_PATCH } from '../../fake-backend/server';
import { collect, generating, rig } from './helpers';

test('an apply_patch custom tool call touching two files streams as patch deltas and ends as a tool-call item', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ toolCalls: [{ input: TWO_FILE_PATCH, callId: 'call_a' }] });
    const events = await collect(backend.send({ input: 'rename' }));
    const deltas = events.filter((e) => e.type === 'patch.delta');
    assert.ok(deltas.length > 10, 'streamed in pieces');
    assert.equal(deltas.map((e) => (e.type === 'patch.delta' ? e.delta : '')).join(''), TWO_FILE_PATCH);
    const call = events.find((e) => e.type === 'tool-call');
    assert.ok(call?.type === 'tool-call');
    assert.deepEqual(call.call, { kind: 'custom', callId: 'call_a', name: 'apply_patch', input: TWO_FILE_PATCH });
    assert.deepEqual(backend.pendingToolCalls.map((c) => c.callId), ['call_a']);
  } finally {
    await close();
  }
});

test('the next turn carries custom_tool_call_output (chained), and pending calls are answered as pending', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ toolCalls: [{ input: TWO_FILE_PATCH, callId: 'call_a' }] });
    await backend.send({ input: 'rename' }).result;
    await backend.send({ input: 'thanks', toolOutputs: [{ callId: 'call_a', output: 'Accepted: 2 of 2 hunks applied.' }] }).result;
    const second = generating(fake)[1]!;
    assert.equal(typeof second.body.previous_response_id, 'string');
    assert.deepEqual(second.body.input, [
      { type: 'custom_tool_call_output', call_id: 'call_a', output: 'Accepted: 2 of 2 hunks applied.' },
      { role: 'user', content: 'thanks' },
    ]);
    assert.equal(backend.pendingToolCalls.length, 0);

    fake.script({ toolCalls: [{ kind: 'function', name: 'apply_patch', input: JSON.stringify({ input: TWO_FILE_PATCH }), callId: 'call_f' }] });
    await backend.send({ input: 'again' }).result;
    await backend.send({ input: 'never mind' }).result; // the user has not reviewed call_f yet
    const fourth = generating(fake)[3]!;
    assert.deepEqual(fourth.body.input, [
      { type: 'function_call_output', call_id: 'call_f', output: PENDING_TOOL_OUTPUT },
      { role: 'user', content: 'never mind' },
    ]);
  } finally {
    await close();
  }
});

test('a function-tool apply_patch streams its decoded input as patch deltas', async () => {
  const { fake, backend, close } = await rig();
  try {
    fake.script({ toolCalls: [{ kind: 'function', name: 'apply_patch', input: JSON.stringify({ input: TWO_FILE_PATCH }) }] });
    const events = await collect(backend.send({ input: 'rename' }));
    assert.equal(events.map((e) => (e.type === 'patch.delta' ? e.delta : '')).join(''), TWO_FILE_PATCH);
  } finally {
    await close();
  }
});

test('JsonStringFieldDecoder decodes escapes split across fragments', () => {
  const json = JSON.stringify({ other: 1, input: 'a "quoted"\nline\\ \u00e9\u{1F600} end' }) + ' trailing';
  for (const size of [1, 2, 3, 7]) {
    const decoder = new JsonStringFieldDecoder('input');
    let out = '';
    for (let i = 0; i < json.length; i += size) out += decoder.push(json.slice(i, i + size));
    assert.equal(out, 'a "quoted"\nline\\ \u00e9\u{1F600} end', `fragment size ${size}`);
  }
  const escaped = new JsonStringFieldDecoder('input');
  assert.equal(escaped.push('{"input":"\\u00e9\\ud83d\\ude00"}'), '\u00e9\u{1F600}');
});

test('JsonStringFieldDecoder finds the field after other fields, strings that look like it, arrays and objects', () => {
  const value = '*** Begin Patch\n*** Add File: a "b".txt\n+x\\y\n*** End Patch\n';
  const cases = [
    { note: 'the "input": "no" is text', input: value },
    { list: [{ a: '"input":"x"' }, ',', '{'], path: 'input', input: value },
    { 'in\\put': 'x', inputs: 'y', put: 'z', input: value, after: 'input' },
  ];
  for (const args of cases) {
    const json = JSON.stringify(args);
    for (const size of [1, 5, 16, json.length]) {
      const decoder = new JsonStringFieldDecoder('input');
      let out = '';
      for (let i = 0; i < json.length; i += size) out += decoder.push(json.slice(i, i + size));
      assert.equal(out, value, `${json} in fragments of ${size}`);
    }
  }
  const spaced = new JsonStringFieldDecoder('input');
  assert.equal(spaced.push('{ "input" \n :\t "a\\nb" }'), 'a\nb');
  const notString = new JsonStringFieldDecoder('input');
  assert.equal(notString.push('{"input": 5, "x": {"input": "nested"}}'), 'nested');
});

test('JsonStringFieldDecoder streams megabyte arguments whose field comes after a long note', () => {
  const patch = '*** Begin Patch\n' + '+\tline "quoted" \\ é\n'.repeat(50_000) + '*** End Patch\n';
  const json = JSON.stringify({ note: 'why: '.repeat(40_000), input: patch });
  const decoder = new JsonStringFieldDecoder('input');
  const out: string[] = [];
  for (let i = 0; i < json.length; i += 16) out.push(decoder.push(json.slice(i, i + 16)));
  assert.equal(out.join(''), patch);
});
