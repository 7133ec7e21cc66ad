// Property-based tests of the whole engine: random texts and edit scripts become an apply_patch patch
// (and the same edits as SEARCH/REPLACE blocks); the hunk algebra is checked over random subsets and
// orders of accepts and rejects, with random user edits interleaved.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { planPatch } from '../../../src/edits/applyPatch';
import {
  acceptAll,
  acceptHunk,
  addChange,
  createProposal,
  proposeFileEdit,
  patchedText,
  rebase,
  rejectAll,
  rejectHunk,
  type DocumentChange,
  type LineHunk,
  type Proposal,
  sealChanges,
} from '../../../src/edits/hunks';
import { applyTextEdit, linesAt, type TextEdit } from '../../../src/edits/lines';
import { parseWhole } from '../../../src/edits/lineParser';
import { ApplyPatchParser, parsePatch } from '../../../src/edits/patch';
import { parseSearchReplace, SearchReplaceParser } from '../../../src/edits/searchReplace';
import type { PatchEvent, PatchParser } from '../../../src/edits/types';

interface Op {
  at: number;
  del: number;
  ins: string[];
}

interface Scenario {
  original: string;
  expected: string;
  patch: string;
  blocks: string[]; // SEARCH/REPLACE blocks, one per chunk
}

const INSERTED = ['alpha', 'beta', '', '  indented', 'line 1', 'line 2', '}', 'tail  ', 'ünïcødé “q”'];

function render(lines: readonly string[], eol: string, finalNewline: boolean): string {
  return lines.length === 0 ? '' : lines.join(eol) + (finalNewline ? eol : '');
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    n: fc.integer({ min: 0, max: 60 }),
    eol: fc.constantFrom('\n', '\r\n'),
    finalNewline: fc.boolean(),
    context: fc.integer({ min: 1, max: 2 }),
    ops: fc.array(
      fc.record({ at: fc.nat(), del: fc.integer({ min: 0, max: 3 }), ins: fc.array(fc.constantFrom(...INSERTED), { maxLength: 3 }) }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ n, eol, finalNewline, context, ops: raw }) => {
    const lines = Array.from({ length: n }, (_, i) => `line ${i} of ${n}`);
    // Non-overlapping, non-empty ops in file order.
    const ops: Op[] = [];
    let end = 0;
    for (const op of [...raw].sort((a, b) => (a.at % (n + 1)) - (b.at % (n + 1)))) {
      const at = op.at % (n + 1);
      const del = Math.min(op.del, n - at);
      if (at < end || (del === 0 && op.ins.length === 0)) continue;
      ops.push({ at, del, ins: op.ins });
      end = at + del;
    }
    if (ops.length === 0) ops.push({ at: 0, del: 0, ins: ['added'] });

    const after = [...lines];
    for (const op of [...ops].reverse()) after.splice(op.at, op.del, ...op.ins);
    const original = render(lines, eol, finalNewline);
    // A text without any line break gives no line ending to follow: added lines get '\n'; an empty
    // text also counts as ending with a newline.
    const newEol = original.includes('\n') ? eol : '\n';
    const expected = render(after, newEol, n === 0 || finalNewline);

    // Chunks: each op with its context lines, overlapping ones merged.
    const regions: Array<{ start: number; end: number; ops: Op[] }> = [];
    for (const op of ops) {
      const start = Math.max(0, op.at - context);
      const stop = Math.min(n, op.at + op.del + context);
      const last = regions[regions.length - 1];
      if (last && start < last.end) {
        last.end = Math.max(last.end, stop);
        last.ops.push(op);
      } else regions.push({ start, end: stop, ops: [op] });
    }
    let patch = '*** Begin Patch\n*** Update File: f.txt\n';
    const blocks: string[] = [];
    for (const region of regions) {
      const oldLines: string[] = [];
      const newLines: string[] = [];
      let body = '@@\n';
      let i = region.start;
      let next = 0;
      for (;;) {
        for (let op = region.ops[next]; op?.at === i; op = region.ops[++next]) {
          for (let k = op.at; k < op.at + op.del; k++) {
            body += `-${lines[k]}\n`;
            oldLines.push(lines[k]!);
          }
          for (const l of op.ins) {
            body += `+${l}\n`;
            newLines.push(l);
          }
          i = op.at + op.del;
        }
        if (i >= region.end) break;
        body += ` ${lines[i]}\n`;
        oldLines.push(lines[i]!);
        newLines.push(lines[i]!);
        i++;
      }
      patch += body;
      blocks.push(`f.txt\n<<<<<<< SEARCH\n${oldLines.map((l) => l + '\n').join('')}=======\n${newLines.map((l) => l + '\n').join('')}>>>>>>> REPLACE\n`);
    }
    patch += '*** End Patch\n';
    return { original, expected, patch, blocks };
  });

