// Opens the code-server workbench in Debian's headless Chromium through playwright-core (which
// cannot download browsers here), plus the UI helpers every e2e test needs.
// The browser profile lives in the run dir and XDG dirs point into it: Chromium otherwise writes
// ~/.config/chromium and ~/.cache/dconf even with a profile.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, chromium, type FrameLocator, type Page } from 'playwright-core';
import { type CodeServer, updateSettings } from './codeServer';
import { ensureChromium, repoRoot } from './provision';

export interface OpenOptions {
  /** Defaults to the one given to startCodeServer. */
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  /** e.g. "Default Light Modern" or "Default Dark Modern"; written to the user settings before loading. */
  colorTheme?: string;
  viewport?: { width: number; height: number };
  /** Runs before the first navigation, e.g. to page.exposeFunction. */
  beforeLoad?: (page: Page) => Promise<void>;
}

export interface Workbench {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export function workbenchUrl(cs: CodeServer, opts: Pick<OpenOptions, 'extensionDevelopmentPath' | 'extensionTestsPath'> = {}): string {
  // the payload's authority must equal the host:port the page is loaded from
  const remote = (path: string) => `vscode-remote://127.0.0.1:${cs.port}${path}`;
  const payload: [string, string][] = [];
  const dev = opts.extensionDevelopmentPath ?? cs.extensionDevelopmentPath;
  if (dev) payload.push(['extensionDevelopmentPath', remote(dev)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  const query = cs.workspaceFile ? `workspace=${encodeURIComponent(cs.workspaceFile)}` : `folder=${encodeURIComponent(cs.workspaceDir)}`;
  return `${cs.url}/?${query}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

export async function openWorkbench(cs: CodeServer, opts: OpenOptions = {}): Promise<Workbench> {
  if (opts.colorTheme) updateSettings(cs, { 'workbench.colorTheme': opts.colorTheme });
  const profile = mkdtempSync(join(cs.runDir, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: ensureChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, 'xdg-config'), XDG_CACHE_HOME: join(profile, 'xdg-cache') },
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await opts.beforeLoad?.(page);
    await page.goto(workbenchUrl(cs, opts), { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return { context, page, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Runs a command through the F1 palette, like a user. The workbench renders before the remote
 * extension host has registered its contributions, and an open quick pick never refreshes, so it
 * retries (F1, type, wait 2 s, Escape). It clicks the matching row: the top row can be another
 * fuzzy match or a "similar commands" entry.
 */
export async function runCommand(page: Page, title: string, timeout = 60_000): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill('>' + title);
    if (await row.waitFor({ timeout: 2000 }).then(() => true, () => false)) break;
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`command not found in the palette after ${timeout} ms: ${title}`);
    await page.waitForTimeout(250);
  }
  await row.click();
  // The palette is gone once the command ran; the widget may stay open for the command's own input box.
  await page.locator('.quick-input-widget input[aria-label^="Type the name of a command"]').waitFor({ state: 'hidden' });
}

/** The extension's webview content: code-server's host iframe, then the inner #active-frame with its HTML. */
export function webviewFrame(page: Page, extensionId: string): FrameLocator {
  return page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`).frameLocator('iframe#active-frame');
}

/**
 * Saves test-results/screenshots/<name>.png (git-ignored) and returns its path. With `readme`, the
 * picture is one the README shows: it is also written to media/screenshots/, so every e2e run
 * regenerates the README's screenshots from what the test just drove.
 */
export async function screenshot(page: Page, name: string, options: { readme?: boolean } = {}): Promise<string> {
  const dir = join(repoRoot, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = `${name.replace(/[^\w.-]+/g, '-')}.png`;
  const path = join(dir, file);
  await page.screenshot({ path });
  if (options.readme) copyFileSync(path, join(repoRoot, 'media', 'screenshots', file));
  return path;
}
