// What the editor shows while and after a proposal streams, in a real VS Code (code-server) with
// Flowpair installed from its .vsix and the fake backend: inserted lines drawn between the lines
// they go between (on the CodeLens row, at their indentation) and never on top of existing code; the
// editor the user reads keeps its focus, its file, its cursor and the lines on screen while a patch
// for other files and for its own file streams in; hunk navigation says "n of m", file and line;
// a stale hunk is dismissed from its card. It also takes the README's picture of an insertion.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { screenshot } from '../harness/browser';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session, waitFor } from './session';

const KEY = 'sk-e2e-editor-stream';

// Validation inserted at the top of Cart.add, between `add(item: LineItem): void {` and the push.
const VALIDATE_PATCH = `*** Begin Patch
*** Update File: src/cart.ts
@@
   add(item: LineItem): void {
+    if (!Number.isInteger(item.quantity) || item.quantity <= 0) {
+      throw new RangeError(\`quantity must be a whole number above 0, got \${item.quantity}\`);
+    }
     this.items.push(item);
   }
*** End Patch
`;

/** A file long enough to scroll: the user reads its middle while a patch for it and others streams. */
const LONG = Array.from({ length: 240 }, (_, i) => `export const value${i + 1} = ${i + 1};`).join('\n') + '\n';
const STREAM_PATCH = `*** Begin Patch
*** Update File: src/long.ts
@@
-export const value3 = 3;
+export const value3 = 3; // three
@@
-export const value230 = 230;
+export const value230 = 230; // two hundred thirty
*** Update File: src/money.ts
@@
-export type Cents = number;
+/** An amount in cents. */
+export type Cents = number;
*** End Patch
`;

let fake: FakeBackend;
let s: Session;

