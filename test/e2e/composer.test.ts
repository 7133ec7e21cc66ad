// The composer in a real VS Code (code-server) driven through headless Chromium, with Flowpair
// installed from the .vsix that `npm run package` builds — exactly what a user installs.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { runCommand, screenshot } from '../harness/browser';
import { openSession, type Session } from './session';

let s: Session;
let page: Page;

before(async () => {
  s = await openSession({
    settings: { 'workbench.colorTheme': 'Default Light Modern' },
    // no backend: the composer must say so and offer the fix
    env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
  });
  page = s.page;
});

after(async () => {
  await s?.close();
});

test('the palette command opens the composer and the webview renders the host snapshot', async () => {
  await runCommand(page, 'Flowpair: Open Composer');
  // `init` from the host fills these in: host → webview works.
  await s.composer().locator('#backend').filter({ hasText: 'OpenAI · gpt-5.3-codex-spark' }).waitFor();
  await s.composer().locator('#connection').filter({ hasText: 'not configured' }).waitFor();
  // the ping round trip through the host was answered
  await s.composer().locator('#footer').filter({ hasText: 'host round trip' }).waitFor();
  // the empty state offers the three ways to connect, before anything is typed
  const welcome = s.composer().locator('#welcome');
  await welcome.waitFor();
  for (const label of ['Set API Key', 'Set Base URL', 'Use a Local Server…']) {
    assert.equal(await welcome.locator('vscode-button', { hasText: label }).count(), 1, label);
  }
  await screenshot(page, 'composer-light');
});

test('sending without a backend gives a specific notice whose action runs the host command', async () => {
  const prompt = s.composer().locator('#prompt textarea');
  await prompt.fill('Explain cart.ts');
  await prompt.press('Enter');
  const notice = s.composer().locator('.notice.error');
  await notice.filter({ hasText: 'No backend configured' }).waitFor();
  assert.equal(await prompt.inputValue(), '', 'the prompt is cleared once sent');
  // the notice's button goes webview → host → command: VS Code's own input box opens
  await notice.locator('vscode-button', { hasText: 'Set API Key' }).click();
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill('sk-test-e2e');
  await input.press('Enter');
  // the stored key makes the backend "configured": the host pushes the change to the webview
  await s.composer().locator('#connection').filter({ hasText: 'cold' }).waitFor();
  await s.composer().locator('#welcome').waitFor({ state: 'hidden' });
});

test('the Content-Security-Policy blocks inline script in the composer', async () => {
  const frame = await contentFrame();
  const result = await frame.evaluate(async () => {
    const violation = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }),
    );
    const s = document.createElement('script');
    s.textContent = 'window.__flowpairInlineRan = true';
    document.body.append(s);
    const directive = await Promise.race([violation, new Promise<string>((r) => setTimeout(() => r('none'), 2000))]);
    return { ran: (window as unknown as { __flowpairInlineRan?: boolean }).__flowpairInlineRan === true, directive };
  });
  assert.equal(result.ran, false, 'inline script must not run');
  assert.match(result.directive, /^script-src/);
});

test('activation happened inside the extension host from the installed .vsix', () => {
  const logFile = findFile(s.cs.logsDir, 'Flowpair.log');
  assert.ok(logFile, `Flowpair log channel file under ${s.cs.logsDir}`);
  const line = readFileSync(logFile, 'utf8').match(/activated in ([\d.]+) ms/);
  assert.ok(line, 'activation logged');
  console.log(`[metric] activate_ms_vsix=${line[1]}`);
});

async function pickTheme(name: string, workbenchClass: string): Promise<void> {
  // like a user: the theme picker in the palette
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('F1');
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Modern' }).first().waitFor();
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().click();
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor();
  await input.waitFor({ state: 'hidden' });
}

test('dark and high-contrast themes render with the theme colours', async () => {
  await pickTheme('Dark Modern', 'vs-dark');
  const bg = await s.composer().locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(bg, 'rgb(255, 255, 255)', 'the webview follows the dark theme');
  await screenshot(page, 'composer-dark');
  await pickTheme('Dark High Contrast', 'hc-black');
  await s.composer().locator('body.vscode-high-contrast').waitFor();
  await screenshot(page, 'composer-high-contrast');
});

async function contentFrame(): Promise<Frame> {
  const handle = await s.composer().locator('#app').elementHandle();
  const frame = await handle?.ownerFrame();
  assert.ok(frame, 'composer content frame');
  return frame;
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return join(entry.parentPath, entry.name);
  }
  return undefined;
}
