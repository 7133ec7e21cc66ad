// The composer against a server that misbehaves the way real servers and proxies do (issue 10), in
// a real VS Code (code-server) with Flowpair installed from its .vsix: a server that closes the
// connection right after each answer, one that starts refusing WebSocket upgrades, and one that
// goes down and comes back. The composer recovers without leaving an empty turn behind.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot } from '../harness/browser';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session, waitFor } from './session';

let fake: FakeBackend;
let s: Session;
let page: Page;

before(async () => {
  fake = await startFakeBackend({ ttftMs: 20, tokensPerSecond: 400 });
  s = await openSession({
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: '' },
    backend: fake.baseUrl,
  });
  page = s.page;
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const box = () => s.composer().locator('#prompt textarea');

/** Every turn so far ended completed with a non-empty answer. */
async function noEmptyTurn(): Promise<void> {
  const count = await s.turns().count();
  for (let i = 0; i < count; i++) {
    const turn = s.turns().nth(i);
    assert.equal(await turn.getAttribute('data-status'), 'completed', `turn ${i + 1} status`);
    assert.ok((await turn.locator('.answer').innerText()).trim().length > 0, `turn ${i + 1} has an answer`);
  }
}

test('a server that closes the connection right after each answer: the next turns go through, nothing empty', async (t) => {
  // Each answer is followed by a close one second later: a turn sent within that second reaches a
  // connection that will never answer, and one sent later finds the connection gone.
  fake.configure({ defaultScript: { text: 'Answered, then the connection closes.', fault: { type: 'close-after-completed', delayMs: 1_000 } } });
  t.after(() => fake.configure({ defaultScript: {} }));
  await (await s.sendForTurn('first question')).locator('.turn-stats').waitFor();
  await (await s.sendForTurn('second question, right away')).locator('.turn-stats').waitFor();
  const closed = fake.closedConnections;
  await waitFor('the server closed the connection of the second answer', () => fake.closedConnections > closed, 15_000);
  await s.composer().locator('#connection[data-state="warm"]').waitFor(); // the spare took over by itself
  await (await s.sendForTurn('third question, after the close')).locator('.turn-stats').waitFor();
  assert.equal(await s.turns().count(), 3);
  await noEmptyTurn();
  assert.equal(await s.composer().locator('.turn-notice').count(), 0, 'recovered without a word');
});

test('a server that starts refusing WebSocket upgrades: the composer goes on over HTTP and says so once', async (t) => {
  fake.configure({ faults: { refuseUpgrade: 426 } });
  t.after(() => fake.configure({ faults: {} }));
  fake.dropConnections(); // the warm sockets are gone; reconnecting is refused from now on
  const turn = await s.sendForTurn('after the proxy change');
  await turn.locator('.turn-stats').waitFor();
  assert.match(await turn.locator('.turn-stats').innerText(), /HTTP/);
  await turn.locator('.turn-notice', { hasText: 'refused with 426' }).waitFor();
  const again = await s.sendForTurn('and again');
  await again.locator('.turn-stats').waitFor();
  assert.match(await again.locator('.turn-stats').innerText(), /HTTP/);
  assert.equal(await s.composer().locator('.turn-notice', { hasText: 'refused' }).count(), 1, 'said once');
  await noEmptyTurn();
  await screenshot(page, 'composer-refused-upgrade');
});

test('a server that is down: "Cannot reach" with Retry and Set Base URL, the prompt back in the box, offline until it returns', async () => {
  const { host } = new URL(fake.baseUrl);
  await fake.pause();
  const failed = await s.sendForTurn('anyone there?');
  await failed.locator('.turn-status.status-failed').waitFor();
  assert.match(await failed.locator('.turn-status-text').innerText(), new RegExp(`Cannot reach ${host.replace(/\./g, '\\.')} \\(connection refused\\)`));
  for (const label of ['Retry', 'Set Base URL']) {
    assert.equal(await failed.locator('vscode-button', { hasText: label }).count(), 1, label);
  }
  await waitFor('the prompt is back in the box', async () => (await box().inputValue()) === 'anyone there?', 15_000);
  await s.composer().locator('#connection[data-state="offline"]').filter({ hasText: 'offline' }).waitFor();
  await page.locator('.statusbar-item .codicon-debug-disconnect').first().waitFor(); // the status bar says offline too
  await screenshot(page, 'composer-offline');

  await fake.resume();
  await s.composer().locator('#connection[data-state="warm"]').waitFor({ timeout: 20_000 }); // by itself
  const count = await s.turns().count();
  await failed.locator('vscode-button', { hasText: 'Retry' }).click();
  const retried = s.turns().nth(count);
  await retried.locator('.turn-stats').waitFor();
  assert.equal(await retried.getAttribute('data-status'), 'completed');
  assert.match(await retried.locator('.user').innerText(), /anyone there\?/);
  assert.equal(await box().inputValue(), '', 'Retry sent the prompt from the box');
});
