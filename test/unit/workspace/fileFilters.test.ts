import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ignoredBy, searchExcludes } from '../../../src/workspace/fileFilters';

test('search.exclude: true entries become one findFiles glob; false and `when` entries do not', () => {
  const s = searchExcludes({ '**/node_modules': true, '**/bower_components': true, '**/keep': false, '**/*.js': { when: '$(basename).ts' } });
  assert.equal(s.glob, '{**/node_modules,**/bower_components}');
  assert.equal(s.excluded('src/a.js'), false);
  assert.equal(searchExcludes(undefined).glob, undefined);
  assert.equal(searchExcludes('nonsense').glob, undefined);
});

test('search.exclude patterns with braces are applied after the search, folders included', () => {
  const s = searchExcludes({ '**/*.{min.js,map}': true, '{out,dist}': true });
  assert.equal(s.glob, undefined);
  assert.equal(s.excluded('web/app.min.js'), true);
  assert.equal(s.excluded('web/app.js.map'), true);
  assert.equal(s.excluded('dist/index.js'), true);
  assert.equal(s.excluded('src/index.js'), false);
});

test('ignore files: folders, negations, nested files and their precedence', () => {
  const ignored = ignoredBy([
    { dir: '', text: 'scratch/\n' }, // .git/info/exclude
    { dir: '', text: '# build output\ndist/\n*.log\n!keep.log\n' },
    { dir: 'packages/a', text: 'generated/\n!debug.log\n' },
  ]);
  assert.equal(ignored('dist/bundle.js'), true);
  assert.equal(ignored('packages/a/dist/x.js'), true, 'a pattern without a leading slash matches at any depth');
  assert.equal(ignored('src/dist.ts'), false);
  assert.equal(ignored('error.log'), true);
  assert.equal(ignored('keep.log'), false);
  assert.equal(ignored('packages/a/generated/types.ts'), true);
  assert.equal(ignored('packages/b/generated/types.ts'), false, 'a nested file applies only below its folder');
  assert.equal(ignored('packages/a/debug.log'), false, 'a deeper file re-includes');
  assert.equal(ignored('scratch/notes.md'), true);
  assert.equal(ignored('src/index.ts'), false);
  assert.equal(ignoredBy([])('anything'), false);
});
