// Conversations and lanes as a user meets them, in a real VS Code (code-server) with Flowpair from its
// .vsix against the fake backend: Undo and Redo of an accept in the editor move its card back to
// pending and to accepted again; "Fix with Flowpair" while a composer answer streams runs beside it on
// a second connection, and both answers end whole; a Fix turn stops with its own Stop; a conversation with an accepted hunk survives a
// New Conversation and a window reload, is reopened from the history and continued, and the request
// that continues it carries the conversation's whole input (no previous_response_id of a dead socket).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openWorkbench, runCommand, webviewFrame, type Workbench } from '../harness/browser';
import { type CodeServer, startCodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/provision';
import { type FakeBackend, type RecordedRequest, startFakeBackend } from '../fake-backend/server';
import { packageVsix } from './vsix';

const DOC_PATCH = `*** Begin Patch
*** Update File: src/money.ts
@@
-export type Cents = number;
+/** An amount in cents. */
+export type Cents = number;
*** End Patch
`;

const SUM_PATCH = `*** Begin Patch
*** Update File: src/money.ts
@@ export function sum(values: Cents[]): Cents {
-  return values.reduce((total, v) => total + v, 0);
+  return values.reduce((total, value) => total + value, 0);
*** End Patch
`;

const FIX_PATCH = `*** Begin Patch
*** Update File: src/cart.ts
@@   summary(): string {
-    const count: string = this.items.length;
+    const count = this.items.length;
*** End Patch
`;

/** A long answer whose every word is numbered, so a cut shows. */
const LONG_ANSWER = `${Array.from({ length: 400 }, (_, i) => `w${i + 1}`).join(' ')} — the end.`;

let fake: FakeBackend;
let cs: CodeServer;
let wb: Workbench;
let page: Page;

before(async () => {
  fake = await startFakeBackend({ models: ['gpt-5.3-codex-spark', 'gpt-5.5', 'gpt-5.4-mini'], ttftMs: 20, tokensPerSecond: 400 });
  cs = await startCodeServer({
    workspace: join(repoRoot, 'test', 'sample-workspace'),
    vsix: packageVsix(),
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.codeLens': true },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-e2e-conversations' },
  });
  wb = await openWorkbench(cs);
  page = wb.page;
  await openComposer();
});

after(async () => {
  await wb?.close();
  await cs?.stop();
  await fake?.close();
});

const composer = () => webviewFrame(page, 'flowpair.flowpair');
const turns = () => composer().locator('article.turn');
const turnWith = (prompt: string) => turns().filter({ has: composer().locator('.bubble', { hasText: prompt }) });
const hunkIn = (prompt: string, path: string, id: string) => turnWith(prompt).locator(`.file-card[data-path="${path}"] li.hunk[data-hunk-id="${id}"]`);
const disk = (path: string) => readFileSync(join(cs.workspaceDir, path), 'utf8');
const sample = (path: string) => readFileSync(join(repoRoot, 'test', 'sample-workspace', path), 'utf8');

async function openComposer(): Promise<void> {
  await runCommand(page, 'Flowpair: Open Composer');
  await composer().locator('#backend').filter({ hasText: fake.baseUrl }).waitFor();
}

async function send(text: string): Promise<void> {
  const box = composer().locator('#prompt textarea');
  await box.fill(text);
  await box.press('Enter');
}

/** Polls `read` until it equals `expected` (15 s), then asserts it. */
async function until<T>(what: string, read: () => T, expected: T): Promise<void> {
  const end = Date.now() + 15_000;
  while (read() !== expected && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  assert.equal(read(), expected, what);
}

async function openFile(name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const base = name.split('/').pop()!;
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: base }).first().click();
  await page.locator('.tab.active', { hasText: base }).waitFor();
}

async function gotoLine(line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
}

/** The latest request whose newest user message contains `text`. */
function requestFor(text: string): RecordedRequest {
  const found = fake.requests.filter((r) => r.body.generate !== false && JSON.stringify(r.body.input ?? '').includes(text)).at(-1);
  assert.ok(found, `the backend received a request for "${text}"`);
  return found;
}

