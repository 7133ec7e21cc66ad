// Section "scaling": how cost grows with the input. Per-unit cost at growing sizes in one run and the
// ratio largest ÷ smallest per unit (1.0 is linear; budget ≤ 1.3):
//   - answer text 10k → 200k characters at 5,000 tok/s through the host (Node, scalingHost.ts) and
//     through the composer's webview bundle (headless Chromium, a page that stands in for VS Code's
//     webview host and delivers the host's messages: one turnText per 16 ms);
//   - one answer that is a single 40k-character line, one with a 60 KB open paragraph of emphasis
//     markers (longest main-thread task while it streams and ends, budget ≤ 50 ms);
//   - function-call arguments 0.1 → 2 MB through the decoder;
//   - a patch of 100 → 2,000 chunks (half failing) through parse + locate + hunks + sync;
//   - re-creating the view after a 200k-character conversation: from the webview script's start to
//     the restored transcript painted (budget ≤ 100 ms).
// Writes bench/results/scaling.json.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import type { HostToWebview, TurnView } from '../src/protocol';
import { ensureChromium } from '../test/harness/provision';
import { progress, quick, repoRoot, resultsDir, round, runMain, summarize, writeSection } from './lib';
import { CHARS_PER_TOKEN, answerText, decodeArguments, hostAnswer, patchChunks, scaleOf } from './scalingHost';

const RATE = 5_000; // tokens per second
const ANSWER_SIZES = quick ? [10_000, 50_000] : [10_000, 20_000, 50_000, 100_000, 200_000];
const DECODER_MB = quick ? [0.1, 0.5] : [0.1, 0.25, 0.5, 1, 2];
const CHUNKS = quick ? [100, 500] : [100, 250, 500, 1000, 2000];
const REPEAT = quick ? 1 : 3;
const RESTORE_CHARS = 200_000;

const median = (xs: number[]) => summarize(xs, 3).p50;

async function repeat(n: number, run: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await run());
  return median(samples);
}

// ---- the webview page ------------------------------------------------------------------------

/** Stands in for VS Code's webview host: acquireVsCodeApi, and task timing of what the bundle runs. */
const PAGE_PRELUDE = `
performance.mark('bench:script-start');
// the prompt box is usable: the toolkit (loaded after the restored transcript's paint) defined it
customElements.whenDefined('vscode-text-area').then(() => performance.mark('bench:composer-ready'));
window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => {
  window.__posted.push(m);
  if (m.type === 'ping') setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'pong', id: m.id } })));
  if (m.type === 'ready' && window.__init) setTimeout(() => {
    performance.mark('bench:init');
    window.dispatchEvent(new MessageEvent('message', { data: window.__init }));
    // painted: the first task after the next frame
    raf(() => setTimeout(() => performance.mark('bench:restored')));
  });
} });
// The longest piece of our work on the main thread: each host message and each animation frame callback.
window.__tasks = { max: 0, total: 0, n: 0 };
const raf = window.requestAnimationFrame.bind(window);
const note = (ms) => { const t = window.__tasks; t.max = Math.max(t.max, ms); t.total += ms; t.n++; };
window.requestAnimationFrame = (cb) => raf((ts) => { const t0 = performance.now(); try { cb(ts); } finally { note(performance.now() - t0); } });
window.__deliver = (data) => { const t0 = performance.now(); window.dispatchEvent(new MessageEvent('message', { data })); note(performance.now() - t0); };
window.__longtasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(e.duration); }).observe({ type: 'longtask' });
`;

