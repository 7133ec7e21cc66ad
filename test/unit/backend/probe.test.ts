// scripts/probe.mjs, the headless probe, against the fake backend with each fault: every status
// and error kind is right and the turn after each fault completes. A run that hangs fails on the
// spawn timeout; the wall times are reported as diagnostics, never asserted (they belong to benches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureCodex } from '../../harness/codex';
import { FAULTS, faultMarker } from '../../fake-backend/faults';
import { DEFAULT_TEXT, startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../../fake-backend/server';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const PROBE = join(ROOT, 'scripts', 'probe.mjs');
const HANG_MS = 90_000;

interface ProbeTurn {
  turn: number;
  transport: string;
  warm: boolean;
  status: 'completed' | 'interrupted' | 'failed' | 'stopped';
  error: { kind: string; message: string; action: string | null } | null;
  text: string;
  toolCalls: Array<{ name: string; input: string }>;
  ttftMs: number | null;
  notices: string[];
}

interface ProbeRun {
  code: number | null;
  turns: ProbeTurn[];
  stderr: string;
  ms: number;
}

function probe(args: string[], onTurn?: (turn: ProbeTurn) => void): Promise<ProbeRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROBE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENAI_API_KEY: '' } });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`probe hung: ${args.join(' ')}`));
    }, HANG_MS);
    let out = '';
    let stderr = '';
    const turns: ProbeTurn[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      let newline: number;
      while ((newline = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, newline);
        out = out.slice(newline + 1);
        if (!line.trim()) continue;
        const turn = JSON.parse(line) as ProbeTurn;
        turns.push(turn);
        onTurn?.(turn);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, turns, stderr, ms: performance.now() - started });
    });
  });
}

async function fakeWithFaults(options: FakeBackendOptions = {}): Promise<FakeBackend> {
  const fake = await startFakeBackend(options);
  for (const [name, fault] of Object.entries(FAULTS)) if (fault.script) fake.when(faultMarker(name), fault.script);
  return fake;
}

/** What each per-answer fault must give: status, error kind, and a check of the turn. */
const EXPECTED: Record<string, { status: ProbeTurn['status']; kind?: string; check?: (turn: ProbeTurn) => void }> = {
  'close-after-completed': { status: 'completed' },
  'no-answer': { status: 'failed', kind: 'connection-lost', check: (t) => assert.match(t.error!.message, /closed before any answer/) },
  drop: { status: 'interrupted', kind: 'connection-lost', check: (t) => assert.ok(t.text.length > 0, 'partial kept') },
  'rate-limit-event': { status: 'failed', kind: 'rate-limited', check: (t) => assert.equal(t.error!.action, 'Use the Backup Model') },
  'server-error-event': { status: 'failed', kind: 'server', check: (t) => assert.ok(t.text.length > 0, 'partial kept') },
  'item-done-only': { status: 'completed', check: (t) => assert.equal(t.text, 'Answer carried in output_item.done.') },
  'completed-only': { status: 'completed', check: (t) => assert.equal(t.text, 'Answer carried in response.completed.') },
  'no-tool-done': { status: 'completed', check: (t) => assert.deepEqual(t.toolCalls.map((c) => c.name), ['apply_patch']) },
  malformed: { status: 'completed', check: (t) => assert.ok(t.text.endsWith('of it. ')) },
  'malformed-close': { status: 'failed', kind: 'protocol' },
  'huge-frame': { status: 'failed', kind: 'limit', check: (t) => assert.ok(t.text.length > 0, 'partial kept') },
};
const CHAT_FAULTS = ['close-after-completed', 'no-answer', 'drop', 'rate-limit-event', 'server-error-event', 'malformed', 'malformed-close'];

