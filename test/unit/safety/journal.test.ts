import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { filterJournal, Journal, JOURNAL_VERSION, parseJournal, textRef, type JournalRecord } from '../../../src/safety/journal';

const dir = () => mkdtempSync(join(tmpdir(), 'flowpair-journal-'));
const fixedNow = () => new Date('2026-12-01T10:00:00.000Z');

test('records are appended as versioned JSON lines, in order, and read back', async () => {
  const journal = new Journal(join(dir(), 'nested', 'journal.jsonl'), fixedNow);
  await Promise.all([
    journal.append({ kind: 'turn', conversationId: 'c1', turnId: 't1', origin: 'composer', prompt: textRef('rename it', false), model: 'spark', provider: 'openai', transport: 'WS warm', ttftMs: 71 }),
    journal.append({ kind: 'decision', conversationId: 'c1', turnId: 't1', file: 'src/a.ts', line: 3, lines: 2, decision: 'accepted', via: 'key' }),
  ]);
  const lines = readFileSync(journal.file, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 2);
  const first = JSON.parse(lines[0]!) as JournalRecord;
  assert.equal(first.v, JOURNAL_VERSION);
  assert.equal(first.time, '2026-12-01T10:00:00.000Z');
  assert.equal(first.kind, 'turn');
  const { records, skipped } = await journal.read();
  assert.equal(skipped, 0);
  assert.deepEqual(records.map((r) => r.kind), ['turn', 'decision']);
});

test('by default a prompt is stored as its hash and length only; the text only when opted in', () => {
  const hidden = textRef('fix the secret TOKEN=abc', false);
  assert.equal(hidden.text, undefined);
  assert.equal(hidden.chars, 24);
  assert.match(hidden.sha256, /^[0-9a-f]{64}$/);
  assert.doesNotMatch(JSON.stringify(hidden), /TOKEN/);
  assert.equal(textRef('fix it', true).text, 'fix it');
  assert.equal(textRef('same', false).sha256, textRef('same', true).sha256);
});

test('damaged lines and lines of another schema version are skipped and counted, not fatal', () => {
  const good = JSON.stringify({ v: 1, kind: 'restore', time: 't', conversationId: 'c', scope: 'turn', restored: [], skipped: [] });
  const raw = [good, '{"v":1,"kind":"turn"', JSON.stringify({ v: 2, kind: 'turn', time: 't', conversationId: 'c' }), JSON.stringify({ v: 1, kind: 'bogus', time: 't', conversationId: 'c' }), '', good].join('\n');
  const { records, skipped } = parseJournal(raw);
  assert.equal(records.length, 2);
  assert.equal(skipped, 3);
});

test('a missing journal reads as empty', async () => {
  const { records, skipped } = await new Journal(join(dir(), 'none.jsonl')).read();
  assert.deepEqual(records, []);
  assert.equal(skipped, 0);
});

const sample: JournalRecord[] = [
  { v: 1, time: 'a', kind: 'turn', conversationId: 'c1', turnId: 't1', origin: 'composer', prompt: textRef('x', false), model: 'm', provider: 'p' },
  { v: 1, time: 'b', kind: 'decision', conversationId: 'c1', turnId: 't1', file: 'a.ts', line: 1, lines: 1, decision: 'accepted', via: 'click' },
  { v: 1, time: 'c', kind: 'decision', conversationId: 'c1', turnId: 't1', file: 'b.ts', line: 1, lines: 1, decision: 'rejected', via: 'click' },
  { v: 1, time: 'd', kind: 'turn', conversationId: 'c2', turnId: 't2', origin: 'fix', prompt: textRef('y', false), model: 'm', provider: 'p' },
  { v: 1, time: 'e', kind: 'decision', conversationId: 'c2', turnId: 't2', file: 'b.ts', line: 4, lines: 2, decision: 'accepted', via: 'all' },
  { v: 1, time: 'f', kind: 'checkpoint', conversationId: 'c2', turnId: 't2', checkpointId: 'k', files: ['b.ts'] },
  { v: 1, time: 'g', kind: 'gate', conversationId: 'c2', turnId: 't2', source: 'command', status: 'failed', summary: 'exit 1' },
];

test('filters by conversation, decision and file; a file filter keeps the turns that touched it', () => {
  assert.deepEqual(filterJournal(sample, { conversationId: 'c2' }).map((r) => r.time), ['d', 'e', 'f', 'g']);
  assert.deepEqual(filterJournal(sample, { decision: 'accepted' }).map((r) => r.time), ['b', 'e']);
  assert.deepEqual(filterJournal(sample, { file: 'b.ts' }).map((r) => r.time), ['a', 'c', 'd', 'e', 'f', 'g']);
  assert.deepEqual(filterJournal(sample, { file: 'a.ts', conversationId: 'c1' }).map((r) => r.time), ['a', 'b']);
});

test('export writes the filtered records as JSON lines', async () => {
  const d = dir();
  const journal = new Journal(join(d, 'j.jsonl'));
  writeFileSync(journal.file, sample.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const count = await journal.export(join(d, 'out.jsonl'), { decision: 'rejected' });
  assert.equal(count, 1);
  assert.equal((JSON.parse(readFileSync(join(d, 'out.jsonl'), 'utf8')) as JournalRecord).time, 'c');
});
