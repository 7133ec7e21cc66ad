import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { RefreshQueue } from '../../../src/workspace/refreshQueue';

/** A refresh that records when it ran, in the queue's own clock. */
function harness(spacingMs: number) {
  let clock = 0;
  const runs: number[] = [];
  let release: (() => void) | undefined;
  let ran: (() => void) | undefined;
  const queue = new RefreshQueue(
    () => {
      runs.push(clock);
      ran?.();
      return new Promise<void>((resolve) => (release = resolve));
    },
    spacingMs,
    () => clock,
  );
  const nextRun = () => new Promise<void>((resolve) => (ran = resolve));
  return { queue, runs, nextRun, finish: () => release?.(), advance: (ms: number) => (clock += ms) };
}

test('a request runs at once, and requests during a run fold into one more run', async () => {
  const h = harness(0);
  let next = h.nextRun();
  h.queue.request();
  await next;
  assert.equal(h.runs.length, 1);
  next = h.nextRun();
  for (let i = 0; i < 100; i++) h.queue.request(); // a diagnostics burst
  h.finish();
  await next;
  assert.equal(h.runs.length, 2, 'one more run for the whole burst');
  h.finish();
  h.queue.dispose();
});

test('a stream of requests cannot postpone the refresh (no quiet window)', async () => {
  const h = harness(0);
  let done = 0;
  for (let i = 0; i < 5; i++) {
    const next = h.nextRun();
    h.queue.request();
    h.advance(10);
    h.queue.request(); // an event arriving before the refresh would have restarted a debounce
    await next;
    h.finish();
    done++;
  }
  assert.equal(done, 5);
  assert.ok(h.runs.length >= 5, 'every burst was served');
  h.queue.dispose();
});

test('nothing runs after dispose', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] }); // the run it had scheduled would fire below
  const h = harness(0);
  h.queue.request();
  h.queue.dispose();
  h.queue.request();
  t.mock.timers.runAll();
  assert.equal(h.runs.length, 0);
});
