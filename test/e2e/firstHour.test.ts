// The first hour of a newcomer, in a real VS Code (code-server) with Flowpair installed from its
// .vsix and connected the way `npm start` connects it when nothing is configured: to the demo
// backend. The README's prompts stream real hunks on the sample workspace; the composer is walked by
// keyboard alone (focus, accessible names, what a screen reader is told); no CSP violation is logged.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { runCommand, screenshot } from '../harness/browser';
import { DEMO_PROMPTS } from '../fake-backend/demo';
import type { FakeBackend } from '../fake-backend/server';
import { openDemoSession, type Session } from './session';

let fake: FakeBackend;
let s: Session;
let page: Page;
/** Console messages about the Content-Security-Policy, from any frame. */
const cspMessages: string[] = [];

before(async () => {
  ({ fake, session: s } = await openDemoSession({
    workbench: {
      beforeLoad: async (p) => {
        p.on('console', (message) => {
          const at = message.location();
          if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspMessages.push(`${at.url}:${at.lineNumber}:${at.columnNumber}: ${message.text()}`);
        });
      },
    },
  }));
  page = s.page;
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const lastTurn = () => s.composer().locator('article.turn').last();

/** The composer's document, for evaluating in it (activeElement, computed styles). */
async function composerFrame(): Promise<Frame> {
  const handle = await s.composer().locator('#app').elementHandle();
  return (await handle!.ownerFrame())!;
}

/** What has focus inside the composer: an id, a class and its accessible name. */
async function focused(): Promise<{ id: string; classes: string; label: string; text: string }> {
  return (await composerFrame()).evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { id: el?.id ?? '', classes: el?.className ?? '', label: el?.getAttribute('aria-label') ?? '', text: el?.textContent ?? '' };
  });
}

async function announced(): Promise<string[]> {
  return s.composer().locator('#announcer p').allInnerTexts();
}

