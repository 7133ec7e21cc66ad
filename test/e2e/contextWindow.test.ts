// A conversation that outgrows a small model's context window, in a real VS Code (code-server) with
// Flowpair from its .vsix, against the fake backend playing a 2,500-token model (it says so in its
// model list): near the limit the composer offers a new conversation or a compacted history; the
// turn the server refuses shows "New Conversation" and "Compact and Retry"; "Compact and Retry"
// writes a summary turn and sends the refused prompt again, which the small model now answers.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session } from './session';

const WINDOW = 2_500;
let fake: FakeBackend;
let s: Session;

before(async () => {
  fake = await startFakeBackend({ models: ['gpt-5.3-codex-spark'], contextWindowTokens: WINDOW });
  s = await openSession({
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-e2e-small-window' },
    backend: fake.baseUrl,
  });
});

after(async () => {
  await s?.close();
  await fake?.close();
});

test('a conversation that outgrows the window is offered both ways out, and Compact and Retry continues it', async () => {
  // the summary rule first: the summary request quotes the earlier prompts
  fake.when('Summarise the conversation', { text: 'Summary: the user asked about alpha and beta; both were answered.' });
  fake.when('alpha', { text: `Alpha: ${'lorem ipsum '.repeat(420)}` });
  fake.when('beta', { text: `Beta: ${'dolor sit amet '.repeat(340)}` });
  fake.when('gamma', { text: 'Gamma answered.' });

  await s.send('tell me about alpha');
  await s.turns().last().locator('.answer').filter({ hasText: 'Alpha:' }).waitFor();
  await s.composer().locator('article.turn[data-status="completed"]').nth(0).waitFor();
  await s.send('and beta');
  await s.turns().last().locator('.answer').filter({ hasText: 'Beta:' }).waitFor();
  await s.composer().locator('article.turn[data-status="completed"]').nth(1).waitFor();

  // near the limit (the window is the one the server's model list gives): both offers are there
  const near = s.composer().locator('#near-limit');
  await near.filter({ hasText: "of gpt-5.3-codex-spark's context window" }).waitFor();
  assert.equal(await near.locator('vscode-button', { hasText: 'New Conversation' }).count(), 1);
  assert.equal(await near.locator('vscode-button', { hasText: 'Compact History' }).count(), 1);

  await s.send('now gamma');
  const refused = s.turns().last();
  await refused.locator('.turn-status.status-failed').filter({ hasText: 'context window' }).waitFor();
  assert.equal(await refused.locator('vscode-button', { hasText: 'New Conversation' }).count(), 1);
  assert.equal(await refused.locator('vscode-button', { hasText: 'Compact and Retry' }).count(), 1);
  assert.equal(await s.composer().locator('#prompt textarea').inputValue(), 'now gamma', 'the refused prompt is back in the box, not lost');

  await refused.locator('vscode-button', { hasText: 'Compact and Retry' }).click();
  const summary = s.turns().filter({ hasText: 'Compact history' }).last();
  await summary.locator('.answer').filter({ hasText: 'Summary: the user asked about alpha and beta' }).waitFor();
  await s.turns().last().locator('.answer').filter({ hasText: 'Gamma answered.' }).waitFor();
  assert.equal(await s.composer().locator('#prompt textarea').inputValue(), '', 'the retried prompt left the box');
  const refusedRequests = fake.requests.filter((r) => JSON.stringify(r.body.input ?? '').includes('now gamma'));
  assert.ok(refusedRequests.length >= 2, 'the prompt was sent again after compacting');
  await near.waitFor({ state: 'hidden' });
});
