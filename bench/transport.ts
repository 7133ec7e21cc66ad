// Section "transport": client time to first token over TLS through a delaying proxy, measured side
// by side (cases interleaved turn by turn) for Flowpair's warm WebSocket session (the real Backend),
// the bare `openai` ResponsesWS, and the `openai` client's HTTP streaming (fresh connection, kept
// alive, after 6 s idle) and Chat Completions. Plus human pacing, a ~400 KB long context, and
// streaming throughput. Writes bench/results/transport.json.
import tls from 'node:tls';
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import type { ResponseInputItem, ResponsesClientEvent, ResponsesServerEvent } from 'openai/resources/responses/responses';
import { Backend } from '../src/backend/client';
import type { Capabilities } from '../src/backend/providers';
import type { FakeBackendOptions } from '../test/fake-backend/server';
import { FakeHost, type RemoteFake } from './fakes';
import { counter, progress, quick, round, runMain, sleep, summarize, writeSection, type Summary } from './lib';

const KEY = 'sk-bench';
const MODEL = 'gpt-5.3-codex-spark';
const SERVER_TTFT = 30;
const RTTS = [0, 20, 40, 80];
const TURNS = quick ? 8 : 55; // the first round is a warm-up and is dropped: ≥ 50 samples per case
const IDLE_TURNS = quick ? 3 : 51;
const IDLE_MS = 6_000;
const LONG_TURNS = quick ? 6 : 51;
const LONG_BYTES = 400 * 1024;
const UPLINK = 20_000_000 / 8; // 20 Mbit/s in bytes/s
const STREAM_TURNS = quick ? 2 : 6;
const STREAM_TOKENS = 2000;
const GAP_MS = 50; // between turns in the back-to-back cases (well inside the ~4 s keep-alive)
const ALL: Capabilities = { websocket: true, responses: true, chat: true, editTool: 'custom' };

interface TurnTiming {
  /** send → first text delta, ms. */
  ttft: number;
  /** first → last text delta, ms. */
  stream: number;
  deltas: number;
  /** Arrival times of the text deltas relative to the send, ms (kept for one answer: the timeline chart). */
  arrivals?: number[];
}

interface Client {
  readonly name: string;
  prepare?(context?: ResponseInputItem[]): Promise<void>;
  turn(text: string, keepArrivals?: boolean): Promise<TurnTiming>;
  dispose(): void;
}

function arrivalsRecorder(keep: boolean) {
  const t0 = performance.now();
  let first: number | undefined;
  let last = 0;
  let deltas = 0;
  const arrivals: number[] = [];
  return {
    delta() {
      const now = performance.now();
      first ??= now;
      last = now;
      deltas++;
      if (keep) arrivals.push(now - t0);
    },
    result(): TurnTiming {
      if (first === undefined) throw new Error('no text delta arrived');
      const timing: TurnTiming = { ttft: first - t0, stream: last - first, deltas };
      if (keep) timing.arrivals = arrivals;
      return timing;
    },
  };
}

/** Flowpair's own session: the Backend facade the composer uses, prewarmed and chained. */
class FlowpairWs implements Client {
  readonly name = 'flowpair';
  private readonly backend: Backend;
  constructor(fake: RemoteFake) {
    this.backend = new Backend({ baseUrl: fake.baseUrl, apiKey: KEY, ca: fake.ca!, capabilities: ALL });
  }
  async prepare(context?: ResponseInputItem[]) {
    await this.backend.warm(context ? { context, applyPatch: false } : { applyPatch: false });
    if (this.backend.state !== 'warm') throw new Error(`Flowpair session did not warm: ${this.backend.state} ${this.backend.lastError?.message}`);
  }
  async turn(text: string, keep = false) {
    const rec = arrivalsRecorder(keep);
    const turn = this.backend.send({ input: text, applyPatch: false });
    turn.on((event) => {
      if (event.type === 'text.delta') rec.delta();
    });
    const result = await turn.result;
    if (result.status !== 'completed') throw new Error(`Flowpair turn ${result.status}`);
    return rec.result();
  }
  dispose() {
    this.backend.dispose();
  }
}

