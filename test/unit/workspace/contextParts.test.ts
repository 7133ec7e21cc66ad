import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextText, contextView, estimateTokens, fileText, part } from '../../../src/workspace/contextParts';

test('an attached file is sent fenced with its path, and counted against the window', () => {
  const parts = [part({ id: 'file:a.ts', kind: 'file', label: 'a.ts' }, fileText('a.ts', 'typescript', 'const a = 1;\n'))];
  assert.match(contextText(parts), /File `a\.ts`:\n```typescript\nconst a = 1;\n\n```/);
  const view = contextView(parts, { model: 'm', limitTokens: 100, instructionTokens: 0, historyTokens: 0 });
  assert.equal(view.usedTokens, estimateTokens(parts[0]!.text!));
  assert.equal(view.limitTokens, 100);
});

test('the meter counts instructions and history with the attachments', () => {
  const parts = [part({ id: 'file:a.ts', kind: 'file', label: 'a.ts' }, 'x'.repeat(400))];
  const view = contextView(parts, { model: 'm', limitTokens: 1000, instructionTokens: 30, historyTokens: 200 });
  assert.equal(view.usedTokens, 30 + 200 + 100);
  assert.equal(view.model, 'm');
});

test('an excluded chip is shown with its reason, counts nothing and is never sent', () => {
  const secret = part({ id: 'file:.env', kind: 'file', label: '.env', excluded: 'matches .env*' }, fileText('.env', 'dotenv', 'TOKEN=hunter2'));
  assert.equal(secret.text, undefined);
  assert.equal(secret.chip.tokens, 0);
  assert.equal(secret.chip.excluded, 'matches .env*');
  assert.equal(contextText([secret]), '');
  assert.doesNotMatch(contextText([secret, part({ id: 'file:b', kind: 'file', label: 'b' }, 'b')]), /hunter2/);
});

test('a fence inside the file cannot close the block early', () => {
  const text = fileText('README.md', 'markdown', 'before\n```js\ncode\n```\nafter');
  const fence = text.match(/^(`+)markdown$/m)?.[1];
  assert.ok(fence && fence.length > 3, 'the outer fence is longer than any inner one');
});