test('Undo after Accept turns the card back to pending, and Redo to accepted again', async () => {
  const prompt = 'document the cents type';
  fake.when(prompt, { text: 'Documenting Cents.', toolCalls: [{ input: DOC_PATCH, callId: 'call_doc' }] });
  await send(prompt);
  const h1 = hunkIn(prompt, 'src/money.ts', 'h1');
  await h1.locator('.hunk-accept').click();
  await h1.locator('.status-chip').filter({ hasText: 'accepted' }).waitFor();
  const documented = sample('src/money.ts').replace('export type Cents', '/** An amount in cents. */\nexport type Cents');
  await until('src/money.ts on disk after the accept', () => disk('src/money.ts'), documented);

  await openFile('src/money.ts');
  await page.locator('.editor-instance .monaco-editor').first().click();
  await page.keyboard.press('Control+Z');
  await h1.locator('.status-chip').filter({ hasText: 'pending' }).waitFor();
  assert.equal(await h1.locator('.hunk-accept').getAttribute('disabled'), null, 'the hunk can be accepted again');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('Control+S');
  await until('src/money.ts on disk after the undo', () => disk('src/money.ts'), sample('src/money.ts'));

  await editor.click();
  await page.keyboard.press('Control+Shift+Z');
  await h1.locator('.status-chip').filter({ hasText: 'accepted' }).waitFor();
  await editor.click();
  await page.keyboard.press('Control+S');
  await until('src/money.ts on disk after the redo', () => disk('src/money.ts'), documented);
});

test('"Fix with Flowpair" while a composer answer streams runs in its own lane: neither answer is cut', async () => {
  await openFile('src/cart.ts');
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 60_000 }); // TypeScript's deliberate error
  fake.when('explain the cart', { text: LONG_ANSWER, tokensPerSecond: 30 });
  fake.when(/^Fix: /m, { text: 'The count is a number.', toolCalls: [{ input: FIX_PATCH, callId: 'call_fix' }] });

  await send('explain the cart');
  const answer = turnWith('explain the cart');
  await answer.locator('.answer').filter({ hasText: 'w3' }).waitFor();
  await page.locator('.editor-instance .monaco-editor').first().click();
  await gotoLine(22, 12); // on `count`, where the error is
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget .monaco-list-row', { hasText: 'Fix with Flowpair' }).first().click();

  const fix = turns().filter({ has: composer().locator('.origin-fix') }).last();
  await fix.locator('.file-card[data-path="src/cart.ts"] li.hunk[data-hunk-id="h1"]').waitFor();
  await fix.and(composer().locator('[data-status="completed"]')).waitFor();
  await answer.and(composer().locator('[data-status="completed"]')).waitFor({ timeout: 60_000 });

  assert.equal((await answer.locator('.answer').innerText()).replace(/\s+/g, ' ').trim(), LONG_ANSWER, 'the composer answer is whole');
  assert.match(await fix.locator('.answer').innerText(), /The count is a number\./);
  assert.equal(await composer().locator('.turn-status.status-interrupted').count(), 0, 'no turn was interrupted or steered');
  const composerRequest = requestFor('explain the cart');
  const fixRequest = requestFor('Fix: ');
  assert.equal(composerRequest.route, 'websocket');
  assert.equal(fixRequest.route, 'websocket');
  assert.notEqual(fixRequest.connectionId, composerRequest.connectionId, 'the fix went over its own connection');
  assert.ok(!JSON.stringify(fixRequest.body.input).includes('explain the cart'), 'the fix lane has its own thread');
  // the fix started after the composer answer's first words and ended before its last
  assert.ok(fixRequest.wallAt > composerRequest.firstDeltaSentAt! && fixRequest.lastDeltaSentAt! < composerRequest.lastDeltaSentAt!, 'the fix ran while the answer streamed');
});