for (const transport of ['ws', 'http', 'chat'] as const) {
  test(`probe --transport ${transport}: every answer fault gives the right status and kind, and the next turn completes`, { timeout: HANG_MS }, async (t) => {
    const fake = await fakeWithFaults();
    try {
      const names = transport === 'chat' ? CHAT_FAULTS : Object.keys(EXPECTED);
      const prompts = names.flatMap((name) => [`${faultMarker(name)} go`, `after ${name}`]);
      const run = await probe(['--base-url', fake.baseUrl, '--transport', transport, ...prompts]);
      t.diagnostic(`${prompts.length} turns in ${Math.round(run.ms)} ms`);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.turns.length, prompts.length, run.stderr);
      const route = { ws: 'ws', http: 'http', chat: 'chat' }[transport];
      names.forEach((name, i) => {
        const faulty = run.turns[2 * i]!;
        const after = run.turns[2 * i + 1]!;
        const expected = EXPECTED[name]!;
        assert.equal(faulty.status, expected.status, `${name}: ${JSON.stringify(faulty)}`);
        assert.equal(faulty.error?.kind, expected.kind, `${name}: ${JSON.stringify(faulty.error)}`);
        expected.check?.(faulty);
        assert.equal(after.status, 'completed', `after ${name}: ${JSON.stringify(after)}`);
        assert.equal(after.error, null);
        assert.ok(after.text.length > 0);
        assert.equal(faulty.transport, route, name);
        assert.equal(faulty.turn, 2 * i + 1);
      });
    } finally {
      await fake.close();
    }
  });
}

test('probe: a stalled answer is stopped by --stop-after-ms, and the next turn completes', { timeout: HANG_MS }, async () => {
  const fake = await fakeWithFaults();
  try {
    const run = await probe(['--base-url', fake.baseUrl, '--transport', 'ws', '--stop-after-ms', '1500', `${faultMarker('stall')} go`, 'after']);
    assert.equal(run.code, 0, run.stderr);
    const [stalled, after] = run.turns;
    assert.equal(stalled!.status, 'stopped');
    assert.equal(stalled!.error, null);
    assert.ok(stalled!.text.length > 0, 'partial kept');
    assert.equal(after!.status, 'completed');
  } finally {
    await fake.close();
  }
});

test('probe: a server that never answers prewarms still gets its turns through', { timeout: HANG_MS }, async (t) => {
  const fake = await fakeWithFaults({ faults: FAULTS['prewarm-hang']!.server! });
  try {
    const run = await probe(['--base-url', fake.baseUrl, '--transport', 'ws', 'one', 'two']);
    t.diagnostic(`2 turns in ${Math.round(run.ms)} ms`);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.turns.map((turn) => [turn.status, turn.transport]), [['completed', 'ws'], ['completed', 'ws']]);
  } finally {
    await fake.close();
  }
});

for (const name of ['refuse-upgrade', 'refuse-upgrade-500']) {
  test(`probe: ${name} falls back to HTTP, says so once, and every turn completes`, { timeout: HANG_MS }, async () => {
    const fake = await fakeWithFaults({ faults: FAULTS[name]!.server! });
    try {
      const run = await probe(['--base-url', fake.baseUrl, '--transport', 'ws', 'one', 'two']);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.turns.map((turn) => [turn.status, turn.transport]), [['completed', 'http'], ['completed', 'http']]);
      assert.equal(run.turns.flatMap((turn) => turn.notices).filter((n) => /upgrade was refused/.test(n)).length, 1);
      assert.match(run.stderr, /upgrade was refused/);
    } finally {
      await fake.close();
    }
  });
}

test('probe --transport auto: detects what the server serves', { timeout: HANG_MS }, async () => {
  const full = await fakeWithFaults();
  const httpOnly = await fakeWithFaults({ routes: { websocket: false } });
  try {
    const a = await probe(['--base-url', full.baseUrl, 'hi']);
    const b = await probe(['--base-url', httpOnly.baseUrl, 'hi']);
    assert.deepEqual([a.turns[0]!.transport, a.turns[0]!.status], ['ws', 'completed']);
    assert.deepEqual([b.turns[0]!.transport, b.turns[0]!.status], ['http', 'completed']);
  } finally {
    await full.close();
    await httpOnly.close();
  }
});

