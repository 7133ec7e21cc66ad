// The live loop as a user drives it, in a real VS Code (code-server) with Flowpair installed from
// its .vsix, talking to the fake backend over the real protocol: a streamed answer whose patch for
// two files becomes hunks before the answer ends, accept / reject / accept all / stale / undo,
// "Fix with Flowpair" on a real TypeScript diagnostic, Stop and steer, and the model picker.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand, screenshot } from '../harness/browser';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, SAMPLE_WORKSPACE, type Session, waitFor } from './session';

const KEY = 'sk-e2e-secret-storage';
const MODELS = ['gpt-5.3-codex-spark', 'gpt-5.5', 'gpt-5.4-mini', 'local-coder-7b'];

const MONEY_PATCH = `*** Begin Patch
*** Update File: src/money.ts
@@
-export type Cents = number;
+/** An amount in cents. */
+export type Cents = number;
@@
-export function formatCents(amount: Cents, currency = 'EUR'): string {
+export function formatCents(amount: Cents, currency = 'USD'): string {
@@ export function sum(values: Cents[]): Cents {
-  return values.reduce((total, v) => total + v, 0);
+  return values.reduce((total, value) => total + value, 0);
*** Update File: README.md
@@
-# Sample workspace
+# Sample workspace for Flowpair
@@
-\`src/cart.ts\` (try the "Fix with Flowpair" quick fix on it) and a Python script in \`scripts/\`.
+\`src/cart.ts\` (try the "Fix with Flowpair" quick fix on it) and a Python script, \`scripts/stats.py\`.
*** End Patch
`;

const FIX_PATCH = `*** Begin Patch
*** Update File: src/cart.ts
@@   summary(): string {
-    const count: string = this.items.length;
+    const count = this.items.length;
*** End Patch
`;

let fake: FakeBackend;
let s: Session;
let page: Page;
let original: { money: string; readme: string };

