// Restricted Mode (issue 11, threat 8) in a real VS Code whose Workspace Trust is on and whose folder is
// untrusted (test/harness: workspaceTrust 'untrusted'; the extension tests' host cannot do this: VS Code
// trusts every workspace it runs tests in). Flowpair, installed from its .vsix, still chats, but the
// composer says why nothing of the workspace goes and offers "Manage Workspace Trust"; the request the
// fake backend receives carries none of the open file; a model's patch is refused on its card; the
// repository's .vscode/settings.json (an emptied exclusion list, its own model, a check command) changes
// nothing. Trusting the folder through the composer's button then lifts each of these.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand } from '../harness/browser';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session } from './session';

const KEY = 'sk-e2e-restricted';
const USER_MODEL = 'user-chosen-model';
const REPO_MODEL = 'repository-chosen-model';
/** A line of src/cart.ts: if it reaches the backend, workspace content was sent. */
const CART_LINE = 'private readonly items: LineItem[] = [];';
const CART_PATCH = `*** Begin Patch
*** Update File: src/cart.ts
@@
-    this.items.push(item);
+    this.items.unshift(item);
*** End Patch
`;
// The repository's own settings: each value would loosen what Flowpair does if it applied here.
const REPO_SETTINGS = {
  'flowpair.context.exclude': [],
  'flowpair.models.fast': REPO_MODEL,
  'flowpair.check.command': 'node -e "require(\'fs\').writeFileSync(\'check-ran.txt\', \'x\')"',
  'flowpair.baseUrl': 'http://127.0.0.1:9/v1',
};

let fake: FakeBackend;
let s: Session;
let page: Page;
let cart = '';

before(async () => {
  fake = await startFakeBackend({ apiKey: KEY, ttftMs: 20, tokensPerSecond: 400 });
  s = await openSession({
    workspaceTrust: 'untrusted',
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'flowpair.models.fast': USER_MODEL, 'flowpair.context.exclude': ['src/money.ts'] },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY },
    prepare: (cs) => {
      mkdirSync(join(cs.workspaceDir, '.vscode'), { recursive: true });
      writeFileSync(join(cs.workspaceDir, '.vscode', 'settings.json'), JSON.stringify(REPO_SETTINGS, null, 2));
      cart = readFileSync(join(cs.workspaceDir, 'src', 'cart.ts'), 'utf8');
      assert.ok(cart.includes(CART_LINE), 'the sample file has the marker line');
    },
    backend: fake.baseUrl,
  });
  page = s.page;
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const lastTurn = () => s.composer().locator('article.turn').last();
const requestFor = (prompt: string) => fake.requests.filter((r) => JSON.stringify(r.body.input ?? '').includes(prompt)).at(-1);

/** The first line of Flowpair's log (its output channel's file) matching `pattern`, once written. */
async function waitForLog(pattern: RegExp): Promise<string> {
  const end = Date.now() + 20_000;
  for (;;) {
    const file = readdirSync(s.cs.logsDir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('Flowpair.log'));
    const line = file && readFileSync(join(s.cs.logsDir, file), 'utf8').split('\n').find((l) => pattern.test(l));
    if (line) return line;
    if (Date.now() > end) assert.fail(`no line matching ${pattern} in Flowpair's log`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the composer shows the Restricted Mode notice with "Manage Workspace Trust"', async () => {
  const notice = s.composer().locator('#restricted');
  await notice.filter({ hasText: 'Restricted Mode' }).waitFor();
  assert.match(await notice.innerText(), /sends no workspace content and applies no edits/);
  await notice.locator('vscode-button', { hasText: 'Manage Workspace Trust' }).waitFor();
});

test('chat still works, and a prompt sent with a file open carries none of it (nor the repository\'s model)', async () => {
  await s.openFile('src/cart.ts');
  await s.composer().locator('.chip-excluded', { hasText: 'not sent in Restricted Mode' }).first().waitFor();
  fake.when('what does this do', { text: 'I cannot see your files in Restricted Mode.' });
  await s.send('what does this do');
  await lastTurn().locator('.answer').filter({ hasText: 'I cannot see your files' }).waitFor();
  const request = requestFor('what does this do');
  assert.ok(request, 'the prompt reached the backend');
  assert.ok(request.authorized, 'with the user\'s key');
  const body = JSON.stringify(request.body);
  assert.ok(!body.includes(CART_LINE) && !body.includes('src/cart.ts'), 'no workspace content and no workspace path went with the prompt');
  assert.equal(request.body.model, USER_MODEL, 'the repository\'s flowpair.models.fast is ignored');
});

test('a model\'s patch is refused on its card, says why, and the file is untouched', async () => {
  fake.when('push to the front', { text: 'Putting new items first.', toolCalls: [{ input: CART_PATCH, callId: 'call_cart' }] });
  await s.send('push to the front');
  const card = lastTurn().locator('.file-card[data-path="src/cart.ts"]');
  await card.locator('.file-error', { hasText: 'Restricted Mode' }).waitFor();
  assert.match(await card.locator('.file-error').innerText(), /applies no edits in an untrusted workspace/);
  assert.equal(await card.locator('li.hunk').count(), 0, 'nothing to accept');
  assert.notEqual(await card.locator('vscode-button', { hasText: 'Accept all' }).getAttribute('disabled'), null, 'Accept all is disabled');
  assert.equal(s.disk('src/cart.ts'), cart);
});

test('the repository\'s check command never runs', async () => {
  await runCommand(page, 'Flowpair: Run Check Now');
  // Flowpair logs what it was asked and what it knows: the workspace's command is ignored here.
  const line = await waitForLog(/check requested for turn .*\)/);
  assert.match(line, /command: none, trusted: false/);
  assert.equal(existsSync(join(s.cs.workspaceDir, 'check-ran.txt')), false);
});

test('trusting the folder through the composer\'s button lifts Restricted Mode: the file goes with the next prompt', async () => {
  await s.composer().locator('#restricted vscode-button', { hasText: 'Manage Workspace Trust' }).click();
  const trust = page.locator('.workspace-trust-editor .workspace-trust-buttons-row .monaco-button', { hasText: /^Trust$/ });
  await trust.first().click();
  await s.composer().locator('#restricted').waitFor({ state: 'hidden' });
  await s.openFile('src/cart.ts');
  fake.when('and now', { text: 'Now I can see cart.ts.' });
  await s.send('and now');
  await lastTurn().locator('.answer').filter({ hasText: 'Now I can see cart.ts.' }).waitFor();
  const body = JSON.stringify(requestFor('and now')?.body);
  assert.ok(body.includes(CART_LINE), 'the open file went with the prompt once trusted');
  // Trusted, the repository may pick its model; it still cannot shrink the exclusion list.
  assert.equal(requestFor('and now')?.body.model, REPO_MODEL);
  await s.openFile('src/money.ts');
  await s.composer().locator('.chip-excluded', { hasText: 'matches src/money.ts' }).first().waitFor();
});
