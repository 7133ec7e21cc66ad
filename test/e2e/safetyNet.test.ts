// The safety net as a user meets it, in code-server with Flowpair from its .vsix against the fake
// backend: accepts from two turns are journaled; "Restore files to before this turn" and "Revert
// conversation" put exactly the earlier state on disk, skipping a file the user edited in between;
// a failing check command shows on the turn and "Fix this failure" sends its output; with no command,
// an accept that introduces a TypeScript error is flagged on its turn.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand, screenshot } from '../harness/browser';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session, waitFor } from './session';

const KEY = 'sk-e2e-safety';
const SETTINGS = { 'workbench.colorTheme': 'Default Dark Modern', 'editor.codeLens': true };

const TURN_A = `*** Begin Patch
*** Update File: src/money.ts
@@
-export function formatCents(amount: Cents, currency = 'EUR'): string {
+export function formatCents(amount: Cents, currency = 'USD'): string {
*** End Patch
`;

const TURN_B = `*** Begin Patch
*** Update File: src/money.ts
@@ export function sum(values: Cents[]): Cents {
-  return values.reduce((total, v) => total + v, 0);
+  return values.reduce((total, value) => total + value, 0);
*** Update File: README.md
@@
-# Sample workspace
+# Sample workspace for Flowpair
*** End Patch
`;

const TURN_C = `*** Begin Patch
*** Update File: src/money.ts
@@
-export type Cents = number;
+export type Cents = number;
+export const ZERO: Cents = 0;
*** End Patch
`;

const BREAKS_TYPES = `*** Begin Patch
*** Update File: src/money.ts
@@
-export type Cents = number;
+export type Cents = number;
+export const HALF: Cents = 'fifty';
*** End Patch
`;

let fake: FakeBackend;
let s: Session;
let page: Page;
let original: { money: string; readme: string };

