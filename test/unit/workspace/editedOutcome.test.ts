// What the model and the card are told of a hunk the user edited in the review diff.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptAll, acceptHunk, addChange, createProposal, reviseProposal, type Proposal } from '../../../src/edits/hunks';
import { applyTextEdit } from '../../../src/edits/lines';
import { EDITED_NOTE, hunkView, outcomeLine } from '../../../src/workspace/hunkViews';
import { OutcomeLedger } from '../../../src/workspace/outcomes';

const DOC = ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => `${l}\n`).join('');
const change = (oldLines: string[], newLines: string[]) => ({ context: [], oldLines, newLines, atEndOfFile: false });
const proposed = (p: Proposal, doc: string) => {
  const { edit } = acceptAll(p, doc);
  return edit === undefined ? doc : applyTextEdit(doc, edit);
};
/** h1: b → B; h2: e → E. */
const base = () => addChange(addChange(createProposal('src/x.ts', DOC, 1), change(['b'], ['B'])), change(['e'], ['E']));

test('an edited hunk accepted is reported apart, with the lines that landed and where', () => {
  const p = base();
  const edited = reviseProposal(p, DOC, proposed(p, DOC).replace('E\n', 'E1\nE2\n')).proposal;
  const one = acceptHunk(edited, 'h1', DOC);
  const doc1 = applyTextEdit(DOC, one.edit!);
  const both = acceptHunk(one.proposal, 'h2', doc1).proposal;
  assert.equal(
    outcomeLine('src/x.ts', both, undefined),
    ["src/x.ts: accepted h1; accepted with the user's changes h2", '  h2 landed as the user wrote it, lines 5–6 of the file now:', '    E1', '    E2'].join('\n'),
  );
});

test('a change the edit took out is reported as rejected, with why', () => {
  const p = base();
  const cleared = reviseProposal(p, DOC, proposed(p, DOC).replace('E\n', 'e\n')).proposal;
  assert.equal(outcomeLine('src/x.ts', cleared, undefined), 'src/x.ts: rejected h2 (the user removed this change in the review diff); still pending (not reviewed yet) h1');
});

test('the card notes an edited hunk; a plain one has no note', () => {
  const p = base();
  const edited = reviseProposal(p, DOC, proposed(p, DOC).replace('B\n', 'Bee\n')).proposal;
  const [h1, h2] = edited.hunks;
  assert.deepEqual(hunkView(h1!), { id: 'h1', status: 'pending', reason: EDITED_NOTE, line: 2, removed: ['b'], added: ['Bee'] });
  assert.equal(hunkView(h2!).reason, undefined);
});

test('the next turn\'s note tells the model an edited hunk landed, with its text', () => {
  let proposal = base();
  const ledger = new OutcomeLedger();
  ledger.record({ callId: 'c1', turnId: 't1', inText: false, files: () => [{ path: 'src/x.ts', proposal, error: undefined }], errors: () => [] });
  assert.match(ledger.take(['c1']).outputs[0]!.output, /still pending \(not reviewed yet\) h1, h2/);
  proposal = reviseProposal(proposal, DOC, proposed(proposal, DOC).replace('B\n', 'Bee\n')).proposal;
  proposal = acceptHunk(proposal, 'h1', DOC).proposal;
  const { note } = ledger.take([]);
  assert.match(note!, /- src\/x\.ts: accepted with the user's changes h1\n {2}h1 landed as the user wrote it, line 2 of the file now:\n {4}Bee/);
});
