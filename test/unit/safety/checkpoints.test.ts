import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CheckpointStore } from '../../../src/safety/checkpoints';

/** A tiny in-memory workspace: uri → content (absent: no such file). */
function workspace(files: Record<string, string>) {
  const state = new Map(Object.entries(files));
  return {
    state,
    read: async (uri: string) => state.get(uri),
  };
}

const newStore = (now = () => 1_000) => {
  const dir = mkdtempSync(join(tmpdir(), 'flowpair-ckpt-'));
  return { dir, store: new CheckpointStore(dir, now) };
};

test('restore to before the second turn puts back exactly the first turn\'s state; reverting the conversation the originals', async () => {
  const { store } = newStore();
  const ws = workspace({ 'a.ts': 'a0', 'b.ts': 'b0' });
  // turn 1 edits a.ts
  await store.capture('c', 't1', [{ uri: 'a.ts', path: 'a.ts', content: ws.state.get('a.ts') }]);
  ws.state.set('a.ts', 'a1');
  await store.recordWrite('a.ts', 'a1');
  // turn 2 edits a.ts and b.ts and creates n.ts
  await store.capture('c', 't2', [
    { uri: 'a.ts', path: 'a.ts', content: 'a1' },
    { uri: 'b.ts', path: 'b.ts', content: 'b0' },
    { uri: 'n.ts', path: 'n.ts', content: undefined },
  ]);
  for (const [uri, text] of [['a.ts', 'a2'], ['b.ts', 'b2'], ['n.ts', 'n2']] as const) {
    ws.state.set(uri, text);
    await store.recordWrite(uri, text);
  }

  const toTurn2 = await store.planRestore(['t2'], ws.read);
  assert.deepEqual(
    toTurn2.changes.map((c) => [c.path, c.target, c.editedSince]),
    [['a.ts', 'a1', false], ['b.ts', 'b0', false], ['n.ts', undefined, false]],
  );
  const all = await store.planRestore(['t1', 't2'], ws.read);
  assert.deepEqual(all.changes.map((c) => [c.path, c.target]), [['a.ts', 'a0'], ['b.ts', 'b0'], ['n.ts', undefined]]);
});

test('a file the user edited since Flowpair wrote it is flagged; one already at its target is left out', async () => {
  const { store } = newStore();
  const ws = workspace({ 'a.ts': 'a0', 'b.ts': 'b0' });
  await store.capture('c', 't1', [
    { uri: 'a.ts', path: 'a.ts', content: 'a0' },
    { uri: 'b.ts', path: 'b.ts', content: 'b0' },
  ]);
  ws.state.set('a.ts', 'a1');
  await store.recordWrite('a.ts', 'a1');
  ws.state.set('b.ts', 'b1');
  await store.recordWrite('b.ts', 'b1');
  ws.state.set('a.ts', 'a1 plus the user typing'); // the user edits a.ts afterwards
  ws.state.set('b.ts', 'b0'); // and puts b.ts back by hand

  const plan = await store.planRestore(['t1'], ws.read);
  assert.deepEqual(plan.changes.map((c) => [c.path, c.editedSince, c.current]), [['a.ts', true, 'a1 plus the user typing']]);
  assert.deepEqual(plan.unchanged, ['b.ts']);
});

test('capturing the same file twice in a turn keeps the first (oldest) content', async () => {
  const { store } = newStore();
  const first = await store.capture('c', 't1', [{ uri: 'a.ts', path: 'a.ts', content: 'before' }]);
  assert.deepEqual(first.added, ['a.ts']);
  const again = await store.capture('c', 't1', [{ uri: 'a.ts', path: 'a.ts', content: 'after first hunk' }]);
  assert.deepEqual(again.added, []);
  const plan = await store.planRestore(['t1'], async () => 'after both hunks');
  assert.equal(plan.changes[0]!.target, 'before');
});

test('checkpoints survive a new store on the same folder (a window reload)', async () => {
  const { dir, store } = newStore();
  await store.capture('c', 't1', [{ uri: 'a.ts', path: 'a.ts', content: 'original\r\nbytes\r\n' }]);
  await store.recordWrite('a.ts', 'new');
  const reopened = new CheckpointStore(dir);
  assert.equal((await reopened.forTurn('t1'))?.files.length, 1);
  const plan = await reopened.planRestore(['t1'], async () => 'new');
  assert.equal(plan.changes[0]!.target, 'original\r\nbytes\r\n');
  assert.equal(plan.changes[0]!.editedSince, false);
});

test('pruning drops old checkpoints beyond the age and count limits, and their unreferenced blobs', async () => {
  let clock = 0;
  const { dir, store } = newStore(() => clock);
  for (let i = 0; i < 5; i++) {
    clock = i * 1000;
    await store.capture('c', `t${i}`, [{ uri: `f${i}`, path: `f${i}`, content: `content ${i}` }]);
  }
  clock = 10_000;
  assert.equal(await store.prune(7_500, 10), 3); // t0..t2 are older than 7.5 s
  assert.deepEqual((await store.list()).map((c) => c.turnId), ['t3', 't4']);
  assert.equal(await store.prune(60_000, 1), 1); // keep only the newest
  assert.deepEqual((await store.list()).map((c) => c.turnId), ['t4']);
  assert.equal(readdirSync(join(dir, 'blobs')).length, 1);
  assert.ok(existsSync(join(dir, 'manifest.json')));
  assert.equal(await store.prune(60_000, 1), 0);
});

test('checkpoints list per conversation', async () => {
  const { store } = newStore();
  await store.capture('c1', 't1', [{ uri: 'a', path: 'a', content: '1' }]);
  await store.capture('c2', 't2', [{ uri: 'b', path: 'b', content: '2' }]);
  assert.deepEqual((await store.list('c2')).map((c) => c.turnId), ['t2']);
  assert.equal((await store.list()).length, 2);
});