before(async () => {
  fake = await startFakeBackend({ apiKey: KEY, models: MODELS, ttftMs: 20, tokensPerSecond: 400 });
  s = await openSession({
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.codeLens': true },
    // The key is NOT in the environment: the test stores it through "Set API Key" (SecretStorage).
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: '' },
  });
  original = { money: s.disk('src/money.ts'), readme: s.disk('README.md') };
  page = s.page;
  await runCommand(page, 'Flowpair: Set API Key');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(KEY);
  await input.press('Enter');
  await s.openComposer(fake.baseUrl);
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const hunk = (path: string, id: string) => s.card(path).locator(`li.hunk[data-hunk-id="${id}"]`);
const chip = (path: string, id: string) => hunk(path, id).locator('.status-chip');

/** The editor's visible text of the active file, as the user sees it. */
async function editorText(): Promise<string> {
  return (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

async function gotoLine(line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
}

test('a prompt streams an answer whose patch shows as hunks for two files before the answer ends', async () => {
  fake.when('tidy money', { text: 'Tidying `money.ts` and the README:', toolCalls: [{ input: MONEY_PATCH, callId: 'call_money' }], tokensPerSecond: 25 });
  await s.send('tidy money.ts and the README');
  await s.card('src/money.ts').waitFor();
  await hunk('src/money.ts', 'h1').waitFor();
  // The answer is still streaming while the first hunks are on screen.
  assert.equal(await s.composer().locator('article.turn .turn-status').count(), 0, 'no turn has ended yet');
  assert.ok(await s.composer().locator('#stop').isVisible(), 'Stop is offered while streaming');
  await hunk('README.md', 'h2').waitFor();
  await s.composer().locator('article.turn .turn-stats').first().waitFor();
  assert.match(await s.composer().locator('article.turn .answer').first().innerText(), /Tidying money\.ts and the README/);
  // the key from SecretStorage reached the backend; nothing went unauthorised
  assert.ok(fake.requests.length > 0 && fake.requests.every((r) => r.authorized), 'every request carried the stored key');
  // the editor shows the hunks over the untouched buffer, with CodeLens
  await s.openFile('src/money.ts');
  await page.locator('.codelens-decoration a', { hasText: 'Accept' }).first().waitFor();
  assert.equal(s.disk('src/money.ts'), original.money, 'nothing written before an accept');
  await screenshot(page, 'inline-hunks-codelens');
});

test('accept one hunk, reject another, edit under a third (stale), accept all of the second file, undo', async () => {
  await hunk('src/money.ts', 'h1').locator('.hunk-accept').click();
  await chip('src/money.ts', 'h1').filter({ hasText: 'accepted' }).waitFor();
  const afterH1 = original.money.replace('export type Cents = number;', '/** An amount in cents. */\nexport type Cents = number;');
  await s.waitForDisk('src/money.ts', afterH1);

  await hunk('src/money.ts', 'h2').locator('.hunk-reject').click();
  await chip('src/money.ts', 'h2').filter({ hasText: 'rejected' }).waitFor();

  // The user types inside the third hunk's lines: it turns stale and their text stays.
  await page.locator('.editor-instance .monaco-editor').first().click();
  await gotoLine(9);
  await page.keyboard.press('End');
  await page.keyboard.type(' // mine');
  await chip('src/money.ts', 'h3').filter({ hasText: 'stale' }).waitFor();
  assert.match(await editorText(), /total \+ v, 0\); \/\/ mine/);
  assert.equal(s.disk('src/money.ts'), afterH1, 'the stale hunk wrote nothing');

  await s.card('README.md').locator('vscode-button', { hasText: 'Accept all' }).click();
  const readmeAccepted = original.readme
    .replace('# Sample workspace', '# Sample workspace for Flowpair')
    .replace('and a Python script in `scripts/`.', 'and a Python script, `scripts/stats.py`.');
  await s.waitForDisk('README.md', readmeAccepted);
  await screenshot(page, 'composer-hunks');

  // Ctrl+Z undoes that accept like any edit (one undo step), and saving writes the original back.
  await s.openFile('README.md');
  await page.locator('.editor-instance .monaco-editor').first().click();
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+S');
  await s.waitForDisk('README.md', original.readme);
});

test('"Fix with Flowpair" on a real TypeScript diagnostic streams a hunk; accepting it clears the diagnostic', async () => {
  fake.when(/^Fix: /m, { text: 'The count is a number.', toolCalls: [{ input: FIX_PATCH, callId: 'call_fix' }] });
  await s.openFile('src/cart.ts');
  const squiggle = page.locator('.editor-instance .squiggly-error');
  await squiggle.first().waitFor({ timeout: 60_000 }); // the TypeScript server reports the deliberate error
  await gotoLine(22, 12); // on `count`, where the error is
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget .monaco-list-row', { hasText: 'Fix with Flowpair' }).first().click();
  await hunk('src/cart.ts', 'h1').waitFor();
  await s.composer().locator('article.turn .origin-fix').first().waitFor();
  await hunk('src/cart.ts', 'h1').locator('.hunk-accept').click();
  await s.waitForDisk('src/cart.ts', readFileSync(join(SAMPLE_WORKSPACE, 'src/cart.ts'), 'utf8').replace('const count: string =', 'const count ='));
  await squiggle.first().waitFor({ state: 'detached', timeout: 60_000 });
});

test('the active file is attached as a chip; a file matching flowpair.context.exclude is shown but never sent', async () => {
  const chips = s.composer().locator('#chips li.chip');
  await s.openFile('src/money.ts');
  await chips.filter({ hasText: 'src/money.ts' }).first().waitFor();
  fake.when('what does this file do', { text: 'It formats money.' });
  await s.send('what does this file do');
  await s.composer().locator('article.turn').last().locator('.answer').filter({ hasText: 'It formats money.' }).waitFor();
  const withFile = fake.requests.filter((r) => JSON.stringify(r.body.input ?? '').includes('what does this file do')).at(-1);
  assert.match(JSON.stringify(withFile?.body.input), /export function formatCents/, 'the active file went with the prompt');

  await s.openFile('.env');
  await chips.filter({ hasText: 'not sent: matches .env*' }).first().waitFor();
  fake.when('any secrets here', { text: 'I cannot see that file.' });
  await s.send('any secrets here');
  await s.composer().locator('article.turn').last().locator('.answer').filter({ hasText: 'I cannot see that file.' }).waitFor();
  assert.ok(!fake.requests.some((r) => JSON.stringify(r.body).includes('not-a-real-secret-e2e')), 'the excluded file never reached the backend');
  await page.keyboard.press('Control+W');
});

test('Stop keeps the partial answer; a send while streaming steers into a second turn chained to the first', async () => {
  fake.when('essay', { text: 'Lorem ipsum dolor sit amet. '.repeat(120), tokensPerSecond: 40 });
  await s.send('write an essay on carts');
  const turns = s.composer().locator('article.turn');
  const last = () => turns.last();
  await last().locator('.answer').filter({ hasText: 'Lorem ipsum' }).waitFor();
  await s.composer().locator('#stop').click();
  await last().locator('.turn-status.status-interrupted').waitFor();
  const partial = await last().locator('.answer').innerText();
  assert.ok(partial.length > 0 && partial.length < 'Lorem ipsum dolor sit amet. '.length * 120, 'a partial answer is kept');

  await s.send('write an essay on money');
  await last().locator('.answer').filter({ hasText: 'Lorem ipsum' }).waitFor();
  const firstId = await last().getAttribute('id');
  fake.when('shorter', { text: 'In short: carts hold items.' });
  await s.send('shorter please');
  await s.composer().locator(`#${firstId} .turn-status.status-interrupted`).waitFor();
  await last().locator('.answer').filter({ hasText: 'In short: carts hold items.' }).waitFor();
  const steer = fake.requests.filter((r) => JSON.stringify(r.body.input ?? '').includes('shorter please')).at(-1);
  assert.ok(steer, 'the backend received the steering turn');
  const chained = typeof steer.body.previous_response_id === 'string' || JSON.stringify(steer.body.input).includes('Lorem ipsum');
  assert.ok(chained, 'the steering turn continues from the interrupted answer');
});

test('the status-bar picker lists the backend models and the next request uses the chosen one', async () => {
  await page.locator('.statusbar-item', { hasText: 'gpt-5.3-codex-spark' }).first().click();
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'local-coder-7b' }).first();
  await row.waitFor();
  await row.click();
  await page.locator('.statusbar-item', { hasText: 'local-coder-7b' }).first().waitFor();
  fake.when('which model', { text: 'This one.' });
  await s.send('which model are you');
  await s.composer().locator('article.turn').last().locator('.answer').filter({ hasText: 'This one.' }).waitFor();
  const request = fake.requests.filter((r) => JSON.stringify(r.body.input ?? r.body.messages ?? '').includes('which model')).at(-1);
  assert.equal(request?.body.model, 'local-coder-7b');
});