async function waitFor(what: string, check: () => Promise<boolean>, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}; focus is on ${JSON.stringify(await focused())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('opening the composer by keyboard lands in the prompt, whose name is "Prompt"; the header says demo backend', async () => {
  await runCommand(page, 'Flowpair: Open Composer');
  await s.composer().locator('#backend').filter({ hasText: 'demo backend' }).waitFor();
  assert.ok(await s.composer().locator('#welcome').isHidden(), 'the demo counts as a configured backend');
  await waitFor('focus in the prompt', async () => (await focused()).id === 'prompt');
  assert.equal(await s.composer().getByRole('textbox', { name: 'Prompt', exact: true }).count(), 1, 'the text area is named Prompt, not "Text area"');
});

test('the README prompts stream hunks from the demo backend; the answer is announced by sentence, the proposal once', async () => {
  await page.keyboard.type(DEMO_PROMPTS.fix);
  await page.keyboard.press('Enter');
  await s.card('src/cart.ts').locator('li.hunk').first().waitFor();
  await lastTurn().locator('.turn-stats').waitFor();
  assert.match(await s.card('src/cart.ts').innerText(), /const count = this\.items\.length;/);
  const heard = await announced();
  // The answer was streamed in many deltas but spoken as its sentences, then one summary.
  assert.ok(heard.some((l) => /^this\.items\.length is a number, but count is declared as a string/.test(l)), heard.join('\n'));
  assert.ok(heard.length <= 6, `a few announcements, not one per frame: ${heard.length}`);
  assert.equal(heard.at(-1), '2 changes proposed in src/cart.ts. Review them in the cards below or in the editor.');

  const turns = s.composer().locator('article.turn');
  const before = await turns.count();
  await s.composer().locator('#prompt textarea').focus();
  await page.keyboard.type(DEMO_PROMPTS.validate);
  await page.keyboard.press('Enter');
  // The new turn first: until it exists, the last turn is the previous (finished) one.
  await turns.nth(before).waitFor();
  await lastTurn().locator('.turn-stats').waitFor();
  await lastTurn().locator('.file-card[data-path="src/cart.ts"] li.hunk').first().waitFor();
  assert.match(await lastTurn().locator('.file-card').innerText(), /throw new RangeError\(`quantity must be a whole number/);
});

test('keyboard only: send, review and accept two hunks; focus moves to the next pending hunk, names say where', async () => {
  await waitFor('focus in the prompt', async () => (await focused()).id === 'prompt');
  await page.keyboard.type(DEMO_PROMPTS.rename);
  await page.keyboard.press('Enter');
  const turn = lastTurn();
  await turn.locator('.turn-stats').waitFor();
  await turn.locator('.file-card[data-path="src/money.ts"] li.hunk').first().waitFor();
  assert.equal(await turn.locator('li.hunk').count(), 3, 'import and call in cart.ts, the definition in money.ts');

  // Shift+Tab back from the prompt until the last turn's first Accept button.
  const isLabel = (pattern: RegExp) => async () => pattern.test((await focused()).label);
  for (let i = 0; i < 40 && !(await isLabel(/^Accept change 1 of 2, line 1 of src\/cart\.ts$/)()); i++) await page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).label, 'Accept change 1 of 2, line 1 of src/cart.ts');
  await page.keyboard.press('Enter');
  await waitFor('focus on the next pending hunk', isLabel(/^Accept change 2 of 2, line \d+ of src\/cart\.ts$/));
  await page.keyboard.press('Enter');
  await waitFor('focus on the hunk in the next file', isLabel(/^Accept change 1 of 1, line \d+ of src\/money\.ts$/));
  await waitFor('both accepted on disk', async () => /import \{ formatCents, sumCents, type Cents \}/.test(s.disk('src/cart.ts')) && /return sumCents\(/.test(s.disk('src/cart.ts')));
  const heard = await announced();
  assert.ok(heard.includes('Accepted change 1 of 2 in src/cart.ts, line 1.'), heard.join('\n'));
  assert.ok(heard.some((l) => /^Accepted change 2 of 2 in src\/cart\.ts, line \d+\.$/.test(l)), heard.join('\n'));
  // The hunk header's name carries its state.
  const head = turn.locator('.file-card[data-path="src/cart.ts"] li.hunk').first().locator('.hunk-head');
  assert.match((await head.getAttribute('aria-label')) ?? '', /^Change 1 of 2, line 1 of src\/cart\.ts, accepted\./);
  // Reject the money.ts one by keyboard: focus wraps to the first hunk still pending (the fix, above).
  await page.keyboard.press('Tab');
  assert.match((await focused()).label, /^Reject change 1 of 1, line \d+ of src\/money\.ts$/);
  await page.keyboard.press('Enter');
  await waitFor('focus on the first pending hunk', isLabel(/^Accept change 1 of 2, line \d+ of src\/cart\.ts$/));
  assert.ok(heard.length > 0 && (await announced()).some((l) => /^Rejected change 1 of 1 in src\/money\.ts/.test(l)));
});

test('removing a context chip by keyboard moves focus to the next chip, or to Add file…', async () => {
  await page.keyboard.press('Control+P');
  await page.keyboard.type('money.ts');
  await page.keyboard.press('Enter');
  const chips = s.composer().locator('#chips li.chip');
  await chips.first().waitFor();
  const before = await chips.count();
  await runCommand(page, 'Flowpair: Open Composer');
  await waitFor('focus in the prompt', async () => (await focused()).id === 'prompt');
  for (let i = 0; i < 10 && !(await focused()).classes.includes('chip-remove'); i++) await page.keyboard.press('Shift+Tab');
  // The last chip's × (money.ts's file chip, or its problems): its name says what it removes.
  assert.match((await focused()).label, /^Remove (file|selection|diagnostics) .+ \(.+\) from context$/);
  await page.keyboard.press('Enter');
  await waitFor('one chip fewer', async () => (await chips.count()) === before - 1);
  const now = await focused();
  assert.ok(now.classes.includes('chip-remove') || now.id === 'add-file', `focus after removing: ${JSON.stringify(now)}`);
});

test('the review diff editor is two clean panes; a hunk is accepted from its right side', async () => {
  // The validation proposed by the second prompt is still pending.
  const validation = s.composer().locator('article.turn').nth(1).locator('.file-card[data-path="src/cart.ts"]');
  await validation.locator('vscode-button', { hasText: 'Review in diff editor' }).click();
  await page.locator('.tab.active', { hasText: 'Flowpair proposal' }).waitFor();
  const diffEditor = page.locator('.monaco-diff-editor').first();
  const right = diffEditor.locator('.editor.modified');
  await right.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor();
  assert.equal(await diffEditor.locator('.editor.original .codelens-decoration').count(), 0, 'no Flowpair CodeLens on the left');
  // Title-bar actions for the whole file are there too.
  assert.ok(await page.locator('.editor-actions .action-label[aria-label^="Accept All Proposed Changes in File"]').first().isVisible());
  await right.locator('.codelens-decoration a', { hasText: 'Accept' }).first().click();
  await waitFor('the accepted validation on disk', async () => /throw new RangeError\(`quantity must be a whole number/.test(s.disk('src/cart.ts')));
  await validation.locator('.status-chip', { hasText: 'accepted' }).waitFor();
  await page.keyboard.press('Control+W');
});

test('a new-file card shows the whole file as added lines under a "new file" header; Accept opens the file', async () => {
  await s.composer().locator('#prompt textarea').focus();
  await page.keyboard.type(DEMO_PROMPTS.tests);
  await page.keyboard.press('Enter');
  const newFile = lastTurn().locator('.file-card[data-path="src/cart.test.ts"]');
  await newFile.locator('li.hunk').waitFor();
  assert.equal((await newFile.locator('.op').innerText()).trim(), 'new file');
  const lines = await newFile.locator('.diff-line').allInnerTexts();
  assert.equal(lines.length, 14, 'every line of the new file');
  assert.match(lines[0]!, /^\+\s*import assert from 'node:assert\/strict';$/);
  assert.ok(!lines.some((l) => /\(new file/.test(l)), 'no pseudo-line posing as content');
  await lastTurn().locator('.review-notice', { hasText: '1 file changed — review' }).waitFor();
  await screenshot(page, 'composer-review', { readme: true });
  await newFile.locator('.hunk-accept').click();
  await page.locator('.tab.active', { hasText: 'cart.test.ts' }).waitFor();
  await waitFor('the new file on disk', async () => existsSync(join(s.cs.workspaceDir, 'src/cart.test.ts')) && s.disk('src/cart.test.ts').startsWith("import assert from 'node:assert/strict';"));
});

test('no Content-Security-Policy violation was logged', () => {
  assert.deepEqual(cspMessages, []);
});
