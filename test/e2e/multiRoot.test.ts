// Multi-root workspaces (issue 11, threat 7) in a real VS Code opened on a .code-workspace with two
// folders, "api" and "web", that both have src/config.ts. Flowpair, installed from its .vsix, names a
// file by its own folder (prefixed with the folder's name) in the context it sends; a patch path with
// the second folder's name lands in that folder, never on the same relative path in the first; a path
// that fits both folders is refused with the choices named.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../harness/provision';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session } from './session';

const KEY = 'sk-e2e-multi-root';
const patch = (path: string) => `*** Begin Patch
*** Update File: ${path}
@@
-export const port = 8080;
+export const port = 8081;
*** End Patch
`;

let fake: FakeBackend;
let s: Session;
let page: Page;
let original: { api: string; web: string };

before(async () => {
  fake = await startFakeBackend({ apiKey: KEY, ttftMs: 20, tokensPerSecond: 400 });
  s = await openSession({
    workspace: join(repoRoot, 'test', 'fixtures', 'multi-root'),
    workspaceFile: 'multi-root.code-workspace',
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY },
    backend: fake.baseUrl,
  });
  original = { api: s.disk('api/src/config.ts'), web: s.disk('web/src/config.ts') };
  page = s.page;
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const lastTurn = () => s.composer().locator('article.turn').last();

test('the context names the open file by its own folder: web/src/banner.ts', async () => {
  await s.openFile('banner.ts');
  await s.composer().locator('.chip-label', { hasText: 'web/src/banner.ts' }).first().waitFor();
  fake.when('what is this file', { text: 'A banner.' });
  await s.send('what is this file');
  await lastTurn().locator('.answer').filter({ hasText: 'A banner.' }).waitFor();
  const body = JSON.stringify(fake.requests.filter((r) => JSON.stringify(r.body.input ?? '').includes('what is this file')).at(-1)?.body.input);
  assert.ok(body.includes('shown only by the web folder'), 'the open file went with the prompt');
  assert.match(body, /web\/src\/banner\.ts/, 'named with its folder');
  await page.keyboard.press('Control+W');
});

test('a patch path prefixed with the second folder\'s name lands in that folder, not in the first', async () => {
  fake.when('bump the web port', { text: 'Bumping the web port.', toolCalls: [{ input: patch('web/src/config.ts'), callId: 'call_web' }] });
  await s.send('bump the web port');
  const card = lastTurn().locator('.file-card[data-path="web/src/config.ts"]');
  await card.locator('li.hunk').first().waitFor();
  await card.locator('vscode-button', { hasText: 'Accept all' }).click();
  await s.waitForDisk('web/src/config.ts', 'export const port = 8081;\n');
  assert.equal(s.disk('api/src/config.ts'), original.api, 'the first folder\'s file of the same relative path is untouched');
});

test('a path that fits both folders is refused with both choices named', async () => {
  fake.when('bump some port', { text: 'Bumping the port.', toolCalls: [{ input: patch('src/config.ts'), callId: 'call_ambiguous' }] });
  await s.send('bump some port');
  const error = lastTurn().locator('.file-card[data-path="src/config.ts"] .file-error');
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /ambiguous/);
  assert.match(text, /api\/src\/config\.ts or web\/src\/config\.ts/);
  assert.match(text, /start the path with the folder's name/);
  assert.equal(s.disk('api/src/config.ts'), original.api);
  assert.equal(s.disk('web/src/config.ts'), 'export const port = 8081;\n', 'only the accepted edit');
});
