import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTEXT_LINES, excerpt, fenced, fixContext, longestBacktickRun, selectionContext } from '../../../src/workspace/fixContext';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

test('a small file is sent whole, numbered, with the diagnostic and the instruction', () => {
  const text = fixContext(
    { path: 'src/a.ts', text: 'const x: number = "1";\nexport {};\n', languageId: 'typescript', startLine: 0, endLine: 0 },
    { message: "Type 'string' is not assignable to type 'number'.", source: 'ts', code: '2322', character: 6 },
  );
  assert.match(text, /Diagnostic \(ts 2322\) at src\/a\.ts:1:7: Type 'string'/);
  assert.match(text, /```typescript\n1 \| const x: number = "1";\n2 \| export \{\};\n```/);
  assert.match(text, /minimal apply_patch/);
});

test('a big file is sent as ±60 lines around the spot', () => {
  const out = excerpt({ path: 'big.py', text: numbered(1000), languageId: 'python', startLine: 499, endLine: 499 });
  assert.match(out, new RegExp(`lines ${500 - CONTEXT_LINES}–${500 + CONTEXT_LINES} of 1000`));
  assert.match(out, /\n440 \| line 440\n/);
  assert.doesNotMatch(out, /line 439\n/);
  assert.match(out, /560 \| line 560\n```$/);
});

test('the window is clamped at the file edges', () => {
  const out = excerpt({ path: 'big.py', text: numbered(300), languageId: 'python', startLine: 2, endLine: 3 });
  assert.match(out, /lines 1–64 of 300/);
});

test('backticks in the code cannot close the fence', () => {
  const out = selectionContext({ path: 'a.md', text: 'x\n```\ny\n', languageId: 'markdown', startLine: 1, endLine: 1 }, '```');
  assert.match(out, /````markdown\n```\n````/);
  assert.match(out, /lines 2–2 of `a\.md`/);
});

test('a file of 100,000 template literals is fenced without overflowing the stack', () => {
  const text = Array.from({ length: 100_000 }, (_, i) => `export const t${i} = \`value ${i}\`;`).join('\n') + '\nconst md = `````;\n';
  const block = fenced(text, 'typescript');
  assert.ok(block.startsWith('``````typescript\n'), 'the fence is one longer than the longest run (5)');
  assert.equal(longestBacktickRun(text), 5);
  assert.equal(longestBacktickRun('no ticks'), 0);
  assert.equal(longestBacktickRun('`a``b`'), 2);
  assert.equal(longestBacktickRun('x```'), 3);
});
