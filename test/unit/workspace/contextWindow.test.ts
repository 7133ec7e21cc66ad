import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextWindowOf, largerWindowModel } from '../../../src/workspace/contextWindow';

test('the server’s figure wins, then the known window, then the setting', () => {
  const reported = new Map([['local-coder', 32_768], ['gpt-5.5', 200_000]]);
  assert.equal(contextWindowOf('local-coder', reported, 8_000), 32_768);
  assert.equal(contextWindowOf('gpt-5.5', reported, 8_000), 200_000);
  assert.equal(contextWindowOf('gpt-5.3-codex-spark', reported, 8_000), 128_000);
  assert.equal(contextWindowOf('unknown-model', reported, 8_000), 8_000);
});

test('a larger model is named only when one has a larger window', () => {
  const windows: Record<string, number> = { a: 128_000, b: 128_000, c: 400_000, d: 1_000_000 };
  const of = (m: string) => windows[m]!;
  assert.equal(largerWindowModel('a', ['b'], of), undefined, 'all the same window: no "switch model"');
  assert.equal(largerWindowModel('a', ['b', 'c', 'd'], of), 'd');
  assert.equal(largerWindowModel('d', ['a', 'c'], of), undefined);
});