/** The `openai` package's ResponsesWS used directly: prewarm (generate:false), then chained turns. */
class BareWs implements Client {
  readonly name = 'openai ResponsesWS';
  private ws!: ResponsesWS;
  private previous: string | undefined;
  private listener: ((event: ResponsesServerEvent) => void) | undefined;
  constructor(private readonly fake: RemoteFake) {}
  async prepare(context?: ResponseInputItem[]) {
    const client = new OpenAI({ baseURL: this.fake.baseUrl, apiKey: KEY, maxRetries: 0 });
    this.ws = new ResponsesWS(client, { ca: this.fake.ca!, headers: { 'OpenAI-Beta': 'responses_websockets=2026-02-06' } });
    this.ws.on('event', (event) => this.listener?.(event));
    await new Promise<void>((resolve, reject) => {
      this.ws.socket.on('open', () => resolve());
      this.ws.on('error', (e) => reject(e));
    });
    await this.request({ type: 'response.create', model: MODEL, input: context ?? [], store: false, generate: false }, () => {});
  }
  private request(body: ResponsesClientEvent, onDelta: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.listener = (event) => {
        if (event.type === 'response.output_text.delta') onDelta();
        else if (event.type === 'response.completed') {
          this.previous = event.response.id;
          resolve();
        } else if (event.type === 'error' || event.type === 'response.failed') reject(new Error(JSON.stringify(event)));
      };
      this.ws.send(this.previous ? { ...body, previous_response_id: this.previous } : body);
    });
  }
  async turn(text: string, keep = false) {
    const rec = arrivalsRecorder(keep);
    await this.request({ type: 'response.create', model: MODEL, input: [{ role: 'user', content: text }], store: false }, () => rec.delta());
    return rec.result();
  }
  dispose() {
    this.ws?.close();
  }
}

/** The `openai` client's Responses streaming over HTTP(S); the whole input is sent every turn. */
class HttpResponses implements Client {
  private readonly client: OpenAI;
  private context: ResponseInputItem[] = [];
  constructor(readonly name: string, fake: RemoteFake) {
    this.client = new OpenAI({ baseURL: fake.baseUrl, apiKey: KEY, maxRetries: 0 });
  }
  async prepare(context?: ResponseInputItem[]) {
    this.context = context ?? [];
  }
  async turn(text: string, keep = false) {
    const rec = arrivalsRecorder(keep);
    const stream = await this.client.responses.create({ model: MODEL, input: [...this.context, { role: 'user', content: text }], stream: true, store: false });
    for await (const event of stream) if (event.type === 'response.output_text.delta') rec.delta();
    return rec.result();
  }
  dispose() {}
}

class ChatCompletions implements Client {
  readonly name = 'chat completions';
  private readonly client: OpenAI;
  constructor(fake: RemoteFake) {
    this.client = new OpenAI({ baseURL: fake.baseUrl, apiKey: KEY, maxRetries: 0 });
  }
  async turn(text: string, keep = false) {
    const rec = arrivalsRecorder(keep);
    const stream = await this.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: text }], stream: true });
    for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) rec.delta();
    return rec.result();
  }
  dispose() {}
}

/** Transport errors per case: a failed turn is retried (twice at most) and counted, never hidden. */
const failures: Record<string, string[]> = {};
async function attempt(label: string, run: () => Promise<TurnTiming>): Promise<TurnTiming> {
  for (let tries = 0; ; tries++) {
    try {
      return await run();
    } catch (error) {
      (failures[label] ??= []).push(String((error as Error)?.message ?? error));
      progress('transport', `${label}: turn failed (${(error as Error)?.message}); retrying`, true);
      if (tries >= 2) throw error;
      await sleep(200);
    }
  }
}

interface CaseResult {
  ttft: Summary;
  overhead: Summary;
  /** flat keys for the report */
  ttft_p50: number;
  ttft_p95: number;
  overhead_p50: number;
  overhead_p95: number;
  samples: number[];
}

