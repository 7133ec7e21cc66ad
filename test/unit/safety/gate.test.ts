import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GateScheduler, introducedErrors, introducedSummary, runCheck, tailOf } from '../../../src/safety/gate';

const cwd = () => mkdtempSync(join(tmpdir(), 'flowpair-gate-'));

test('the tail keeps the last lines and at most the last characters', () => {
  const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n\n';
  assert.equal(tailOf(text, 3), 'line 97\nline 98\nline 99');
  assert.equal(tailOf('short', 3), 'short');
  assert.equal(tailOf('x'.repeat(50), 3, 10), 'x'.repeat(10));
  assert.equal(tailOf(''), '');
});

test('a passing command passes; a failing one fails with its exit code and the tail of its output', async () => {
  const ok = await runCheck('echo fine', cwd(), new AbortController().signal);
  assert.equal(ok.status, 'passed');
  assert.equal(ok.exitCode, 0);
  assert.equal(ok.tail, 'fine');
  const seen: string[] = [];
  const bad = await runCheck('for i in 1 2 3; do echo "out $i"; done; echo "cart.ts(3,7): error TS2322" >&2; exit 3', cwd(), new AbortController().signal, (c) => seen.push(c));
  assert.equal(bad.status, 'failed');
  assert.equal(bad.exitCode, 3);
  assert.match(bad.tail, /out 3/);
  assert.match(bad.tail, /error TS2322/);
  assert.match(seen.join(''), /out 1/);
});

test('a command runs in the workspace folder', async () => {
  const dir = cwd();
  const r = await runCheck('pwd', dir, new AbortController().signal);
  assert.equal(r.tail, dir);
});

test('cancelling kills the command and its children and reports cancelled', async () => {
  const abort = new AbortController();
  // cancelled once the command is running with its child (it says so), not after a guessed delay
  const r = await runCheck('sleep 30 & echo started; sleep 30; echo never', cwd(), abort.signal, (chunk) => {
    if (chunk.includes('started')) abort.abort();
  });
  assert.equal(r.status, 'cancelled');
  assert.doesNotMatch(r.tail, /never/);
});

test('a burst of requests runs the gate once, about the last subject; a request during a run restarts it', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] }); // the 5 ms debounce runs on the test's clock
  const settled = () => new Promise((r) => setImmediate(r));
  const runs: string[] = [];
  const cancelled: string[] = [];
  let release: () => void = () => {};
  const gate = new GateScheduler<string>(5, (subject, signal) => {
    runs.push(subject);
    return new Promise<void>((resolve) => {
      release = resolve;
      signal.addEventListener('abort', () => {
        cancelled.push(subject);
        resolve();
      });
    });
  });
  gate.request('t1');
  gate.request('t2');
  gate.request('t3');
  t.mock.timers.tick(4);
  assert.deepEqual(runs, [], 'not before the debounce');
  t.mock.timers.tick(1);
  assert.deepEqual(runs, ['t3']);
  assert.ok(gate.busy);
  gate.request('t4');
  t.mock.timers.tick(5);
  await settled();
  assert.deepEqual(cancelled, ['t3']);
  assert.deepEqual(runs, ['t3', 't4']);
  release();
  await settled();
  assert.ok(!gate.busy);
  gate.request('t5');
  gate.cancel();
  t.mock.timers.runAll();
  await settled();
  assert.deepEqual(runs, ['t3', 't4'], 'a cancelled request never runs');
});

test('introduced errors are counted by message and code, not by line, as multisets', () => {
  const before = new Map([['cart.ts', [{ message: 'old', code: '2322' }]]]);
  const after = new Map([
    ['cart.ts', [{ message: 'old', code: '2322' }, { message: 'old', code: '2322' }, { message: 'Cannot find name x', code: '2304' }]],
    ['money.ts', []],
  ]);
  const introduced = introducedErrors(before, after);
  assert.deepEqual([...introduced], [['cart.ts', 2]]);
  assert.equal(introducedSummary(introduced), 'this edit introduced 2 errors in cart.ts');
  assert.equal(introducedSummary(new Map([['a', 1], ['b', 2]])), 'this edit introduced 3 errors in 2 files');
  assert.equal(introducedSummary(new Map([['a', 1]])), 'this edit introduced 1 error in a');
  assert.equal(introducedSummary(introducedErrors(after, after)), undefined);
});
