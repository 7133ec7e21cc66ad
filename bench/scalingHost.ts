// The Node half of the "scaling" section: per-unit cost of the extension host's own code at growing
// input sizes (answer text through backend turn → chat → transcript → serialised post; function-call
// arguments through the JSON field decoder; a many-chunk patch through parse + locate + hunks + the
// composer's hunk sync). Each figure is the event loop's active time (performance.eventLoopUtilization),
// so timer and microtask work counts too.
import { performance } from 'node:perf_hooks';
import { Turn, TurnRecorder } from '../src/backend/turn';
import { addChange, createProposal, type Proposal } from '../src/edits/hunks';
import { ApplyPatchParser } from '../src/edits/patch';
import type { HostToWebview } from '../src/protocol';
import { Chat } from '../src/ui/chat';
import { Transcript } from '../src/ui/transcript';
import { CardHunks } from '../src/workspace/hunkViews';
import { deltas } from './editsFixture';
import { round, sleep } from './lib';

export const CHARS_PER_TOKEN = 4;

/** Markdown like a long model answer (headings, prose with inline marks, lists, code). */
export function answerText(chars: number): string {
  const block = [
    '## Step {n}: what changes\n\n',
    'The cart total is computed in `cart.ts`; the discount applies **before** tax, which is why the numbers differ. ',
    'We keep the rounding in _one_ place and test it with the edge cases below.\n\n',
    '- rounds half to even\n- keeps cents as integers\n- never mutates the input\n\n',
    '```ts\nexport function total(items: Item[], discount = 0): number {\n  const sum = items.reduce((s, i) => s + i.price * i.qty, 0);\n  return Math.round(sum * (1 - discount));\n}\n```\n\n',
    'Then the tests: `total([], 0)` is `0`, and a 10 % discount on 999 cents gives 899.\n\n',
  ].join('');
  let text = '';
  for (let n = 1; text.length < chars; n++) text += block.replace('{n}', String(n));
  return text.slice(0, chars);
}

/** Event-loop active milliseconds while `work` runs. */
async function activeMs(work: () => Promise<void>): Promise<number> {
  const before = performance.eventLoopUtilization();
  await work();
  return performance.eventLoopUtilization(before).active;
}

let frameSeq = 0;
const textFrame = (delta: string) =>
  JSON.stringify({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta, sequence_number: ++frameSeq });

/**
 * One answer of `chars` characters at `tokensPerSecond`, as server frames (JSON text) into the
 * recorder the transports share, consumed by the composer's Chat into its Transcript, whose posts
 * are serialised like postMessage does. Returns the host's active ms.
 */
export async function hostAnswer(chars: number, tokensPerSecond: number): Promise<number> {
  const text = answerText(chars);
  let posted = 0;
  const transcript = new Transcript((message: HostToWebview) => {
    posted += JSON.stringify(message).length;
  });
  const turn = new Turn('bench', () => {});
  const recorder = new TurnRecorder((event) => turn.emit(event), { transport: 'websocket', warm: true, model: 'bench-model' });
  const backend = { models: { fast: 'bench-model', deep: 'bench-model', backup: 'bench-model' }, send: () => turn, steer: () => turn };
  const chat = new Chat({ transcript, backend: async () => backend as never, log: () => {}, onUnconfigured: () => {} });
  const ms = await activeMs(async () => {
    const done = chat.send({ text: 'walk me through it', origin: 'composer' });
    turn.emit({ type: 'started', turnId: 'bench', model: 'bench-model', transport: 'websocket', warm: true, editFormat: 'apply_patch' });
    const perMs = (tokensPerSecond * CHARS_PER_TOKEN) / 1000;
    const t0 = performance.now();
    let sent = 0;
    while (sent < text.length) {
      await sleep(1);
      const due = Math.min(text.length, Math.floor((performance.now() - t0) * perMs));
      while (sent < due) {
        const delta = text.slice(sent, sent + CHARS_PER_TOKEN);
        recorder.onResponsesEvent(JSON.parse(textFrame(delta)));
        sent += delta.length;
      }
    }
    turn.emit({ type: 'completed', result: recorder.result('completed') });
    await done;
  });
  if (posted < text.length) throw new Error(`the transcript posted ${posted} characters for a ${text.length}-character answer`);
  return ms;
}

/** A function-tool apply_patch call of about `bytes`: the patch in "input", after a note of a tenth of its size. */
export function functionArguments(bytes: number): { json: string; patch: string } {
  let patch = '*** Begin Patch\n*** Update File: src/big.ts\n';
  for (let k = 0; patch.length < bytes * 0.9; k++) {
    patch += `@@ export function step${k}(input: number): number {\n-  const v = compute(input, ${k}, "label");\n+  const v = computeFaster(input, ${k}, "label\\t${k}");\n`;
  }
  patch += '*** End Patch\n';
  const note = 'Replacing compute with computeFaster in every step; the "label" argument keeps its value. '.repeat(Math.ceil((bytes * 0.1) / 90)).slice(0, bytes * 0.1);
  return { json: JSON.stringify({ note, input: patch }), patch };
}

