// How long proposals live, in the real extension host: a call's file copies go when it ends, the
// store holds nothing of a card once it is decided and its conversation deleted (the heap agrees),
// and a card saved with its conversation comes back in a new window's store, placed in the file as
// it is now and acceptable, or stale with the reason.
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { RELOCATE_REASONS } from '../../src/edits/relocate';
import type { FileCardView } from '../../src/protocol';
import { Transcript } from '../../src/ui/transcript';
import { CodeLensProvider } from '../../src/workspace/codeLens';
import { ProposalStore } from '../../src/workspace/proposals';
import { waitFor, workspaceFolder } from './util';

const BIG = Array.from({ length: 20_000 }, (_, i) => `const value${i} = ${i};\n`).join('');
const A = Array.from({ length: 12 }, (_, i) => `line${i + 1}\n`).join('');

/** A full collection, for the heap check (the extension host runs without --expose-gc). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

suite('proposal lifetime', () => {
  let dir = '';
  let n = 0;
  let stores: ProposalStore[] = [];
  const uriOf = (name: string) => vscode.Uri.joinPath(workspaceFolder(), dir, name);
  const disk = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uriOf(name)));

  /** A store presenting its cards in a transcript, as the composer does (one per window). */
  const window = () => {
    const store = new ProposalStore();
    const transcript = new Transcript(() => {}, 0);
    store.onDidChangeCards((e) => (e.type === 'card' ? transcript.addFile(e.card) : transcript.changeHunks(e.fileId, e.changed, e.removed)));
    stores.push(store);
    return { store, transcript };
  };
  const stream = async (store: ProposalStore, patch: string, turnId: string, { end = true } = {}) => {
    store.delta(turnId, `call-${turnId}`, patch);
    if (end) store.end(turnId, `call-${turnId}`);
    await store.idle();
  };

  setup(async () => {
    dir = `flowpair-life-${Date.now().toString(36)}-${++n}`;
    await vscode.workspace.fs.writeFile(uriOf('big.ts'), new TextEncoder().encode(BIG));
    await vscode.workspace.fs.writeFile(uriOf('a.txt'), new TextEncoder().encode(A));
  });

  teardown(async () => {
    for (const store of stores) store.dispose();
    stores = [];
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), dir), { recursive: true, useTrash: false });
  });

  test("a call's file copy goes when the call ends; decided and forgotten, the store holds nothing and the heap lets it go", async () => {
    const { store } = window();
    const patch = `*** Begin Patch\n*** Update File: ${dir}/big.ts\n@@\n-const value10 = 10;\n+const value10 = 11;\n@@\n-const value500 = 500;\n+const value500 = 501;\n@@\n-const value900 = 900;\n+const value900 = 901;\n`;
    await stream(store, patch, 't1', { end: false });
    const id = `t1:${dir}/big.ts`;
    // the line index over the whole file: what placing the streamed chunks needs, and nothing after
    const index = new WeakRef(store.entry(id)!.proposal!.locator.index);
    assert.ok(store.holding().fileCopyChars >= BIG.length, 'while the patch streams, the proposal holds its copy of the file');
    store.delta('t1', 'call-t1', '*** End Patch\n');
    store.end('t1', 'call-t1');
    await store.idle();
    assert.deepEqual(store.holding(), { proposals: 1, undecided: 1, fileCopyChars: 0, undoRecords: 0 });

    await store.accept(id, 'h1');
    await store.reject(id, 'h2');
    await store.accept(id, 'h3');
    const statuses = store.entry(id)!.proposal!.hunks.map((h) => `${h.id} ${h.status}${h.reason ? ` (${h.reason})` : ''}`);
    assert.deepEqual(statuses, ['h1 accepted', 'h2 rejected', 'h3 accepted']);
    await waitFor('both accepts on disk', async () => /const value10 = 11;\n[^]*const value500 = 500;\n[^]*const value900 = 901;/.test(await disk('big.ts')));
    assert.deepEqual(store.holding(), { proposals: 1, undecided: 0, fileCopyChars: 0, undoRecords: 2 });

    await store.forget(new Set(['t1']));
    assert.deepEqual(store.holding(), { proposals: 0, undecided: 0, fileCopyChars: 0, undoRecords: 0 });
    await new Promise((r) => setTimeout(r, 0)); // a WeakRef's target lives until the job that read it ends
    collectGarbage();
    assert.equal(index.deref(), undefined, 'nothing retains the line index of the file');
  });

  test("a deleted conversation's hunks leave the editor: no decorations' hunks, no CodeLens, no accept", async () => {
    const { store } = window();
    const lenses = new CodeLensProvider(store);
    const changed = new Promise<void>((resolve) => lenses.onDidChangeCodeLenses(() => resolve()));
    try {
      await stream(store, `*** Begin Patch\n*** Update File: ${dir}/a.txt\n@@\n-line3\n+LINE3\n*** End Patch\n`, 't1');
      const doc = await vscode.workspace.openTextDocument(uriOf('a.txt'));
      assert.equal(store.hunksIn(doc.uri).length, 1);
      assert.ok(lenses.provideCodeLenses(doc).some((l) => l.command?.command === 'flowpair.acceptHunk'));
      await store.forget(new Set(['t1']));
      await changed;
      assert.deepEqual(store.hunksIn(doc.uri), []);
      assert.deepEqual(lenses.provideCodeLenses(doc), []);
      await store.accept(`t1:${dir}/a.txt`, 'h1');
      assert.equal(await disk('a.txt'), A, 'a forgotten hunk is never written');
    } finally {
      lenses.dispose();
    }
  });

  test('after a reload, a saved card comes back placed in the file as it is now: moved hunks are accepted where they went, edited ones are stale with the reason', async () => {
    const before = window();
    const patch = `*** Begin Patch\n*** Update File: ${dir}/a.txt\n@@\n line1\n-line2\n+LINE2\n line3\n@@\n-line7\n+LINE7\n@@\n line10\n+inserted after 10\n line11\n*** End Patch\n`;
    await stream(before.store, patch, 't1');
    const id = `t1:${dir}/a.txt`;
    assert.deepEqual(before.transcript.file(id)!.hunks.map((h) => [h.id, h.status]), [['h1', 'pending'], ['h2', 'pending'], ['h3', 'pending']]);
    // What the conversation saves, through JSON as workspace storage keeps it.
    const saved = JSON.parse(JSON.stringify(await before.store.snapshot([id])));
    const cards = JSON.parse(JSON.stringify(before.transcript.files)) as FileCardView[];
    before.store.dispose();

    // While the window was closed: two lines added at the top, line7 edited.
    const edited = `// header\n// more\n${A.replace('line7\n', 'line7 edited by hand\n')}`;
    await vscode.workspace.fs.writeFile(uriOf('a.txt'), new TextEncoder().encode(edited));
    const doc = await vscode.workspace.openTextDocument(uriOf('a.txt'));
    await waitFor('the open document to follow the file on disk', () => doc.getText() === edited);

    const after = window();
    after.transcript.load([], cards);
    await after.store.restore(cards, saved);
    const card = after.transcript.file(id)!;
    assert.deepEqual(card.hunks.map((h) => [h.id, h.status, h.line, h.reason]), [
      ['h1', 'pending', 4, undefined],
      ['h2', 'stale', 7, RELOCATE_REASONS.gone],
      ['h3', 'pending', 13, undefined],
    ]);
    assert.equal(after.store.hunksIn(doc.uri).length, 3, 'the editor shows them again');

    await after.store.accept(id, 'h1');
    await after.store.accept(id, 'h3');
    await after.store.accept(id, 'h2');
    assert.equal(await disk('a.txt'), edited.replace('line2\n', 'LINE2\n').replace('line10\n', 'line10\ninserted after 10\n'));
    assert.deepEqual(card.hunks.map((h) => h.status), ['accepted', 'stale', 'accepted']);
    assert.deepEqual(await after.store.takeOutcomes([]), {
      outputs: [],
      note: `Since your last answer, the user reviewed earlier proposed edits:\n- ${dir}/a.txt: accepted h1, h3`,
    });
  });

  test('an unchanged file keeps every saved position; a file deleted meanwhile brings its hunks back stale', async () => {
    const before = window();
    await stream(before.store, `*** Begin Patch\n*** Update File: ${dir}/a.txt\n@@\n-line4\n+LINE4\n*** End Patch\n`, 't1');
    const id = `t1:${dir}/a.txt`;
    const saved = JSON.parse(JSON.stringify(await before.store.snapshot([id])));
    const cards = JSON.parse(JSON.stringify(before.transcript.files)) as FileCardView[];
    before.store.dispose();

    const again = window();
    again.transcript.load([], cards);
    await again.store.restore(cards, saved);
    await again.store.accept(id, 'h1');
    assert.equal(await disk('a.txt'), A.replace('line4\n', 'LINE4\n'));

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uriOf('a.txt'));
    const gone = window();
    gone.transcript.load([], cards);
    await gone.store.restore(cards, saved);
    assert.deepEqual(gone.transcript.file(id)!.hunks.map((h) => [h.status, h.reason]), [['stale', 'the file no longer exists']]);
  });
});
