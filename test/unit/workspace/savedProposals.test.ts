// What a reload keeps of a card's proposal: with the card's own hunk views it gives back the
// engine's hunks exactly, and the lines kept around pending hunks stay within their budget.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hunk } from '../../../src/edits/hunks';
import type { FileCardView } from '../../../src/protocol';
import { hunkView } from '../../../src/workspace/hunkViews';
import { OutcomeLedger } from '../../../src/workspace/outcomes';
import { hunksOf, MAX_PLACE_CHARS, placesOf, saveProposal, textDigest } from '../../../src/workspace/savedProposals';

const DOC = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);

test('the card views and the saved kinds give back every kind of hunk as it was (JSON round trip)', () => {
  const hunks: Hunk[] = [
    // edited in the review diff: the model had proposed other lines
    { kind: 'lines', id: 'h1', status: 'pending', startLine: 3, oldLines: ['line 4'], newLines: ['LINE 4', 'more'], proposed: { oldLines: ['line 4'], newLines: ['Line 4'] } },
    { kind: 'lines', id: 'h2', status: 'stale', reason: 'the document was edited inside this hunk', startLine: 9, oldLines: ['line 10'], newLines: [] },
    { kind: 'lines', id: 'h3', status: 'accepted', startLine: 12, oldLines: [], newLines: ['inserted'] },
    { kind: 'move', id: 'move', status: 'pending', path: 'src/a.ts', moveTo: 'src/b.ts' },
  ];
  const card: FileCardView = { id: 't1:src/a.ts', turnId: 't1', path: 'src/a.ts', op: 'move', moveTo: 'src/b.ts', hunks: hunks.map(hunkView) };
  const saved = JSON.parse(JSON.stringify(saveProposal(card.id, '\n', hunks, DOC, textDigest(DOC.join('\n')), { chars: MAX_PLACE_CHARS })));
  assert.deepEqual(hunksOf(JSON.parse(JSON.stringify(card)), saved), hunks);
  assert.deepEqual(placesOf(saved).get('h1'), { before: ['line 1', 'line 2', 'line 3'], after: ['line 5', 'line 6', 'line 7'] });
  assert.deepEqual([...placesOf(saved).keys()], ['h1'], 'only pending line hunks need their surroundings');

  const added: Hunk[] = [{ kind: 'add', id: 'h1', status: 'pending', path: 'new.ts', text: 'one\ntwo\n' }];
  const addCard: FileCardView = { id: 't1:new.ts', turnId: 't1', path: 'new.ts', op: 'add', hunks: added.map(hunkView) };
  assert.deepEqual(hunksOf(addCard, saveProposal(addCard.id, '\n', added, [], textDigest(''), { chars: 0 })), added);
  const deleted: Hunk[] = [{ kind: 'delete', id: 'h1', status: 'pending', path: 'old.ts' }];
  const deleteCard: FileCardView = { id: 't1:old.ts', turnId: 't1', path: 'old.ts', op: 'delete', hunks: deleted.map(hunkView) };
  assert.deepEqual(hunksOf(deleteCard, saveProposal(deleteCard.id, '\n', deleted, [], textDigest(''), { chars: 0 })), deleted);
});

test('a card that does not match its record gives nothing back; the surroundings kept are bounded', () => {
  const hunks: Hunk[] = [{ kind: 'lines', id: 'h1', status: 'pending', startLine: 3, oldLines: ['line 4'], newLines: ['x'] }];
  const card: FileCardView = { id: 'f', turnId: 't', path: 'a.ts', op: 'update', hunks: [...hunks.map(hunkView), { id: 'h9', status: 'pending', line: 1, removed: [], added: ['?'] }] };
  assert.equal(hunksOf(card, saveProposal('f', '\n', hunks, DOC, 'd', { chars: MAX_PLACE_CHARS })), undefined);

  const long = Array.from({ length: 10 }, () => 'x'.repeat(10_000));
  const many: Hunk[] = Array.from({ length: 5 }, (_, i) => ({ kind: 'lines', id: `h${i}`, status: 'pending', startLine: i * 2, oldLines: [long[0]!], newLines: ['y'] }));
  const budget = { chars: MAX_PLACE_CHARS };
  const saved = saveProposal('f', '\n', many, long, 'd', budget);
  const kept = saved.hunks.filter((h) => h.place !== undefined).length;
  assert.ok(kept >= 1 && kept < many.length, `some hunks keep their surroundings, not all (${kept})`);
  assert.ok(JSON.stringify(saved).length < MAX_PLACE_CHARS + 2_000, 'the record stays within its budget');
  assert.ok(budget.chars >= 0);
});

test('the outcome ledger: a card brought back counts as told; forgetting its turns drops its calls', () => {
  const ledger = new OutcomeLedger();
  const file = { path: 'a.ts', error: undefined, proposal: { hunks: [{ kind: 'lines', id: 'h1', status: 'stale', reason: 'r', startLine: 0, oldLines: [], newLines: [] }] } as never };
  ledger.record({ callId: 'restored:f', turnId: 't1', inText: true, files: () => [file], errors: () => [] }, { told: true });
  ledger.record({ callId: 'c2', turnId: 't2', inText: false, files: () => [], errors: () => [] });
  assert.deepEqual(ledger.take([]), { outputs: [] }, 'nothing new to say of the card brought back');
  assert.equal(ledger.size, 2);
  ledger.forget(new Set(['t1', 't2']));
  assert.equal(ledger.size, 0);
});

test("the outcome ledger tells a conversation only of its own calls; another's wait for it", () => {
  const ledger = new OutcomeLedger();
  const hunks = [{ kind: 'lines', id: 'h1', status: 'pending', startLine: 0, oldLines: [], newLines: [] }];
  const file = { path: 'a.ts', error: undefined, proposal: { hunks } as never };
  ledger.record({ callId: 'in-a', turnId: 'a1', inText: true, files: () => [file], errors: () => [] });
  hunks[0]!.status = 'accepted';
  assert.deepEqual(ledger.take([], new Set(['b1'])), { outputs: [] }, 'conversation b hears nothing of a');
  assert.match(ledger.take([], new Set(['a1'])).note ?? '', /a\.ts: accepted h1/);
});
