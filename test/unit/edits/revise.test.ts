// The editable review diff's engine: the user's edit of the proposal becomes the pending hunks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  acceptAll,
  acceptHunk,
  addChange,
  CHANGED_ON_DISK,
  createProposal,
  EDITED_INSIDE,
  isEdited,
  rebase,
  rejectHunk,
  REMOVED_IN_REVIEW,
  restale,
  reviseProposal,
  type LineHunk,
  type Proposal,
} from '../../../src/edits/hunks';
import { applyTextEdit } from '../../../src/edits/lines';
import type { Change } from '../../../src/edits/types';

const change = (oldLines: string[], newLines: string[]): Change => ({ context: [], oldLines, newLines, atEndOfFile: false });
const lines = (p: Proposal) => p.hunks.filter((h): h is LineHunk => h.kind === 'lines');
const brief = (p: Proposal) => lines(p).map((h) => [h.id, h.status, h.startLine, [...h.oldLines], [...h.newLines], isEdited(h)]);
const text = (...ls: string[]) => ls.map((l) => `${l}\n`).join('');

/** What the review diff's right side shows: the document with every pending hunk applied. */
function proposed(p: Proposal, doc: string): string {
  const { edit } = acceptAll(p, doc);
  return edit === undefined ? doc : applyTextEdit(doc, edit);
}

const DOC = text('one', 'two', 'three', 'four', 'five', 'six', 'seven');
/** h1: two → TWO; h2: six → SIX, extra. */
const base = () => addChange(addChange(createProposal('f.txt', DOC, 1), change(['two'], ['TWO'])), change(['six'], ['SIX', 'extra']));

