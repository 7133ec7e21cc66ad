import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSearchReplace, SearchReplaceParser } from '../../../src/edits/searchReplace';
import type { PatchEvent } from '../../../src/edits/types';

const TEXT = `I'll rename the helper.

src/util.ts
\`\`\`ts
<<<<<<< SEARCH
export function old() {
=======
export function renamed() {
>>>>>>> REPLACE
\`\`\`

And its caller:

\`\`\`ts
<<<<<<< SEARCH
old();
=======
renamed();
>>>>>>> REPLACE
\`\`\`

**src/main.ts**
<<<<<<< SEARCH
=======
// appended
>>>>>>> REPLACE
`;

describe('SEARCH/REPLACE parser', () => {
  test('groups blocks by the path line before them, inside or outside fences', () => {
    const result = parseSearchReplace(TEXT);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.files, [
      {
        op: 'update',
        path: 'src/util.ts',
        changes: [
          { context: [], oldLines: ['export function old() {'], newLines: ['export function renamed() {'], atEndOfFile: false },
          { context: [], oldLines: ['old();'], newLines: ['renamed();'], atEndOfFile: false },
        ],
      },
      // An empty SEARCH creates the file: an add that refuses to overwrite content.
      { op: 'add', path: 'src/main.ts', lines: ['// appended'], createOnly: true },
    ]);
  });

  test('emits a change as soon as its REPLACE line is complete; streaming by character is identical', () => {
    const parser = new SearchReplaceParser();
    const early = parser.push(TEXT.slice(0, TEXT.indexOf('>>>>>>> REPLACE') + '>>>>>>> REPLACE\n'.length));
    assert.deepEqual(early.map((e) => e.type), ['fileStart', 'change']);
    const byChar = new SearchReplaceParser();
    const events: PatchEvent[] = [];
    for (const ch of TEXT) events.push(...byChar.push(ch));
    events.push(...byChar.end());
    const whole = new SearchReplaceParser();
    assert.deepEqual(events, [...whole.push(TEXT), ...whole.end()]);
  });

  const errors: Array<[string, string, RegExp]> = [
    ['no blocks', 'just prose\n', /no SEARCH\/REPLACE blocks/],
    ['no path', '<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n', /without a file path/],
    ['unterminated', 'a.txt\n<<<<<<< SEARCH\na\n=======\nb\n', /missing '>>>>>>> REPLACE'/],
    ['missing divider', 'a.txt\n<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n', /expected '======='/],
    ['stray divider', 'a.txt\n=======\n', /outside a SEARCH\/REPLACE block/],
    ['path escape', '../a.txt\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n', /escapes the workspace folder/],
    ['absolute path', '/etc/hosts\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n', /absolute path refused/],
  ];
  for (const [name, text, message] of errors) {
    test(`refuses: ${name}`, () => {
      const result = parseSearchReplace(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.error, message);
    });
  }
});

describe('SEARCH/REPLACE parser, cut off and new files', () => {
  test('a block cut off in its REPLACE part is reported; the complete block before it stands', () => {
    const parser = new SearchReplaceParser();
    const events = [...parser.push('a.ts\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n<<<<<<< SEARCH\nz\n=======\nw'), ...parser.cut()];
    assert.deepEqual(events.map((e) => e.type), ['fileStart', 'change', 'cutOff']);
    assert.deepEqual(events[2], { type: 'cutOff', fileIndex: 0, path: 'a.ts', fileStarted: true, part: 'SEARCH/REPLACE block 2 of a.ts' });
  });

  test('an empty SEARCH is an add file operation of its own, between updates of the same path', () => {
    const result = parseSearchReplace('a.ts\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\nb.ts\n<<<<<<< SEARCH\n=======\nnew\n>>>>>>> REPLACE\n');
    assert.ok(result.ok);
    assert.deepEqual(result.files.map((f) => [f.op, f.path]), [['update', 'a.ts'], ['add', 'b.ts']]);
  });
});
