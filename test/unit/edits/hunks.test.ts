import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  acceptAll,
  acceptHunk,
  addChange,
  createProposal,
  patchedText,
  proposeFileEdit,
  rebase,
  rejectAll,
  rejectHunk,
  sealChanges,
  type DocumentChange,
  type LineHunk,
  type Proposal,
} from '../../../src/edits/hunks';
import { applyTextEdit, replaceLines } from '../../../src/edits/lines';
import type { Change } from '../../../src/edits/types';

const change = (oldLines: string[], newLines: string[], context: string[] = []): Change => ({ context, oldLines, newLines, atEndOfFile: false });
const lineHunks = (p: Proposal) => p.hunks.filter((h): h is LineHunk => h.kind === 'lines');

function accept(p: Proposal, id: string, text: string): [Proposal, string] {
  const result = acceptHunk(p, id, text);
  assert.equal(result.error, undefined);
  assert.ok(result.edit);
  return [result.proposal, applyTextEdit(text, result.edit)];
}

/** The change event VS Code would report for inserting `text` at a position. */
function insertAt(doc: string, line: number, character: number, text: string): [DocumentChange, string] {
  const lines = doc.split('\n');
  const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
  const pos = { line, character };
  return [{ range: { start: pos, end: pos }, rangeOffset: offset, rangeLength: 0, text }, doc.slice(0, offset) + text + doc.slice(offset)];
}

const DOC = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'].map((l) => l + '\n').join('');