before(async () => {
  fake = await startFakeBackend({ apiKey: KEY, models: ['gpt-5.3-codex-spark', 'gpt-5.5', 'gpt-5.4-mini'], ttftMs: 10, tokensPerSecond: 2000 });
  s = await openSession({
    settings: SETTINGS,
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY },
    backend: fake.baseUrl,
  });
  original = { money: s.disk('src/money.ts'), readme: s.disk('README.md') };
  page = s.page;
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const composerHeader = () => page.locator('.pane-header', { hasText: 'Composer' });
const turn = (prompt: string) => s.composer().locator('article.turn').filter({ hasText: prompt });

/** Sends a prompt and waits for its turn to finish. */
async function send(text: string): Promise<void> {
  await s.send(text);
  await turn(text).locator('.turn-stats').waitFor();
}

async function acceptAllIn(prompt: string, path: string): Promise<void> {
  await turn(prompt).locator(`.file-card[data-path="${path}"] vscode-button`, { hasText: 'Accept all' }).click();
}

/** Confirms the restore's quick pick with its default choice (files edited since stay unchecked). */
async function confirmRestore(expectedRows: number): Promise<string[]> {
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.nth(expectedRows - 1).waitFor();
  const labels = await rows.allInnerTexts();
  await page.locator('.quick-input-widget .quick-input-box input').press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  return labels;
}

test('accepts from two turns are journaled; restoring to before the second turn and reverting the conversation skip a file the user edited', async () => {
  fake.when('use dollars', { text: 'Switching the default currency.', toolCalls: [{ input: TURN_A, callId: 'call_a' }] });
  await send('use dollars');
  await acceptAllIn('use dollars', 'src/money.ts');
  const afterA = original.money.replace("currency = 'EUR'", "currency = 'USD'");
  await waitFor('turn A on disk', () => s.disk('src/money.ts') === afterA);
  await turn('use dollars').locator('.safety-restore').waitFor();

  fake.when('clearer names', { text: 'Renaming and retitling.', toolCalls: [{ input: TURN_B, callId: 'call_b' }] });
  await send('clearer names');
  await acceptAllIn('clearer names', 'src/money.ts');
  await acceptAllIn('clearer names', 'README.md');
  const afterB = afterA.replace('(total, v) => total + v', '(total, value) => total + value');
  await waitFor('turn B on disk', () => s.disk('src/money.ts') === afterB && s.disk('README.md').startsWith('# Sample workspace for Flowpair'));

  // The journal lists both turns and each decision.
  await runCommand(page, 'Flowpair: Show Edit Journal');
  const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Edit Journal' }) });
  // The tree only renders the rows in view: fold the composer so the journal has the side bar's height.
  await composerHeader().click();
  await tree.locator('.monaco-list-row', { hasText: 'accepted README.md:1' }).waitFor();
  assert.equal(await tree.locator('.monaco-list-row', { hasText: 'gpt-5.3-codex-spark' }).count(), 2, 'two turns');
  assert.equal(await tree.locator('.monaco-list-row', { hasText: /accepted src\/money\.ts:\d/ }).count(), 2, 'a decision per accepted money.ts hunk');
  await screenshot(page, 'edit-journal');
  await composerHeader().click();

  // The user edits the README in between (another editor, a git checkout: the file changes on disk).
  const userReadme = s.disk('README.md').replace('A small project', 'A tiny project');
  writeFileSync(join(s.cs.workspaceDir, 'README.md'), userReadme);
  await s.openFile('README.md');
  await page.locator('.editor-instance .view-lines', { hasText: 'A tiny project' }).first().waitFor();

  await turn('clearer names').locator('.safety-restore').click();
  const rows = await confirmRestore(2);
  assert.ok(rows.some((r) => /README\.md[\s\S]*edited since/.test(r)), `the README is listed as edited since: ${rows.join(' | ')}`);
  await waitFor('money.ts back to the state after turn A', () => s.disk('src/money.ts') === afterA);
  assert.equal(s.disk('README.md'), userReadme, 'the file the user edited is skipped');

  await turn('use dollars').locator('.safety-revertConversation').click();
  await confirmRestore(2);
  await waitFor('money.ts back to the original', () => s.disk('src/money.ts') === original.money);
  assert.equal(s.disk('README.md'), userReadme, 'still skipped: the user edited it');

  await runCommand(page, 'Flowpair: Show Edit Journal');
  await composerHeader().click();
  await tree.locator('.monaco-list-row', { hasText: /restored 1 file, skipped README\.md/ }).first().waitFor();
  await composerHeader().click();
});

test('with no check command, an accept that introduces a TypeScript error is flagged on its turn', async () => {
  fake.when('half constant', { text: 'Adding HALF.', toolCalls: [{ input: BREAKS_TYPES, callId: 'call_half' }] });
  await send('half constant');
  const moneyNow = s.disk('src/money.ts');
  await acceptAllIn('half constant', 'src/money.ts');
  await waitFor('the bad constant on disk', () => s.disk('src/money.ts') !== moneyNow);
  const flagged = turn('half constant').locator('.turn-safety .check-errors');
  await flagged.waitFor({ timeout: 60_000 });
  assert.match(await flagged.innerText(), /this edit introduced 1 error in src\/money\.ts/);
  assert.ok(await turn('half constant').locator('.safety-fixFailure').isVisible(), 'Fix is offered');
  assert.ok(await turn('half constant').locator('.safety-restore').isVisible(), 'Undo is offered');
});

test('a failing check command shows on the turn, and "Fix this failure" sends its output', async () => {
  // The project's check, as a workspace would set it (trusted workspace).
  mkdirSync(join(s.cs.workspaceDir, '.vscode'), { recursive: true });
  const command = 'node -e "console.log(\'checking\'); console.error(\'FAIL cart total: expected 300, got 30\'); process.exit(2)"';
  writeFileSync(join(s.cs.workspaceDir, '.vscode', 'settings.json'), JSON.stringify({ 'flowpair.check.command': command }));
  // On demand first ("Run Check Now" about the latest turn): it also shows the new setting arrived.
  const checking = turn('half constant').locator('.turn-safety .check-running, .turn-safety .check-failed');
  for (let tries = 0; !(await checking.first().isVisible()); tries++) {
    assert.ok(tries < 20, 'Run Check Now ran the command on the latest turn');
    await runCommand(page, 'Flowpair: Run Check Now');
    await checking.first().waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
  await turn('half constant').locator('.turn-safety .check-failed').waitFor({ timeout: 60_000 });
  fake.when('add zero', { text: 'Adding a ZERO constant.', toolCalls: [{ input: TURN_C, callId: 'call_c' }] });
  await send('add zero');
  await acceptAllIn('add zero', 'src/money.ts');
  const failed = turn('add zero').locator('.turn-safety .check-failed');
  await failed.waitFor({ timeout: 60_000 });
  assert.match(await failed.innerText(), /failed \(exit 2\)/);
  assert.match(await turn('add zero').locator('.check-tail').innerText(), /FAIL cart total: expected 300, got 30/);
  await screenshot(page, 'check-failed');

  fake.when('Fix this failure', { text: 'Looking at the failure.' });
  const before = fake.requests.length;
  await turn('add zero').locator('.safety-fixFailure').click();
  const fixTurn = s.composer().locator('article.turn').last();
  await fixTurn.locator('.bubble', { hasText: 'Fix this failure' }).waitFor();
  await fixTurn.locator('.turn-stats').waitFor();
  const sent = fake.requests.slice(before).map((r) => JSON.stringify(r.body.input ?? r.body.messages ?? ''));
  assert.ok(sent.some((s) => s.includes('FAIL cart total: expected 300, got 30') && s.includes('ZERO')), 'the output and the accepted hunk went with the prompt');
});
