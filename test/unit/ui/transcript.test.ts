import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostToWebview } from '../../../src/protocol';
import { Transcript } from '../../../src/ui/transcript';

function recorder() {
  const sent: HostToWebview[] = [];
  return { sent, transcript: new Transcript((m) => sent.push(m), 5) };
}

test('the first text goes out at once; later deltas are coalesced into one message per frame', async () => {
  const { sent, transcript } = recorder();
  transcript.startTurn({ id: 't1', prompt: 'hi', origin: 'composer', model: 'm' });
  for (const d of ['Hel', 'lo', ', ', 'world']) transcript.appendText('t1', d);
  assert.deepEqual(sent.filter((m) => m.type === 'turnText'), [{ type: 'turnText', turnId: 't1', delta: 'Hel' }], 'only the first token before the frame');
  await new Promise((r) => setTimeout(r, 20));
  const texts = sent.filter((m) => m.type === 'turnText');
  assert.deepEqual(texts, [
    { type: 'turnText', turnId: 't1', delta: 'Hel' },
    { type: 'turnText', turnId: 't1', delta: 'lo, world' },
  ]);
  assert.equal(transcript.turn('t1')?.text, 'Hello, world');
});

test('ending a turn flushes pending text before the end message, so nothing is lost or reordered', () => {
  const { sent, transcript } = recorder();
  transcript.startTurn({ id: 't1', prompt: 'hi', origin: 'composer', model: 'm' });
  transcript.appendText('t1', 'part');
  transcript.appendText('t1', 'ial');
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

test('deltas for an unknown turn are ignored', async () => {
  const { sent, transcript } = recorder();
  transcript.appendText('nope', 'x');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(sent.length, 0);
});