/** Streams one answer like the host does: a turnText every 16 ms at the given rate, then turnEnded; resolves after its paint. */
const STREAM = `async ({ id, text, charsPerMs }) => {
  window.__tasks = { max: 0, total: 0, n: 0 };
  window.__longtasks.length = 0;
  const turn = { id, prompt: 'bench', origin: 'composer', model: 'bench-model', text: '', notices: [], status: 'streaming' };
  window.__deliver({ type: 'turnStarted', turn });
  const t0 = performance.now();
  let sent = 0;
  while (sent < text.length) {
    await new Promise((r) => setTimeout(r, 16));
    const due = Math.min(text.length, Math.floor((performance.now() - t0) * charsPerMs));
    if (due > sent) window.__deliver({ type: 'turnText', turnId: id, delta: text.slice(sent, due) });
    sent = Math.max(sent, due);
  }
  window.__deliver({ type: 'turnEnded', turnId: id, status: 'completed' });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { maxTask: window.__tasks.max, ownTotal: window.__tasks.total, longtasks: [...window.__longtasks] };
}`;

interface Site {
  dir: string;
  url: string;
}

async function buildSite(): Promise<Site> {
  const dir = join(resultsDir, 'scaling-page');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // the production bundle, as packaged
  await esbuild.build({
    entryPoints: { webview: join(repoRoot, 'webview', 'main.ts'), toolkit: join(repoRoot, 'webview', 'toolkitDefine.ts') },
    outdir: dir, bundle: true, minify: process.env.BENCH_NO_MINIFY !== "1", platform: 'browser', format: 'iife', target: 'chrome120', logLevel: 'error',
  });
  writeFileSync(join(dir, 'prelude.js'), PAGE_PRELUDE);
  writeFileSync(
    join(dir, 'index.html'),
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><link rel="stylesheet" href="webview.css">
<style>body{height:900px;margin:0}</style></head><body><main id="app"></main>
<script src="prelude.js"></script><script src="webview.js"></script></body></html>`,
  );
  return { dir, url: pathToFileURL(join(dir, 'index.html')).href };
}

async function openPage(browserPage: () => Promise<Page>, site: Site, init?: HostToWebview): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browserPage();
  if (init !== undefined) await page.addInitScript(`window.__init = ${JSON.stringify(init)};`);
  await page.goto(site.url);
  await page.locator('#prompt').waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

interface StreamResult {
  maxTask: number;
  ownTotal: number;
  longtasks: number[];
}

/** Streams `text` into a fresh composer page; main-thread ms (all tasks) and the longest task of ours. */
async function streamInPage(newPage: () => Promise<Page>, site: Site, text: string): Promise<{ mainMs: number; maxTaskMs: number; ownMs: number; longtasks: number[] }> {
  const { page, cdp } = await openPage(newPage, site, initMessage([]));
  try {
    await page.waitForFunction('document.querySelector("#footer").textContent.includes("host round trip")');
    const before = await taskSeconds(cdp);
    const r = (await page.evaluate(`(${STREAM})(${JSON.stringify({ id: 'tbench', text, charsPerMs: (RATE * CHARS_PER_TOKEN) / 1000 })})`)) as StreamResult;
    const after = await taskSeconds(cdp);
    // markup characters are not shown and whitespace collapses: compare the letters and digits
    const letters = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').length;
    const shown = letters(await page.locator('.turn .answer').innerText());
    if (shown < letters(text) * 0.9) throw new Error(`the answer shows ${shown} letters and digits of ${letters(text)}`);
    return { mainMs: (after - before) * 1000, maxTaskMs: r.maxTask, ownMs: r.ownTotal, longtasks: r.longtasks };
  } finally {
    await page.close();
  }
}

function initMessage(turns: TurnView[]): HostToWebview {
  return {
    type: 'init',
    backend: { label: 'Bench', configured: true, fastModel: 'bench-model', restricted: false },
    connection: 'warm',
    turns,
    files: [],
    context: { chips: [], usedTokens: 0, model: 'bench-model', limitTokens: 128_000, instructionTokens: 0, historyTokens: 0 },
  };
}

/** A conversation of ten ended turns holding `chars` characters of answer in all. */
function conversation(chars: number): TurnView[] {
  const turns = 10;
  return Array.from({ length: turns }, (_, i) => ({
    id: `r${i}`,
    prompt: `question ${i}`,
    origin: 'composer' as const,
    model: 'bench-model',
    text: answerText(chars / turns),
    notices: [],
    status: 'completed' as const,
    stats: { model: 'bench-model', transport: 'WS warm' as const, outputTokens: 5000, ttftMs: 70, tokensPerSecond: 5000 },
  }));
}

/**
 * Page load with the conversation in `init`: script start → restored transcript painted, init →
 * painted, and script start → the prompt box defined (the toolkit loads after that paint).
 */
async function viewRestore(newPage: () => Promise<Page>, site: Site): Promise<{ total: number; render: number; ready: number }> {
  const { page } = await openPage(newPage, site, initMessage(conversation(RESTORE_CHARS)));
  try {
    await page.waitForFunction("performance.getEntriesByName('bench:restored').length === 1 && performance.getEntriesByName('bench:composer-ready').length === 1");
    if ((await page.locator('.turn').count()) !== 10) throw new Error('the restored transcript does not show the 10 turns');
    const at = (name: string) => page.evaluate(`performance.getEntriesByName('${name}')[0].startTime`) as Promise<number>;
    const [start, init, restored, ready] = [await at('bench:script-start'), await at('bench:init'), await at('bench:restored'), await at('bench:composer-ready')];
    return { total: restored - start, render: restored - init, ready: ready - start };
  } finally {
    await page.close();
  }
}

/** A 40k-character line: an opening fence followed by a base64 blob, and a heading padded with whitespace. */
function longLines(): Record<string, string> {
  const blob = Array.from({ length: 40_000 }, (_, i) => 'QWxhZGRpbjpvcGVuIHNlc2FtZQ'[i % 26]).join('');
  return {
    fence_blob: '```' + blob.slice(0, 39_990) + '` done\n',
    padded_heading: '# Totals' + ' \t'.repeat(19_990) + 'end\n',
  };
}

export async function benchScaling(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { rate_tokens_per_s: RATE, chars_per_token: CHARS_PER_TOKEN };

  progress('scaling', `host: answers ${ANSWER_SIZES.map((s) => s / 1000 + 'k').join(', ')} chars at ${RATE} tok/s`);
  await hostAnswer(10_000, RATE); // warm the JIT
  const host = [];
  for (const size of ANSWER_SIZES) host.push({ size, ms: await repeat(REPEAT, () => hostAnswer(size, RATE)) });
  const hostScale = scaleOf(host, 1000);

  progress('scaling', `decoder: function-call arguments ${DECODER_MB.join(', ')} MB`);
  await decodeArguments(100_000);
  const decoder = [];
  for (const mb of DECODER_MB) decoder.push({ size: mb * 1_000_000, ms: await repeat(REPEAT, () => decodeArguments(mb * 1_000_000)) });
  const decoderScale = scaleOf(decoder, 1_000_000);

  progress('scaling', `patch: ${CHUNKS.join(', ')} chunks (half failing) through parse + locate + hunks + sync`);
  await patchChunks(100);
  const chunks: Array<{ size: number; ms: number }> = [];
  let skipped: number[] = [];
  for (const n of CHUNKS) {
    // A size whose projected time (quadratic from the last one) exceeds a minute is skipped and named.
    const last = chunks.at(-1);
    if (last && last.ms * (n / last.size) ** 2 > 60_000) {
      skipped = CHUNKS.filter((c) => c >= n);
      break;
    }
    chunks.push({ size: n, ms: await repeat(n >= 1000 ? 1 : REPEAT, async () => (await patchChunks(n)).ms) });
  }
  const chunkScale = scaleOf(chunks, 1);

  progress('scaling', 'webview: building the production bundle, starting Chromium');
  const site = await buildSite();
  const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const context = await browser.newContext({ viewport: { width: 480, height: 900 } });
    const newPage = () => context.newPage();
    await streamInPage(newPage, site, answerText(10_000)); // warm-up
    const webview = [];
    const webviewOwn = [];
    const maxTasks: number[] = [];
    for (const size of ANSWER_SIZES) {
      progress('scaling', `webview: ${size / 1000}k-character answer at ${RATE} tok/s`);
      const runs = [];
      for (let i = 0; i < REPEAT; i++) runs.push(await streamInPage(newPage, site, answerText(size)));
      webview.push({ size, ms: median(runs.map((r) => r.mainMs)) });
      webviewOwn.push({ size, ms: median(runs.map((r) => r.ownMs)) });
      maxTasks.push(Math.max(...runs.map((r) => r.maxTaskMs)));
    }
    const webviewScale = scaleOf(webview, 1000);

    const longLine: Record<string, unknown> = {};
    for (const [name, line] of Object.entries(longLines())) {
      progress('scaling', `webview: a single ${line.length}-character line (${name})`);
      const r = await streamInPage(newPage, site, `Here it is:\n\n${line}\nThat was the line.\n`);
      longLine[name] = { longest_task_ms: round(r.maxTaskMs, 1), main_thread_ms: round(r.mainMs, 1), longtasks_over_50ms: r.longtasks.map((d) => round(d, 0)) };
    }
    progress('scaling', 'webview: a 60 KB open paragraph of emphasis markers');
    const paragraph = await streamInPage(newPage, site, 'Markers: ' + '*a '.repeat(20_000));

    progress('scaling', `webview: view re-created after a ${RESTORE_CHARS / 1000}k-character conversation`);
    await viewRestore(newPage, site);
    const restores: number[] = [];
    const renders: number[] = [];
    const readies: number[] = [];
    for (let i = 0; i < REPEAT + 2; i++) {
      const r = await viewRestore(newPage, site);
      restores.push(r.total);
      renders.push(r.render);
      readies.push(r.ready);
    }

    Object.assign(out, {
      answer_host_ratio: hostScale.ratio,
      answer_webview_ratio: webviewScale.ratio,
      long_line_ms: round(Math.max(...Object.values(longLine).map((v) => (v as { longest_task_ms: number }).longest_task_ms)), 1),
      open_paragraph_ms: round(paragraph.maxTaskMs, 1),
      decoder_ratio: decoderScale.ratio,
      patch_chunks_ratio: chunkScale.ratio,
      view_restore_ms: summarize(restores).p50,
      answer_host: { unit: 'ms per 1k chars (event-loop active)', ...hostScale },
      answer_webview: { unit: 'ms per 1k chars (renderer main thread, all tasks)', ...webviewScale },
      answer_webview_own: { unit: 'ms per 1k chars (the bundle’s message handlers and frame callbacks)', ...scaleOf(webviewOwn, 1000) },
      answer_webview_longest_task_ms: maxTasks.map((v) => round(v, 1)),
      long_line: longLine,
      open_paragraph: { chars: 'Markers: '.length + 60_000, longest_task_ms: round(paragraph.maxTaskMs, 1), main_thread_ms: round(paragraph.mainMs, 1), longtasks_over_50ms: paragraph.longtasks.map((d) => round(d, 0)) },
      decoder: { unit: 'ms per MB', ...decoderScale },
      patch_chunks: { unit: 'ms per chunk', ...chunkScale, ...(skipped.length > 0 && { skipped_sizes_projected_over_60s: skipped }) },
      view_restore: { chars: RESTORE_CHARS, turns: 10, ...summarize(restores), init_to_painted_p50: summarize(renders).p50, composer_ready_p50: summarize(readies).p50 },
    });
  } finally {
    await browser.close();
  }
  return out;
}

runMain(import.meta.url, async () => {
  const scaling = await benchScaling();
  const file = writeSection('scaling', { scaling });
  progress('scaling', `wrote ${file}`, true);
});
