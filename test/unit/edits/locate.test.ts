import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineIndex, locateChange, locateChanges } from '../../../src/edits/locate';
import type { Change } from '../../../src/edits/types';

const change = (oldLines: string[], newLines: string[], context: string[] = [], atEndOfFile = false): Change => ({ context, oldLines, newLines, atEndOfFile });
const first = { from: 0, inOrder: true, hinted: false };

describe('locate', () => {
  test('exact match, with context lines as hints', () => {
    const index = new LineIndex(['def a():', '    return 1', 'def b():', '    return 1']);
    const result = locateChange(index, change(['    return 1'], ['    return 2'], ['def b():']), first);
    assert.ok(result.ok);
    assert.equal(result.change.start, 3);
    assert.equal(result.change.match, 'exact');
  });

  test('each layer in turn: trailing whitespace, surrounding whitespace, unicode punctuation', () => {
    const index = new LineIndex(['a = 1   ', '\tb = 2', 'msg = “it’s — fine”\u00A0', 'end']);
    const trailing = locateChange(index, change(['a = 1'], ['a = 9']), first);
    assert.ok(trailing.ok && trailing.change.match === 'trailingWhitespace');
    const whitespace = locateChange(index, change(['  b = 2'], ['  b = 3']), first);
    assert.ok(whitespace.ok && whitespace.change.match === 'whitespace');
    const punctuation = locateChange(index, change(['msg = "it\'s - fine"'], ['msg = "ok"']), first);
    assert.ok(punctuation.ok && punctuation.change.match === 'punctuation');
    assert.equal(punctuation.change.start, 2);
  });

  test('a fuzzy match keeps the file\'s own spelling of unchanged lines and re-indents the new ones', () => {
    const index = new LineIndex(['  keep();   ', '  old();']);
    const result = locateChange(index, change(['keep();', 'old();'], ['keep();', 'new();']), first);
    assert.ok(result.ok);
    assert.deepEqual(result.change.oldLines, ['  keep();   ', '  old();']);
    assert.deepEqual(result.change.newLines, ['  keep();   ', '  new();']);
  });

  test('an ambiguous match without any hint is reported, not guessed', () => {
    const index = new LineIndex(['x', 'y', 'x', 'y']);
    const result = locateChange(index, change(['x'], ['z']), first);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.failure.message, /occur 2 times \(at lines 1, 3\).*@@/);
  });

  test('the previous chunk resolves ambiguity by searching forward', () => {
    const index = new LineIndex(['a', 'x', 'y', 'x', 'y']);
    const results = locateChanges(index, [change(['a'], ['A']), change(['y'], ['Y']), change(['x'], ['X'])], true);
    assert.deepEqual(results.map((r) => r.ok && r.change.start), [0, 2, 3]);
  });

  test('end-of-file chunks prefer the end of the file', () => {
    const index = new LineIndex(['}', 'a', '}']);
    const result = locateChange(index, change(['}'], ['}', 'tail'], [], true), first);
    assert.ok(result.ok);
    assert.equal(result.change.start, 2);
  });

  test('a chunk ending in blank lines still matches without them', () => {
    const index = new LineIndex(['a', 'b']);
    const result = locateChange(index, change(['b', ''], ['c', '']), first);
    assert.ok(result.ok);
    assert.deepEqual(result.change.oldLines, ['b']);
    assert.deepEqual(result.change.newLines, ['c']);
  });

  test('pure insertions go after the context line, or at the end without one', () => {
    const index = new LineIndex(['a', 'b', 'c']);
    const after = locateChange(index, change([], ['x'], ['a']), first);
    assert.ok(after.ok && after.change.start === 1);
    const atEnd = locateChange(index, change([], ['x']), first);
    assert.ok(atEnd.ok && atEnd.change.start === 3);
  });

  test('old lines may start at the context line itself', () => {
    const index = new LineIndex(['class A {', '  f() {}', '}']);
    const result = locateChange(index, change(['class A {', '  f() {}'], ['class A {', '  g() {}'], ['class A {']), first);
    assert.ok(result.ok && result.change.start === 0);
  });

  test('a failure names the closest region and how it differs', () => {
    const index = new LineIndex(['function f(a) {', '  return a + 1;', '}', 'other()']);
    const result = locateChange(index, change(['function f(a) {', '  return a + 2;', '}'], ['x']), first);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.failure.message, /closest match at lines 1-3 \(2 of 3 lines match\)/);
    assert.match(result.failure.message, /line 2 is " {2}return a \+ 1;", the patch expects " {2}return a \+ 2;"/);
    assert.deepEqual(result.failure.nearest, { start: 0, count: 3 });
  });

  test('missing context and nothing similar are reported as such', () => {
    const index = new LineIndex(['alpha', 'beta']);
    const ctx = locateChange(index, change(['beta'], ['b'], ['def gamma():']), first);
    assert.ok(!ctx.ok && /could not find the context line "def gamma\(\):"; nothing similar/.test(ctx.failure.message));
    const none = locateChange(index, change(['zzzz qqqq'], ['b']), first);
    assert.ok(!none.ok && /nothing similar in the file/.test(none.failure.message));
  });

  test('out-of-order apply_patch chunks are reported; SEARCH/REPLACE blocks may come in any order', () => {
    const index = new LineIndex(['a', 'b', 'c']);
    const ordered = locateChanges(index, [change(['c'], ['C']), change(['a'], ['A'])], true);
    assert.ok(!ordered[1]!.ok && /found at line 1, but only lines from 4 on \(after the previous chunk\)/.test(ordered[1]!.failure.message));
    const unordered = locateChanges(index, [change(['c'], ['C']), change(['a'], ['A'])], false);
    assert.deepEqual(unordered.map((r) => r.ok && r.change.start), [2, 0]);
  });
});

describe('locate in a large file', () => {
  const lines = Array.from({ length: 30_000 }, (_, i) => (i % 100 === 0 ? '}' : `  const v${i} = f(${i});`));
  const index = new LineIndex(lines);

  test('matches through the line index agree with a scan, also for common lines and ranges', () => {
    assert.deepEqual(index.matches(['  const v20001 = f(20001);', '  const v20002 = f(20002);'], 'exact', 0), [20001]);
    assert.deepEqual(index.matches(['}'], 'exact', 250, 600), [300, 400, 500, 600]);
    assert.deepEqual(index.matches(['}', '  const v101 = f(101);'], 'exact', 0), [100]);
    assert.deepEqual(index.matches(['}'], 'exact', 0, undefined, 2), [0, 100]);
    assert.deepEqual(index.matches(['const v7 = f(7);'], 'whitespace', 0), [7]);
    assert.deepEqual(index.matches(['  const v7 = f(7);'], 'exact', 8), []);
    assert.deepEqual(index.matches([], 'exact', 5, 7), [5, 6, 7]);
  });

  test('a chunk that is not there names the closest region near where it was expected', () => {
    const change: Change = { context: [], oldLines: ['  const v25003 = g(25003);', '  const v25004 = f(25004);'], newLines: ['x'], atEndOfFile: false };
    const result = locateChange(index, change, { from: 25_000, inOrder: true, hinted: true });
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.failure.nearest, { start: 25_003, count: 2 });
  });
});