test('a Fix turn has its own Stop while it streams: it stops that turn, not through the prompt box', async () => {
  fake.reset(); // the fix rule above answers at once; this fix streams slowly
  const slow = 'Slow fix words. '.repeat(150);
  fake.when(/^Fix: /m, { text: slow, tokensPerSecond: 20 });
  await page.locator('.editor-instance .monaco-editor').first().click();
  await gotoLine(22, 12);
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget .monaco-list-row', { hasText: 'Fix with Flowpair' }).first().click();
  const fix = turns().last();
  await fix.locator('.origin-fix').waitFor();
  await fix.locator('.answer').filter({ hasText: 'Slow fix words.' }).waitFor();
  assert.ok(await composer().locator('#stop').isHidden(), "the prompt box's Stop is the composer answer's, not the fix's");
  await fix.locator('vscode-button.turn-stop').click();
  await fix.locator('.turn-status.status-interrupted').waitFor();
  assert.equal(await fix.locator('.turn-stop').count(), 0, 'Stop leaves with the stream');
  const kept = (await fix.locator('.answer').innerText()).trim();
  assert.ok(kept.length > 0 && kept.length < slow.trim().length, 'the partial answer is kept');
});

test('a conversation survives New Conversation and a reload: reopened from the history, it continues with its whole input', async () => {
  await runCommand(page, 'Flowpair: New Conversation');
  await turns().first().waitFor({ state: 'detached' });
  const first = 'rename the sum callback';
  fake.when(first, { text: 'Renaming the callback parameter.', toolCalls: [{ input: SUM_PATCH, callId: 'call_sum' }] });
  await send(first);
  const h1 = hunkIn(first, 'src/money.ts', 'h1');
  await h1.locator('.hunk-accept').click();
  await h1.locator('.status-chip').filter({ hasText: 'accepted' }).waitFor();
  await until('the accept on disk', () => disk('src/money.ts').includes('total + value'), true);

  await runCommand(page, 'Flowpair: New Conversation');
  await turnWith(first).waitFor({ state: 'detached' });
  fake.when('an unrelated question', { text: 'An unrelated answer.' });
  await send('an unrelated question');
  await turnWith('an unrelated question').locator('.answer').filter({ hasText: 'An unrelated answer.' }).waitFor();
  await turnWith('an unrelated question').and(composer().locator('[data-status="completed"]')).waitFor();

  const reloadedAt = performance.now();
  const reloaded = page.waitForEvent('load');
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await openComposer();

  await runCommand(page, 'Flowpair: Conversation History…');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'an unrelated question' }).waitFor();
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: first }).first().click();
  await turnWith(first).locator('.answer').filter({ hasText: 'Renaming the callback parameter.' }).waitFor();
  await h1.locator('.status-chip').filter({ hasText: 'accepted' }).waitFor();
  assert.equal(await turnWith('an unrelated question').count(), 0, 'the other conversation is not shown');

  fake.when('now continue', { text: 'Continued where we left off.' });
  await send('now continue');
  await turnWith('now continue').locator('.answer').filter({ hasText: 'Continued where we left off.' }).waitFor();
  await turnWith('now continue').and(composer().locator('[data-status="completed"]')).waitFor();
  assert.equal(await turnWith(first).count(), 1, 'the answer is in the reopened conversation');

  // What the backend received: the continued request, with whatever it chains on from this window.
  const continued = requestFor('now continue');
  let carried = JSON.stringify(continued.body.input);
  for (let r: RecordedRequest | undefined = continued; r?.body.previous_response_id; ) {
    const previous: unknown = r.body.previous_response_id;
    const origin: RecordedRequest | undefined = fake.requests.find((q) => q.responseId === previous);
    assert.ok(origin && origin.at > reloadedAt && origin.connectionId === r.connectionId, `previous_response_id ${String(previous)} is a response of this window's connection`);
    carried = JSON.stringify(origin.body.input) + carried;
    r = origin;
  }
  assert.ok(carried.includes(first), 'the first prompt is resent');
  assert.ok(carried.includes('Renaming the callback parameter.'), 'the first answer is resent');
  assert.ok(carried.includes('call_sum'), 'the patch call is resent');
  assert.match(carried, /call_sum[^]*accepted/, 'the model is told the hunk was accepted');
  assert.ok(!carried.includes('an unrelated question'), 'nothing of the other conversation is sent');
});
