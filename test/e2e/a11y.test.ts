// Accessibility of the composer in a real VS Code (code-server) with Flowpair installed from its
// .vsix and the fake backend: focus where a keyboard user expects it (the prompt on open and after
// Add file…), names that carry a hunk's state and reason, and — in the four built-in theme families
// (Light, Dark, High Contrast Dark, High Contrast Light) — every drawn text/background pair at 4.5:1
// or more and every focus ring at 3:1 or more, computed from the composer's computed styles with the
// composer showing every state: accepted, rejected, stale and failed hunks, a stopped, a failed and
// a cut-short turn, inline code, a code block, file and excluded chips with token counts, the warm badge.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { type ColourSample, type Measured, measure } from '../harness/contrast';
import { runCommand, screenshot } from '../harness/browser';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { collectTextSamples, focusRingSample } from './contrastPage';
import { openSession, type Session, waitFor } from './session';

const KEY = 'sk-e2e-a11y';

// Four chunks against the sample's money.ts: an insertion (accepted), a replacement (rejected), one
// the user then types into (stale), and one whose old line is nowhere in the file (failed).
const STATES_PATCH = `*** Begin Patch
*** Update File: src/money.ts
@@
-export type Cents = number;
+/** An amount in cents. */
+export type Cents = number;
@@
-export function formatCents(amount: Cents, currency = 'EUR'): string {
+export function formatCents(amount: Cents, currency = 'USD'): string {
@@ export function sum(values: Cents[]): Cents {
-  return values.reduce((total, v) => total + v, 0);
+  return values.reduce((total, value) => total + value, 0);
@@
-export function notInThisFile(): void {}
+export function stillNotInThisFile(): void {}
*** End Patch
`;

const THEMES = [
  { setting: 'Default Light Modern', kind: 'vscode-light' },
  { setting: 'Default Dark Modern', kind: 'vscode-dark' },
  { setting: 'Default High Contrast', kind: 'vscode-high-contrast' },
  { setting: 'Default High Contrast Light', kind: 'vscode-high-contrast-light' },
  // Dark+ too (the classic dark). Light+ is left out: its own descriptionForeground on its sidebar is
  // 4.40:1 and its focusBorder on its secondary buttons 2.74:1, pairs the theme itself defines.
  { setting: 'Default Dark+', kind: 'vscode-dark' },
] as const;

let fake: FakeBackend;
let s: Session;

before(async () => {
  fake = await startFakeBackend({ apiKey: KEY, ttftMs: 20, tokensPerSecond: 400 });
  s = await openSession({
    settings: { 'editor.codeLens': true },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY },
    prepare: (cs) => useTheme(cs.workspaceDir, THEMES[1].setting),
  });
});

after(async () => {
  await s?.close();
  await fake?.close();
});

const hunk = (path: string, id: string) => s.card(path).locator(`li.hunk[data-hunk-id="${id}"]`);
const lastTurn = () => s.turns().last();

/**
 * The theme as a workspace setting (the test's copy of the sample's .vscode/settings.json): code-server
 * applies a changed workspace file reliably, where user settings written behind its back may not be.
 */