describe('hunks', () => {
  test('a chunk with two separate changes gives two minimal hunks', () => {
    const p = addChange(createProposal('f.txt', DOC, 1), change(['two', 'three', 'four', 'five'], ['TWO', 'three', 'four', 'FIVE', 'extra']));
    assert.deepEqual(
      lineHunks(p).map((h) => [h.id, h.startLine, h.oldLines, h.newLines, h.status]),
      [
        ['h1', 1, ['two'], ['TWO'], 'pending'],
        ['h2', 4, ['five'], ['FIVE', 'extra'], 'pending'],
      ],
    );
  });

  test('accepting in any order shifts the others; all accepted equals the patched text', () => {
    const p0 = addChange(createProposal('f.txt', DOC, 1), change(['one', 'two'], ['zero', 'one', 'two']));
    const p1 = addChange(p0, change(['five'], []));
    const expected = 'zero\none\ntwo\nthree\nfour\nsix\nseven\n';
    assert.equal(patchedText(p1), expected);
    const [q1, t1] = accept(p1, 'h2', DOC);
    const [q2, t2] = accept(q1, 'h1', t1);
    assert.equal(t2, expected);
    const [r1, s1] = accept(p1, 'h1', DOC);
    assert.equal(lineHunks(r1)[1]!.startLine, 5, 'the later hunk moved down by the inserted line');
    const [, s2] = accept(r1, 'h2', s1);
    assert.equal(s2, expected);
    assert.deepEqual(lineHunks(q2).map((h) => h.status), ['accepted', 'accepted']);
  });

  test('accept-all is one edit that keeps the bytes between hunks; reject-all changes nothing', () => {
    const doc = 'a\r\nb\nc\r\nd\r\n';
    const p = addChange(addChange(createProposal('f.txt', doc, 1), change(['a'], ['A'])), change(['d'], ['D']));
    const all = acceptAll(p, doc);
    assert.ok(all.edit);
    assert.equal(applyTextEdit(doc, all.edit), 'A\r\nb\nc\r\nD\r\n');
    assert.ok(all.proposal.hunks.every((h) => h.status === 'accepted'));
    const none = rejectAll(p);
    assert.ok(none.hunks.every((h) => h.status === 'rejected'));
    assert.equal(acceptHunk(none, 'h1', doc).error, 'hunk h1 is rejected');
  });

  test('CRLF documents keep CRLF in accepted lines', () => {
    const doc = 'x\r\ny\r\nz\r\n';
    const p = addChange(createProposal('f.txt', doc, 1), change(['y'], ['Y1', 'Y2']));
    const [, text] = accept(p, 'h1', doc);
    assert.equal(text, 'x\r\nY1\r\nY2\r\nz\r\n');
  });

  test('a document without a final newline keeps none', () => {
    assert.equal(applyTextEdit('a\nb', replaceLines('a\nb', 1, 1, ['c', 'd'], '\n')), 'a\nc\nd');
    assert.equal(applyTextEdit('a\nb', replaceLines('a\nb', 1, 1, [], '\n')), 'a');
    assert.equal(applyTextEdit('a\r\nb', replaceLines('a\r\nb', 1, 1, [], '\r\n')), 'a');
    assert.equal(applyTextEdit('a\nb', replaceLines('a\nb', 2, 0, ['c'], '\n')), 'a\nb\nc');
    assert.equal(applyTextEdit('a', replaceLines('a', 0, 1, [], '\n')), '');
    assert.equal(applyTextEdit('', replaceLines('', 0, 0, ['x'], '\n')), 'x\n');
    const edit = replaceLines('a\nb\nc', 1, 2, [], '\n');
    assert.deepEqual([edit.start, edit.end], [{ line: 0, character: 1 }, { line: 2, character: 1 }]);
  });

  test('a user edit above moves pending hunks; one inside makes the hunk stale and unappliable', () => {
    const p = addChange(addChange(createProposal('f.txt', DOC, 1), change(['two'], ['TWO'])), change(['six'], ['SIX']));
    const [above, doc1] = insertAt(DOC, 0, 0, 'new first line\n');
    const p1 = rebase(p, [above], 2);
    assert.deepEqual(lineHunks(p1).map((h) => [h.startLine, h.status]), [[2, 'pending'], [6, 'pending']]);
    assert.equal(p1.version, 2);
    const [inside, doc2] = insertAt(doc1, 6, 1, 'X');
    const p2 = rebase(p1, [inside], 3);
    assert.deepEqual(lineHunks(p2).map((h) => h.status), ['pending', 'stale']);
    const refused = acceptHunk(p2, 'h2', doc2);
    assert.equal(refused.edit, undefined);
    assert.match(refused.error!, /stale/);
    const [, doc3] = accept(p2, 'h1', doc2);
    assert.equal(doc3, doc2.replace('two\n', 'TWO\n'));
  });

  test('typing at the start of a hunk line is inside it; a whole new line before it is not', () => {
    const p = addChange(createProposal('f.txt', DOC, 1), change(['three'], ['THREE']));
    const [typed] = insertAt(DOC, 2, 0, 'x');
    assert.equal(lineHunks(rebase(p, [typed], 2))[0]!.status, 'stale');
    const [line] = insertAt(DOC, 2, 0, 'x\n');
    assert.deepEqual(lineHunks(rebase(p, [line], 2)).map((h) => [h.startLine, h.status]), [[3, 'pending']]);
  });

  test('a run of keystrokes on one line is logged once; chunks after it land on the moved lines', () => {
    let p = createProposal('f.txt', DOC, 1);
    let doc = DOC;
    let version = 1;
    const type = (line: number, character: number, text: string) => {
      const [c, next] = insertAt(doc, line, character, text);
      doc = next;
      p = rebase(p, [c], ++version);
    };
    type(0, 0, 'new first line\n');
    for (let i = 0; i < 40; i++) type(1, 3 + i, 'x'); // "one" → "onexxx…"
    assert.equal(p.locator.log.length, 2, 'the inserted line, then one entry for the 40 keystrokes');
    p = addChange(p, change(['three'], ['THREE']));
    p = addChange(p, change(['six'], ['SIX']));
    assert.deepEqual(lineHunks(p).map((h) => [h.startLine, h.status]), [[3, 'pending'], [6, 'pending']]);
    const [, after] = accept(p, 'h2', doc);
    assert.equal(after, doc.replace('six\n', 'SIX\n'));
  });

  test('keystrokes on a line a later chunk changes make that chunk stale, however many were logged as one', () => {
    let p = createProposal('f.txt', DOC, 1);
    let doc = DOC;
    for (let i = 0; i < 3; i++) {
      const [c, next] = insertAt(doc, 4, 4 + i, 'y');
      doc = next;
      p = rebase(p, [c], 2 + i);
    }
    assert.equal(p.locator.log.length, 1);
    p = addChange(p, change(['five'], ['FIVE']));
    assert.deepEqual(lineHunks(p).map((h) => h.status), ['stale']);
  });

  test('sealed once the chunks are complete: the log is dropped, later edits are not logged, accepts still work', () => {
    let p = addChange(createProposal('f.txt', DOC, 1), change(['six'], ['SIX']));
    const [above, doc1] = insertAt(DOC, 0, 0, 'top\n');
    p = sealChanges(rebase(p, [above], 2));
    assert.deepEqual(p.locator.log, []);
    const [typed, doc2] = insertAt(doc1, 1, 0, 'z');
    p = rebase(p, [typed], 3);
    assert.deepEqual(p.locator.log, [], 'nothing is logged after sealing');
    assert.deepEqual(lineHunks(p).map((h) => [h.startLine, h.status]), [[6, 'pending']]);
    const [, doc3] = accept(p, 'h1', doc2);
    assert.equal(doc3, doc2.replace('six\n', 'SIX\n'));
    assert.throws(() => addChange(p, change(['two'], ['TWO'])), /sealed/);
  });

  test('accept re-checks the document even if a change was never reported', () => {
    const p = addChange(createProposal('f.txt', DOC, 1), change(['two'], ['TWO']));
    const result = acceptHunk(p, 'h1', DOC.replace('two', 'deux'));
    assert.equal(result.edit, undefined);
    assert.equal(lineHunks(result.proposal)[0]!.status, 'stale');
  });

  test('the change event of an accept is recognised and not treated as a user edit', () => {
    const p = addChange(addChange(createProposal('f.txt', DOC, 1), change(['one'], ['ONE', 'UNO'])), change(['four'], ['FOUR']));
    const result = acceptHunk(p, 'h1', DOC);
    const e = result.edit!;
    const own: DocumentChange = { range: { start: e.start, end: e.end }, rangeOffset: e.startOffset, rangeLength: e.endOffset - e.startOffset, text: e.newText };
    const after = rebase(result.proposal, [own], 2);
    assert.deepEqual(lineHunks(after).map((h) => [h.startLine, h.status]), [[0, 'accepted'], [4, 'pending']]);
  });

  test('a chunk streamed in after an accept is placed in the current document', () => {
    const p = addChange(createProposal('f.txt', DOC, 1), change(['one'], ['ONE', 'UNO', 'EINS']));
    const [p1, doc1] = accept(p, 'h1', DOC);
    const p2 = addChange(p1, change(['six'], ['SIX']));
    const h = lineHunks(p2).find((x) => x.id === 'h2')!;
    assert.equal(h.startLine, 7);
    const [, doc2] = accept(p2, 'h2', doc1);
    assert.equal(doc2, 'ONE\nUNO\nEINS\ntwo\nthree\nfour\nfive\nSIX\nseven\n');
  });

  test('adjacent changes from two chunks merge into one hunk; overlapping ones fail', () => {
    const p = addChange(createProposal('f.txt', DOC, 1, { inOrder: false }), change(['two'], ['TWO']));
    const merged = addChange(p, change(['three'], ['THREE']));
    assert.deepEqual(lineHunks(merged).map((h) => [h.id, h.oldLines, h.newLines]), [['h1', ['two', 'three'], ['TWO', 'THREE']]]);
    const clash = addChange(p, change(['two', 'three'], ['2', '3']));
    assert.match(lineHunks(clash)[1]!.reason!, /overlaps hunk h1/);
  });

  test('a chunk that cannot be located becomes a failed hunk at the closest region', () => {
    const p = addChange(createProposal('f.txt', DOC, 1), change(['thre', 'fuor'], ['x']));
    const [h] = lineHunks(p);
    assert.equal(h!.status, 'failed');
    assert.equal(h!.startLine, 2);
    assert.match(h!.reason!, /closest match at lines 3-4/);
    assert.match(acceptHunk(p, 'h1', DOC).error!, /failed/);
  });

  test('file adds, deletes and moves are hunks of their own kind', () => {
    const add = proposeFileEdit({ op: 'add', path: 'n.txt', lines: ['hi'] }, undefined);
    assert.deepEqual(acceptHunk(add, 'h1', '').fileOperation, { op: 'create', path: 'n.txt', text: 'hi\n' });
    const del = proposeFileEdit({ op: 'delete', path: 'o.txt' }, { text: 'x\n', version: 3 });
    assert.deepEqual(acceptHunk(del, 'h1', 'x\n').fileOperation, { op: 'delete', path: 'o.txt' });
    const move = proposeFileEdit({ op: 'update', path: 'a.txt', moveTo: 'b.txt', changes: [change(['x'], ['y'])] }, { text: 'x\n', version: 1 });
    assert.deepEqual(move.hunks.map((h) => h.kind), ['lines', 'move']);
    const all = acceptAll(move, 'x\n');
    assert.deepEqual(all.fileOperations, [{ op: 'rename', from: 'a.txt', to: 'b.txt' }]);
    assert.equal(applyTextEdit('x\n', all.edit!), 'y\n');
    assert.match(proposeFileEdit({ op: 'update', path: 'gone.txt', changes: [] }, undefined).error!, /no such file/);
    assert.equal(rejectHunk(del, 'h1').hunks[0]!.status, 'rejected');
  });

  test('a huge rewrite does not hang: beyond the diff bound it is one hunk between common prefix and suffix', () => {
    const n = 150_000;
    const doc = Array.from({ length: n }, (_, i) => `old ${i}\n`).join('');
    const oldLines = ['first', ...Array.from({ length: n - 2 }, (_, i) => `old ${i + 1}`), 'last'];
    const text = ['first\n', doc.split('\n').slice(1, -2).map((l) => l + '\n').join(''), 'last\n'].join('');
    const newLines = ['first', ...Array.from({ length: n - 2 }, (_, i) => `new ${i + 1}`), 'last'];
    const p = addChange(createProposal('big.txt', text, 1), change(oldLines, newLines));
    const hunks = lineHunks(p);
    assert.equal(hunks.length, 1);
    assert.equal(hunks[0]!.startLine, 1);
    assert.equal(hunks[0]!.oldLines.length, n - 2);
    assert.equal(patchedText(p), newLines.map((l) => l + '\n').join(''));
  });
});
