// Section "context": how fast the composer's chips follow the active editor in a 40,000-file
// workspace while a linter streams diagnostics (one event every 20 ms, every fifth on the active
// file), measured from the editor tab turning active to the file's chip showing in the composer.
// BENCH_VSIX=path measures another build (e.g. an older one, for a before/after figure).
// Writes bench/results/context.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBigWorkspace, trackedPath, TRACKED } from '../test/harness/bigWorkspace';
import { openWorkbench, runCommand, webviewFrame } from '../test/harness/browser';
import { startCodeServer } from '../test/harness/codeServer';
import { startFakeBackend } from '../test/fake-backend/server';
import { EXTENSION_ID, packageVsix } from './codeServer';
import { counter, progress, quick, runMain, summarize, writeSection } from './lib';

const LINT_INTERVAL_MS = 20;

/** A tiny extension that streams diagnostics over the workspace, like a linter or `tsc --watch`. */
function linterExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowpair-bench-lint-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-lint', publisher: 'bench', version: '0.0.1', engines: { vscode: '^1.80.0' }, main: 'dist/extension.js', activationEvents: ['onStartupFinished'] }));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(
    join(dir, 'dist', 'extension.js'),
    `const vscode = require('vscode');
exports.activate = (context) => {
  const diagnostics = vscode.languages.createDiagnosticCollection('bench-lint');
  const files = [];
  vscode.workspace.findFiles('src/**/*.ts', undefined, 2000).then((uris) => files.push(...uris));
  // when the extension host learns of each editor switch (Flowpair hears it in the same dispatch)
  const active = {};
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((e) => {
    const name = e?.document.uri.path.split('/').pop();
    if (name && active[name] === undefined) active[name] = Date.now();
    require('fs').writeFileSync(require('path').join(__dirname, 'active.json'), JSON.stringify(active));
  }));
  let n = 0;
  const timer = setInterval(() => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const target = n % 5 === 0 && active ? active : files[n % Math.max(1, files.length)];
    if (target) diagnostics.set(target, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 6), 'lint ' + n, vscode.DiagnosticSeverity.Warning)]);
    n++;
  }, ${LINT_INTERVAL_MS});
  context.subscriptions.push(diagnostics, { dispose: () => clearInterval(timer) });
};`,
  );
  return dir;
}

export async function benchContext(): Promise<Record<string, unknown>> {
  const vsix = process.env.BENCH_VSIX ?? packageVsix();
  progress('context', 'generating a 40,000-file workspace');
  const root = generateBigWorkspace();
  const linter = linterExtension();
  const fake = await startFakeBackend({ models: ['gpt-5.3-codex-spark'] });
  const cs = await startCodeServer({ workspace: root, copyWorkspace: false, vsix, extensionFolder: linter, env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-bench' } });
  const samples: number[] = [];
  const fromHost: number[] = [];
  const activeFile = () => join(cs.extensionsDir, 'bench.bench-lint-0.0.1', 'dist', 'active.json');
  try {
    const wb = await openWorkbench(cs);
    const page = wb.page;
    try {
      await runCommand(page, 'Flowpair: Open Composer');
      const composer = webviewFrame(page, EXTENSION_ID);
      await composer.locator('#backend').waitFor({ timeout: 120_000 });
      const input = page.locator('.quick-input-widget .quick-input-box input');
      // Both moments are stamped in the browser as they happen (MutationObservers), on one clock
      // (timeOrigin + now); Playwright's polling only waits for them.
      const handle = await composer.locator('#app').elementHandle();
      const frame = await handle?.ownerFrame();
      if (!frame) throw new Error('composer frame not found');
      // (scripts as strings: the bench is type-checked without the DOM library)
      await frame.evaluate(`(() => {
        const seen = (window.chipSeen = {});
        new MutationObserver(() => {
          const now = performance.timeOrigin + performance.now();
          for (const li of document.querySelectorAll('#chips li.chip')) seen[li.querySelector('.chip-label')?.textContent ?? ''] ??= now;
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      })()`);
      await page.evaluate(`(() => {
        const seen = (window.tabSeen = {});
        new MutationObserver(() => {
          const text = document.querySelector('.tab.active')?.textContent ?? '';
          const name = text.match(/file\\d+\\.ts/)?.[0];
          if (name) seen[name] ??= performance.timeOrigin + performance.now();
        }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
      })()`);
      const files = quick ? 5 : 20;
      const tick = counter('context', 'editor switch', files);
      for (let k = 0; k < files; k++) {
        const path = trackedPath((k * 7919) % TRACKED);
        const name = path.slice(path.lastIndexOf('/') + 1);
        await page.keyboard.press('Control+P');
        await input.fill(path);
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
        await input.press('Enter');
        await page.locator('.tab.active', { hasText: name }).waitFor();
        await composer.locator('#chips li.chip', { hasText: path }).first().waitFor({ timeout: 30_000 });
        const tab = (await page.evaluate(`window.tabSeen[${JSON.stringify(name)}]`)) as number | undefined;
        const chip = (await frame.evaluate(`window.chipSeen[${JSON.stringify(path)}]`)) as number | undefined;
        if (tab === undefined || chip === undefined) throw new Error(`no timestamp for ${path} (tab ${tab}, chip ${chip})`);
        samples.push(chip - tab);
        const hostAt = (JSON.parse(readFileSync(activeFile(), 'utf8')) as Record<string, number>)[name];
        if (hostAt !== undefined) fromHost.push(chip - hostAt);
        tick(`${Math.round(samples.at(-1)!)} ms (${Math.round(fromHost.at(-1) ?? NaN)} ms after the extension host heard of it)`);
      }
    } finally {
      await wb.close();
    }
  } finally {
    await cs.stop();
    await fake.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(linter, { recursive: true, force: true });
  }
  const follow = summarize(samples, 0);
  const host = summarize(fromHost, 0);
  // chip_follow: tab active → chip shown (what the user sees); host_to_chip: the extension host's
  // onDidChangeActiveTextEditor → chip shown (Flowpair's part, without VS Code's own renderer → host hop)
  return { chip_follow_ms: follow.p50, chip_follow: follow, host_to_chip_ms: host.p50, host_to_chip: host, lint_interval_ms: LINT_INTERVAL_MS, vsix: process.env.BENCH_VSIX ? 'BENCH_VSIX' : 'this build' };
}

runMain(import.meta.url, async () => {
  const context = await benchContext();
  const file = writeSection('context', { context });
  progress('context', `wrote ${file}: ${JSON.stringify(context)}`, true);
});
