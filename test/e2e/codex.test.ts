// The Codex provider as a user picks it, in a real VS Code (code-server) with Flowpair installed from
// its .vsix: flowpair.codex.path naming the pinned @openai/codex from the test cache, its CODEX_HOME making
// Flowpair's fake backend a custom Responses provider over WebSocket that needs an OpenAI sign-in.
// Select Provider → Codex offers the sign-in; the ChatGPT sign-in opens the page the app-server gives
// (its OAuth issuer pointed at a loopback stand-in) with progress, and Cancel stops it; signing in with
// an API key completes; a streamed answer and a patch whose hunk is accepted from the composer card
// (only that hunk written); signing out offers the sign-in again.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openWorkbench, runCommand, webviewFrame, type Workbench } from '../harness/browser';
import { ensureCodex } from '../harness/codex';
import { type CodeServer, startCodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/provision';
import { DEFAULT_TEXT, type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { packageVsix } from './vsix';

const KEY = 'sk-e2e-codex';
const MODEL = 'gpt-5.5'; // in the pinned codex's catalogue

const PATCH = `*** Begin Patch
*** Update File: src/money.ts
@@
-export type Cents = number;
+/** An amount in cents. */
+export type Cents = number;
@@
-export function formatCents(amount: Cents, currency = 'EUR'): string {
+export function formatCents(amount: Cents, currency = 'USD'): string {
*** End Patch
`;

let fake: FakeBackend;
let cs: CodeServer;
let wb: Workbench;
let page: Page;
let home: string;
let original: string;
/** Stands in for auth.openai.com (CODEX_APP_SERVER_LOGIN_ISSUER): a sign-in page that never completes. */
let issuer: Server;
const issuerHits: string[] = [];

before(async () => {
  const codex = await ensureCodex();
  fake = await startFakeBackend({ apiKey: KEY, ttftMs: 20, tokensPerSecond: 400 });
  issuer = createServer((req, res) => {
    issuerHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Sign in</title><h1>Sign in (test issuer)</h1>');
  });
  await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
  home = mkdtempSync(join(tmpdir(), 'flowpair-codex-home-'));
  // requires_openai_auth: Codex sends the account's key to this provider, so it starts signed out.
  writeFileSync(
    join(home, 'config.toml'),
    `model = "${MODEL}"\nmodel_provider = "fake"\n\n[model_providers.fake]\nname = "Flowpair fake backend"\nbase_url = "${fake.baseUrl}"\nwire_api = "responses"\nrequires_openai_auth = true\nsupports_websockets = true\n`,
  );
  cs = await startCodeServer({
    workspace: join(repoRoot, 'test', 'sample-workspace'),
    vsix: packageVsix(),
    // The extension host takes PATH from a login shell, not from the server's environment: the pinned
    // codex is named by the user-level setting. No OpenAI key anywhere.
    settings: { 'flowpair.models.fast': MODEL, 'flowpair.models.backup': MODEL, 'flowpair.codex.path': codex },
    env: {
      CODEX_HOME: home, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', RUST_LOG: 'error',
      CODEX_APP_SERVER_LOGIN_ISSUER: `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`,
    },
  });
  original = disk('src/money.ts');
  wb = await openWorkbench(cs);
  page = wb.page;
});

after(async () => {
  await wb?.close();
  await cs?.stop();
  await fake?.close();
  issuer?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const composer = () => webviewFrame(page, 'flowpair.flowpair');
const disk = (path: string) => readFileSync(join(cs.workspaceDir, path), 'utf8');
const welcome = () => composer().locator('#welcome');
/** A notification, read from the notification center (headless Chromium shows no toasts once focus went to another page). */
async function notification(text: string): Promise<Locator> {
  if (!(await page.locator('.notifications-center').isVisible())) await runCommand(page, 'Notifications: Show Notifications');
  const item = page.locator('.notifications-center .notification-list-item', { hasText: text });
  await item.first().waitFor({ timeout: 30_000 });
  return item.first();
}
const card = (path: string) => composer().locator(`.file-card[data-path="${path}"]`);
const hunk = (path: string, id: string) => card(path).locator(`li.hunk[data-hunk-id="${id}"]`);

async function send(text: string): Promise<void> {
  const box = composer().locator('#prompt textarea');
  await box.fill(text);
  await box.press('Enter');
}

async function waitForDisk(path: string, expected: string): Promise<void> {
  const end = Date.now() + 15_000;
  while (disk(path) !== expected) {
    if (Date.now() > end) assert.equal(disk(path), expected, `${path} on disk`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("Select Provider → Codex while signed out: the composer's welcome offers Sign in with ChatGPT", async () => {
  await runCommand(page, 'Flowpair: Select Provider');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Codex (ChatGPT sign-in)' }).first().click();
  await runCommand(page, 'Flowpair: Open Composer');
  await composer().locator('#backend').filter({ hasText: 'Codex (ChatGPT sign-in)' }).waitFor();
  await welcome().locator('h2', { hasText: 'Sign in to Codex' }).waitFor({ timeout: 60_000 });
  assert.equal(await welcome().locator('vscode-button', { hasText: 'Sign in with ChatGPT' }).count(), 1);
});

test('Sign in with ChatGPT opens the sign-in page the app-server gives, shows progress until done, and Cancel stops it', async () => {
  const opened = wb.context.waitForEvent('page', { timeout: 60_000 });
  await welcome().locator('vscode-button', { hasText: 'Sign in with ChatGPT' }).click();
  const signInPage = await opened;
  await signInPage.waitForLoadState('domcontentloaded');
  // The app-server's OAuth request (PKCE, state, its local callback), opened in the browser as it gave it.
  const url = new URL(signInPage.url());
  assert.match(url.pathname, /\/oauth\/authorize$/);
  assert.ok(url.searchParams.get('code_challenge') && url.searchParams.get('state'), signInPage.url());
  assert.match(url.searchParams.get('redirect_uri') ?? '', /^http:\/\/(127\.0\.0\.1|localhost):\d+\/auth\/callback$/);
  assert.ok(issuerHits.some((hit) => hit.startsWith('/oauth/authorize')), 'the page was loaded from the issuer');
  await signInPage.close();
  await page.bringToFront();
  const progress = await notification('finish signing in with ChatGPT in your browser');
  await progress.hover();
  await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await notification('ChatGPT sign-in cancelled');
  await page.locator('.notifications-center .notification-list-item', { hasText: 'finish signing in' }).waitFor({ state: 'detached' });
  assert.ok(await welcome().isVisible(), 'still signed out: the welcome stays');
});

test('Sign in to Codex with an API key: Flowpair says signed in and the welcome goes away', async () => {
  await runCommand(page, 'Flowpair: Sign in to Codex with an API Key');
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible' });
  assert.equal(await box.getAttribute('type'), 'password');
  await box.fill(KEY);
  await box.press('Enter');
  await notification('signed in to Codex with an API key');
  await welcome().waitFor({ state: 'hidden' });
});

test('Codex signed in: the composer streams an answer through codex app-server', async () => {
  await send('say hello');
  const turn = composer().locator('article.turn').last();
  await turn.locator('.answer').filter({ hasText: DEFAULT_TEXT }).waitFor({ timeout: 60_000 });
  await turn.locator('.turn-stats').filter({ hasText: 'Codex' }).waitFor();
  assert.match(await turn.locator('.turn-stats').innerText(), /TTFT \d+ ms/);
  // Codex, not Flowpair's own client, reached the fake: its requests carry Codex's system prompt.
  assert.ok(fake.requests.some((r) => r.route === 'websocket' && JSON.stringify(r.body).includes('say hello')));
});

test("a Codex patch arrives as hunks on the composer card; accepting one writes only that hunk, Codex's own write declined", async () => {
  // Queued, not a rule: Codex's next request (the declined call's output) must not get the patch again.
  fake.script({ text: 'Tidying money.ts:', toolCalls: [{ kind: 'custom', name: 'apply_patch', input: PATCH }] });
  await send('tidy money.ts');
  await hunk('src/money.ts', 'h1').waitFor({ timeout: 60_000 });
  await hunk('src/money.ts', 'h2').waitFor();
  await composer().locator('article.turn').last().locator('.turn-stats').waitFor();
  assert.equal(disk('src/money.ts'), original, 'Codex wrote nothing itself');
  await hunk('src/money.ts', 'h1').locator('.hunk-accept').click();
  await hunk('src/money.ts', 'h1').locator('.status-chip').filter({ hasText: 'accepted' }).waitFor();
  await waitForDisk('src/money.ts', original.replace('export type Cents = number;', '/** An amount in cents. */\nexport type Cents = number;'));
  assert.match(await hunk('src/money.ts', 'h2').innerText(), /pending|Accept/i);
});

test('Sign Out of ChatGPT: the welcome offers Sign in with ChatGPT again', async () => {
  await runCommand(page, 'Flowpair: Sign Out of ChatGPT');
  await notification('signed out of ChatGPT');
  await welcome().locator('vscode-button', { hasText: 'Sign in with ChatGPT' }).waitFor();
});
