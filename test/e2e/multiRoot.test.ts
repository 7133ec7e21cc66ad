// Multi-root workspaces (issue 11, threat 7) in a real VS Code opened on a .code-workspace with two
// folders, "api" and "web", that both have src/config.ts. Flowpair, installed from its .vsix, names a
// file by its own folder (prefixed with the folder's name) in the context it sends; a patch path with
// the second folder's name lands in that folder, never on the same relative path in the first; a path
// that fits both folders is refused with the choices named.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openWorkbench, runCommand, webviewFrame, type Workbench } from '../harness/browser';
import { type CodeServer, startCodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/provision';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { packageVsix } from './vsix';

const KEY = 'sk-e2e-multi-root';
const patch = (path: string) => `*** Begin Patch
*** Update File: ${path}
@@
-export const port = 8080;
+export const port = 8081;
*** End Patch
`;

let fake: FakeBackend;
let cs: CodeServer;
let wb: Workbench;
let page: Page;
let original: { api: string; web: string };

before(async () => {
  fake = await startFakeBackend({ apiKey: KEY, ttftMs: 20, tokensPerSecond: 400 });
  cs = await startCodeServer({
    workspace: join(repoRoot, 'test', 'fixtures', 'multi-root'),
    workspaceFile: 'multi-root.code-workspace',
    vsix: packageVsix(),
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY },
  });
  original = { api: disk('api/src/config.ts'), web: disk('web/src/config.ts') };
  wb = await openWorkbench(cs);
  page = wb.page;
  await runCommand(page, 'Flowpair: Open Composer');
  await composer().locator('#backend').filter({ hasText: fake.baseUrl }).waitFor();
});

after(async () => {
  await wb?.close();
  await cs?.stop();
  await fake?.close();
});

const composer = () => webviewFrame(page, 'flowpair.flowpair');
const disk = (path: string) => readFileSync(join(cs.workspaceDir, path), 'utf8');
const lastTurn = () => composer().locator('article.turn').last();

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

test('the context names the open file by its own folder: web/src/banner.ts', async () => {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').fill('banner.ts');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'banner.ts' }).first().click();
  await page.locator('.tab.active', { hasText: 'banner.ts' }).waitFor();
  await composer().locator('.chip-label', { hasText: 'web/src/banner.ts' }).first().waitFor();
  fake.when('what is this file', { text: 'A banner.' });
  await send('what is this file');
  await lastTurn().locator('.answer').filter({ hasText: 'A banner.' }).waitFor();
  const body = JSON.stringify(fake.requests.filter((r) => JSON.stringify(r.body.input ?? '').includes('what is this file')).at(-1)?.body.input);
  assert.ok(body.includes('shown only by the web folder'), 'the open file went with the prompt');
  assert.match(body, /web\/src\/banner\.ts/, 'named with its folder');
  await page.keyboard.press('Control+W');
});

test('a patch path prefixed with the second folder\'s name lands in that folder, not in the first', async () => {
  fake.when('bump the web port', { text: 'Bumping the web port.', toolCalls: [{ input: patch('web/src/config.ts'), callId: 'call_web' }] });
  await send('bump the web port');
  const card = lastTurn().locator('.file-card[data-path="web/src/config.ts"]');
  await card.locator('li.hunk').first().waitFor();
  await card.locator('vscode-button', { hasText: 'Accept all' }).click();
  await waitForDisk('web/src/config.ts', 'export const port = 8081;\n');
  assert.equal(disk('api/src/config.ts'), original.api, 'the first folder\'s file of the same relative path is untouched');
});

test('a path that fits both folders is refused with both choices named', async () => {
  fake.when('bump some port', { text: 'Bumping the port.', toolCalls: [{ input: patch('src/config.ts'), callId: 'call_ambiguous' }] });
  await send('bump some port');
  const error = lastTurn().locator('.file-card[data-path="src/config.ts"] .file-error');
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /ambiguous/);
  assert.match(text, /api\/src\/config\.ts or web\/src\/config\.ts/);
  assert.match(text, /start the path with the folder's name/);
  assert.equal(disk('api/src/config.ts'), original.api);
  assert.equal(disk('web/src/config.ts'), 'export const port = 8081;\n', 'only the accepted edit');
});
