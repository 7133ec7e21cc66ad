import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { addChange, createProposal, rejectHunk, type Proposal } from '../../../src/edits/hunks';
import type { HostToWebview } from '../../../src/protocol';
import { Transcript } from '../../../src/ui/transcript';
import { CardHunks, hunkView } from '../../../src/workspace/hunkViews';

const change = (old: string, replacement: string) => ({ context: [], oldLines: [old], newLines: [replacement], atEndOfFile: false });

test('CardHunks sends each new or changed hunk once, and what vanished; the card matches a full sync', () => {
  const text = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n') + '\n';
  let proposal: Proposal = createProposal('a.ts', text, 1);
  const card = new CardHunks();
  const sent: HostToWebview[] = [];
  const transcript = new Transcript((m) => sent.push(m));
  transcript.startTurn({ id: 't', prompt: 'p', origin: 'composer', model: 'm' });
  transcript.addFile({ id: 'f', turnId: 't', path: 'a.ts', op: 'update', hunks: [] });
  const sync = () => {
    const { changed, removed } = card.changes(proposal.hunks);
    transcript.changeHunks('f', changed, removed);
    return { changed: changed.map((h) => h.id), removed };
  };
  proposal = addChange(proposal, change('line 3', 'LINE 3'));
  assert.deepEqual(sync(), { changed: ['h1'], removed: [] });
  proposal = addChange(proposal, change('line 10', 'LINE 10'));
  assert.deepEqual(sync(), { changed: ['h2'], removed: [] }, 'the first hunk is not sent again');
  proposal = addChange(proposal, change('line 11', 'LINE 11')); // adjacent: merged into h2
  assert.deepEqual(sync(), { changed: ['h2'], removed: [] }, 'merged into h2: h2 changed');
  assert.deepEqual(transcript.file('f')!.hunks.find((h) => h.id === 'h2')!.removed, ['line 10', 'line 11']);
  proposal = addChange(proposal, change('no such line', 'x'));
  assert.deepEqual(sync().changed.length, 1, 'a failed chunk is one new hunk');
  proposal = rejectHunk(proposal, 'h1');
  assert.deepEqual(sync(), { changed: ['h1'], removed: [] });
  assert.deepEqual(sync(), { changed: [], removed: [] }, 'nothing changed, nothing sent');
  const full = new Transcript(() => {});
  full.startTurn({ id: 't', prompt: 'p', origin: 'composer', model: 'm' });
  full.addFile({ id: 'f', turnId: 't', path: 'a.ts', op: 'update', hunks: [] });
  full.syncHunks('f', proposal.hunks.map(hunkView));
  const byId = (hunks: readonly { id: string }[]) => [...hunks].sort((a, b) => a.id.localeCompare(b.id));
  assert.deepEqual(byId(transcript.file('f')!.hunks), byId(full.file('f')!.hunks));
});