before(async () => {
  fake = await startFakeBackend({ apiKey: KEY, ttftMs: 20, tokensPerSecond: 400 });
  s = await openSession({
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.codeLens': true },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY },
    prepare: (cs) => writeFileSync(join(cs.workspaceDir, 'src', 'long.ts'), LONG),
    backend: fake.baseUrl,
  });
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const lastTurn = () => s.turns().last();
const editor = () => s.page.locator('.editor-instance .monaco-editor').first();

async function gotoLine(line: number): Promise<void> {
  await s.page.keyboard.press('Control+G');
  await s.page.keyboard.type(`${line}:1`);
  await s.page.keyboard.press('Enter');
}

async function waitForDisk(path: string, expected: RegExp): Promise<void> {
  await waitFor(`${path} on disk`, () => expected.test(s.disk(path)), 15_000).catch(() => assert.match(s.disk(path), expected, `${path} on disk`));
}

/** The vertical extent of a rendered line, found by its line number in the gutter. */
async function lineBox(line: number): Promise<{ top: number; bottom: number }> {
  const box = await editor().locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^${line}$`) }).boundingBox();
  assert.ok(box, `line ${line} is rendered`);
  return { top: box.y, bottom: box.y + box.height };
}

/** Where the first non-blank character of the rendered line holding `text` is drawn. */
async function textStartX(text: string): Promise<number> {
  return editor()
    .locator('.view-lines .view-line', { hasText: text })
    .evaluate((line) => {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node.textContent ?? '').search(/[^\s\u00a0]/);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        return range.getBoundingClientRect().x;
      }
      return Number.NaN;
    });
}

/** The rendered text of the editor's lines, top to bottom, as the user sees it. */
async function renderedLines(): Promise<string[]> {
  return editor()
    .locator('.view-lines .view-line')
    .evaluateAll((lines) =>
      lines
        .map((l) => ({ top: parseFloat((l as HTMLElement).style.top), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
}

test('an insertion is drawn between the lines it goes between, at their indentation, never on top of the code', async () => {
  await s.openFile('src/cart.ts');
  fake.when('validate the quantity', { text: 'Rejecting quantities that are not whole numbers above 0:', toolCalls: [{ input: VALIDATE_PATCH, callId: 'call_validate' }] });
  await s.send('validate the quantity in Cart.add');
  await s.card('src/cart.ts').locator('li.hunk').first().waitFor();
  await lastTurn().locator('.turn-stats').waitFor();

  // The proposed first line sits on the row between line 12 (`add(…) {`) and line 13 (the push).
  const lens = editor().locator('.codelens-decoration', { hasText: 'if (!Number.isInteger(item.quantity)' });
  await lens.waitFor();
  assert.match(await lens.innerText(), /if \(!Number\.isInteger\(item\.quantity\) \|\| item\.quantity <= 0\) \{\s+… \+2 lines/);
  const row = (await lens.boundingBox())!;
  const above = await lineBox(12);
  const below = await lineBox(13);
  assert.ok(row.y >= above.bottom - 1 && row.y + row.height <= below.top + 1, `the row (${row.y}–${row.y + row.height}) lies between line 12 (ends ${above.bottom}) and line 13 (starts ${below.top})`);
  // At the indentation of the line it goes above: further right than the method's own line.
  const pushX = await textStartX('this.items.push(item);');
  const methodX = await textStartX('add(item: LineItem): void {');
  assert.ok(row.x > methodX + 4, `the row starts at the inserted lines' indentation (x ${row.x}), right of the method line's text (x ${methodX})`);
  assert.ok(Math.abs(row.x - pushX) < 6, `the row starts where the text of the line below starts (x ${row.x} vs ${pushX})`);

  // Every rendered line is exactly the file's line: nothing drawn into or over the existing code.
  const file = s.disk('src/cart.ts').split('\n');
  const shown = await renderedLines();
  assert.deepEqual(shown, file.slice(0, shown.length));
  await screenshot(s.page, 'editor-insertion', { readme: true });

  await s.card('src/cart.ts').locator('.hunk-accept').first().click();
  await s.card('src/cart.ts').locator('.status-chip', { hasText: 'accepted' }).waitFor();
  await waitForDisk('src/cart.ts', /add\(item: LineItem\): void \{\n {4}if \(!Number\.isInteger\(item\.quantity\)/);
});

test('while a patch for this file and another streams, the editor keeps its focus, file, cursor and the lines on screen', async () => {
  await s.openFile('src/long.ts');
  await editor().click();
  await gotoLine(120);
  const view = async () => ({
    tab: (await s.page.locator('.tab.active').innerText()).replace(/\s+/g, ''),
    cursor: (await s.page.locator('.statusbar-item[id="status.editor.selection"]').innerText()).trim(),
    // Where line 120 is on screen (not scrollTop: a CodeLens row added above the viewport grows the
    // content, and the editor scrolls by its height to keep what the user reads in place).
    line120Top: Math.round((await lineBox(120)).top),
    editorFocused: await s.page.evaluate(() => document.activeElement?.closest('.editor-instance') !== null),
  });
  // Sent from the composer, then the user goes back to reading line 120 while it streams.
  fake.when('annotate the values', { text: 'Annotating two values and documenting Cents. '.repeat(3), toolCalls: [{ input: STREAM_PATCH, callId: 'call_stream' }], tokensPerSecond: 30 });
  await s.send('annotate the values');
  await editor().click();
  await gotoLine(120);
  const reading = await view();
  assert.equal(reading.tab, 'long.ts');
  assert.match(reading.cursor, /^Ln 120, Col 1/);
  assert.ok(reading.editorFocused);

  // Sampled until the turn ends (polled, no fixed waits): every sample must equal the first.
  const samples = [reading];
  const ended = lastTurn().locator('.turn-stats');
  for (const deadline = Date.now() + 60_000; !(await ended.isVisible()); ) {
    if (Date.now() > deadline) assert.fail('the streamed turn did not end');
    samples.push(await view());
    await new Promise((r) => setTimeout(r, 100));
  }
  samples.push(await view());
  assert.equal(await s.card('src/long.ts').locator('li.hunk').count(), 2);
  assert.equal(await s.card('src/money.ts').locator('li.hunk').count(), 1);
  for (const s of samples) assert.deepEqual(s, reading);
  // The composer says what changed instead of jumping there.
  await lastTurn().locator('.review-notice', { hasText: '2 files changed — review' }).waitFor();
});

test('Alt+. and Alt+, move between hunks and say "change n of m", the file, the line, and when they wrap', async () => {
  const status = s.page.locator('.statusbar-item', { hasText: /^Flowpair: change / });
  await s.card('src/long.ts').locator('li.hunk[data-status="pending"]').nth(1).waitFor();
  await editor().click();
  await gotoLine(120);
  await s.page.keyboard.press('Alt+.');
  await status.filter({ hasText: 'Flowpair: change 2 of 2 in src/long.ts, line 230' }).waitFor();
  await s.page.keyboard.press('Alt+.');
  await status.filter({ hasText: 'Flowpair: change 1 of 2 in src/long.ts, line 3 (wrapped to the first)' }).waitFor();
  await s.page.keyboard.press('Alt+,');
  await status.filter({ hasText: 'Flowpair: change 2 of 2 in src/long.ts, line 230 (wrapped to the last)' }).waitFor();
  assert.match(await s.page.locator('.statusbar-item[id="status.editor.selection"]').innerText(), /^Ln 230, Col 1/);
});

test('a stale hunk is dismissed from its card: the user’s text stays and the hunk leaves the editor', async () => {
  // The user edits the line the second long.ts hunk would replace: that hunk turns stale.
  await gotoLine(230);
  await s.page.keyboard.press('End');
  await s.page.keyboard.type(' // mine');
  await s.page.keyboard.press('Control+S');
  const stale = s.card('src/long.ts').locator('li.hunk[data-status="stale"]');
  await stale.waitFor();
  await editor().locator('.codelens-decoration', { hasText: 'Stale:' }).waitFor();
  const dismiss = stale.locator('.hunk-reject');
  assert.equal((await dismiss.innerText()).trim(), 'Dismiss');
  await dismiss.click();
  await s.card('src/long.ts').locator('li.hunk .status-chip', { hasText: 'rejected' }).waitFor();
  assert.equal(await s.card('src/long.ts').locator('li.hunk[data-status="stale"]').count(), 0);
  await editor().locator('.codelens-decoration', { hasText: 'Stale:' }).waitFor({ state: 'detached' });
  assert.match(s.disk('src/long.ts'), /^export const value230 = 230; \/\/ mine$/m);
  // The first long.ts hunk is still pending and still applies.
  await s.card('src/long.ts').locator('li.hunk[data-status="pending"] .hunk-accept').click();
  await s.card('src/long.ts').locator('li.hunk .status-chip', { hasText: 'accepted' }).waitFor();
  await s.page.keyboard.press('Control+S');
  await waitForDisk('src/long.ts', /^export const value3 = 3; \/\/ three$/m);
});