function caseResult(ttfts: number[]): CaseResult {
  const ttft = summarize(ttfts);
  const overhead = summarize(ttfts.map((t) => t - SERVER_TTFT));
  return { ttft, overhead, ttft_p50: ttft.p50, ttft_p95: ttft.p95, overhead_p50: overhead.p50, overhead_p95: overhead.p95, samples: ttfts.map((t) => round(t, 2)) };
}

const SHORT = { text: 'Short answer for timing: the warm socket saves the handshake.' };
const streamText = (tokens: number) => 'word '.repeat(Math.ceil((tokens * 4) / 5)).slice(0, tokens * 4);
const RULES = [
  { match: 'stream@1000', script: { text: streamText(STREAM_TOKENS), tokensPerSecond: 1000 } },
  { match: 'stream@5000', script: { text: streamText(STREAM_TOKENS), tokensPerSecond: 5000 } },
];

function longContext(): ResponseInputItem[] {
  // ~400 KB of conversation: files pasted in user messages and assistant answers, 20 exchanges.
  const items: ResponseInputItem[] = [];
  const line = (i: number) => `export const value${i} = compute(${i}, "some text to make the line long enough");\n`;
  let size = 0;
  let n = 0;
  while (size < LONG_BYTES) {
    let chunk = '';
    while (chunk.length < 10_000) chunk += line(n++);
    items.push({ role: 'user', content: `Here is part ${items.length} of the file:\n${chunk}` });
    items.push({ role: 'assistant', content: `Noted part ${items.length}. ${'It defines constants. '.repeat(20)}` });
    size = JSON.stringify(items).length;
  }
  return items;
}

