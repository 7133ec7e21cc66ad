import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApplyPatchParser, parsePatch } from '../../../src/edits/patch';
import type { PatchEvent } from '../../../src/edits/types';

function streamed(text: string, sizes: (i: number) => number): PatchEvent[] {
  const parser = new ApplyPatchParser();
  const events: PatchEvent[] = [];
  for (let i = 0, n = 0; i < text.length; n++) {
    const size = Math.max(1, sizes(n));
    events.push(...parser.push(text.slice(i, i + size)));
    i += size;
  }
  return [...events, ...parser.end()];
}

const whole = (text: string) => streamed(text, () => text.length);

const SAMPLE = `*** Begin Patch
*** Add File: docs/notes.md
+# Notes
+
+- one
*** Update File: src/config.ts
@@ class Config
-  progress: boolean;
+  streamProgress: boolean;
   diagnostics: boolean;
@@ function interval()
-  return 500;
+  return 250;
*** Delete File: src/legacy.ts
*** Update File: src/main.ts
*** Move to: src/bin/main.ts
@@
-const args = parse();
+const cli = parse();
*** End Patch
`;

describe('apply_patch parser', () => {
  test('parses every operation kind', () => {
    const result = parsePatch(SAMPLE);
    assert.ok(result.ok);
    assert.deepEqual(result.files, [
      { op: 'add', path: 'docs/notes.md', lines: ['# Notes', '', '- one'] },
      {
        op: 'update',
        path: 'src/config.ts',
        changes: [
          { context: ['class Config'], oldLines: ['  progress: boolean;', '  diagnostics: boolean;'], newLines: ['  streamProgress: boolean;', '  diagnostics: boolean;'], atEndOfFile: false, signs: '-+ ' },
          { context: ['function interval()'], oldLines: ['  return 500;'], newLines: ['  return 250;'], atEndOfFile: false, signs: '-+' },
        ],
      },
      { op: 'delete', path: 'src/legacy.ts' },
      {
        op: 'update',
        path: 'src/main.ts',
        moveTo: 'src/bin/main.ts',
        changes: [{ context: [], oldLines: ['const args = parse();'], newLines: ['const cli = parse();'], atEndOfFile: false, signs: '-+' }],
      },
    ]);
  });

  test('emits events in order, each chunk as soon as the next line shows it is complete', () => {
    const parser = new ApplyPatchParser();
    assert.deepEqual(parser.push('*** Begin Patch\n*** Update File: a.txt\n'), []);
    assert.deepEqual(parser.push('@@ ctx\n-old\n+new\n'), [{ type: 'fileStart', fileIndex: 0, op: 'update', path: 'a.txt' }]);
    const events = parser.push('@@\n');
    assert.deepEqual(events, [
      { type: 'change', fileIndex: 0, changeIndex: 0, change: { context: ['ctx'], oldLines: ['old'], newLines: ['new'], atEndOfFile: false, signs: '-+' } },
    ]);
    assert.deepEqual(parser.push('+tail\n*** End of File\n').map((e) => e.type), ['change']);
    assert.deepEqual(parser.push('*** End Patch').map((e) => e.type), []);
    assert.deepEqual(parser.end().map((e) => e.type), ['fileEnd', 'end']);
  });

  test('one character at a time gives the same events as the whole text', () => {
    assert.deepEqual(streamed(SAMPLE, () => 1), whole(SAMPLE));
    assert.deepEqual(streamed(SAMPLE, (n) => (n * 7) % 13), whole(SAMPLE));
  });

  test('is lenient about padded markers, CRLF, a missing final newline and blank lines between chunks', () => {
    const text = '  *** Begin Patch \r\n\t*** Update File:  a.txt \r\n@@ -1,2 +1,2 @@ fn main\r\n-x\r\n+y\r\n\r\n@@\r\n-z\r\n+w\r\n *** End Patch';
    const result = parsePatch(text);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.files, [
      {
        op: 'update',
        path: 'a.txt',
        changes: [
          { context: ['fn main'], oldLines: ['x', ''], newLines: ['y', ''], atEndOfFile: false, signs: '-+ ' },
          { context: [], oldLines: ['z'], newLines: ['w'], atEndOfFile: false, signs: '-+' },
        ],
      },
    ]);
  });

  test('first chunk may omit @@; stacked @@ lines are all kept as context', () => {
    const result = parsePatch('*** Begin Patch\n*** Update File: a.py\n import os\n+import sys\n@@ class A\n@@     def f(self):\n-        pass\n+        return 1\n*** End Patch\n');
    assert.ok(result.ok);
    const file = result.files[0]!;
    assert.equal(file.op, 'update');
    if (file.op !== 'update') return;
    assert.deepEqual(file.changes.map((c) => c.context), [[], ['class A', '    def f(self):']]);
    assert.deepEqual(file.changes[0]!.newLines, ['import os', 'import sys']);
  });

  test('an indented context line that merely starts with *** stays context', () => {
    const result = parsePatch('*** Begin Patch\n*** Update File: a.md\n@@\n ***bold***\n-x\n+y\n*** End Patch\n');
    assert.ok(result.ok);
    const file = result.files[0]!;
    assert.ok(file.op === 'update');
    assert.deepEqual(file.changes[0]!.oldLines, ['***bold***', 'x']);
  });

  test('a pure move without chunks is allowed', () => {
    const result = parsePatch('*** Begin Patch\n*** Update File: a.txt\n*** Move to: b/a.txt\n*** End Patch\n');
    assert.ok(result.ok);
    assert.deepEqual(result.files, [{ op: 'update', path: 'a.txt', moveTo: 'b/a.txt', changes: [] }]);
  });

  const errors: Array<[string, string, RegExp]> = [
    ['empty input', '', /empty patch/],
    ['no operations', '*** Begin Patch\n*** End Patch\n', /no file operations/],
    ['missing begin', '*** Update File: a\n', /must start with '\*\*\* Begin Patch'/],
    ['missing end', '*** Begin Patch\n*** Delete File: a\n', /without '\*\*\* End Patch'/],
    ['absolute path', '*** Begin Patch\n*** Delete File: /etc/passwd\n*** End Patch', /absolute path refused: \/etc\/passwd/],
    ['windows absolute path', '*** Begin Patch\n*** Add File: C:\\x.txt\n+a\n*** End Patch', /absolute path refused/],
    ['dot-dot escape', '*** Begin Patch\n*** Add File: src/../../x\n+a\n*** End Patch', /escapes the workspace folder/],
    ['move escape', '*** Begin Patch\n*** Update File: a\n*** Move to: ../b\n*** End Patch', /Move to.*escapes/],
    ['empty name', '*** Begin Patch\n*** Delete File:   \n*** End Patch', /empty file name/],
    ['home path', '*** Begin Patch\n*** Delete File: ~/x\n*** End Patch', /home-relative/],
    ['bad header', '*** Begin Patch\n*** Frobnicate File: a\n*** End Patch', /not a valid file header/],
    ['empty update', '*** Begin Patch\n*** Update File: a\n*** End Patch', /update of a has no changes/],
    ['context only', '*** Begin Patch\n*** Update File: a\n@@ foo\n*** End Patch', /'@@' without change lines/],
    ['bad change line', '*** Begin Patch\n*** Update File: a\n@@\n-x\nhello\n*** End Patch', /unexpected line in the update of a: 'hello'/],
    ['late move', '*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\n*** Move to: b\n*** End Patch', /must directly follow/],
    ['text after end', '*** Begin Patch\n*** Delete File: a\n*** End Patch\nmore', /unexpected text after/],
  ];
  for (const [name, text, message] of errors) {
    test(`refuses: ${name}`, () => {
      const result = parsePatch(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.error, message);
    });
  }

  test('stops at the first error and ignores later input', () => {
    const parser = new ApplyPatchParser();
    const events = parser.push('*** Begin Patch\n*** Delete File: ../x\n*** Delete File: ok\n');
    assert.deepEqual(events.map((e) => e.type), ['error']);
    assert.equal(events[0]!.type === 'error' && events[0]!.line, 2);
    assert.deepEqual(parser.push('*** End Patch\n'), []);
    assert.deepEqual(parser.end(), []);
  });

  test('refuses a patch beyond the size limit without parsing it', () => {
    const parser = new ApplyPatchParser();
    const line = '+' + 'x'.repeat(1023) + '\n';
    const events: PatchEvent[] = parser.push('*** Begin Patch\n*** Add File: big.txt\n');
    for (let i = 0; i < 50 * 1024 && !events.some((e) => e.type === 'error'); i++) events.push(...parser.push(line));
    const error = events.find((e) => e.type === 'error');
    assert.ok(error && error.type === 'error');
    assert.match(error.message, /patch is too large/);
  });
});

