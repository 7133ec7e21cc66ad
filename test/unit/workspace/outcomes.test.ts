// The outcome ledger: what the model is told of each call's hunks, once; and what it would be told,
// peeked without telling (saved with a conversation for after a reload).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProposal, type Hunk, type Proposal } from '../../../src/edits/hunks';
import { OutcomeLedger, type CallFile } from '../../../src/workspace/outcomes';

function file(path: string, statuses: Hunk['status'][]): CallFile & { proposal: Proposal } {
  const hunks = statuses.map((status, i): Hunk => ({ kind: 'lines', id: `h${i + 1}`, status, startLine: i, oldLines: ['a'], newLines: ['b'] }));
  return { path, proposal: { ...createProposal(path, 'a\n', 1), hunks }, error: undefined };
}

test('peek says what take would, tells nothing, and take still tells it once', () => {
  const ledger = new OutcomeLedger();
  const money = file('src/money.ts', ['accepted', 'pending']);
  ledger.record({ callId: 'c1', turnId: 't1', inText: false, files: () => [money], errors: () => [] });
  const peeked = ledger.peek(['c1', 'unknown']);
  assert.deepEqual(peeked, { c1: 'src/money.ts: accepted h1; still pending (not reviewed yet) h2' });
  assert.deepEqual(ledger.peek(['c1']), peeked, 'peeking twice changes nothing');
  assert.deepEqual(ledger.take(['c1']), { outputs: [{ callId: 'c1', output: peeked.c1 }] });
  assert.deepEqual(ledger.peek(['c1']), {}, 'a call already answered has nothing to save');
});
