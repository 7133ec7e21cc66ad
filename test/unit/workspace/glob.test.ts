import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesAny, matchesGlob } from '../../../src/workspace/glob';

test('a pattern without a slash matches the basename at any depth', () => {
  assert.ok(matchesGlob('.env*', '.env'));
  assert.ok(matchesGlob('.env*', 'config/.env.local'));
  assert.ok(matchesGlob('*.pem', 'certs/deep/server.pem'));
  assert.ok(matchesGlob('id_*', 'home/.ssh/id_ed25519'));
  assert.ok(!matchesGlob('*.pem', 'server.pem.txt'));
  assert.ok(!matchesGlob('.env*', 'src/environment.ts'));
});

test('* and ? stay within one segment', () => {
  assert.ok(matchesGlob('src/*.ts', 'src/a.ts'));
  assert.ok(!matchesGlob('src/*.ts', 'src/lib/a.ts'));
  assert.ok(matchesGlob('src/?.ts', 'src/a.ts'));
  assert.ok(!matchesGlob('src/?.ts', 'src/ab.ts'));
  assert.ok(!matchesGlob('a?b', 'a/b'));
});

test('** spans zero or more segments', () => {
  assert.ok(matchesGlob('**/.env*', '.env'));
  assert.ok(matchesGlob('**/.env*', 'a/b/.env.prod'));
  assert.ok(matchesGlob('secrets/**', 'secrets/a/b.txt'));
  assert.ok(matchesGlob('src/**/*.key', 'src/x.key'));
  assert.ok(matchesGlob('src/**/*.key', 'src/a/b/x.key'));
  assert.ok(!matchesGlob('src/**/*.key', 'lib/x.key'));
  assert.ok(matchesGlob('x/a**b', 'x/a/y/b'));
});

test('regex metacharacters are literal', () => {
  assert.ok(matchesGlob('file(1).txt', 'file(1).txt'));
  assert.ok(!matchesGlob('a.b', 'axb'));
  assert.ok(matchesGlob('./src/*.ts', 'src/a.ts'));
});

test('matchesAny returns the first matching pattern', () => {
  assert.equal(matchesAny(['*.key', '.env*'], 'app/.env'), '.env*');
  assert.equal(matchesAny(['*.key'], 'app/main.ts'), undefined);
});