export async function benchTransport(): Promise<Record<string, unknown>> {
  const host = new FakeHost();
  const cas: string[] = [];
  const start = async (options: Partial<FakeBackendOptions>) => {
    const fake = await host.start({ apiKey: KEY, tls: true, ttftMs: SERVER_TTFT, defaultScript: SHORT, ...options }, RULES);
    cas.push(fake.ca!);
    return fake;
  };
  const clients: Client[] = [];
  const track = <T extends Client>(c: T) => (clients.push(c), c);
  const out: Record<string, unknown> = { server_ttft: SERVER_TTFT, setup: { tls: 'TLS 1.3, self-signed P-256', serverTtftMs: SERVER_TTFT, rtts: RTTS, turns: TURNS - 1, gapMs: GAP_MS } };
  try {
    progress('transport', 'starting fake backends (TLS, delay proxies) in a child process');
    // one fake (and proxy) per case so that connections never mix
    const perRtt = new Map<number, Record<string, RemoteFake>>();
    for (const rttMs of RTTS) {
      perRtt.set(rttMs, {
        ws_warm: await start({ rttMs }),
        ws_bare: await start({ rttMs }),
        http_cold: await start({ rttMs, closeHttpConnections: true }),
        http_keepalive: await start({ rttMs }),
        chat_keepalive: await start({ rttMs }),
      });
    }
    const idleFakes = { ws_idle6s: await start({ rttMs: 40 }), ws_bare_idle6s: await start({ rttMs: 40 }), http_idle6s: await start({ rttMs: 40 }) };
    const longFakes = {
      ws_chained: await start({ rttMs: 40, uplinkBytesPerSecond: UPLINK }),
      ws_bare_chained: await start({ rttMs: 40, uplinkBytesPerSecond: UPLINK }),
      http_keepalive: await start({ rttMs: 40, uplinkBytesPerSecond: UPLINK }),
      http_cold: await start({ rttMs: 40, uplinkBytesPerSecond: UPLINK, closeHttpConnections: true }),
    };
    const streamFakes = { ws_warm: await start({ rttMs: 40 }), ws_bare: await start({ rttMs: 40 }), http_keepalive: await start({ rttMs: 40 }) };
    // Node's fetch has no per-request CA: trust the throwaway certificates process-wide.
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), ...cas]);

    // ---- back-to-back turns at each RTT, cases interleaved ----
    for (const rttMs of RTTS) {
      const f = perRtt.get(rttMs)!;
      const cases: Record<string, Client> = {
        ws_warm: track(new FlowpairWs(f.ws_warm!)),
        ws_bare: track(new BareWs(f.ws_bare!)),
        http_cold: track(new HttpResponses('http new connection', f.http_cold!)),
        http_keepalive: track(new HttpResponses('http kept alive', f.http_keepalive!)),
        chat_keepalive: track(new ChatCompletions(f.chat_keepalive!)),
      };
      for (const c of Object.values(cases)) await c.prepare?.();
      const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
      const names = Object.keys(cases);
      const tick = counter('transport', `rtt ${rttMs} ms, round`, TURNS);
      for (let i = 0; i < TURNS; i++) {
        // rotate the order so no case always follows the same one
        for (let j = 0; j < names.length; j++) {
          const name = names[(i + j) % names.length]!;
          const timing = await attempt(`rtt${rttMs}.${name}`, () => cases[name]!.turn(`turn ${i} (${name})`));
          if (i > 0) samples[name]!.push(timing.ttft); // round 0 primes the JIT and the pools
          await sleep(GAP_MS);
        }
        tick(`ws ${samples.ws_warm!.at(-1)?.toFixed(1) ?? '-'} / http new ${samples.http_cold!.at(-1)?.toFixed(1) ?? '-'} ms`);
      }
      const results = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, caseResult(v)]));
      const ws = results.ws_warm as CaseResult;
      const cold = results.http_cold as CaseResult;
      out[`rtt${rttMs}`] = { rtt_ms: rttMs, ...results, ratio_http_cold_over_ws_warm_overhead: round(cold.overhead_p50 / ws.overhead_p50, 2) };
      for (const c of Object.values(cases)) c.dispose();
    }

    // ---- human pacing: 6 s idle before every turn, three cases staggered so they never overlap ----
    {
      const cases: Record<string, Client> = {
        ws_idle6s: track(new FlowpairWs(idleFakes.ws_idle6s)),
        ws_bare_idle6s: track(new BareWs(idleFakes.ws_bare_idle6s)),
        http_idle6s: track(new HttpResponses('http after 6 s idle', idleFakes.http_idle6s)),
      };
      for (const c of Object.values(cases)) await c.prepare?.();
      const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
      const lastEnd: Record<string, number> = {};
      const tick = counter('transport', 'human pacing (6 s idle), round', IDLE_TURNS);
      for (let i = 0; i < IDLE_TURNS; i++) {
        for (const [name, client] of Object.entries(cases)) {
          const due = (lastEnd[name] ?? -Infinity) + IDLE_MS;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          const timing = await attempt(`idle.${name}`, () => client.turn(`idle turn ${i}`));
          lastEnd[name] = performance.now();
          // round 0 opened the HTTP connection without a preceding idle: it does not count
          if (i > 0) samples[name]!.push(timing.ttft);
          await sleep(IDLE_MS / 3 - 60); // stagger: the next case starts ~2 s later
        }
        tick(`ws ${samples.ws_idle6s!.at(-1)?.toFixed(1) ?? '-'} / http ${samples.http_idle6s!.at(-1)?.toFixed(1) ?? '-'} ms`);
      }
      const rtt40 = out.rtt40 as Record<string, unknown>;
      for (const [name, values] of Object.entries(samples)) rtt40[name] = caseResult(values);
      const ws = rtt40.ws_idle6s as CaseResult;
      const http = rtt40.http_idle6s as CaseResult;
      rtt40.ratio_http_idle6s_over_ws_idle6s_overhead = round(http.overhead_p50 / ws.overhead_p50, 2);
      for (const c of Object.values(cases)) c.dispose();
    }

    // ---- long context: ~400 KB conversation, 40 ms RTT, uplink 20 Mbit/s ----
    {
      const context = longContext();
      const contextBytes = JSON.stringify(context).length;
      const cases: Record<string, Client> = {
        ws_chained: track(new FlowpairWs(longFakes.ws_chained)),
        ws_bare_chained: track(new BareWs(longFakes.ws_bare_chained)),
        http_keepalive: track(new HttpResponses('http kept alive', longFakes.http_keepalive)),
        http_cold: track(new HttpResponses('http new connection', longFakes.http_cold)),
      };
      progress('transport', `long context: prewarming ${Math.round(contextBytes / 1024)} KB over a 20 Mbit/s uplink`);
      for (const c of Object.values(cases)) await c.prepare?.(context);
      const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
      const names = Object.keys(cases);
      const tick = counter('transport', 'long context, round', LONG_TURNS);
      for (let i = 0; i < LONG_TURNS; i++) {
        for (let j = 0; j < names.length; j++) {
          const name = names[(i + j) % names.length]!;
          const timing = await attempt(`long.${name}`, () => cases[name]!.turn(`long turn ${i}: what does value${i} do?`));
          if (i > 0) samples[name]!.push(timing.ttft);
          await sleep(GAP_MS);
        }
        tick(`ws ${samples.ws_chained!.at(-1)?.toFixed(1) ?? '-'} / http ${samples.http_keepalive!.at(-1)?.toFixed(1) ?? '-'} ms`);
      }
      const results = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, caseResult(v)]));
      out.long = {
        context_kb: round(contextBytes / 1024, 0),
        rtt_ms: 40,
        uplink_mbit_s: 20,
        ...results,
        ratio_http_keepalive_over_ws_chained_ttft: round((results.http_keepalive as CaseResult).ttft_p50 / (results.ws_chained as CaseResult).ttft_p50, 2),
      };
      for (const c of Object.values(cases)) c.dispose();
    }

    // ---- streaming throughput: 2,000 tokens at 1,000 and 5,000 tok/s ----
    {
      const cases: Record<string, Client> = {
        ws_warm: track(new FlowpairWs(streamFakes.ws_warm)),
        ws_bare: track(new BareWs(streamFakes.ws_bare)),
        http_keepalive: track(new HttpResponses('http kept alive', streamFakes.http_keepalive)),
      };
      for (const c of Object.values(cases)) await c.prepare?.();
      const stream: Record<string, unknown> = { tokens: STREAM_TOKENS, rtt_ms: 40 };
      const tick = counter('transport', 'streaming 2,000 tokens', 2 * STREAM_TURNS * 3);
      for (const rate of [1000, 5000]) {
        const expected = ((STREAM_TOKENS - 1) * 1000) / rate;
        const perCase: Record<string, unknown> = { expected_ms: round(expected) };
        const durations: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
        for (let i = 0; i < STREAM_TURNS; i++) {
          for (const [name, client] of Object.entries(cases)) {
            const keep = i === STREAM_TURNS - 1 && name === 'ws_warm' && rate === 5000;
            const timing = await attempt(`stream${rate}.${name}`, () => client.turn(`stream@${rate} ${i}`, keep));
            if (timing.deltas !== STREAM_TOKENS) throw new Error(`${name}: ${timing.deltas} deltas, expected ${STREAM_TOKENS}`);
            durations[name]!.push(timing.stream);
            if (keep) stream.timeline_ws_warm_5000 = timing.arrivals!.map((t) => round(t, 2));
            tick();
            await sleep(GAP_MS);
          }
        }
        for (const [name, values] of Object.entries(durations)) {
          const s = summarize(values);
          perCase[name] = { stream_ms_p50: s.p50, stream_ms_max: s.max, lag_ms_p50: round(s.p50 - expected), tokens_per_s_p50: round((STREAM_TOKENS - 1) / (s.p50 / 1000), 0) };
        }
        stream[`rate${rate}`] = perCase;
      }
      out.stream = stream;
      for (const c of Object.values(cases)) c.dispose();
    }
    out.failed_turns = failures;
    return out;
  } finally {
    for (const c of clients) {
      try {
        c.dispose();
      } catch {
        /* already disposed */
      }
    }
    await host.close();
  }
}

runMain(import.meta.url, async () => {
  const result = await benchTransport();
  const file = writeSection('transport', { transport: result });
  progress('transport', `wrote ${file}`, true);
});
