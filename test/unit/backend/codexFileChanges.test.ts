import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileChangesToPatch } from '../../../src/backend/codex/fileChanges';
import { planPatch } from '../../../src/edits/applyPatch';

const ROOT = '/work/project';
const files: Record<string, string> = {
  'src/greet.ts': "export function greet(name: string) {\n  return 'Hello ' + name;\n}\n",
  'old.txt': 'gone\n',
  'src/a.ts': 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n',
};
const plan = (patch: string) => planPatch(patch, (path) => (path in files ? new TextEncoder().encode(files[path]) : 'missing'));

test('an app-server fileChange item (add, update, delete, move) becomes apply_patch text the engine applies as Codex meant', () => {
  const patch = fileChangesToPatch(
    [
      { path: `${ROOT}/src/farewell.ts`, kind: { type: 'add' }, diff: 'export const bye = 1;\n' },
      {
        path: `${ROOT}/src/greet.ts`,
        kind: { type: 'update', move_path: null },
        diff: "@@ -1,3 +1,3 @@\n export function greet(name: string) {\n-  return 'Hello ' + name;\n+  return `Hello, ${name}!`;\n }\n",
      },
      { path: `${ROOT}/old.txt`, kind: { type: 'delete' }, diff: 'gone\n' },
      {
        path: `${ROOT}/src/a.ts`,
        kind: { type: 'update', move_path: `${ROOT}/src/b.ts` },
        diff: '--- a/src/a.ts\n+++ b/src/b.ts\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n@@ -8,3 +8,3 @@\n eight\n-nine\n+NINE\n ten\n\\ No newline at end of file\n',
      },
    ],
    ROOT,
  );
  assert.match(patch, /^\*\*\* Begin Patch\n\*\*\* Add File: src\/farewell\.ts\n\+export const bye = 1;\n/);
  assert.match(patch, /\*\*\* Update File: src\/a\.ts\n\*\*\* Move to: src\/b\.ts\n@@\n one\n-two\n\+TWO\n three\n@@\n eight\n/);
  assert.ok(patch.endsWith('*** End Patch\n'));
  const result = plan(patch);
  assert.ok(result.ok, result.ok ? '' : result.error);
  const writes = Object.fromEntries(result.writes.map((w) => [w.path, w.op === 'write' ? w.text : null]));
  assert.deepEqual(writes, {
    'src/farewell.ts': 'export const bye = 1;\n',
    'src/greet.ts': 'export function greet(name: string) {\n  return `Hello, ${name}!`;\n}\n',
    'old.txt': null,
    'src/a.ts': null,
    'src/b.ts': 'one\nTWO\nthree\nfour\nfive\nsix\nseven\neight\nNINE\nten\n',
  });
});

test('a change outside the workspace keeps its absolute path, which the engine refuses', () => {
  const patch = fileChangesToPatch([{ path: '/etc/passwd', kind: { type: 'update', move_path: null }, diff: '@@ -1 +1 @@\n-root\n+evil\n' }], ROOT);
  assert.match(patch, /\*\*\* Update File: \/etc\/passwd\n/);
  const result = plan(patch);
  assert.equal(result.ok, false);
});
