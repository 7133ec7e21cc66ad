// The Codex provider as a user picks it, in a real VS Code (code-server) with Flowpair installed from
// its .vsix: flowpair.codex.path naming the pinned @openai/codex from the test cache, its CODEX_HOME making
// Flowpair's fake backend a custom Responses provider over WebSocket. Select Provider → Codex, a
// streamed answer, and a patch whose hunk is accepted from the composer card (only that hunk written).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
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

before(async () => {
  const codex = await ensureCodex();
  fake = await startFakeBackend({ apiKey: KEY, ttftMs: 20, tokensPerSecond: 400 });
  home = mkdtempSync(join(tmpdir(), 'flowpair-codex-home-'));
  writeFileSync(
    join(home, 'config.toml'),
    `model = "${MODEL}"\nmodel_provider = "fake"\n\n[model_providers.fake]\nname = "Flowpair fake backend"\nbase_url = "${fake.baseUrl}"\nwire_api = "responses"\nenv_key = "FLOWPAIR_FAKE_KEY"\nsupports_websockets = true\n`,
  );
  cs = await startCodeServer({
    workspace: join(repoRoot, 'test', 'sample-workspace'),
    vsix: packageVsix(),
    // The extension host takes PATH from a login shell, not from the server's environment: the pinned
    // codex is named by the user-level setting. No OpenAI key anywhere.
    settings: { 'flowpair.models.fast': MODEL, 'flowpair.models.backup': MODEL, 'flowpair.codex.path': codex },
    env: { CODEX_HOME: home, FLOWPAIR_FAKE_KEY: KEY, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', RUST_LOG: 'error' },
  });
  original = disk('src/money.ts');
  wb = await openWorkbench(cs);
  page = wb.page;
});

after(async () => {
  await wb?.close();
  await cs?.stop();
  await fake?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const composer = () => webviewFrame(page, 'flowpair.flowpair');
const disk = (path: string) => readFileSync(join(cs.workspaceDir, path), 'utf8');
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

test('Select Provider → Codex (ChatGPT sign-in): the composer streams an answer through codex app-server', async () => {
  await runCommand(page, 'Flowpair: Select Provider');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Codex (ChatGPT sign-in)' }).first().click();
  await runCommand(page, 'Flowpair: Open Composer');
  await composer().locator('#backend').filter({ hasText: 'Codex (ChatGPT sign-in)' }).waitFor();
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
