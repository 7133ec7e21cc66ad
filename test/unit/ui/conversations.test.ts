// Conversations kept per workspace (the archive over a Memento) and continued with their whole input.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type * as vscode from 'vscode';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { Backend, PENDING_TOOL_OUTPUT } from '../../../src/backend';
import { unansweredCalls, withOutputs } from '../../../src/backend/conversation';
import { ConversationArchive, titleFrom, type SavedConversation } from '../../../src/ui/conversations';
import { type FakeBackend, startFakeBackend } from '../../fake-backend/server';

/** VS Code's Memento contract, in memory (values go through JSON like the real storage). */
class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, string>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? fallback : (JSON.parse(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }
}

function conversation(id: string, prompt: string, updatedAt: number): SavedConversation {
  return {
    id,
    title: titleFrom(prompt),
    createdAt: updatedAt,
    updatedAt,
    model: 'gpt-test',
    turns: [{ id: `${id}-t1`, prompt, origin: 'composer', model: 'gpt-test', status: 'completed', text: 'answer', notices: [] }],
    files: [],
    input: [{ role: 'user', content: prompt }, { role: 'assistant', content: 'answer' }],
  };
}

test('the archive lists conversations newest first, and renames and deletes them; a fresh archive on the same storage sees the same', async () => {
  const storage = new MemoryMemento();
  const archive = new ConversationArchive(storage);
  await archive.save(conversation('a', 'Fix the cart total\nand more details', 1));
  await archive.save(conversation('b', 'Explain money.ts', 2));
  await archive.save({ ...conversation('empty', 'x', 3), turns: [] });
  assert.deepEqual(archive.list().map((c) => [c.id, c.title]), [['b', 'Explain money.ts'], ['a', 'Fix the cart total']]);
  await archive.rename('a', 'Cart');
  await archive.delete('b');
  const reloaded = new ConversationArchive(storage);
  assert.deepEqual(reloaded.list().map((c) => [c.id, c.title, c.model]), [['a', 'Cart', 'gpt-test']]);
  assert.deepEqual(reloaded.get('a')!.input, [{ role: 'user', content: 'Fix the cart total\nand more details' }, { role: 'assistant', content: 'answer' }]);
  assert.equal(reloaded.get('b'), undefined);
});

test('saves made at the same time all land in the history; a conversation leaving it is handed over with its cards', async () => {
  const dropped: string[] = [];
  const archive = new ConversationArchive(new MemoryMemento(), (c) => dropped.push(`${c.id}:${c.turns.length}`));
  await Promise.all([archive.save(conversation('a', 'first', 1)), archive.save(conversation('b', 'second', 2)), archive.save({ ...conversation('c', 'third', 3), proposals: [] })]);
  assert.deepEqual(archive.list().map((c) => c.id), ['c', 'b', 'a']);
  assert.equal('proposals' in archive.list()[0]!, false, 'the index holds summaries only');
  await archive.delete('b');
  assert.deepEqual(dropped, ['b:1']);
  for (let i = 0; i < 50; i++) await archive.save(conversation(`n${i}`, `prompt ${i}`, 10 + i));
  assert.deepEqual(dropped, ['b:1', 'a:1', 'c:1'], 'the oldest beyond the limit are handed over too');
  assert.equal(archive.list().length, 50);
});

test('a long first prompt makes a short title', () => {
  const title = titleFrom(`${'word '.repeat(40)}\nsecond line`);
  assert.ok(title.length <= 60 && title.endsWith('…'));
});

let fake: FakeBackend;
before(async () => {
  fake = await startFakeBackend({ ttftMs: 1 });
});
after(() => fake.close());

test('continuing a saved conversation resends its whole input, with no previous_response_id, and answers its open tool call', async () => {
  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: 'k' });
  try {
    backend.resume([
      { role: 'user', content: 'rename sum' },
      { type: 'custom_tool_call', call_id: 'call_old', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n' },
    ]);
    fake.when('continue it', { text: 'Continuing.' });
    const turn = backend.send({ input: 'continue it', toolOutputs: [{ callId: 'call_old', output: 'accepted h1' }] });
    assert.equal((await turn.result).text, 'Continuing.');
    const request = fake.requests.filter((r) => r.body.generate !== false).at(-1)!;
    assert.equal(request.body.previous_response_id, undefined);
    const input = JSON.stringify(request.body.input);
    assert.ok(input.includes('rename sum') && input.includes('call_old') && input.includes('continue it'), input);
    assert.ok(input.includes('"type":"custom_tool_call_output","call_id":"call_old","output":"accepted h1"'), input);
  } finally {
    backend.dispose();
  }
});

test('after a reload, a continued conversation answers its open call with the outcome saved with it, not "not applied yet"', async () => {
  const saved: ResponseInputItem[] = [
    { role: 'user', content: 'rename sum' },
    { type: 'custom_tool_call', call_id: 'call_done', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n' },
    { type: 'custom_tool_call_output', call_id: 'call_done', output: 'src/a.ts: accepted h1' },
    { role: 'user', content: 'and the docs' },
    { type: 'custom_tool_call', call_id: 'call_open', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n' },
    { type: 'function_call', call_id: 'call_fn', name: 'other', arguments: '{}' },
  ];
  assert.deepEqual(unansweredCalls(saved).map((c) => c.callId), ['call_open', 'call_fn']);
  const input = withOutputs(saved, { call_open: 'src/money.ts: accepted h1', call_done: 'never used' });
  assert.deepEqual(input.slice(saved.length), [{ type: 'custom_tool_call_output', call_id: 'call_open', output: 'src/money.ts: accepted h1' }], 'only the open call with a saved outcome is answered');

  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: 'k' });
  try {
    backend.resume(input);
    fake.when('after the reload', { text: 'Continuing.' });
    assert.equal((await backend.send({ input: 'after the reload' }).result).text, 'Continuing.');
    const sent = JSON.stringify(fake.requests.filter((r) => r.body.generate !== false).at(-1)!.body.input);
    assert.ok(sent.includes('"call_id":"call_open","output":"src/money.ts: accepted h1"'), sent);
    assert.equal(sent.split('"call_id":"call_open","output"').length, 2, 'answered once');
    assert.ok(sent.includes(`"call_id":"call_fn","output":"${PENDING_TOOL_OUTPUT}"`), 'a call with no saved outcome is still answered, as pending');
  } finally {
    backend.dispose();
  }
});