describe('apply_patch parser, cut off', () => {
  const cut = (text: string) => {
    const parser = new ApplyPatchParser();
    return [...parser.push(text), ...parser.cut()];
  };

  test('complete chunks stand; the open chunk is reported as cut off, not emitted', () => {
    const events = cut('*** Begin Patch\n*** Update File: a.py\n@@\n-a\n+b\n@@\n-c\n+d');
    assert.deepEqual(events.map((e) => e.type), ['fileStart', 'change', 'cutOff']);
    assert.deepEqual(events[2], { type: 'cutOff', fileIndex: 0, path: 'a.py', fileStarted: true, part: 'chunk 2 of a.py (1 line so far)' });
  });

  test('a new file cut off while streaming is reported with its lines so far', () => {
    const events = cut('*** Begin Patch\n*** Delete File: old.txt\n*** Add File: new.txt\n+one\n+two\n');
    assert.deepEqual(events.at(-1), { type: 'cutOff', fileIndex: 1, path: 'new.txt', fileStarted: true, part: 'the new file new.txt (2 lines so far)' });
    assert.ok(!events.some((e) => e.type === 'fileEnd' && e.file.path === 'new.txt'));
  });

  test('cut right after a complete End Patch line (without its newline) is a whole patch', () => {
    assert.deepEqual(cut('*** Begin Patch\n*** Delete File: a.txt\n*** End Patch').map((e) => e.type), ['fileStart', 'fileEnd', 'end']);
  });

  test('cut between files reports the rest of the patch, without a file', () => {
    const events = cut('*** Begin Patch\n*** Delete File: a.txt\n');
    assert.deepEqual(events.at(-1), { type: 'cutOff', part: 'the rest of the patch after the last complete file' });
  });
});
