// A server with a small context window: the turn that no longer fits fails with its own error kind,
// on every transport, and nothing of it is committed (the prompt can be sent again after compacting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError, ERROR_ACTION_LABELS, ERROR_ACTIONS } from '../../../src/backend/errors';
import { parseWebviewMessage } from '../../../src/protocol';
import { collect, rig } from './helpers';

test('context_length_exceeded (and a 400 that names the context window) is kind context-window-exceeded', () => {
  const coded = classifyError({ status: 400, code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' });
  assert.equal(coded.kind, 'context-window-exceeded');
  assert.match(coded.message, /context window/);
  assert.equal(classifyError({ status: 400, message: "This model's maximum context length is 8192 tokens." }).kind, 'context-window-exceeded');
  assert.equal(classifyError({ status: 400, message: 'Bad field.' }).kind, 'bad-request');
});

test('the refused turn offers a new conversation and compact-and-retry; the webview asks for them in checked messages', () => {
  assert.deepEqual((ERROR_ACTIONS['context-window-exceeded'] ?? []).map((a) => ERROR_ACTION_LABELS[a]), ['New Conversation', 'Compact and Retry']);
  assert.deepEqual(parseWebviewMessage({ type: 'compact', retry: 'again please' }), { type: 'compact', retry: 'again please' });
  assert.deepEqual(parseWebviewMessage({ type: 'compact' }), { type: 'compact' });
  assert.equal(parseWebviewMessage({ type: 'compact', retry: 42 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'compact', retry: '   ' }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'runAction', command: 'newConversation' }), { type: 'runAction', command: 'newConversation' });
});

for (const transport of ['websocket', 'responses-http', 'chat-completions'] as const) {
  test(`${transport}: an overflowing turn fails as context-window-exceeded and commits nothing`, async () => {
    const caps = { websocket: transport === 'websocket', responses: transport !== 'chat-completions', chat: true, editTool: 'function' as const };
    const { fake, backend, close } = await rig({ contextWindowTokens: 400 }, { capabilities: caps });
    try {
      fake.when('small', { text: 'ok' });
      const first = await collect(backend.send({ input: 'small question' }));
      assert.equal(first.at(-1)?.type, 'completed');
      const before = backend.history.length;
      const end = (await collect(backend.send({ input: `big ${'x'.repeat(4000)}` }))).at(-1)!;
      assert.ok(end.type === 'failed' && end.error.kind === 'context-window-exceeded', JSON.stringify(end.type === 'failed' ? end.error : end.type));
      assert.equal(backend.history.length, before, 'the refused turn is not in the history');
    } finally {
      await close();
    }
  });
}