describe('reviseProposal (the editable review diff)', () => {
  test('the proposal as it is changes nothing (the same object: nothing to sync)', () => {
    const p = base();
    const r = reviseProposal(p, DOC, proposed(p, DOC));
    assert.equal(r.proposal, p);
    assert.deepEqual([r.removed, r.revived], [[], []]);
  });

  test('editing a proposed line keeps the hunk id, reads as edited, and accepting lands the edited text', () => {
    const p = base();
    const edited = proposed(p, DOC).replace('TWO\n', 'Two (fixed)\n');
    const { proposal } = reviseProposal(p, DOC, edited);
    assert.deepEqual(brief(proposal), [
      ['h1', 'pending', 1, ['two'], ['Two (fixed)'], true],
      ['h2', 'pending', 5, ['six'], ['SIX', 'extra'], false],
    ]);
    assert.equal(lines(proposal)[1], lines(p)[1], 'the untouched hunk is the same object (the card is not re-sent)');
    assert.deepEqual(lines(proposal)[0]!.proposed, { oldLines: ['two'], newLines: ['TWO'] }, 'what the model proposed is remembered');
    const accepted = acceptHunk(proposal, 'h1', DOC);
    assert.equal(applyTextEdit(DOC, accepted.edit!), DOC.replace('two\n', 'Two (fixed)\n'));
    assert.equal(isEdited(accepted.proposal.hunks.find((h) => h.id === 'h1')!), true, 'an accepted edited hunk stays marked');
  });

  test('a change the user adds elsewhere is a new hunk of its own, edited; accept all lands exactly the edited text', () => {
    const p = base();
    const edited = proposed(p, DOC).replace('four\n', 'four\n// note\n');
    const { proposal } = reviseProposal(p, DOC, edited);
    assert.deepEqual(brief(proposal), [
      ['h1', 'pending', 1, ['two'], ['TWO'], false],
      ['h3', 'pending', 4, [], ['// note'], true],
      ['h2', 'pending', 5, ['six'], ['SIX', 'extra'], false],
    ]);
    const all = acceptAll(proposal, DOC);
    assert.equal(applyTextEdit(DOC, all.edit!), edited);
  });

  test('undo back to the model\'s lines makes the hunk plain again', () => {
    const p = base();
    const once = reviseProposal(p, DOC, proposed(p, DOC).replace('TWO\n', 'TWO!\n')).proposal;
    const back = reviseProposal(once, DOC, proposed(p, DOC)).proposal;
    assert.deepEqual(brief(back), brief(p));
    assert.equal(lines(back).some(isEdited), false);
  });

  test('an edit that makes the proposal equal to the file leaves no pending hunk; undoing it revives the same hunks', () => {
    const p = base();
    const cleared = reviseProposal(p, DOC, DOC);
    assert.deepEqual(cleared.removed, ['h1', 'h2']);
    assert.deepEqual(
      lines(cleared.proposal).map((h) => [h.id, h.status, h.reason]),
      [
        ['h1', 'rejected', REMOVED_IN_REVIEW],
        ['h2', 'rejected', REMOVED_IN_REVIEW],
      ],
    );
    assert.equal(acceptAll(cleared.proposal, DOC).edit, undefined, 'nothing left to write');
    const undone = reviseProposal(cleared.proposal, DOC, proposed(p, DOC));
    assert.deepEqual(undone.revived, ['h1', 'h2']);
    assert.deepEqual(brief(undone.proposal), brief(p));
  });

  test('a hunk the user rejected in the card is not brought back by an edit nearby', () => {
    const p = rejectHunk(base(), 'h1');
    const { proposal } = reviseProposal(p, DOC, proposed(p, DOC).replace('two\n', 'two?\n'));
    assert.deepEqual(brief(proposal)[0], ['h1', 'rejected', 1, ['two'], ['TWO'], false]);
    assert.deepEqual(brief(proposal)[1], ['h3', 'pending', 1, ['two'], ['two?'], true]);
  });

  test('accepted and stale hunks stay as they are; positions follow the current document', () => {
    const p = base();
    const first = acceptHunk(p, 'h2', DOC);
    const doc1 = applyTextEdit(DOC, first.edit!);
    // The user edits line 3 of the file itself, inside nothing: then the proposal's first line.
    const stale = rebase(first.proposal, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, rangeOffset: 4, rangeLength: 3, text: 'deux' }], 2);
    const doc2 = doc1.replace('two', 'deux');
    assert.equal(lines(stale).find((h) => h.id === 'h1')!.status, 'stale');
    const edited = proposed(stale, doc2).replace('seven\n', 'seven\neight\n');
    const { proposal } = reviseProposal(stale, doc2, edited);
    assert.deepEqual(brief(proposal), [
      ['h1', 'stale', 1, ['two'], ['TWO'], false],
      ['h2', 'accepted', 5, ['six'], ['SIX', 'extra'], false],
      ['h3', 'pending', 8, [], ['eight'], true],
    ]);
    assert.equal(applyTextEdit(doc2, acceptAll(proposal, doc2).edit!), edited);
  });

  test('a hunk made stale keeps the user\'s edited lines; restale says the change came from the disk', () => {
    const p = reviseProposal(base(), DOC, proposed(base(), DOC).replace('TWO\n', 'TWO, mine\n')).proposal;
    const reloaded = rebase(p, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, rangeOffset: 4, rangeLength: 3, text: 'TOO' }], 2);
    const h1 = lines(reloaded)[0]!;
    assert.deepEqual([h1.status, h1.reason, h1.newLines], ['stale', EDITED_INSIDE, ['TWO, mine']]);
    assert.equal(lines(reloaded)[1]!.status, 'pending');
    const fromDisk = restale(reloaded, new Set(['h1', 'h2']), CHANGED_ON_DISK);
    assert.deepEqual(lines(fromDisk).map((h) => [h.id, h.status, h.reason]), [['h1', 'stale', CHANGED_ON_DISK], ['h2', 'pending', undefined]]);
    assert.equal(restale(fromDisk, new Set(['h1']), CHANGED_ON_DISK), fromDisk, 'nothing to change: the same proposal');
  });

  test('a line-terminator difference alone is no edit (an editor may give the text CRLF)', () => {
    const p = base();
    assert.equal(reviseProposal(p, DOC, proposed(p, DOC).replace(/\n/g, '\r\n')).proposal, p);
  });

  test('a proposal with a whole-file error is never revised', () => {
    const p = { ...base(), error: 'cannot update f.txt' };
    assert.equal(reviseProposal(p, DOC, 'anything\n').proposal, p);
  });

  test('property: whatever the user types, accepting every pending hunk lands exactly the edited text', () => {
    const line = fc.constantFrom('one', 'two', 'TWO', 'x', '', '  indented', 'six', 'SIX');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(fc.tuple(fc.nat(12), fc.nat(3), fc.array(line, { maxLength: 3 })), { maxLength: 4 }), (seed, edits) => {
        const p = base();
        let edited = proposed(p, DOC).split('\n').slice(0, -1);
        for (const [at, del, ins] of edits) edited.splice(Math.min(at, edited.length), del, ...ins);
        edited = edited.concat(seed.slice(0, 1));
        const target = edited.map((l) => `${l}\n`).join('');
        const { proposal } = reviseProposal(p, DOC, target);
        assert.equal(proposed(proposal, DOC), target);
        const ids = proposal.hunks.map((h) => h.id);
        assert.equal(new Set(ids).size, ids.length, 'ids stay unique');
      }),
      { numRuns: 300 },
    );
  });
});