test('probe: a server that is down is "Cannot reach host:port" with Retry; the turn after it comes back completes', { timeout: HANG_MS }, async () => {
  const fake = await fakeWithFaults();
  const { port } = new URL(fake.baseUrl);
  await fake.pause();
  try {
    const run = await probe(['--base-url', fake.baseUrl, '--transport', 'ws', '--idle-ms', '1000', 'anyone?', 'back?'], (turn) => {
      if (turn.turn === 1) void fake.resume();
    });
    assert.equal(run.code, 0, run.stderr);
    const [down, back] = run.turns;
    assert.equal(down!.status, 'failed');
    assert.deepEqual(down!.error, { kind: 'unreachable', message: `Cannot reach 127.0.0.1:${port} (connection refused).`, action: 'Retry' });
    assert.deepEqual(down!.notices, []);
    assert.deepEqual([back!.status, back!.transport], ['completed', 'ws']);
  } finally {
    await fake.close();
  }
});

test('probe --provider codex: the same turns run headless through the pinned codex app-server against the fake', { timeout: HANG_MS }, async () => {
  const codex = await ensureCodex(); // the pinned @openai/codex, provisioned into the test cache
  const fake = await startFakeBackend({ apiKey: 'sk-probe', ttftMs: 5, tokensPerSecond: 2000 });
  // Queued, not a rule: Codex's next request (the declined call's output) must not get the patch again.
  fake.script({ text: 'Tidying.', toolCalls: [{ kind: 'custom', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: probe-note.txt\n+hello\n*** End Patch\n' }] });
  fake.when('long story', { text: 'word '.repeat(3000), tokensPerSecond: 200 });
  try {
    const run = await probe(['--provider', 'codex', '--codex-path', codex, '--base-url', fake.baseUrl, '--api-key', 'sk-probe', '--model', 'gpt-5.5', 'tidy up', 'say hello']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.turns.length, 2, run.stderr);
    const [tidy, hello] = run.turns;
    assert.deepEqual([hello!.transport, hello!.status, hello!.text, hello!.error], ['codex', 'completed', DEFAULT_TEXT, null]);
    assert.equal(tidy!.status, 'completed', JSON.stringify(tidy));
    assert.equal(hello!.warm, true, 'the second turn reuses the running app-server');
    // Codex's file change comes out as Flowpair's apply_patch input; Codex itself wrote nothing.
    assert.deepEqual(tidy!.toolCalls.map((c) => c.name), ['apply_patch']);
    assert.match(tidy!.toolCalls[0]!.input, /\*\*\* Add File: .*probe-note\.txt\n\+hello/);
    assert.ok(fake.requests.some((r) => r.route === 'websocket' && JSON.stringify(r.body).includes('say hello')), 'Codex reached the fake over WebSocket');

    const stopped = await probe(['--provider', 'codex', '--codex-path', codex, '--base-url', fake.baseUrl, '--api-key', 'sk-probe', '--model', 'gpt-5.5', '--stop-after-ms', '1500', 'a long story']);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(stopped.turns[0]!.status, 'stopped', JSON.stringify(stopped.turns[0]));
  } finally {
    await fake.close();
  }
});

test('probe: bad arguments exit 2 with the usage', async () => {
  for (const args of [[], ['--base-url', 'http://127.0.0.1:1/v1'], ['--base-url', 'ftp://x', 'hi'], ['--transport', 'carrier-pigeon', '--base-url', 'http://127.0.0.1:1/v1', 'hi'], ['--base-url', 'http://127.0.0.1:1/v1', '--idle-ms', 'soon', 'hi'], ['--bogus']]) {
    const run = await probe(args);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, /usage: node scripts\/probe\.mjs/);
    assert.equal(run.turns.length, 0);
  }
});