function useTheme(workspaceDir: string, name: string): void {
  mkdirSync(join(workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(join(workspaceDir, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': name }, null, 2));
}

/** The composer's document, for evaluating in it. */
async function composerFrame(): Promise<Frame> {
  const handle = await s.composer().locator('#app').elementHandle();
  const frame = await handle!.ownerFrame();
  assert.ok(frame, 'composer content frame');
  // tsx keeps function names with a __name helper; the page needs it for the functions passed in.
  await frame.evaluate('globalThis.__name ??= (f) => f');
  return frame;
}

/** What has focus inside the composer, and whether the composer's document has it at all. */
async function focused(): Promise<{ id: string; classes: string; label: string; inFrame: boolean }> {
  return (await composerFrame()).evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { id: el?.id ?? '', classes: el?.className ?? '', label: el?.getAttribute('aria-label') ?? '', inFrame: document.hasFocus() };
  });
}

/** Focus is in the prompt and the composer's document has it (typing goes there). */
const promptFocused = async () => {
  const f = await focused();
  return f.id === 'prompt' && f.inFrame;
};

test('the composer opens with focus in the prompt; Add file… by keyboard attaches the file and returns focus to the prompt', async () => {
  await s.openComposer(fake.baseUrl);
  await waitFor('focus in the prompt', promptFocused);
  // The host's first snapshot (answered by the round-trip ping) lands focus in the prompt once more.
  await s.composer().locator('#footer').filter({ hasText: 'host round trip' }).waitFor();
  for (let i = 0; i < 10 && (await focused()).id !== 'add-file'; i++) await s.page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).id, 'add-file');
  await s.page.keyboard.press('Enter');
  const input = s.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await s.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'cart.ts' }).first().waitFor();
  await s.page.keyboard.type('money.ts');
  await s.page.locator('.quick-input-widget .monaco-list-row[aria-label*="money.ts"]').first().waitFor();
  await s.page.keyboard.press('Enter');
  await s.composer().locator('#chips li.chip', { hasText: 'money.ts' }).first().waitFor();
  await waitFor('focus back in the prompt', promptFocused);
  // Typing now goes into the prompt, not into the editor or the picker.
  await s.page.keyboard.type('hello');
  assert.equal(await s.composer().locator('#prompt textarea').inputValue(), 'hello');
  await s.composer().locator('#prompt textarea').fill('');
});

test('hunks in every state: their names say accepted, rejected, stale and failed, with the reason', async () => {
  fake.when('every state', { text: 'Tidying `money.ts`:\n\n```ts\nexport type Cents = number;\n```\n\nFour changes.', toolCalls: [{ input: STATES_PATCH, callId: 'call_states' }] });
  await s.openFile('src/money.ts');
  await s.send('every state please');
  await hunk('src/money.ts', 'h4').waitFor();
  await lastTurn().locator('.turn-stats').waitFor();
  await hunk('src/money.ts', 'h1').locator('.hunk-accept').click();
  await hunk('src/money.ts', 'h1').locator('.status-chip', { hasText: 'accepted' }).waitFor();
  await hunk('src/money.ts', 'h2').locator('.hunk-reject').click();
  await hunk('src/money.ts', 'h2').locator('.status-chip', { hasText: 'rejected' }).waitFor();
  // The user types inside the third hunk's lines (line 8, now 9 below the accepted comment).
  await s.page.locator('.editor-instance .monaco-editor').first().click();
  await s.page.keyboard.press('Control+G');
  await s.page.keyboard.type('9');
  await s.page.keyboard.press('Enter');
  await s.page.keyboard.press('End');
  await s.page.keyboard.type(' // mine');
  await hunk('src/money.ts', 'h3').locator('.status-chip', { hasText: 'stale' }).waitFor();

  const name = async (id: string) => (await hunk('src/money.ts', id).locator('.hunk-head').getAttribute('aria-label')) ?? '';
  assert.match(await name('h1'), /^Change 1 of 4, line 1 of src\/money\.ts, accepted\. Show in the editor$/);
  assert.match(await name('h2'), /^Change 2 of 4, line \d+ of src\/money\.ts, rejected\. Show in the editor$/);
  assert.match(await name('h3'), /^Change 3 of 4, line \d+ of src\/money\.ts, stale — .+\. Show in the editor$/);
  assert.match(await name('h4'), /^Change 4 of 4, line \d+ of src\/money\.ts, failed — .+\. Show in the editor$/);
  // A stale hunk's second button dismisses it, and says so.
  assert.match((await hunk('src/money.ts', 'h3').locator('.hunk-reject').getAttribute('aria-label')) ?? '', /^Dismiss change 3 of 4, line \d+ of src\/money\.ts$/);
});

