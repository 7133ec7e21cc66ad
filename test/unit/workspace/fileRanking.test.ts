import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexFile, rankFiles } from '../../../src/workspace/fileRanking';

const files = [
  'src/workspace/composerContext.ts',
  'src/workspace/contextParts.ts',
  'src/ui/composer.ts',
  'test/unit/workspace/contextParts.test.ts',
  'docs/context/overview.md',
  'README.md',
].map(indexFile);
const paths = (query: string, limit = 10) => rankFiles(query, files, limit).map((f) => f.path);

test('every query character must appear in order in the path', () => {
  assert.deepEqual(paths('cmpsr').sort(), ['src/ui/composer.ts', 'src/workspace/composerContext.ts'].sort());
  assert.deepEqual(paths('zzz'), []);
});

test('a match in the file name ranks above one spread over the folders, a name prefix first', () => {
  assert.equal(paths('context')[0], 'src/workspace/contextParts.ts');
  assert.ok(paths('context').indexOf('docs/context/overview.md') > paths('context').indexOf('test/unit/workspace/contextParts.test.ts'));
  assert.equal(paths('composer')[0], 'src/ui/composer.ts', 'equal name match: the shorter path wins');
});

test('a query with a folder separator matches the path, backslashes too', () => {
  assert.equal(paths('ui/comp')[0], 'src/ui/composer.ts');
  assert.equal(paths('ui\\comp')[0], 'src/ui/composer.ts');
  assert.equal(paths('docs/ctx')[0], 'docs/context/overview.md');
});

test('the limit caps the rows and an empty query keeps the given order', () => {
  assert.equal(paths('s', 2).length, 2);
  assert.deepEqual(paths('  ', 3), files.slice(0, 3).map((f) => f.path));
});

test('any file of 40,000 is found by part of its path', () => {
  const big = Array.from({ length: 40_000 }, (_, i) => indexFile(`pkg${i % 97}/src/module${i}/file${i}.ts`));
  for (const i of [0, 12_345, 39_999]) {
    assert.equal(rankFiles(`module${i}/file${i}`, big, 5)[0]?.path, `pkg${i % 97}/src/module${i}/file${i}.ts`);
  }
});
