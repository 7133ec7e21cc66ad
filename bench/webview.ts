// Section "webview": the composer in code-server + headless Chromium, Flowpair installed from the
// .vsix, talking to the fake backend (in a child process, 40 ms RTT, 30 ms server TTFT) through the
// real extension host. Enter → first token painted (the webview's performance marks against the
// fake's send times, both wall clocks of this machine); a 20k-token answer at 5,000 tok/s: longest
// main-thread task, frames over 50 ms, last token → its paint, JS heap after each of 10 answers.
// Writes bench/results/webview.json.
import { join } from 'node:path';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, webviewFrame } from '../test/harness/browser';
import { startCodeServer } from '../test/harness/codeServer';
import { EXTENSION_ID, findFiles, packageVsix } from './codeServer';
import { readFileSync } from 'node:fs';
import { FakeHost, type ServerTimes } from './fakes';
import { counter, progress, quick, repoRoot, round, runMain, sleep, summarize, writeSection } from './lib';

const SERVER_TTFT = 30;
const RTT = 40;
const SETTLE_TURNS = quick ? 2 : 5;
const TURNS = Number(process.env.BENCH_WEBVIEW_TURNS ?? (quick ? 5 : 25));
const LONG_ANSWERS = Number(process.env.BENCH_WEBVIEW_LONG ?? (quick ? 3 : 10));
const LONG_TOKENS = 20_000;
const LONG_RATE = 5_000;
/** BENCH_WEBVIEW_PROFILE=1: a CPU profile of the renderer during the last long answer (top self times). */
const PROFILE = process.env.BENCH_WEBVIEW_PROFILE === '1';

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples?: number[];
  timeDeltas?: number[];
}

