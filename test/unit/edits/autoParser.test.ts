import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AutoParser } from '../../../src/edits/autoParser';
import { ApplyPatchParser } from '../../../src/edits/patch';
import { SearchReplaceParser } from '../../../src/edits/searchReplace';
import type { PatchEvent, PatchParser } from '../../../src/edits/types';

const V4A = '*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+b\n*** End Patch\n';
const BLOCKS = 'Here is the change:\n\na.txt\n```\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```\n';

function byChar(parser: PatchParser, text: string): PatchEvent[] {
  const events: PatchEvent[] = [];
  for (const c of text) events.push(...parser.push(c));
  return [...events, ...parser.end()];
}

describe('format-detecting parser', () => {
  test('apply_patch text gives exactly the apply_patch parser\'s events, streamed or whole', () => {
    const auto = new AutoParser();
    assert.deepEqual(byChar(auto, V4A), byChar(new ApplyPatchParser(), V4A));
    assert.equal(auto.format, 'apply_patch');
  });

  test('SEARCH/REPLACE blocks after prose give the SEARCH/REPLACE parser\'s events', () => {
    const auto = new AutoParser();
    assert.deepEqual(byChar(auto, BLOCKS), byChar(new SearchReplaceParser(), BLOCKS));
    assert.equal(auto.format, 'search_replace');
  });

  test('text that is neither is read as apply_patch, with its error', () => {
    const auto = new AutoParser();
    const events = [...auto.push('just some prose\n'), ...auto.end()];
    assert.equal(auto.format, 'apply_patch');
    assert.deepEqual(events.map((e) => e.type), ['error']);
  });

  test('cut before the format shows reports the edit as cut off before any file; cut inside a block reports the block', () => {
    const early = new AutoParser();
    assert.deepEqual([...early.push('a.txt\n'), ...early.cut()], [{ type: 'cutOff', part: 'the edit, before its first file' }]);
    const late = new AutoParser();
    const events = [...late.push('a.txt\n<<<<<<< SEARCH\na\n'), ...late.cut()];
    assert.deepEqual(events.map((e) => e.type), ['fileStart', 'cutOff']);
  });
});
