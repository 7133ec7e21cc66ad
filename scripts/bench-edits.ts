// Benchmark of the edit engine (not a test): parse + locate + hunks for a 20-chunk patch on a
// 3,000-line file, and accepting one hunk. Budgets: ≤ 10 ms and ≤ 5 ms at p95.
// Run: node scripts/with-node.mjs --import tsx scripts/bench-edits.ts   (prints JSON)
import { pathToFileURL } from 'node:url';
import { acceptHunk, addChange, createProposal, type Proposal } from '../src/edits/hunks';
import { ApplyPatchParser } from '../src/edits/patch';

const LINES = 3000;
const CHUNKS = 20;

function sourceFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    lines.push(i % 30 === 0 ? `export function step${i / 30}(input: number): number {` : i % 30 === 29 ? '}' : `  const v${i} = compute(input, ${i}, "label ${i % 7}");`);
  }
  return lines.join('\n') + '\n';
}

function patchFor(): string {
  let patch = '*** Begin Patch\n*** Update File: src/big.ts\n';
  for (let c = 0; c < CHUNKS; c++) {
    const fn = Math.floor((c * LINES) / CHUNKS / 30);
    const at = fn * 30 + 10;
    patch += `@@ export function step${fn}(input: number): number {\n`;
    for (let i = at - 3; i < at; i++) patch += `   const v${i} = compute(input, ${i}, "label ${i % 7}");\n`;
    patch += `-  const v${at} = compute(input, ${at}, "label ${at % 7}");\n`;
    patch += `+  const v${at} = computeFaster(input, ${at});\n+  log(v${at});\n`;
    for (let i = at + 1; i < at + 4; i++) patch += `   const v${i} = compute(input, ${i}, "label ${i % 7}");\n`;
  }
  return patch + '*** End Patch\n';
}

/** Streams the patch through the parser and builds the proposal chunk by chunk, as the host does. */
function propose(text: string, patch: string): Proposal {
  const parser = new ApplyPatchParser();
  let proposal = createProposal('src/big.ts', text, 1);
  for (const event of [...parser.push(patch), ...parser.end()]) {
    if (event.type === 'change') proposal = addChange(proposal, event.change);
    if (event.type === 'error') throw new Error(event.message);
  }
  return proposal;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
}

export async function benchEdits(): Promise<Record<string, number>> {
  const text = sourceFile();
  const patch = patchFor();
  const check = propose(text, patch);
  const hunks = check.hunks.filter((h) => h.status === 'pending');
  if (hunks.length !== CHUNKS) throw new Error(`expected ${CHUNKS} pending hunks, got ${check.hunks.length}`);

  const proposeMs: number[] = [];
  for (let i = 0; i < 250; i++) {
    const t0 = performance.now();
    propose(text, patch);
    if (i >= 50) proposeMs.push(performance.now() - t0);
  }
  const acceptMs: number[] = [];
  for (let i = 0; i < 500; i++) {
    const id = hunks[i % hunks.length]!.id;
    const t0 = performance.now();
    const result = acceptHunk(check, id, text);
    if (i >= 100) acceptMs.push(performance.now() - t0);
    if (!result.edit) throw new Error(result.error);
  }
  return {
    proposeP50Ms: percentile(proposeMs, 50),
    proposeP95Ms: percentile(proposeMs, 95),
    acceptHunkP50Ms: percentile(acceptMs, 50),
    acceptHunkP95Ms: percentile(acceptMs, 95),
    fileLines: LINES,
    chunks: CHUNKS,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void benchEdits().then((result) => console.log(JSON.stringify(result, null, 2)));
}
