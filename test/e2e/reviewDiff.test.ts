// The review diff editor, in a real VS Code (code-server) with Flowpair installed from its .vsix and
// the demo backend: a hunk is accepted from the diff's right side; the right side is editable, and
// what the user types there is what lands (the card follows as they type, the journal says
// "accepted-with-changes"); closing the diff keeps the edits; the file changing on disk under an
// edited hunk makes it stale, with that reason.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand, screenshot } from '../harness/browser';
import { DEMO_PROMPTS } from '../fake-backend/demo';
import type { FakeBackend } from '../fake-backend/server';
import { openDemoSession, type Session } from './session';

let fake: FakeBackend;
let s: Session;
let page: Page;

before(async () => {
  ({ fake, session: s } = await openDemoSession());
  page = s.page;
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const lastTurn = () => s.composer().locator('article.turn').last();
const diffEditor = () => page.locator('.monaco-diff-editor').first();
const right = () => diffEditor().locator('.editor.modified');
const composerHeader = () => page.locator('.pane-header', { hasText: 'Composer' });

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) {
      await screenshot(page, `reviewDiff-timeout-${what}`);
      console.log(`right side when "${what}" timed out:\n${await right().locator('.view-lines').innerText().catch(() => '(none)')}`);
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends a prompt from the composer and waits for its turn to end; returns the card of `path`. */
async function ask(prompt: string, path: string) {
  const turns = await s.composer().locator('article.turn').count();
  await s.composer().locator('#prompt textarea').focus();
  await page.keyboard.type(prompt);
  await page.keyboard.press('Enter');
  await waitFor('the new turn', async () => (await s.composer().locator('article.turn').count()) > turns);
  await lastTurn().locator('.turn-stats').waitFor();
  const card = lastTurn().locator(`.file-card[data-path="${path}"]`);
  await card.locator('li.hunk').first().waitFor();
  return card;
}

/** Opens the card's review diff and waits for its right side's Accept lens. */
async function openReview(card: ReturnType<typeof lastTurn>): Promise<void> {
  await card.locator('vscode-button', { hasText: 'Review in diff editor' }).click();
  await page.locator('.tab.active', { hasText: 'Flowpair proposal' }).waitFor();
  await right().locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor();
}

/** Types at the end of the right side's line that contains `text`, as the user would. */
async function typeAtEndOf(text: string, typed: string): Promise<void> {
  await right().locator('.view-line', { hasText: text }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.type(typed);
}

test('the review diff editor accepts a hunk from its right side', async () => {
  await runCommand(page, 'Flowpair: Open Composer');
  await s.composer().locator('#backend').filter({ hasText: 'demo backend' }).waitFor();
  const card = await ask(DEMO_PROMPTS.fix, 'src/cart.ts');
  await openReview(card);
  assert.equal(await diffEditor().locator('.editor.original .codelens-decoration').count(), 0, 'the left side stays clean');
  const hunks = await card.locator('li.hunk').count();
  // Hunk by hunk, from the lenses on the right side (the fix drops a comment line and retypes another).
  const lenses = right().locator('.codelens-decoration a', { hasText: 'Accept' });
  for (let accepted = 1; accepted <= hunks; accepted++) {
    // The lenses of what is still pending (an accepted hunk's lens must be gone before the next click).
    await waitFor('the lenses to follow', async () => (await lenses.count()) === hunks - accepted + 1);
    await lenses.first().click();
    await waitFor(`${accepted} of ${hunks} accepted`, async () => (await card.locator('li.hunk[data-status="accepted"]').count()) === accepted);
  }
  await waitFor('the fix on disk', () => s.disk('src/cart.ts').includes('    const count = this.items.length;\n') && !s.disk('src/cart.ts').includes('Deliberate error'));
  await page.keyboard.press('Control+W');
});

test('a proposal edited in the review diff lands as edited; the card follows the typing; the journal says "accepted-with-changes"', async () => {
  const card = await ask(DEMO_PROMPTS.validate, 'src/cart.ts');
  await openReview(card);
  await typeAtEndOf('quantity must be a whole number', ' // reviewed by hand');
  // The card shows the user's line, marked as theirs, before anything is decided.
  await card.locator('.hunk-reason', { hasText: 'edited by you in the review diff' }).waitFor();
  await card.locator('.diff-line.ins', { hasText: '// reviewed by hand' }).waitFor();
  assert.ok(!s.disk('src/cart.ts').includes('RangeError'), 'nothing written before Accept');

  await page.locator('.editor-actions .action-label[aria-label^="Accept All Proposed Changes in File"]').first().click();
  await waitFor('the edited validation on disk', () => /throw new RangeError\(`quantity must be a whole number of at least 1, got \$\{item\.quantity\}`\); \/\/ reviewed by hand\n/.test(s.disk('src/cart.ts')));
  assert.match(s.disk('src/cart.ts'), /unitPrice must be whole, non-negative cents/, 'the rest of the proposal landed too');
  await card.locator('.status-chip', { hasText: 'accepted' }).first().waitFor();

  await runCommand(page, 'Flowpair: Show Edit Journal');
  const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Edit Journal' }) });
  // The tree only renders the rows in view: fold the composer so the journal has the side bar's height.
  await composerHeader().click();
  await tree.locator('.monaco-list-row', { hasText: /accepted-with-changes src\/cart\.ts:\d+/ }).first().waitFor();
  await composerHeader().click();
  await page.locator('.tab', { hasText: 'Flowpair proposal' }).first().click();
  await page.keyboard.press('Control+W');
});

test('closing the review diff keeps the edits to the proposal; the file changing on disk under an edited hunk makes it stale, with why', async () => {
  const card = await ask(DEMO_PROMPTS.rename, 'src/money.ts');
  await openReview(card);
  await typeAtEndOf('export function sumCents', ' // renamed');
  await card.locator('.hunk-reason', { hasText: 'edited by you in the review diff' }).waitFor();
  // The proposal side saves to itself as soon as typing pauses: closing then asks nothing, and writes nothing.
  await waitFor('the proposal saved', async () => (await page.locator('.tab.active.dirty').count()) === 0);
  await page.keyboard.press('Control+W');
  await waitFor('the diff closed', async () => (await page.locator('.tab', { hasText: 'Flowpair proposal' }).count()) === 0);
  assert.ok(s.disk('src/money.ts').includes('export function sum(values'), 'the file is untouched');

  await openReview(card);
  // Monaco draws spaces as no-break spaces.
  const rightText = async () => (await right().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  await waitFor('the edit in the reopened proposal', async () => (await rightText()).includes('// renamed'));

  // Another program changes the very line the edited hunk replaces.
  writeFileSync(join(s.cs.workspaceDir, 'src/money.ts'), s.disk('src/money.ts').replace('export function sum(values: Cents[])', 'export function sum(values: readonly Cents[])'));
  await card.locator('li.hunk[data-status="stale"] .hunk-reason', { hasText: 'the file changed on disk inside this hunk' }).waitFor();
  assert.match(await card.locator('li.hunk[data-status="stale"]').innerText(), /\/\/ renamed/, 'the user\'s text is still on the card');
  await waitFor('the proposal to take the line from the disk', async () => /export function sum\(values: readonly Cents\[\]\)/.test(await rightText()));
  await page.keyboard.press('Control+W');
});