function streamed(parser: PatchParser, text: string, sizes: readonly number[]): PatchEvent[] {
  const events: PatchEvent[] = [];
  let i = 0;
  for (let k = 0; i < text.length; k++) {
    const size = sizes.length === 0 ? text.length : sizes[k % sizes.length]!;
    events.push(...parser.push(text.slice(i, i + size)));
    i += size;
  }
  return [...events, ...parser.end()];
}

function proposalOf(s: Scenario): Proposal {
  const parsed = parsePatch(s.patch);
  assert.ok(parsed.ok, !parsed.ok ? parsed.error : '');
  return proposeFileEdit(parsed.files[0]!, { text: s.original, version: 1 });
}

const pendingLines = (p: Proposal) => p.hunks.filter((h): h is LineHunk => h.kind === 'lines' && h.status === 'pending');

/** The change event VS Code reports for an edit. */
function changeOf(edit: TextEdit): DocumentChange {
  return { range: { start: edit.start, end: edit.end }, rangeOffset: edit.startOffset, rangeLength: edit.endOffset - edit.startOffset, text: edit.newText };
}

/** Every pending hunk still sits on exactly its old lines. */
function assertPendingInPlace(p: Proposal, text: string): void {
  for (const h of pendingLines(p)) assert.deepEqual(linesAt(text, h.startLine, h.oldLines.length), h.oldLines, `hunk ${h.id} in place`);
}

function expectedLines(s: Scenario): string[] {
  return s.expected === '' ? [] : s.expected.replace(/\r?\n$/, '').split(/\r?\n/);
}

const read = (text: string) => (path: string) => (path === 'f.txt' ? new TextEncoder().encode(text) : ('missing' as const));

