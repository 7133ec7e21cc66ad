// The edit engine alone, in Node: parse + locate + hunks for the 20-chunk patch on the 3,000-line
// file, and accepting one hunk. Budgets: ≤ 10 ms and ≤ 5 ms.
import { acceptHunk, addChange, createProposal, type Proposal } from '../src/edits/hunks';
import { ApplyPatchParser } from '../src/edits/patch';
import { CHUNKS, LINES, patchFor, sourceFile } from './editsFixture';
import { summarize } from './lib';

const PATH = 'src/big.ts';

/** Streams the patch through the parser and builds the proposal chunk by chunk, as the host does. */
function propose(text: string, patch: string): Proposal {
  const parser = new ApplyPatchParser();
  let proposal = createProposal(PATH, text, 1);
  for (const event of [...parser.push(patch), ...parser.end()]) {
    if (event.type === 'change') proposal = addChange(proposal, event.change);
    if (event.type === 'error') throw new Error(event.message);
  }
  return proposal;
}

export function benchEdits(): Record<string, number> {
  const text = sourceFile();
  const patch = patchFor(PATH);
  const check = propose(text, patch);
  const hunks = check.hunks.filter((h) => h.status === 'pending');
  if (hunks.length !== CHUNKS) throw new Error(`expected ${CHUNKS} pending hunks, got ${check.hunks.length}`);

  const proposeMs: number[] = [];
  for (let i = 0; i < 250; i++) {
    const t0 = performance.now();
    propose(text, patch);
    if (i >= 50) proposeMs.push(performance.now() - t0); // the first 50 warm up the JIT
  }
  const acceptMs: number[] = [];
  for (let i = 0; i < 500; i++) {
    const id = hunks[i % hunks.length]!.id;
    const t0 = performance.now();
    const result = acceptHunk(check, id, text);
    if (i >= 100) acceptMs.push(performance.now() - t0);
    if (!result.edit) throw new Error(result.error);
  }
  const proposeStats = summarize(proposeMs, 3);
  const acceptStats = summarize(acceptMs, 3);
  return {
    proposeP50Ms: proposeStats.p50,
    proposeP95Ms: proposeStats.p95,
    acceptHunkP50Ms: acceptStats.p50,
    acceptHunkP95Ms: acceptStats.p95,
    fileLines: LINES,
    chunks: CHUNKS,
  };
}
