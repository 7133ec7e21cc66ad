import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../../src/protocol';

test('a turn action from the webview is taken only with a turn id and a known action', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'turnAction', turnId: 't1', action: 'restore', extra: 'dropped' }), { type: 'turnAction', turnId: 't1', action: 'restore' });
  for (const action of ['revertConversation', 'fixFailure', 'runCheck']) {
    assert.equal(parseWebviewMessage({ type: 'turnAction', turnId: 't1', action })?.type, 'turnAction');
  }
  assert.equal(parseWebviewMessage({ type: 'turnAction', turnId: 't1', action: 'rm -rf' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'turnAction', action: 'restore' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'turnAction', turnId: 'x'.repeat(500), action: 'restore' }), undefined);
});
