// Section "codex": client time to first token through `codex app-server` (the Codex provider,
// pinned @openai/codex from the test cache, CODEX_HOME pointing at the fake) against Flowpair's
// direct warm WebSocket, on the same fake backend behind a 40 ms RTT delay proxy, cases interleaved
// turn by turn. Codex also talks WebSocket to the fake (supports_websockets), so the difference is
// what the app-server adds: building its request (its own large system prompt, tools, history),
// the JSON-lines relay over stdio, and its turn bookkeeping. The fake's own clock splits the TTFT
// into send → request at the server, server TTFT, first delta sent → client.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from '../src/backend/client';
import { CodexBackend } from '../src/backend/codex/backend';
import type { Capabilities } from '../src/backend/providers';
import type { Turn } from '../src/backend/turn';
import { ensureCodex } from '../test/harness/codex';
import { FakeHost, type RemoteFake } from './fakes';
import { counter, progress, quick, round, runMain, sleep, summarize, writeSection } from './lib';

const KEY = 'sk-bench';
const MODEL = 'gpt-5.5'; // a model the pinned codex knows (Spark is not in its bundled catalogue)
const SERVER_TTFT = 30;
const RTT = 40;
const TURNS = quick ? 6 : 41; // first round dropped (warm-up)
const GAP_MS = 50;
const ALL: Capabilities = { websocket: true, responses: true, chat: true, editTool: 'custom' };
const SHORT = { text: 'Short answer for timing: the warm socket saves the handshake.' };

interface Sample {
  ttft: number;
  /** Wall clock of the send (performance.timeOrigin + now), to line up with the fake's clock. */
  sentWall: number;
}

async function timeTurn(start: () => Turn): Promise<Sample> {
  const t0 = performance.now();
  const turn = start();
  let first: number | undefined;
  turn.on((event) => {
    if (event.type === 'text.delta') first ??= performance.now();
  });
  const result = await turn.result;
  if (result.status !== 'completed' || first === undefined) throw new Error(`turn ${result.status}: ${JSON.stringify(result.text.slice(0, 80))}`);
  return { ttft: first - t0, sentWall: performance.timeOrigin + t0 };
}

function codexHome(fake: RemoteFake): string {
  const home = mkdtempSync(join(tmpdir(), 'flowpair-bench-codex-'));
  writeFileSync(
    join(home, 'config.toml'),
    [
      'model_provider = "fake"',
      `model = "${MODEL}"`,
      '[model_providers.fake]',
      'name = "Flowpair fake backend"',
      `base_url = "${fake.baseUrl}"`,
      'wire_api = "responses"',
      'env_key = "FLOWPAIR_FAKE_KEY"',
      'supports_websockets = true',
      '',
    ].join('\n'),
  );
  return home;
}

