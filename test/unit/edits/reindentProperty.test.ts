// The re-indent property: a random indented file and a clean edit of it give some result; the same
// edit written with the model's indentation off — shifted by a uniform number of columns, or in
// spaces where the file has tabs (and the other way round), or with another space unit — gives
// exactly the same result, in both formats.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { planPatch } from '../../../src/edits/applyPatch';

type Style = { tab: true } | { tab: false; spaces: number };

const indent = (level: number, style: Style, extra = 0): string =>
  style.tab ? '\t'.repeat(level) + ' '.repeat(extra) : ' '.repeat(level * style.spaces + extra);

interface Line {
  level: number;
  text: string;
}

interface Case {
  file: Line[];
  start: number;
  count: number;
  /** The new side: kept old lines (by index into the file) and new lines. */
  next: Array<{ keep: number } | Line>;
  fileStyle: Style;
  modelStyle: Style;
  shift: number; // extra columns (spaces) or levels (tabs) on every model line
}

const styleArb: fc.Arbitrary<Style> = fc.oneof(fc.constant({ tab: true } as Style), fc.constantFrom(2, 4).map((spaces): Style => ({ tab: false, spaces })));

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    steps: fc.array(fc.integer({ min: -2, max: 1 }), { minLength: 4, maxLength: 30 }),
    start: fc.nat(),
    count: fc.integer({ min: 1, max: 5 }),
    edits: fc.array(fc.record({ kind: fc.constantFrom('keep', 'keep', 'drop', 'replace', 'insert'), level: fc.integer({ min: -1, max: 1 }) }), { minLength: 1, maxLength: 8 }),
    fileStyle: styleArb,
    modelStyle: styleArb,
    shift: fc.integer({ min: -2, max: 3 }),
  })
  .map(({ steps, start, count, edits, fileStyle, modelStyle, shift }) => {
    // A nesting walk that goes at most one level deeper per line, and at least once.
    const file: Line[] = [];
    let level = 0;
    for (const [i, step] of [1, ...steps].entries()) {
      level = Math.max(0, level + step);
      file.push({ level, text: `stmt_${i}(${level})` });
    }
    start %= file.length;
    count = Math.min(count, file.length - start);
    const next: Case['next'] = [];
    let at = start;
    let prev = file[start]!.level;
    let n = 0;
    for (const edit of edits) {
      const fresh = () => ({ level: Math.max(0, prev + edit.level), text: `new_${n++}()` });
      if (edit.kind === 'insert') {
        const line = fresh();
        next.push(line);
        prev = line.level;
        continue;
      }
      if (at >= start + count) continue;
      if (edit.kind === 'keep') next.push({ keep: at });
      else if (edit.kind === 'replace') next.push(fresh());
      prev = file[at]!.level;
      at++;
    }
    for (; at < start + count; at++) next.push({ keep: at });
    // The model's lines are shifted uniformly, never left of column 0.
    const lowest = Math.min(...file.slice(start, start + count).map((l) => l.level), ...next.map((l) => ('keep' in l ? file[l.keep]!.level : l.level)));
    return { file, start, count, next, fileStyle, modelStyle, shift: Math.max(shift, -lowest) };
  });

function render(c: Case, model: boolean) {
  const at = (l: Line): string => {
    if (!model) return indent(l.level, c.fileStyle) + l.text;
    const style = c.modelStyle;
    // A tab model shifts by levels; a space model by any columns to the right, by levels to the left.
    if (style.tab) return indent(l.level + c.shift, style) + l.text;
    return ' '.repeat(l.level * style.spaces + (c.shift >= 0 ? c.shift : c.shift * style.spaces)) + l.text;
  };
  const old = c.file.slice(c.start, c.start + c.count).map(at);
  const neu = c.next.map((l) => at('keep' in l ? c.file[l.keep]! : l));
  return { old, neu };
}

function fileText(c: Case): string {
  return c.file.map((l) => indent(l.level, c.fileStyle) + l.text + '\n').join('');
}

function v4a(old: string[], neu: string[]): string {
  // Context for kept lines is not marked here: '-' all old lines and '+' all new ones is a valid patch.
  return `*** Begin Patch\n*** Update File: f.txt\n@@\n${old.map((l) => `-${l}\n`).join('')}${neu.map((l) => `+${l}\n`).join('')}*** End Patch\n`;
}

function searchReplace(old: string[], neu: string[]): string {
  return `f.txt\n<<<<<<< SEARCH\n${old.map((l) => l + '\n').join('')}=======\n${neu.map((l) => l + '\n').join('')}>>>>>>> REPLACE\n`;
}

function apply(text: string, patch: string): string {
  const plan = planPatch(patch, (path) => (path === 'f.txt' ? new TextEncoder().encode(text) : 'missing'), 'auto');
  assert.ok(plan.ok, !plan.ok ? plan.error : '');
  const written = plan.writes.find((w) => w.path === 'f.txt');
  return written?.op === 'write' ? written.text : text;
}

describe('re-indent property', () => {
  test('a shifted or re-styled old side (and new side with it) lands like the clean edit, in both formats', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const text = fileText(c);
        const clean = render(c, false);
        const sloppy = render(c, true);
        // An old side that matches exactly is taken as written: nothing to re-indent from.
        fc.pre(sloppy.old.some((line, i) => line !== clean.old[i]));
        const expected = apply(text, v4a(clean.old, clean.neu));
        assert.equal(apply(text, v4a(sloppy.old, sloppy.neu)), expected, 'V4A');
        assert.equal(apply(text, searchReplace(sloppy.old, sloppy.neu)), expected, 'SEARCH/REPLACE');
      }),
      { numRuns: 800 },
    );
  });
});
