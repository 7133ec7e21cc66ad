// Threat (issue 11, item 3): a repository-set pattern made the hand-written matcher backtrack
// exponentially and froze the extension host on every editor change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGlobs } from '../../../src/security/glob';

const matches = (pattern: string, path: string) => compileGlobs([pattern]).test(path);

test('* and ? stay within one segment, ** spans segments, metacharacters are literal', () => {
  assert.ok(matches('src/*.ts', 'src/a.ts'));
  assert.ok(!matches('src/*.ts', 'src/lib/a.ts'));
  assert.ok(matches('src/?.ts', 'src/a.ts'));
  assert.ok(!matches('src/?.ts', 'src/ab.ts'));
  assert.ok(matches('**/.env*', '.env'));
  assert.ok(matches('**/.env*', 'a/b/.env.prod'));
  assert.ok(matches('src/**/*.key', 'src/a/b/x.key'));
  assert.ok(!matches('src/**/*.key', 'lib/x.key'));
  assert.ok(matches('file(1).txt', 'file(1).txt'));
  assert.ok(!matches('a.b', 'axb'));
  assert.ok(matches('{a,b}/*.ts', 'b/x.ts'));
});

test('matching ignores case', () => {
  assert.ok(matches('*.pem', 'Server.PEM'));
  assert.ok(matches('.env*', '.ENV.local'));
});

test('a pathological repository pattern (twenty `*a` then b) on a long name finishes: the engine never backtracks', { timeout: 10_000 }, () => {
  const globs = compileGlobs(['*a'.repeat(20) + 'b', '*'.repeat(20), '**/'.repeat(20) + 'x']);
  assert.deepEqual(globs.invalid, []);
  assert.equal(globs.test('a'.repeat(5_000)), true); // '*'×20 matches anything in one segment
  assert.equal(compileGlobs(['*a'.repeat(20) + 'b']).test('a'.repeat(5_000)), false);
  assert.equal(compileGlobs(['**/'.repeat(20) + 'x']).test('a/'.repeat(2_000) + 'y'), false);
});

test('patterns that would expand into huge expressions are refused, not compiled', { timeout: 10_000 }, () => {
  const globs = compileGlobs(['{a,b}'.repeat(30), 'x'.repeat(600), '*.ok']);
  assert.deepEqual(
    globs.invalid.map((i) => i.pattern),
    ['{a,b}'.repeat(30), 'x'.repeat(600)],
  );
  assert.ok(globs.test('file.OK'));
});

test('which() names the first pattern that matches', () => {
  const globs = compileGlobs(['*.key', '.env*']);
  assert.equal(globs.which('.env'), '.env*');
  assert.equal(globs.which('main.ts'), undefined);
});

test('a repository list of thousands of long patterns still compiles: the first ones apply, the rest are refused, nothing throws', { timeout: 30_000 }, () => {
  const patterns = Array.from({ length: 5000 }, (_, i) => `${'*a'.repeat(100)}${i}/**`);
  const set = compileGlobs(['first.txt', ...patterns]);
  assert.ok(set.test('FIRST.txt'));
  assert.ok(set.test(`${'a'.repeat(100)}0/x`), 'an early long pattern applies');
  assert.ok(set.invalid.length > 4000, `most are refused (${set.invalid.length})`);
  assert.match(set.invalid.at(-1)!.error, /too many or too large patterns/);
});
