// Context at repository scale, as a user meets it in a real VS Code (code-server) with Flowpair from
// its .vsix: a generated workspace of 40,000+ tracked files plus ignored build output, where
// "Add file…" finds any tracked file by typing part of its path and never lists what .gitignore,
// search.exclude or files.exclude hide; a file of 100,000 template literals attaches and is sent;
// a removed file chip stays removed until it is added back.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { generateBigWorkspace, TRACKED, trackedPath } from '../harness/bigWorkspace';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session } from './session';

const MODEL = 'local-long-context';

let root: string;
let fake: FakeBackend;
let s: Session;
let page: Page;

before(async () => {
  root = generateBigWorkspace();
  fake = await startFakeBackend({ models: [MODEL] });
  s = await openSession({
    workspace: root,
    copyWorkspace: false,
    // a model Flowpair does not know: its window comes from the setting (the big file needs ~1M tokens)
    settings: { 'flowpair.models.fast': MODEL, 'flowpair.context.windowTokens': 2_000_000 },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-e2e-big-workspace' },
    backend: fake.baseUrl,
  });
  page = s.page;
});

after(async () => {
  await s?.close();
  await fake?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const pickerInput = () => page.locator('.quick-input-widget .quick-input-box input');
const pickerRows = () => page.locator('.quick-input-widget .monaco-list-row');
const chips = () => s.composer().locator('#chips li.chip');

/** Opens Add file… from the composer and types into VS Code's picker. */
async function addFileQuery(query: string): Promise<void> {
  await s.composer().locator('#add-file').click();
  await pickerInput().waitFor({ state: 'visible' });
  await pickerInput().fill(query);
}

test('Add file… finds any tracked file of 40,000 by part of its path, and the prompt gets the focus back', async () => {
  for (const i of [7, 23_456, TRACKED - 1]) {
    const path = trackedPath(i);
    await addFileQuery(path.slice(path.indexOf('/mod') + 1)); // e.g. "mod469/file23456.ts"
    const row = pickerRows().filter({ hasText: `file${i}.ts` }).first();
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.innerText(), new RegExp(path.slice(0, path.lastIndexOf('/')).replaceAll('/', '\\/')), 'the row shows the folder');
    await pickerInput().press('Enter');
    await chips().filter({ hasText: path }).first().waitFor();
    // typing goes straight to the prompt again
    await page.keyboard.type(`x${i}`);
    assert.equal(await s.composer().locator('#prompt textarea').inputValue(), `x${i}`);
    await s.composer().locator('#prompt textarea').fill('');
  }
});

test('ignored build output, search.exclude and files.exclude are not listed; "no match" is said plainly', async () => {
  await addFileQuery('needle');
  // the rows are rendered together once the search is done
  await pickerRows().filter({ hasText: 'needle-tracked.ts' }).first().waitFor({ timeout: 60_000 });
  const rows = await pickerRows().allInnerTexts();
  for (const hidden of ['needle-built.js', 'needle-run.log', 'needle-vendored.ts', 'needle-scratch.tmpx']) {
    assert.ok(!rows.some((r) => r.includes(hidden)), `${hidden} is not listed (rows: ${rows.join(' | ')})`);
  }
  await pickerInput().fill('dist/pkg3/mod3/file3.js');
  await pickerRows().filter({ hasText: 'No file matches "dist/pkg3/mod3/file3.js"' }).waitFor();
  await page.keyboard.press('Escape');
  await pickerInput().waitFor({ state: 'hidden' });
});

test('a file of 100,000 template literals attaches and is sent', async () => {
  await addFileQuery('generated/templates');
  await pickerRows().filter({ hasText: 'templates.ts' }).first().waitFor({ timeout: 60_000 });
  await pickerInput().press('Enter');
  const chip = chips().filter({ hasText: 'src/generated/templates.ts' }).first();
  await chip.waitFor();
  assert.doesNotMatch(await chip.innerText(), /not sent/, 'the chip is a readable text file');
  fake.when('how many templates', { text: 'One hundred thousand.' });
  const box = s.composer().locator('#prompt textarea');
  await box.fill('how many templates are there?');
  await box.press('Enter');
  await s.composer().locator('article.turn').last().locator('.answer').filter({ hasText: 'One hundred thousand.' }).waitFor({ timeout: 60_000 });
  const request = fake.requests.filter((r) => JSON.stringify(r.body.input ?? '').includes('how many templates')).at(-1);
  assert.match(JSON.stringify(request?.body.input), /export const t99999 = `template 99999`;/, 'the whole file went with the prompt');
  assert.equal(await s.composer().locator('.notice.error').count(), 0, 'no error notice');
});

test('a removed file chip stays removed when its file is opened again, until it is added back', async () => {
  const path = trackedPath(7);
  const chip = () => chips().filter({ hasText: path }).first();
  await chip().waitFor();
  await chip().locator('.chip-remove').click();
  await chip().waitFor({ state: 'detached' });
  // open it in the editor (a patch opening it would do the same): the removed chip does not come back
  await s.openFile(path);
  // another chip follows the editor meanwhile, so the chips were refreshed after the open
  await addFileQuery('needle-tracked');
  await pickerRows().filter({ hasText: 'needle-tracked.ts' }).first().waitFor({ timeout: 60_000 });
  await pickerInput().press('Enter');
  await chips().filter({ hasText: 'src/needle-tracked.ts' }).first().waitFor();
  assert.equal(await chip().count(), 0, 'the removed file stays removed while it is the active editor');
  await addFileQuery(path.slice(path.indexOf('/mod') + 1));
  await pickerRows().filter({ hasText: 'file7.ts' }).first().waitFor({ timeout: 60_000 });
  await pickerInput().press('Enter');
  await chip().waitFor();
});
