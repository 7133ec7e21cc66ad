// Runs inside the VS Code extension host (extensionTestsPath): the extension's own ProposalStore
// (with its decorations, CodeLens and context keys attached) receives a 20-chunk patch for a
// 3,000-line file open in an editor. Measures stream end → every hunk placed and decorated, and
// accept one hunk → document updated. Writes JSON to $FLOWPAIR_BENCH_OUT.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FlowpairApi } from '../../src/extension';
import { CHUNKS, deltas, patchFor, sourceFile } from '../editsFixture';

const ITERATIONS = Number(process.env.FLOWPAIR_BENCH_ITERATIONS ?? 30);
const WARMUP = 5;
const SETTLE_MS = 300;
const LINE_FOR_BASELINE = 2995;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function waitFor<T>(what: string, subscribe: (fire: (value: T) => void) => vscode.Disposable, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const sub = subscribe((value) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

export async function run(): Promise<void> {
  const out = process.env.FLOWPAIR_BENCH_OUT!;
  try {
    const ext = vscode.extensions.getExtension<FlowpairApi>('flowpair.flowpair')!;
    const api = await ext.activate();
    const store = api.proposals;
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const rel = 'bench-edits/big.ts';
    const uri = vscode.Uri.joinPath(folder, rel);
    const original = sourceFile();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(original));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const patch = patchFor(rel);
    const tailAt = patch.lastIndexOf('*** End Patch');
    // The last chunk is complete only when the patch's end arrives: the stream's final delta.
    const pieces = deltas(patch.slice(0, tailAt));
    const tail = patch.slice(tailAt);
    const decorated: number[] = [];
    const accepted: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ITERATIONS + WARMUP; i++) {
      const turnId = `bench-${i}`;
      const callId = `call-${i}`;
      store.begin(turnId, callId, 'apply_patch');
      for (const piece of pieces) store.delta(turnId, callId, piece);
      await store.idle();
      await sleep(SETTLE_MS);
      // From the final delta and end() until the store reports all 20 hunks of the document (the
      // decorations render synchronously in the same change event, before this listener).
      const allPlaced = waitFor<void>('all hunks placed', (fire) =>
        store.onDidChange((changed) => {
          if (changed && changed.toString() !== uri.toString()) return;
          const pending = store.hunksIn(uri).filter((h) => h.hunk.status === 'pending');
          if (pending.length === CHUNKS) fire();
        }),
      );
      const t0 = performance.now();
      store.delta(turnId, callId, tail);
      store.end(turnId, callId);
      await allPlaced;
      const t1 = performance.now();
      await store.idle();
      const placed = store.hunksIn(uri).filter((h) => h.hunk.status === 'pending');
      if (placed.length !== CHUNKS) throw new Error(`expected ${CHUNKS} pending hunks, got ${placed.length}`);
      await sleep(SETTLE_MS); // let the workbench render decorations and CodeLens first
      // Accept the middle hunk: from the command until the document holds the change.
      const target = placed[Math.floor(placed.length / 2)]!;
      const changed = waitFor<void>('the accepted hunk in the document', (fire) => vscode.workspace.onDidChangeTextDocument((e) => e.document.uri.toString() === uri.toString() && e.contentChanges.length > 0 && fire()));
      const t2 = performance.now();
      void store.accept(target.fileId, target.hunk.id);
      await changed;
      const t3 = performance.now();
      await store.idle();
      // Baseline, side by side: VS Code's own applyEdit of a one-line change, to the change event.
      await sleep(SETTLE_MS);
      const line = doc.lineAt(LINE_FOR_BASELINE);
      const bare = new vscode.WorkspaceEdit();
      bare.replace(uri, line.range, line.text + ' ');
      const changedBare = waitFor<void>('the baseline edit in the document', (fire) => vscode.workspace.onDidChangeTextDocument((e) => e.document.uri.toString() === uri.toString() && e.contentChanges.length > 0 && fire()));
      const t4 = performance.now();
      void vscode.workspace.applyEdit(bare);
      await changedBare;
      const t5 = performance.now();
      await store.idle();
      if (i >= WARMUP) {
        decorated.push(t1 - t0);
        accepted.push(t3 - t2);
        baseline.push(t5 - t4);
      }
      // reset: drop the rest, restore the file
      await store.rejectAll(target.fileId);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
      await store.idle();
    }
    writeFileSync(out, JSON.stringify({ ok: true, activationMs: api.activationMs, decorated, accepted, baseline }));
  } catch (error) {
    writeFileSync(out, JSON.stringify({ ok: false, error: String((error as Error)?.stack ?? error) }));
    throw error;
  }
}