test('the transcript and the hunk cards survive the composer being hidden and shown again', async () => {
  const turns = await s.composer().locator('article.turn').count();
  assert.ok(turns >= 5);
  await runCommand(page, 'View: Close Primary Side Bar');
  await runCommand(page, 'Flowpair: Open Composer');
  await s.composer().locator('article.turn').nth(turns - 1).waitFor();
  assert.equal(await s.composer().locator('article.turn').count(), turns);
  await chip('src/money.ts', 'h1').filter({ hasText: 'accepted' }).waitFor();
  await chip('src/money.ts', 'h3').filter({ hasText: 'stale' }).waitFor();
});

test('an unknown message from the webview is ignored and logged', async () => {
  const content = await (await s.composer().locator('#app').elementHandle())!.ownerFrame();
  // Exactly what acquireVsCodeApi().postMessage does (it calls this function of code-server's webview
  // host page), with messages the host must refuse: an unknown type, and a known type with a bad field.
  await content!.parentFrame()!.evaluate(() => {
    const send = (window as unknown as { __vscode_post_message__(c: string, d: unknown): void }).__vscode_post_message__;
    send('onmessage', { message: { type: 'deleteEverything', path: '/' } });
    send('onmessage', { message: { type: 'hunk', fileId: 'x', hunkId: 'h1', action: 'format-disk' } });
  });
  const logged = () => flowpairLog().includes('ignored invalid message type="deleteEverything"') && flowpairLog().includes('ignored invalid message type="hunk"');
  await waitFor('both refusals in the Flowpair log', logged, 10_000).catch(() => assert.fail(`not logged; log was:\n${flowpairLog()}`));
});

function flowpairLog(): string {
  for (const entry of readdirSync(s.cs.logsDir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === 'Flowpair.log') return readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return '';
}