function topSelfTime(profile: CpuProfile, top = 20): Array<{ fn: string; ms: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, k) => {
    const f = byId.get(id)?.callFrame;
    const key = f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}` : '?';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[k] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, ms]) => ({ fn, ms: round(ms, 1) }));
}

function longMarkdown(tokens: number): string {
  const block = [
    '## Step {n}: what changes\n\n',
    'The cart total is computed in `cart.ts`; the discount applies **before** tax, which is why the numbers differ. ',
    'We keep the rounding in one place and test it with the edge cases below.\n\n',
    '- rounds half to even\n- keeps cents as integers\n- never mutates the input\n\n',
    '```ts\nexport function total(items: Item[], discount = 0): number {\n  const sum = items.reduce((s, i) => s + i.price * i.qty, 0);\n  return Math.round(sum * (1 - discount));\n}\n```\n\n',
    'Then the tests: `total([], 0)` is `0`, and a 10 % discount on 999 cents gives 899.\n\n',
  ].join('');
  let text = '';
  for (let n = 1; text.length < tokens * 4; n++) text += block.replace('{n}', String(n));
  return text.slice(0, tokens * 4);
}

interface FrameStats {
  enters: number[];
  marks: Array<{ name: string; wall: number }>;
  longtasks: Array<{ start: number; duration: number; name: string }>;
  frames: number[];
}

/**
 * Instrumentation inside the composer's document: Enter time, marks, long tasks, rAF frames. A
 * string, not a function: the bundler's helpers (e.g. __name) do not exist in the page.
 */
const INSTRUMENT = `(() => {
  if (window.__bench) return;
  const bench = { enters: [], marks: [], longtasks: [], frames: [], recording: false };
  window.__bench = bench;
  const origin = performance.timeOrigin;
  addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) bench.enters.push(origin + e.timeStamp);
  }, true);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name.startsWith('flowpair:')) bench.marks.push({ name: e.name, wall: origin + e.startTime });
  }).observe({ type: 'mark' });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longtasks.push({ start: origin + e.startTime, duration: e.duration, name: e.name });
  }).observe({ type: 'longtask' });
  const loop = (t) => {
    if (bench.recording) bench.frames.push(origin + t);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
})()`;
const START_RECORDING = '(() => { const b = window.__bench; b.frames.length = 0; b.longtasks.length = 0; b.recording = true; })()';
const STOP_RECORDING = '(() => { const b = window.__bench; b.recording = false; return { frames: b.frames, longtasks: b.longtasks }; })()';

export async function benchWebview(): Promise<Record<string, unknown>> {
  const host = new FakeHost();
  const long = longMarkdown(LONG_TOKENS);
  const fake = await host.start(
    // a window the ten long answers fit in (the composer refuses a request its model's window cannot hold)
    { rttMs: RTT, ttftMs: SERVER_TTFT, contextWindowTokens: 10_000_000, defaultScript: { text: 'Sure — the **cart total** rounds once, at the end. See `total()`.', tokensPerSecond: 1000 } },
    [{ match: 'long answer', script: { text: long, tokensPerSecond: LONG_RATE } }],
  );
  progress('webview', 'npm run package; code-server with the .vsix, pointed at the fake backend');
  const vsix = packageVsix();
  const cs = await startCodeServer({
    workspace: join(repoRoot, 'test', 'sample-workspace'),
    vsix,
    env: { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fake.baseUrl },
  });
  const wb = await openWorkbench(cs, { viewport: { width: 1400, height: 900 } });
  const page = wb.page;
  try {
    await runCommand(page, 'Flowpair: Open Composer');
    const composer = webviewFrame(page, EXTENSION_ID);
    const prompt = composer.locator('#prompt textarea');
    await prompt.waitFor({ timeout: 60_000 });
    const frame = (await (await composer.locator('#app').elementHandle())!.ownerFrame())!;
    await frame.evaluate(INSTRUMENT);
    const stats = () => frame.evaluate('window.__bench') as Promise<FrameStats>;
    const heap = await heapProbe(page, frame);

    // the user shows intent: typing warms the connection
    await prompt.fill('hello');
    await composer.locator('#connection').filter({ hasText: 'warm' }).waitFor({ timeout: 30_000 });
    await prompt.fill('');

    const send = async (text: string): Promise<TurnRecord> => {
      const before = await stats();
      await prompt.fill(text);
      await sleep(150); // the typing notice reaches the host (warm is a no-op when already warm)
      await prompt.press('Enter');
      const deadline = Date.now() + 60_000;
      for (;;) {
        const now = await stats();
        const lasts = now.marks.filter((m) => m.name.startsWith('flowpair:last-paint:'));
        if (lasts.length > before.marks.filter((m) => m.name.startsWith('flowpair:last-paint:')).length) {
          const last = lasts.at(-1)!;
          const turnId = last.name.slice('flowpair:last-paint:'.length);
          const first = now.marks.find((m) => m.name === `flowpair:first-token:${turnId}`);
          const enter = now.enters.at(-1)!;
          const server = (await host.requests(fake)).filter((r) => r.firstDeltaSentAt !== undefined).at(-1);
          if (!first || !server || now.enters.length === before.enters.length) throw new Error(`incomplete turn record (${turnId})`);
          const mark = (name: string) => now.marks.find((m) => m.name === `flowpair:${name}:${turnId}`)?.wall;
          return { turnId, enter, first: first.wall, last: last.wall, server, firstReceived: mark('first-received'), endReceived: mark('end-received') };
        }
        if (Date.now() > deadline) {
          await screenshot(page, 'bench-webview-stuck');
          throw new Error('no last-paint mark within 60 s (see test-results/screenshots/bench-webview-stuck.png)');
        }
        await sleep(25);
      }
    };

    // ---- Enter → first token painted ----
    const firstPaint: number[] = [];
    const enterToServer: number[] = [];
    const serverTtft: number[] = [];
    const sentToPaint: number[] = [];
    const shortTurns: TurnRecord[] = [];
    const tick = counter('webview', 'short turns (settle + measured)', SETTLE_TURNS + TURNS);
    for (let i = 0; i < SETTLE_TURNS + TURNS; i++) {
      const t = await send(`question ${i}: why does the cart total round twice?`);
      if (i >= SETTLE_TURNS) {
        firstPaint.push(t.first - t.enter);
        enterToServer.push(t.server.wallAt - t.enter);
        serverTtft.push(t.server.firstDeltaSentAt! - t.server.wallAt);
        sentToPaint.push(t.first - t.server.firstDeltaSentAt!);
        shortTurns.push(t);
      }
      tick(`Enter → first paint ${(t.first - t.enter).toFixed(1)} ms`);
      await sleep(400);
    }

    // the composer's own ping through the extension host (the webview ↔ host hop, for comparison)
    const footer = (await composer.locator('#footer').textContent()) ?? '';
    const hostRoundTrip = Number(/host round trip ([\d.]+) ms/.exec(footer)?.[1] ?? NaN);

    // ---- 20k-token answers at 5,000 tok/s ----
    const longTurns: TurnRecord[] = [];
    const longestFrame: number[] = [];
    const longest: number[] = [];
    const longestOwn: number[] = [];
    const over50: number[] = [];
    const lastToPaint: number[] = [];
    const heapMb: number[] = [];
    let timeline: Record<string, unknown> | undefined;
    let profile: Array<{ fn: string; ms: number }> | undefined;
    const heap0 = await heap();
    const tickLong = counter('webview', `20k-token answers at ${LONG_RATE} tok/s`, LONG_ANSWERS);
    for (let i = 0; i < LONG_ANSWERS; i++) {
      await frame.evaluate(START_RECORDING);
      const profiling = PROFILE && i === LONG_ANSWERS - 1;
      if (profiling) {
        await heap.session.send('Profiler.enable');
        await heap.session.send('Profiler.setSamplingInterval', { interval: 200 });
        await heap.session.send('Profiler.start');
      }
      const t = await send(`long answer ${i}: walk me through the whole refactor`);
      if (profiling) profile = topSelfTime((await heap.session.send('Profiler.stop')).profile);
      const s = (await frame.evaluate(STOP_RECORDING)) as Pick<FrameStats, 'frames' | 'longtasks'>;
      const frames = s.frames.filter((f) => f >= t.enter && f <= t.last + 50);
      const intervals = frames.slice(1).map((f, k) => f - frames[k]!);
      const tasks = s.longtasks.filter((lt) => lt.start + lt.duration >= t.enter && lt.start <= t.last + 50);
      // 'self' = the composer's own script; other names are tasks of the workbench sharing the thread
      const own = tasks.filter((lt) => lt.name === 'self');
      // No long-task entry means none was observed, not a 0 ms task: the frame intervals say the rest.
      longest.push(tasks.length > 0 ? Math.max(...tasks.map((lt) => lt.duration)) : NaN);
      longestOwn.push(own.length > 0 ? Math.max(...own.map((lt) => lt.duration)) : NaN);
      longestFrame.push(intervals.length > 0 ? Math.max(...intervals) : NaN);
      longTurns.push(t);
      over50.push(intervals.filter((d) => d > 50).length);
      lastToPaint.push(t.last - t.server.lastDeltaSentAt!);
      heapMb.push(await heap());
      if (i === LONG_ANSWERS - 1) {
        timeline = {
          enter: 0,
          first_delta_sent: round(t.server.firstDeltaSentAt! - t.enter, 1),
          last_delta_sent: round(t.server.lastDeltaSentAt! - t.enter, 1),
          first_paint: round(t.first - t.enter, 1),
          last_paint: round(t.last - t.enter, 1),
          frames: frames.map((f) => round(f - t.enter, 1)),
          longtasks: tasks.map((lt) => ({ start: round(lt.start - t.enter, 1), duration: round(lt.duration, 1), attribution: lt.name })),
        };
      }
      tickLong(`longest task ${Number.isNaN(longest.at(-1)) ? 'not observed' : `${longest.at(-1)!.toFixed(0)} ms`}, longest frame ${longestFrame.at(-1)!.toFixed(0)} ms, last token → paint ${lastToPaint.at(-1)!.toFixed(1)} ms, heap ${heapMb.at(-1)!.toFixed(1)} MB`);
      await sleep(500);
    }
    await screenshot(page, 'bench-webview-after-long-answers');
    const fp = summarize(firstPaint);
    const hops = await hostHops(cs.logsDir, [...shortTurns, ...longTurns].map((t) => t.turnId));
    const observed = longest.filter((v) => !Number.isNaN(v));
    const observedOwn = longestOwn.filter((v) => !Number.isNaN(v));
    const growth = heapMb.length > 0 ? round(heapMb.at(-1)! - heapMb[0]!, 2) : NaN;
    return {
      server_ttft: SERVER_TTFT,
      rtt_ms: RTT,
      first_token_paint_p50: fp.p50,
      first_token_paint_p95: fp.p95,
      first_token_paint: fp,
      breakdown_p50: {
        enter_to_server_receipt: summarize(enterToServer).p50,
        server_ttft: summarize(serverTtft).p50,
        first_delta_sent_to_paint: summarize(sentToPaint).p50,
      },
      hops_p50: firstTokenHops(shortTurns, hops),
      last_token_hops_p50: lastTokenHops(longTurns, hops),
      // null: the long-task observer reported nothing (that is not a 0 ms task); see longest_frame_ms
      longest_task_ms: observed.length > 0 ? round(Math.max(...observed), 1) : null,
      longest_task_observed_in: `${observed.length} of ${longest.length} answers`,
      longest_task_per_answer: longest.map((v) => (Number.isNaN(v) ? null : round(v, 1))),
      longest_own_task_ms: observedOwn.length > 0 ? round(Math.max(...observedOwn), 1) : null,
      longest_frame_ms: round(Math.max(...longestFrame), 1),
      longest_frame_per_answer: longestFrame.map((v) => round(v, 1)),
      host_round_trip_ms: hostRoundTrip,
      frames_over_50ms: over50.reduce((a, b) => a + b, 0),
      frames_over_50ms_per_answer: over50,
      // from the last token's arrival at this machine: the fake's send time + the proxy's one-way delay
      last_token_to_paint_ms: round(summarize(lastToPaint).p50 - RTT / 2, 1),
      last_token_sent_to_paint: summarize(lastToPaint),
      heap_mb_before_long_answers: round(heap0, 2),
      heap_mb_after_each_answer: heapMb.map((v) => round(v, 2)),
      heap_growth_mb_over_10_answers: growth,
      heap_growth_answers: LONG_ANSWERS,
      heap_source: heap.source,
      answer_chars: long.length,
      timeline,
      ...(profile ? { cpu_profile_top_self_ms: profile } : {}),
    };
  } finally {
    await wb.close();
    await cs.stop();
    await host.close();
  }
}

interface TurnRecord {
  turnId: string;
  enter: number;
  first: number;
  last: number;
  server: ServerTimes;
  /** The webview's marks: the first turnText and the turnEnded message arrived. */
  firstReceived?: number;
  endReceived?: number;
}

type Hops = Record<string, number | undefined>;

/** The host's per-turn "hops" lines (wall-clock epoch ms) from the Flowpair log, by turn id; waits for the log to be written. */
async function hostHops(logsDir: string, turnIds: string[]): Promise<Map<string, Hops>> {
  const found = new Map<string, Hops>();
  for (let attempt = 0; attempt < 50; attempt++) {
    for (const file of findFiles(logsDir, 'Flowpair.log')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(\S+) hops: (.*)/g)) {
        found.set(m[1]!, Object.fromEntries([...m[2]!.matchAll(/([a-z-]+)=([\d.]+)/g)].map((x) => [x[1]!, Number(x[2])])));
      }
    }
    if (turnIds.every((id) => found.has(id))) break;
    await sleep(100);
  }
  return found;
}

const p50 = (xs: number[]) => summarize(xs.filter((x) => Number.isFinite(x))).p50;

/** Enter → first token painted, hop by hop (p50, ms). */
function firstTokenHops(turns: TurnRecord[], hops: Map<string, Hops>): Record<string, number | string> {
  const of = (f: (t: TurnRecord, h: Hops) => number) => p50(turns.map((t) => (hops.has(t.turnId) ? f(t, hops.get(t.turnId)!) : NaN)));
  return {
    webview_to_host: of((t, h) => h.received! - t.enter),
    host_to_socket: of((_, h) => h.request! - h.received!),
    socket_to_first_delta: of((_, h) => h['first-token']! - h.request!),
    of_which_server_ttft: of((t) => t.server.firstDeltaSentAt! - t.server.wallAt),
    host_first_delta_to_posted: of((_, h) => h['first-posted']! - h['first-token']!),
    host_to_webview: of((t, h) => t.firstReceived! - h['first-posted']!),
    paint: of((t) => t.first - t.firstReceived!),
    turns_with_host_times: `${turns.filter((t) => hops.has(t.turnId)).length} of ${turns.length}`,
  };
}

/** Last token sent by the server → its paint, hop by hop (p50, ms). */
function lastTokenHops(turns: TurnRecord[], hops: Map<string, Hops>): Record<string, number | string> {
  const of = (f: (t: TurnRecord, h: Hops) => number) => p50(turns.map((t) => (hops.has(t.turnId) ? f(t, hops.get(t.turnId)!) : NaN)));
  return {
    server_to_host: of((t, h) => h['last-token']! - t.server.lastDeltaSentAt!),
    host_last_token_to_end_posted: of((_, h) => h['end-posted']! - h['last-token']!),
    host_to_webview: of((t, h) => t.endReceived! - h['end-posted']!),
    paint: of((t) => t.last - t.endReceived!),
    turns_with_host_times: `${turns.filter((t) => hops.has(t.turnId)).length} of ${turns.length}`,
  };
}

/** JS heap used after a forced GC, in MB: the webview's own renderer when it is out of process. */
async function heapProbe(page: Page, frame: Frame): Promise<(() => Promise<number>) & { source: string; session: CDPSession }> {
  let session: CDPSession;
  let source = 'webview frame (out-of-process iframe)';
  try {
    session = await page.context().newCDPSession(frame);
  } catch {
    session = await page.context().newCDPSession(page);
    source = 'workbench renderer (the webview frame shares its process)';
  }
  const probe = async () => {
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    return usedSize / (1024 * 1024);
  };
  return Object.assign(probe, { source, session });
}

runMain(import.meta.url, async () => {
  const webview = await benchWebview();
  const file = writeSection('webview', { webview });
  progress('webview', `wrote ${file}`, true);
});
