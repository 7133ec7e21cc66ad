// One e2e session: code-server with Flowpair installed from its .vsix on a fresh copy of a workspace,
// headless Chromium on the workbench, and the composer open and connected. Every e2e file needs the
// same few helpers around it (the composer's frame, a file on disk, sending a prompt, waiting for a
// condition); they live here once.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { openWorkbench, type OpenOptions, runCommand, webviewFrame, type Workbench } from '../harness/browser';
import { type CodeServer, type StartOptions, startCodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/provision';
import { DEMO_PACE, demoAnswerer } from '../fake-backend/demo';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { packageVsix } from './vsix';

export const SAMPLE_WORKSPACE = join(repoRoot, 'test', 'sample-workspace');
export const EXTENSION_ID = 'flowpair.flowpair';

export interface SessionOptions extends Partial<StartOptions> {
  /**
   * What the composer's backend label shows once connected (the fake's URL, "demo backend", …):
   * the composer is opened and awaited. Leave it out to open the composer yourself (openComposer).
   */
  backend?: string;
  /** Runs once the workspace copy exists, before the workbench opens (seed files, read originals). */
  prepare?: (cs: CodeServer) => void;
  workbench?: OpenOptions;
}

export interface Session {
  cs: CodeServer;
  wb: Workbench;
  page: Page;
  composer(): FrameLocator;
  /** A workspace file's text on disk now. */
  disk(path: string): string;
  /** The composer's card for a file of the latest proposal. */
  card(path: string): Locator;
  turns(): Locator;
  openComposer(backend: string): Promise<void>;
  /** Opens a workspace file through Quick Open, as a user does, and waits for its tab. */
  openFile(path: string): Promise<void>;
  /** Types a prompt into the composer and presses Enter. */
  send(text: string): Promise<void>;
  /** send(), then the turn it started (not the previous one, which may still be the last). */
  sendForTurn(text: string): Promise<Locator>;
  waitForDisk(path: string, expected: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function openSession(opts: SessionOptions = {}): Promise<Session> {
  const { backend, prepare, workbench, ...start } = opts;
  const cs = await startCodeServer({ workspace: SAMPLE_WORKSPACE, vsix: packageVsix(), ...start });
  let wb: Workbench | undefined;
  try {
    prepare?.(cs);
    wb = await openWorkbench(cs, workbench);
  } catch (error) {
    await cs.stop();
    throw error;
  }
  const page = wb.page;
  const composer = () => webviewFrame(page, EXTENSION_ID);
  const disk = (path: string) => readFileSync(join(cs.workspaceDir, path), 'utf8');
  const turns = () => composer().locator('article.turn');
  const send = async (text: string) => {
    const box = composer().locator('#prompt textarea');
    await box.fill(text);
    await box.press('Enter');
  };
  const session: Session = {
    cs,
    wb,
    page,
    composer,
    disk,
    turns,
    card: (path) => composer().locator(`.file-card[data-path="${path}"]`),
    async openComposer(label) {
      await runCommand(page, 'Flowpair: Open Composer');
      await composer().locator('#backend').filter({ hasText: label }).waitFor();
    },
    async openFile(path) {
      const base = path.split('/').pop()!;
      const input = page.locator('.quick-input-widget .quick-input-box input');
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: base }).first();
      // retried while the file search is not ready yet (right after start, on a busy machine)
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+P');
        await input.waitFor({ state: 'visible' });
        await input.fill(path);
        if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
        await page.keyboard.press('Escape');
        if (attempt === 6) assert.fail(`Quick Open never listed ${path}`);
      }
      await row.click();
      await page.locator('.tab.active', { hasText: base }).waitFor();
    },
    send,
    async sendForTurn(text) {
      const count = await turns().count();
      await send(text);
      const turn = turns().nth(count);
      await turn.waitFor();
      return turn;
    },
    async waitForDisk(path, expected, timeoutMs = 15_000) {
      await waitFor(`${path} on disk`, () => disk(path) === expected, timeoutMs).catch(() => assert.equal(disk(path), expected, `${path} on disk`));
    },
    async close() {
      await wb?.close();
      await cs.stop();
    },
  };
  if (backend !== undefined) {
    // a failed start must not leave code-server running: the file's after() never got the session
    await session.openComposer(backend).catch(async (error: unknown) => {
      await session.close();
      throw error;
    });
  }
  return session;
}

/** A session on the demo backend, connected the way `npm start` connects when nothing is configured. */
export async function openDemoSession(opts: SessionOptions = {}): Promise<{ fake: FakeBackend; session: Session }> {
  // The demo reads the files of the workspace code-server opened (a copy made at start).
  let workspaceDir = SAMPLE_WORKSPACE;
  const fake = await startFakeBackend({ ...DEMO_PACE, answer: (text) => demoAnswerer(workspaceDir)(text) });
  try {
    const session = await openSession({
      settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.codeLens': true },
      ...opts,
      env: { FLOWPAIR_DEMO_BASE_URL: fake.baseUrl, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
      prepare: (cs) => {
        workspaceDir = cs.workspaceDir;
        opts.prepare?.(cs);
      },
    });
    return { fake, session };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

/** Polls a condition until it holds; fails naming what it waited for. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