describe('edit engine properties', () => {
  test('streaming in random chunk sizes gives the same events as one chunk; both formats parse to the same changes', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }), (s, sizes) => {
        const whole = streamed(new ApplyPatchParser(), s.patch, []);
        assert.deepEqual(streamed(new ApplyPatchParser(), s.patch, sizes), whole);
        assert.equal(whole[whole.length - 1]!.type, 'end');
        const sr = s.blocks.join('\n');
        assert.deepEqual(streamed(new SearchReplaceParser(), sr, sizes), streamed(new SearchReplaceParser(), sr, []));
        const a = parsePatch(s.patch);
        const b = parseSearchReplace(sr);
        assert.ok(a.ok && b.ok);
        if (s.original === '') {
          // Into an empty file, the SEARCH is empty: SEARCH/REPLACE says "create or fill".
          assert.ok(b.files.every((f) => f.op === 'add' && f.createOnly));
          assert.deepEqual(b.files.flatMap((f) => (f.op === 'add' ? f.lines : [])), expectedLines(s));
          return;
        }
        // SEARCH/REPLACE does not mark which lines are kept: the same changes without signs.
        const unsigned = a.files.map((f) => (f.op === 'update' ? { ...f, changes: f.changes.map(({ signs: _, ...c }) => c) } : f));
        assert.deepEqual(b.files, unsigned);
      }),
      { numRuns: 1000 },
    );
  });

  test('accept-all gives the patched text, for both formats and the planner; reject-all leaves the original', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (s, seed) => {
        const p = proposalOf(s);
        assert.equal(patchedText(p), s.expected);
        const all = acceptAll(p, s.original);
        assert.equal(all.edit ? applyTextEdit(s.original, all.edit) : s.original, s.expected);
        const rejected = rejectAll(p);
        for (const h of rejected.hunks) assert.equal(acceptHunk(rejected, h.id, s.original).edit, undefined);

        const plan = planPatch(s.patch, read(s.original));
        assert.ok(plan.ok, !plan.ok ? plan.error : '');
        const written = plan.writes.find((w) => w.path === 'f.txt');
        assert.equal(written?.op === 'write' ? written.text : s.original, s.expected);
        // SEARCH/REPLACE blocks may come in any order (except several appends to an empty file).
        if (s.original === '') return;
        const shuffled = [...s.blocks].sort((x, y) => ((x.length * 31 + seed) % 7) - ((y.length * 31 + seed) % 7));
        const unordered = parseWhole(new SearchReplaceParser(), shuffled.join('\n'));
        assert.ok(unordered.ok);
        assert.equal(patchedText(proposeFileEdit(unordered.files[0]!, { text: s.original, version: 1 }, { inOrder: false })), s.expected);
      }),
      { numRuns: 1500 },
    );
  });

  test('accepting any subset in any order equals applying that subset at the original positions', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (s, picks, accepts) => {
        let p = proposalOf(s);
        const initial = pendingLines(p);
        let text = s.original;
        const accepted = new Set<string>();
        for (let k = 0; k < picks.length && pendingLines(p).length > 0; k++) {
          const pending = pendingLines(p);
          const hunk = pending[picks[k]! % pending.length]!;
          if (accepts[k] ?? true) {
            const result = acceptHunk(p, hunk.id, text);
            assert.ok(result.edit, result.error);
            text = applyTextEdit(text, result.edit);
            p = rebase(result.proposal, [changeOf(result.edit)], p.version + 1);
            accepted.add(hunk.id);
          } else {
            p = rejectHunk(p, hunk.id);
          }
          assertPendingInPlace(p, text);
        }
        // Oracle: splice the accepted hunks into the original lines, bottom-up, at their original places.
        const lines = editorLines(s.original);
        for (const h of [...initial].reverse()) if (accepted.has(h.id)) lines.splice(h.startLine, h.oldLines.length, ...h.newLines);
        assert.deepEqual(editorLines(text), atLeastOneLine(lines));
        // Accepting the rest completes the patch exactly, unless some were rejected.
        const rest = acceptAll(p, text);
        const final = rest.edit ? applyTextEdit(text, rest.edit) : text;
        if (p.hunks.every((h) => h.status !== 'rejected')) assert.equal(final, s.expected);
      }),
      { numRuns: 1500 },
    );
  });

  test('user edits interleaved: untouched hunks move, touched ones go stale, user text is never overwritten', () => {
    const action = fc.record({
      kind: fc.constantFrom('accept', 'reject', 'edit', 'edit'),
      pick: fc.nat(),
      at: fc.nat(),
      span: fc.integer({ min: 0, max: 12 }),
      text: fc.constantFrom('', 'x', 'new line\n', 'a\nb', '\n', 'two\nnew lines\n'),
    });
    fc.assert(
      fc.property(scenarioArb, fc.array(action, { maxLength: 30 }), (s, actions) => {
        let p = proposalOf(s);
        let text = s.original;
        let version = 1;
        for (const a of actions) {
          const hunks = p.hunks.filter((h): h is LineHunk => h.kind === 'lines');
          if (a.kind === 'edit') {
            const start = snap(text, a.at % (text.length + 1));
            const end = snap(text, Math.min(text.length, start + a.span));
            const change: DocumentChange = {
              range: { start: positionOf(text, start), end: positionOf(text, end) },
              rangeOffset: start,
              rangeLength: end - start,
              text: a.text,
            };
            text = text.slice(0, start) + a.text + text.slice(end);
            p = rebase(p, [change], ++version);
          } else if (hunks.length > 0) {
            const hunk = hunks[a.pick % hunks.length]!;
            if (a.kind === 'reject') p = rejectHunk(p, hunk.id);
            else {
              const before = editorLines(text);
              const result = acceptHunk(p, hunk.id, text);
              if (hunk.status !== 'pending') assert.equal(result.edit, undefined, `a ${hunk.status} hunk is never applied`);
              else assert.ok(result.edit, `a pending hunk always applies: ${result.error}`);
              if (result.edit) {
                text = applyTextEdit(text, result.edit);
                // Exactly the hunk's lines changed; everything else is the user's text, untouched.
                before.splice(hunk.startLine, hunk.oldLines.length, ...hunk.newLines);
                assert.deepEqual(editorLines(text), atLeastOneLine(before));
                p = rebase(result.proposal, [changeOf(result.edit)], ++version);
              } else p = result.proposal;
            }
          }
          assertPendingInPlace(p, text);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('chunks placed after user edits: the compacted log places them as the full log would, and in place', () => {
    // Keystrokes (one character typed or deleted) at a line, repeated: the runs the log compacts.
    const edit = fc.record({ at: fc.nat(), span: fc.integer({ min: 0, max: 12 }), text: fc.constantFrom('', 'x', 'ab', 'new line\n', '\n', 'a\nb'), keys: fc.integer({ min: 1, max: 6 }) });
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.array(edit, { maxLength: 3 }), { maxLength: 8 }), (s, editsBefore) => {
        const parsed = parsePatch(s.patch);
        assert.ok(parsed.ok);
        const file = parsed.files[0]!;
        if (file.op !== 'update') return;
        // Two proposals see the same edits; the second gets a change far below the text between
        // every two (it moves and touches nothing), so its log is never compacted: the oracle.
        let compacted = createProposal('f.txt', s.original, 1);
        let full = compacted;
        let text = s.original;
        let version = 1;
        const far: DocumentChange = { range: { start: { line: 1e9, character: 1 }, end: { line: 1e9, character: 1 } }, rangeOffset: 1e9, rangeLength: 0, text: '' };
        file.changes.forEach((change, k) => {
          for (const e of editsBefore[k] ?? []) {
            let at = snap(text, e.at % (text.length + 1));
            for (let key = 0; key < e.keys; key++) {
              const end = snap(text, Math.min(text.length, at + (key === 0 ? e.span : 0)));
              const typed = key === 0 ? e.text : 'k';
              const c: DocumentChange = { range: { start: positionOf(text, at), end: positionOf(text, end) }, rangeOffset: at, rangeLength: end - at, text: typed };
              text = text.slice(0, at) + typed + text.slice(end);
              at += typed.length;
              compacted = rebase(compacted, [c], ++version);
              full = rebase(rebase(full, [c], version), [far], version);
            }
          }
          compacted = addChange(compacted, change);
          full = addChange(full, change);
          assert.deepEqual(compacted.hunks, full.hunks);
          assert.ok(compacted.locator.log.length <= full.locator.log.length);
          assertPendingInPlace(compacted, text);
        });
        assert.deepEqual(sealChanges(compacted).locator.log, []);
      }),
      { numRuns: 1500 },
    );
  });
});

/** Moves an offset off the middle of a CRLF pair. */
function snap(text: string, offset: number): number {
  return offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/**
 * Lines as an editor counts them (one more than the line breaks), so that a text ending in a newline
 * and one whose last line is empty compare alike, whichever way an edit produced them.
 */
function editorLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** An editor's document always has at least one (maybe empty) line. */
function atLeastOneLine(lines: string[]): string[] {
  return lines.length === 0 ? [''] : lines;
}