/** The arguments streamed in ~token-sized deltas through the recorder's decoder. Returns active ms. */
export async function decodeArguments(bytes: number): Promise<number> {
  const { json, patch } = functionArguments(bytes);
  const pieces = deltas(json, 16);
  let decoded = '';
  const recorder = new TurnRecorder(
    (event) => {
      if (event.type === 'patch.delta') decoded += event.delta;
    },
    { transport: 'websocket', warm: true, model: 'bench-model' },
  );
  const ms = await activeMs(async () => {
    recorder.toolCallStarted('fc_1', { kind: 'function', callId: 'call_1', name: 'apply_patch', input: '' });
    for (const piece of pieces) recorder.toolInputDelta('fc_1', piece);
    recorder.toolCallDone('fc_1');
  });
  if (decoded !== patch) throw new Error(`decoder output differs from the patch (${decoded.length} vs ${patch.length} chars)`);
  return ms;
}

const LINES_PER_FUNCTION = 12;

function chunkFile(chunks: number): string {
  const lines: string[] = [];
  for (let k = 0; k < chunks; k++) {
    lines.push(`export function step${k}(input: number): number {`);
    for (let i = 0; i < LINES_PER_FUNCTION - 2; i++) lines.push(`  const a${i} = compute(input, ${k}, ${i});`);
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

/** One chunk per function; every other one expects lines the file does not have (it fails). */
function chunkPatch(path: string, chunks: number): string {
  let patch = `*** Begin Patch\n*** Update File: ${path}\n`;
  for (let k = 0; k < chunks; k++) {
    patch += `@@ export function step${k}(input: number): number {\n`;
    patch += `   const a2 = compute(input, ${k}, 2);\n   const a3 = compute(input, ${k}, 3);\n`;
    patch += k % 2 === 0 ? `-  const a4 = compute(input, ${k}, 4);\n` : `-  const a4 = computeOld(input, ${k}, 4, "stale");\n`;
    patch += `+  const a4 = computeFaster(input, ${k});\n+  log(a4);\n`;
    patch += `   const a5 = compute(input, ${k}, 5);\n`;
  }
  return patch + '*** End Patch\n';
}

/**
 * A patch of `chunks` chunks streamed through the parser, each change located and added to the
 * proposal, and the card's hunks synced to the transcript after each, as the proposal store does.
 */
export async function patchChunks(chunks: number): Promise<{ ms: number; failed: number; pending: number }> {
  const path = 'src/big.ts';
  const text = chunkFile(chunks);
  const pieces = deltas(chunkPatch(path, chunks), 16);
  const transcript = new Transcript(() => {});
  transcript.startTurn({ id: 't1', prompt: 'p', origin: 'composer', model: 'm' });
  transcript.addFile({ id: 'f1', turnId: 't1', path, op: 'update', hunks: [] });
  let proposal: Proposal = createProposal(path, text, 1);
  const card = new CardHunks();
  const ms = await activeMs(async () => {
    const parser = new ApplyPatchParser();
    for (const piece of [...pieces, undefined]) {
      for (const event of piece === undefined ? parser.end() : parser.push(piece)) {
        if (event.type === 'error') throw new Error(event.message);
        if (event.type !== 'change') continue;
        proposal = addChange(proposal, event.change);
        const { changed, removed } = card.changes(proposal.hunks);
        transcript.changeHunks('f1', changed, removed);
      }
    }
  });
  const failed = proposal.hunks.filter((h) => h.status === 'failed').length;
  const pending = proposal.hunks.filter((h) => h.status === 'pending').length;
  if (failed !== Math.floor(chunks / 2) || pending !== Math.ceil(chunks / 2)) throw new Error(`expected half of ${chunks} chunks to fail, got ${failed} failed and ${pending} pending`);
  return { ms, failed, pending };
}

export interface Scale {
  size: number;
  ms: number;
  per_unit_ms: number;
}

/** Per-unit cost at each size, and largest ÷ smallest per unit (1.0 is linear). */
export function scaleOf(points: Array<{ size: number; ms: number }>, unit: number): { points: Scale[]; ratio: number } {
  const scaled = points.map((p) => ({ size: p.size, ms: round(p.ms, 2), per_unit_ms: round((p.ms / p.size) * unit, 4) }));
  const first = scaled[0]!;
  const last = scaled.at(-1)!;
  return { points: scaled, ratio: round(last.per_unit_ms / first.per_unit_ms, 2) };
}