test('the composer shows every turn state: a stopped, a failed and a cut-short answer; an excluded file chip', async () => {
  await s.openFile('.env');
  await s.composer().locator('#chips li.chip.excluded').first().waitFor();

  fake.when('long essay', { text: 'Lorem ipsum dolor sit amet. '.repeat(120), tokensPerSecond: 40 });
  await s.send('a long essay');
  await lastTurn().locator('.answer').filter({ hasText: 'Lorem ipsum' }).waitFor();
  await s.composer().locator('#stop').click();
  await lastTurn().locator('.turn-status', { hasText: 'Stopped — partial answer kept' }).waitFor();

  fake.when('refuse this', { text: '', fault: { type: 'http-error', status: 400, code: 'invalid_request_error', message: 'The request was refused by the test.' } });
  await s.send('refuse this');
  await lastTurn().locator('.turn-status.status-failed').waitFor();

  fake.when('cut short', { text: 'This answer runs out of tokens before', incomplete: true });
  await s.send('cut short');
  await lastTurn().locator('.turn-status.status-incomplete').waitFor();
  await s.composer().locator('#connection').filter({ hasText: 'warm' }).waitFor();
});

/** Walks the composer by Shift+Tab from the prompt to its first control, measuring each focus ring. */
async function focusRings(): Promise<{ measured: Measured[]; missing: string[] }> {
  await runCommand(s.page, 'Flowpair: Open Composer');
  await waitFor('focus in the prompt', promptFocused);
  const frame = await composerFrame();
  const measured: Measured[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (let step = 0; step < 200; step++) {
    const ring = await frame.evaluate(focusRingSample);
    if (!ring) break; // focus left the composer, above its first control
    const key = `${ring.where}|${ring.text}`;
    if (seen.has(key)) break;
    seen.add(key);
    if (ring.candidates.length === 0) missing.push(`${ring.text} (${ring.where})`);
    else measured.push(ring.candidates.map(measure).sort((a, b) => b.ratio - a.ratio)[0]!);
    await s.page.keyboard.press('Shift+Tab');
  }
  return { measured, missing };
}

const report = (m: Measured) => `${m.ratio.toFixed(2)}:1 ${m.fg} on ${m.bg} "${m.text}" at ${m.where}`;

for (const theme of THEMES) {
  test(`${theme.setting}: every text in the composer is at 4.5:1 or more against its background, every focus ring at 3:1`, async () => {
    useTheme(s.cs.workspaceDir, theme.setting);
    await s.composer().locator(`body[data-vscode-theme-kind="${theme.kind}"]`).waitFor({ timeout: 30_000 });
    await s.composer().locator('.file-card[data-path="src/money.ts"] .status-chip.status-stale').first().scrollIntoViewIfNeeded();
    const frame = await composerFrame();
    const samples: ColourSample[] = await frame.evaluate(collectTextSamples);
    const texts = samples.map(measure).sort((a, b) => a.ratio - b.ratio);
    const rings = await focusRings();
    await screenshot(s.page, `a11y-${theme.kind}`);
    console.log(`[metric] contrast_worst_text{theme="${theme.setting}"}=${texts[0]!.ratio.toFixed(2)} (${report(texts[0]!)})`);
    const worstRing = [...rings.measured].sort((a, b) => a.ratio - b.ratio)[0];
    if (worstRing) console.log(`[metric] contrast_worst_focus_ring{theme="${theme.setting}"}=${worstRing.ratio.toFixed(2)} (${report(worstRing)})`);
    // The walk covered the states it is meant to check.
    const seen = texts.map((t) => t.text).join('\n');
    for (const expected of ['accepted', 'rejected', 'stale', 'failed', 'Stopped — partial answer kept', 'money.ts', 'warm', 'placeholder: ']) {
      assert.ok(seen.includes(expected), `the walk saw "${expected}"`);
    }
    for (const part of ['md-inline-code', 'chip-tokens', 'chip-excluded', 'diff-line ins', 'hunk-reason']) {
      assert.ok(texts.some((t) => t.where.replace(/\./g, ' ').includes(part)), `the walk measured ${part}`);
    }
    assert.ok(rings.measured.length >= 10, `the keyboard walk reached the composer's controls: ${rings.measured.length}`);
    const failing = texts.filter((t) => t.ratio < 4.5).map(report);
    const faintRings = rings.measured.filter((r) => r.ratio < 3).map(report);
    assert.deepEqual({ failing, faintRings, noRing: rings.missing }, { failing: [], faintRings: [], noRing: [] });
  });
}
