// The composer against a server that misbehaves the way real servers and proxies do (issue 10), in
// a real VS Code (code-server) with Flowpair installed from its .vsix: a server that closes the
// connection right after each answer, one that starts refusing WebSocket upgrades, and one that
// goes down and comes back. The composer recovers without leaving an empty turn behind.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, webviewFrame, type Workbench } from '../harness/browser';
import { type CodeServer, startCodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/provision';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { packageVsix } from './vsix';

let fake: FakeBackend;
let cs: CodeServer;
let wb: Workbench;
let page: Page;

before(async () => {
  fake = await startFakeBackend({ ttftMs: 20, tokensPerSecond: 400 });
  cs = await startCodeServer({
    workspace: join(repoRoot, 'test', 'sample-workspace'),
    vsix: packageVsix(),
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: '' },
  });
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
const turns = () => composer().locator('article.turn');
const box = () => composer().locator('#prompt textarea');

/** Sends a prompt and returns its turn (not the previous one, which may still be the last). */
async function send(text: string) {
  const count = await turns().count();
  await box().fill(text);
  await box().press('Enter');
  const turn = turns().nth(count);
  await turn.waitFor();
  return turn;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every turn so far ended completed with a non-empty answer. */
async function noEmptyTurn(): Promise<void> {
  const count = await turns().count();
  for (let i = 0; i < count; i++) {
    const turn = turns().nth(i);
    assert.equal(await turn.getAttribute('data-status'), 'completed', `turn ${i + 1} status`);
    assert.ok((await turn.locator('.answer').innerText()).trim().length > 0, `turn ${i + 1} has an answer`);
  }
}

test('a server that closes the connection right after each answer: the next turns go through, nothing empty', async (t) => {
  // Each answer is followed by a close one second later: a turn sent within that second reaches a
  // connection that will never answer, and one sent later finds the connection gone.
  fake.configure({ defaultScript: { text: 'Answered, then the connection closes.', fault: { type: 'close-after-completed', delayMs: 1_000 } } });
  t.after(() => fake.configure({ defaultScript: {} }));
  await (await send('first question')).locator('.turn-stats').waitFor();
  await (await send('second question, right away')).locator('.turn-stats').waitFor();
  const closed = fake.closedConnections;
  await until(() => fake.closedConnections > closed, 'the server closed the connection of the second answer');
  await composer().locator('#connection[data-state="warm"]').waitFor(); // the spare took over by itself
  await (await send('third question, after the close')).locator('.turn-stats').waitFor();
  assert.equal(await turns().count(), 3);
  await noEmptyTurn();
  assert.equal(await composer().locator('.turn-notice').count(), 0, 'recovered without a word');
});

test('a server that starts refusing WebSocket upgrades: the composer goes on over HTTP and says so once', async (t) => {
  fake.configure({ faults: { refuseUpgrade: 426 } });
  t.after(() => fake.configure({ faults: {} }));
  fake.dropConnections(); // the warm sockets are gone; reconnecting is refused from now on
  const turn = await send('after the proxy change');
  await turn.locator('.turn-stats').waitFor();
  assert.match(await turn.locator('.turn-stats').innerText(), /HTTP/);
  await turn.locator('.turn-notice', { hasText: 'refused with 426' }).waitFor();
  const again = await send('and again');
  await again.locator('.turn-stats').waitFor();
  assert.match(await again.locator('.turn-stats').innerText(), /HTTP/);
  assert.equal(await composer().locator('.turn-notice', { hasText: 'refused' }).count(), 1, 'said once');
  await noEmptyTurn();
  await screenshot(page, 'composer-refused-upgrade');
});

test('a server that is down: "Cannot reach" with Retry and Set Base URL, the prompt back in the box, offline until it returns', async () => {
  const { host } = new URL(fake.baseUrl);
  await fake.pause();
  const failed = await send('anyone there?');
  await failed.locator('.turn-status.status-failed').waitFor();
  assert.match(await failed.locator('.turn-status-text').innerText(), new RegExp(`Cannot reach ${host.replace(/\./g, '\\.')} \\(connection refused\\)`));
  for (const label of ['Retry', 'Set Base URL']) {
    assert.equal(await failed.locator('vscode-button', { hasText: label }).count(), 1, label);
  }
  await until(async () => (await box().inputValue()) === 'anyone there?', 'the prompt is back in the box');
  await composer().locator('#connection[data-state="offline"]').filter({ hasText: 'offline' }).waitFor();
  await page.locator('.statusbar-item .codicon-debug-disconnect').first().waitFor(); // the status bar says offline too
  await screenshot(page, 'composer-offline');

  await fake.resume();
  await composer().locator('#connection[data-state="warm"]').waitFor({ timeout: 20_000 }); // by itself
  const count = await turns().count();
  await failed.locator('vscode-button', { hasText: 'Retry' }).click();
  const retried = turns().nth(count);
  await retried.locator('.turn-stats').waitFor();
  assert.equal(await retried.getAttribute('data-status'), 'completed');
  assert.match(await retried.locator('.user').innerText(), /anyone there\?/);
  assert.equal(await box().inputValue(), '', 'Retry sent the prompt from the box');
});
