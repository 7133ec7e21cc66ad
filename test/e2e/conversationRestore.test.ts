// Pending hunks belong to their conversation, in a real VS Code (code-server) with Flowpair from its
// .vsix against the fake backend: a conversation left with undecided hunks, the window reloaded, and
// the file edited before the conversation is reopened from the history — the hunk that still fits
// is pending where its lines went and Accept writes it there; the hunk whose lines were edited comes
// back stale with the reason and writes nothing.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCommand } from '../harness/browser';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session } from './session';

const PATCH = `*** Begin Patch
*** Update File: src/money.ts
@@
-export type Cents = number;
+/** An amount in cents. */
+export type Cents = number;
@@ export function sum(values: Cents[]): Cents {
-  return values.reduce((total, v) => total + v, 0);
+  return values.reduce((total, value) => total + value, 0);
*** End Patch
`;

let fake: FakeBackend;
let s: Session;

before(async () => {
  fake = await startFakeBackend({ models: ['gpt-5.3-codex-spark', 'gpt-5.5', 'gpt-5.4-mini'], ttftMs: 20, tokensPerSecond: 400 });
  s = await openSession({
    backend: fake.baseUrl,
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-e2e-conversation-restore' },
  });
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const turnWith = (prompt: string) => s.turns().filter({ has: s.composer().locator('.bubble', { hasText: prompt }) });
const hunkIn = (prompt: string, id: string) => turnWith(prompt).locator(`.file-card[data-path="src/money.ts"] li.hunk[data-hunk-id="${id}"]`);

test('after a reload, a conversation reopened from the history brings its pending hunks back: the one that fits is accepted where its lines went, the edited one is stale', async () => {
  const prompt = 'document cents and rename the sum callback';
  fake.when(prompt, { text: 'Two small changes.', toolCalls: [{ input: PATCH, callId: 'call_two' }] });
  await s.send(prompt);
  await hunkIn(prompt, 'h1').locator('.status-chip').filter({ hasText: 'pending' }).waitFor();
  await hunkIn(prompt, 'h2').locator('.status-chip').filter({ hasText: 'pending' }).waitFor();
  await turnWith(prompt).and(s.composer().locator('[data-status="completed"]')).waitFor();

  // Switching away saves the conversation with its undecided hunks.
  await runCommand(s.page, 'Flowpair: New Conversation');
  await turnWith(prompt).waitFor({ state: 'detached' });

  const reloaded = s.page.waitForEvent('load');
  await runCommand(s.page, 'Developer: Reload Window');
  await reloaded;
  await s.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  // While the conversation is closed the file changes: a line above both hunks, and the second hunk's line edited.
  const original = s.disk('src/money.ts');
  const edited = `// edited while the conversation was closed\n${original.replace('total + v, 0)', 'total + v, 0 /* by hand */)')}`;
  writeFileSync(join(s.cs.workspaceDir, 'src', 'money.ts'), edited);
  await s.openFile('src/money.ts');
  await s.page.locator('.editor-instance .view-line', { hasText: 'edited while the conversation was closed' }).first().waitFor();

  await s.openComposer(fake.baseUrl);
  await runCommand(s.page, 'Flowpair: Conversation History…');
  await s.page.locator('.quick-input-widget .monaco-list-row', { hasText: prompt }).first().click();

  const h1 = hunkIn(prompt, 'h1');
  const h2 = hunkIn(prompt, 'h2');
  await h1.locator('.status-chip').filter({ hasText: 'pending' }).waitFor();
  await h2.locator('.status-chip').filter({ hasText: 'stale' }).waitFor();
  assert.match(await h2.locator('.hunk-reason').innerText(), /the file changed while this conversation was closed: these lines are no longer in it/);
  assert.equal(await h1.locator('.hunk-line').innerText(), 'Line 2', 'the hunk moved down with its lines');
  assert.notEqual(await h2.locator('.hunk-accept').getAttribute('disabled'), null, 'a stale hunk cannot be accepted');

  await h1.locator('.hunk-accept').click();
  await h1.locator('.status-chip').filter({ hasText: 'accepted' }).waitFor();
  await s.waitForDisk('src/money.ts', edited.replace('export type Cents', '/** An amount in cents. */\nexport type Cents'));
});
