import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { compactionTranscript } from '../../../src/ui/compaction';

const FILE = 'export const x = 1;\n'.repeat(5_000);
const history: ResponseInputItem[] = [
  { role: 'user', content: `Context from the user's editor:\n\nFile \`a.ts\`:\n\`\`\`ts\n${FILE}\`\`\`\n\nrename x to y` },
  { role: 'assistant', content: 'Renaming x.' },
  { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch\n*** Update File: a.ts\n-x\n+y\n*** End Patch' },
  { type: 'custom_tool_call_output', call_id: 'c1', output: 'Accepted: 1 hunk applied.' },
  { role: 'user', content: 'now add a test' },
  { role: 'assistant', content: 'Here is a test.' },
];

test('the summary transcript leaves attachments out and keeps prompts, answers, edits and their outcomes', () => {
  const text = compactionTranscript(history, 100_000);
  assert.ok(text.split('export const x = 1;').length - 1 < 100, 'at most the tail of the attached file is kept, not its 5,000 lines');
  assert.ok(text.length < 5_000);
  assert.match(text, /User: \[attached files left out\] ….*rename x to y/s);
  assert.match(text, /Assistant: Renaming x\./);
  assert.match(text, /Assistant proposed an edit \(apply_patch\):\n\*\*\* Begin Patch/);
  assert.match(text, /Outcome: Accepted: 1 hunk applied\./);
  assert.match(text, /User: now add a test\n\nAssistant: Here is a test\.$/);
});

test('when the transcript does not fit, the oldest entries go first and the cut is said', () => {
  const text = compactionTranscript(history, 120);
  assert.match(text, /^\[\d+ earlier entries left out\]/);
  assert.match(text, /Here is a test\.$/);
  assert.equal(compactionTranscript([], 100), '');
});
