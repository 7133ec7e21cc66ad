// Hunks kept across a reload, placed again in the file as it is now (or stale with the reason).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptHunk, addChange, closeProposal, createProposal, fileCopyChars, rebase, rejectHunk, restoredProposal, type Hunk, type LineHunk } from '../../../src/edits/hunks';
import { applyTextEdit, splitLines } from '../../../src/edits/lines';
import { placeOf, RELOCATE_REASONS, relocateHunks, type SavedPlace } from '../../../src/edits/relocate';

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const pending = (id: string, startLine: number, oldLines: string[], newLines: string[]): LineHunk => ({ kind: 'lines', id, status: 'pending', startLine, oldLines, newLines });
const relocate = (hunks: Hunk[], saved: string[], now: string[], unchanged = false) => {
  const places = new Map<string, SavedPlace>(hunks.flatMap((h) => (h.kind === 'lines' ? [[h.id, placeOf(saved, h)] as const] : [])));
  return relocateHunks(hunks, places, now, unchanged) as LineHunk[];
};

test('an unchanged file keeps every position; lines moved by an edit above are found again with their surroundings', () => {
  const saved = lines(20);
  const hunks = [pending('h1', 4, ['line 5'], ['LINE 5']), pending('h2', 10, [], ['inserted'])];
  assert.deepEqual(relocate(hunks, saved, saved, true), hunks);
  const now = ['new 1', 'new 2', ...saved];
  const moved = relocate(hunks, saved, now);
  assert.deepEqual(moved.map((h) => [h.status, h.startLine]), [['pending', 6], ['pending', 12]]);
  assert.equal(now[moved[1]!.startLine - 1], 'line 10', 'the insertion goes where it was: below line 10');
});

test('a hunk whose lines are gone, or now in several places, comes back stale with the reason', () => {
  const saved = lines(10);
  const hunks = [pending('h1', 2, ['line 3'], ['x']), pending('h2', 6, ['line 7'], ['y'])];
  const now = [...saved.slice(0, 2), 'edited 3', ...saved.slice(3)];
  const [gone, kept] = relocate(hunks, saved, now);
  assert.deepEqual([gone!.status, gone!.reason], ['stale', RELOCATE_REASONS.gone]);
  assert.deepEqual([kept!.status, kept!.startLine], ['pending', 6]);

  // The same lines and surroundings twice: where the change goes is unclear.
  const twice = [...saved, ...saved];
  const [ambiguous] = relocate([pending('h1', 2, ['line 3'], ['x'])], saved, twice);
  assert.deepEqual([ambiguous!.status, ambiguous!.reason], ['stale', RELOCATE_REASONS.ambiguous]);
});

test('an insertion whose surroundings changed is stale; one whose lines above survive is placed below them', () => {
  const saved = lines(10);
  const insertion = pending('h1', 5, [], ['new']);
  const changedBoth = [...saved.slice(0, 3), 'x', 'y', 'z', 'w', ...saved.slice(7)];
  assert.deepEqual(relocate([insertion], saved, changedBoth).map((h) => [h.status, h.reason]), [['stale', RELOCATE_REASONS.insertion]]);
  const changedBelow = [...saved.slice(0, 5), 'changed 6', ...saved.slice(6)];
  assert.deepEqual(relocate([insertion], saved, changedBelow).map((h) => [h.status, h.startLine]), [['pending', 5]]);
});

test('decided hunks keep their record; two hunks that now overlap leave the second stale', () => {
  const decided: Hunk[] = [{ ...pending('h1', 0, ['a'], ['A']), status: 'accepted' }, { kind: 'delete', id: 'h2', status: 'rejected', path: 'x' }];
  assert.deepEqual(relocateHunks(decided, new Map(), ['zzz'], false), decided);
  const hunks = [pending('h1', 0, ['a', 'b'], ['1']), pending('h2', 1, ['b', 'a'], ['2'])];
  const [first, second] = relocateHunks(hunks, new Map(), ['q', 'a', 'b', 'a'], false) as LineHunk[];
  assert.deepEqual([first!.status, first!.startLine], ['pending', 1]);
  assert.deepEqual([second!.status, second!.reason], ['stale', RELOCATE_REASONS.overlap]);
});

test('a closed proposal holds no file copy and still accepts, rejects and follows edits; a late chunk is refused', () => {
  const text = lines(200).map((l) => `${l}\n`).join('');
  let proposal = createProposal('a.txt', text, 1);
  proposal = addChange(proposal, { context: [], oldLines: ['line 10'], newLines: ['LINE 10'], atEndOfFile: false });
  proposal = addChange(proposal, { context: [], oldLines: ['line 50'], newLines: ['LINE 50'], atEndOfFile: false });
  assert.ok(fileCopyChars(proposal) >= text.length);
  proposal = closeProposal(proposal);
  assert.equal(fileCopyChars(proposal), 0);
  assert.throws(() => addChange(proposal, { context: [], oldLines: ['line 90'], newLines: ['x'], atEndOfFile: false }), /sealed/);

  // A user edit above moves the hunks; the proposal logs nothing for chunks that will never come.
  const edited = `top\n${text}`;
  proposal = rebase(proposal, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, rangeOffset: 0, rangeLength: 0, text: 'top\n' }], 2);
  assert.equal(proposal.locator.log.length, 0);
  const result = acceptHunk(proposal, 'h1', edited);
  assert.equal(result.error, undefined);
  const after = applyTextEdit(edited, result.edit!);
  assert.equal(splitLines(after)[10], 'LINE 10');
  assert.equal(rejectHunk(result.proposal, 'h2').hunks.find((h) => h.id === 'h2')!.status, 'rejected');

  const restored = restoredProposal('a.txt', 3, '\r\n', [pending('h1', 0, ['line 1'], ['L1'])]);
  assert.equal(fileCopyChars(restored), 0);
  const accepted = acceptHunk(restored, 'h1', 'line 1\r\nline 2\r\n');
  assert.equal(applyTextEdit('line 1\r\nline 2\r\n', accepted.edit!), 'L1\r\nline 2\r\n', 'the saved line terminator is used');
});

test("a closed proposal's hunks do not keep the file's text alive (their lines are strings of their own)", async () => {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const text = (k: number) => Array.from({ length: 100_000 }, (_, i) => `const value${i} = ${i * k}; // the file's own text\n`).join('');
  gc();
  const base = process.memoryUsage().heapUsed;
  const kept: Hunk[][] = [];
  for (let k = 0; k < 30; k++) {
    let proposal = createProposal(`f${k}.ts`, text(k), 1); // ~4.5 MB each: 135 MB if each hunk kept its file
    proposal = addChange(proposal, { context: [], oldLines: [`const value10 = ${10 * k}; // the file's own text`], newLines: ['changed'], atEndOfFile: false });
    kept.push([...closeProposal(proposal).hunks]);
  }
  gc();
  const grown = process.memoryUsage().heapUsed - base;
  assert.equal(kept.flat().length, 30);
  assert.ok(grown < 40 * 1024 * 1024, `thirty 4.5 MB files: the heap grew by ${(grown / 1048576).toFixed(1)} MB`);
});
