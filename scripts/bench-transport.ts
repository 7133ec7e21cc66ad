// Time to first token on loopback through a 40 ms RTT proxy with a 30 ms server TTFT, over TLS:
// a warm WebSocket turn vs a turn on a fresh HTTPS connection (and on a kept-alive one).
// Prints JSON p50/p95 in ms. A measurement, not a test: `node scripts/with-node.mjs --import tsx scripts/bench-transport.ts`
import tls from 'node:tls';
import { Backend } from '../src/backend/client';
import type { Capabilities } from '../src/backend/providers';
import { startFakeBackend } from '../test/fake-backend/server';

export interface TransportBenchOptions {
  turns?: number;
  rttMs?: number;
  serverTtftMs?: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  n: number;
}

export interface TransportBenchResult {
  setup: { rttMs: number; serverTtftMs: number; tls: true; turns: number };
  /** Client TTFT: from send() to the first text delta. */
  ttftMs: { websocketWarm: Percentiles; httpsFresh: Percentiles; httpsKeptAlive: Percentiles };
}

const KEY = 'sk-bench';

export async function benchTransport(options: TransportBenchOptions = {}): Promise<TransportBenchResult> {
  const turns = options.turns ?? 30;
  const rttMs = options.rttMs ?? 40;
  const serverTtftMs = options.serverTtftMs ?? 30;
  const script = { text: 'Short answer for timing.' };
  const common = { apiKey: KEY, tls: true, rttMs, ttftMs: serverTtftMs, defaultScript: script } as const;
  const all: Capabilities = { websocket: true, responses: true, chat: true, editTool: 'custom' };

  const wsFake = await startFakeBackend(common);
  const freshFake = await startFakeBackend({ ...common, closeHttpConnections: true });
  const keptFake = await startFakeBackend(common);
  // Node's fetch has no per-request CA: trust the throwaway certificates process-wide.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), wsFake.ca!, freshFake.ca!, keptFake.ca!]);

  const measure = async (backend: Backend, warmFirst: boolean): Promise<Percentiles> => {
    const samples: number[] = [];
    if (warmFirst) await backend.warm();
    for (let i = 0; i <= turns; i++) {
      const result = await backend.send({ input: `turn ${i}`, applyPatch: false }).result;
      const t = result.stats.timings;
      if (result.status !== 'completed' || t.firstTokenAt === undefined) throw new Error(`turn failed: ${result.status}`);
      if (i > 0) samples.push(t.firstTokenAt - t.startedAt); // turn 0 primes the JIT and the pool
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return percentiles(samples);
  };

  try {
    const ws = new Backend({ baseUrl: wsFake.baseUrl, apiKey: KEY, ca: wsFake.ca!, capabilities: all });
    const fresh = new Backend({ baseUrl: freshFake.baseUrl, apiKey: KEY, capabilities: { ...all, websocket: false } });
    const kept = new Backend({ baseUrl: keptFake.baseUrl, apiKey: KEY, capabilities: { ...all, websocket: false } });
    try {
      return {
        setup: { rttMs, serverTtftMs, tls: true, turns },
        ttftMs: {
          websocketWarm: await measure(ws, true),
          httpsFresh: await measure(fresh, false),
          httpsKeptAlive: await measure(kept, false),
        },
      };
    } finally {
      for (const backend of [ws, fresh, kept]) backend.dispose();
    }
  } finally {
    await Promise.all([wsFake.close(), freshFake.close(), keptFake.close()]);
  }
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), n: sorted.length };
}

if (process.argv[1]?.endsWith('bench-transport.ts')) {
  benchTransport().then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