export async function benchCodex(): Promise<Record<string, unknown>> {
  const codexPath = await ensureCodex();
  const host = new FakeHost();
  const workspace = mkdtempSync(join(tmpdir(), 'flowpair-bench-ws-'));
  mkdirSync(join(workspace, 'src'));
  let home: string | undefined;
  let direct: Backend | undefined;
  let codex: CodexBackend | undefined;
  try {
    const fake = await host.start({ apiKey: KEY, ttftMs: SERVER_TTFT, rttMs: RTT, defaultScript: SHORT });
    home = codexHome(fake);
    direct = new Backend({ baseUrl: fake.baseUrl, apiKey: KEY, capabilities: ALL });
    codex = new CodexBackend({ codexPath, cwd: workspace, env: { CODEX_HOME: home, FLOWPAIR_FAKE_KEY: KEY, RUST_LOG: 'error' }, clientVersion: 'bench', models: { fast: MODEL, backup: MODEL } });
    await direct.warm({ model: MODEL, applyPatch: false });
    const startedAt = performance.now();
    await codex.warm();
    const codexWarmMs = performance.now() - startedAt;
    if (direct.state !== 'warm' || codex.state !== 'warm') throw new Error(`not warm: direct ${direct.state}, codex ${codex.state} ${codex.lastError?.message ?? ''}`);
    await host.requests(fake); // forget the prewarms
    const samples = { ws_warm: [] as number[], codex_app_server: [] as number[] };
    const split = { send_to_server: [] as number[], server_ttft: [] as number[], first_delta_to_client: [] as number[] };
    // What explains the difference: the direct path's own send → server, and each request's size.
    const wsSendToServer: number[] = [];
    const requestBytes = { ws_warm: [] as number[], codex_app_server: [] as number[] };
    const tick = counter('codex', `rtt ${RTT} ms, round`, TURNS);
    for (let i = 0; i < TURNS; i++) {
      const order = i % 2 === 0 ? (['ws_warm', 'codex_app_server'] as const) : (['codex_app_server', 'ws_warm'] as const);
      for (const name of order) {
        const sample = name === 'ws_warm'
          ? await timeTurn(() => direct!.send({ input: `turn ${i}`, model: MODEL, applyPatch: false }))
          : await timeTurn(() => codex!.send({ input: `turn ${i}` }));
        const server = (await host.requests(fake)).filter((r) => r.route === 'websocket' && r.firstDeltaSentAt !== undefined);
        if (i > 0) {
          samples[name].push(sample.ttft);
          const request = server.at(-1);
          if (request) requestBytes[name].push(request.bytes);
          if (name === 'ws_warm' && request) wsSendToServer.push(request.wallAt - sample.sentWall);
          if (name === 'codex_app_server' && request?.firstDeltaSentAt !== undefined) {
            split.send_to_server.push(request.wallAt - sample.sentWall);
            split.server_ttft.push(request.firstDeltaSentAt - request.wallAt);
            split.first_delta_to_client.push(sample.sentWall + sample.ttft - request.firstDeltaSentAt);
          }
        }
        await sleep(GAP_MS);
      }
      tick(`ws ${samples.ws_warm.at(-1)?.toFixed(1) ?? '-'} / codex ${samples.codex_app_server.at(-1)?.toFixed(1) ?? '-'} ms`);
    }
    const summary = (values: number[]) => {
      const s = summarize(values);
      return { ...s, samples: values.map((v) => round(v, 2)) };
    };
    const ws = summary(samples.ws_warm);
    const viaCodex = summary(samples.codex_app_server);
    return {
      rtt_ms: RTT,
      server_ttft: SERVER_TTFT,
      turns: TURNS - 1,
      codex_warm_ms: round(codexWarmMs, 0),
      ws_warm: ws,
      codex_app_server: viaCodex,
      codex_minus_ws_p50: round(viaCodex.p50 - ws.p50),
      ws_send_to_request_at_server_p50: summarize(wsSendToServer).p50,
      request_kb_p50: {
        ws_warm: round(summarize(requestBytes.ws_warm).p50 / 1024),
        codex_app_server: round(summarize(requestBytes.codex_app_server).p50 / 1024),
      },
      // The thread grows turn by turn and Codex rebuilds its request from it: the first and last tenth.
      codex_send_to_server_first_last_p50: [
        summarize(split.send_to_server.slice(0, Math.max(1, Math.floor(split.send_to_server.length / 10)))).p50,
        summarize(split.send_to_server.slice(-Math.max(1, Math.floor(split.send_to_server.length / 10)))).p50,
      ],
      codex_split_p50: {
        send_to_request_at_server: summarize(split.send_to_server).p50,
        server_ttft: summarize(split.server_ttft).p50,
        first_delta_sent_to_client: summarize(split.first_delta_to_client).p50,
      },
    };
  } finally {
    codex?.dispose();
    direct?.dispose();
    await host.close();
    if (home) rmSync(home, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
}

runMain(import.meta.url, async () => {
  progress('codex', 'starting the fake backend and codex app-server');
  const result = await benchCodex();
  const file = writeSection('codex', { codex: result });
  progress('codex', `wrote ${file}`, true);
});
