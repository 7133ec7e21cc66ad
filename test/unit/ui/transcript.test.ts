import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostToWebview } from '../../../src/protocol';
import { Transcript } from '../../../src/ui/transcript';

/** Resolves once `done` holds (checked every millisecond); fails after a second. */
async function until(done: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 1000;
  while (!done()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

function recorder() {
  const sent: HostToWebview[] = [];
  return { sent, transcript: new Transcript((m) => sent.push(m), 5) };
}

test('the first text goes out at once; later deltas are coalesced into one message per frame', async () => {
  const { sent, transcript } = recorder();
  transcript.startTurn({ id: 't1', prompt: 'hi', origin: 'composer', model: 'm' });
  for (const d of ['Hel', 'lo', ', ', 'world']) transcript.appendText('t1', 'm1', d);
  assert.deepEqual(sent.filter((m) => m.type === 'turnText'), [{ type: 'turnText', turnId: 't1', itemId: 'm1', delta: 'Hel' }], 'only the first token before the frame');
  await until(() => sent.filter((m) => m.type === 'turnText').length >= 2, 'the frame\'s coalesced message');
  const texts = sent.filter((m) => m.type === 'turnText');
  assert.deepEqual(texts, [
    { type: 'turnText', turnId: 't1', itemId: 'm1', delta: 'Hel' },
    { type: 'turnText', turnId: 't1', itemId: 'm1', delta: 'lo, world' },
  ]);
  assert.equal(transcript.turn('t1')?.text, 'Hello, world');
});

test('text after a pause of a frame goes out at once, without waiting for a timer', async () => {
  const { sent, transcript } = recorder();
  transcript.startTurn({ id: 't1', prompt: 'hi', origin: 'composer', model: 'm' });
  transcript.appendText('t1', 'm1', 'first');
  await new Promise((r) => setTimeout(r, 10)); // longer than the 5 ms frame of this recorder
  transcript.appendText('t1', 'm1', ' then');
  assert.deepEqual(
    sent.filter((m) => m.type === 'turnText').map((m) => m.type === 'turnText' && m.delta),
    ['first', ' then'],
  );
});

test('many turns and many hunks: lookups by id still find the right ones', () => {
  const { sent, transcript } = recorder();
  for (let i = 0; i < 50; i++) transcript.startTurn({ id: `t${i}`, prompt: 'p', origin: 'composer', model: 'm' });
  transcript.appendText('t17', 'm1', 'seventeen');
  assert.equal(transcript.turn('t17')?.text, 'seventeen');
  assert.equal(transcript.turn('t18')?.text, '');
  transcript.addFile({ id: 'f1', turnId: 't17', path: 'a.ts', op: 'update', hunks: [] });
  const hunks = Array.from({ length: 500 }, (_, i) => ({ id: `h${i}`, status: 'pending' as const, line: i + 1, removed: ['a'], added: ['b'] }));
  transcript.syncHunks('f1', hunks);
  sent.length = 0;
  transcript.syncHunks('f1', hunks.map((h) => (h.id === 'h250' ? { ...h, status: 'failed' as const, reason: 'not found' } : h)));
  assert.deepEqual(sent, [{ type: 'hunkUpdated', fileId: 'f1', hunk: { ...hunks[250]!, status: 'failed', reason: 'not found' } }]);
});

test('deltas name their output item; a second message item of the turn starts its own paragraph', () => {
  const { sent, transcript } = recorder();
  transcript.startTurn({ id: 't1', prompt: 'hi', origin: 'composer', model: 'm' });
  transcript.appendText('t1', 'm1', 'Editing.');
  transcript.appendText('t1', 'm2', 'Done.');
  transcript.endTurn('t1', 'completed');
  assert.deepEqual(
    sent.flatMap((m) => (m.type === 'turnText' ? [[m.itemId, m.delta]] : [])),
    [['m1', 'Editing.'], ['m2', '\n\nDone.']],
  );
  assert.equal(transcript.turn('t1')?.text, 'Editing.\n\nDone.');
});

test('ending a turn flushes pending text before the end message, so nothing is lost or reordered', () => {
  const { sent, transcript } = recorder();
  transcript.startTurn({ id: 't1', prompt: 'hi', origin: 'composer', model: 'm' });
  transcript.appendText('t1', 'm1', 'part');
  transcript.appendText('t1', 'm1', 'ial');
  transcript.endTurn('t1', 'interrupted');
  assert.deepEqual(
    sent.map((m) => m.type),
    ['turnStarted', 'turnText', 'turnText', 'turnEnded'],
  );
  assert.equal(transcript.turn('t1')?.status, 'interrupted');
  assert.equal(transcript.turn('t1')?.text, 'partial');
});

test('hunk changes are deltas: new hunks appended, changed ones updated, repeats send nothing', () => {
  const { sent, transcript } = recorder();
  transcript.startTurn({ id: 't1', prompt: 'p', origin: 'composer', model: 'm' });
  transcript.addFile({ id: 'f1', turnId: 't1', path: 'a.ts', op: 'update', hunks: [] });
  const h1 = { id: 'h1', status: 'pending' as const, line: 3, removed: ['a'], added: ['b'] };
  transcript.syncHunks('f1', [h1]);
  transcript.syncHunks('f1', [{ ...h1, status: 'accepted' }]);
  transcript.syncHunks('f1', [{ ...h1, status: 'accepted' }]);
  assert.deepEqual(
    sent.map((m) => m.type),
    ['turnStarted', 'fileCard', 'hunksAdded', 'hunkUpdated'],
  );
  assert.equal(transcript.file('f1')?.hunks[0]?.status, 'accepted');
});

test('a hunk merged into its neighbour is removed from the card and the neighbour updated', () => {
  const { sent, transcript } = recorder();
  transcript.startTurn({ id: 't1', prompt: 'p', origin: 'composer', model: 'm' });
  transcript.addFile({ id: 'f1', turnId: 't1', path: 'a.ts', op: 'update', hunks: [] });
  transcript.syncHunks('f1', [
    { id: 'h1', status: 'pending', line: 1, removed: ['a'], added: ['A'] },
    { id: 'h2', status: 'pending', line: 2, removed: ['b'], added: ['B'] },
  ]);
  sent.length = 0;
  transcript.syncHunks('f1', [{ id: 'h1', status: 'pending', line: 1, removed: ['a', 'b'], added: ['A', 'B'] }]);
  assert.deepEqual(sent, [
    { type: 'hunkRemoved', fileId: 'f1', hunkId: 'h2' },
    { type: 'hunkUpdated', fileId: 'f1', hunk: { id: 'h1', status: 'pending', line: 1, removed: ['a', 'b'], added: ['A', 'B'] } },
  ]);
  assert.deepEqual(transcript.file('f1')?.hunks.map((h) => h.id), ['h1']);
});

test('deltas for an unknown turn are ignored', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] }); // any frame timer it set would fire below
  const { sent, transcript } = recorder();
  transcript.appendText('nope', 'm1', 'x');
  t.mock.timers.runAll();
  assert.equal(sent.length, 0);
});
