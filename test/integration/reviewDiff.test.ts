// The editable review diff in the real extension host: the proposal side is a document the user can
// type in; the hunks, the file and the journal follow what they typed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LineHunk } from '../../src/edits/hunks';
import type { FlowpairApi } from '../../src/extension';
import { activateFlowpair, waitFor, workspaceFolder } from './util';

suite('editable review diff', () => {
  let api: FlowpairApi;
  let dir = '';
  let n = 0;
  const uri = () => vscode.Uri.joinPath(workspaceFolder(), dir, 'r.txt');
  const disk = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri()));
  const text = Array.from({ length: 12 }, (_, i) => `r${i + 1}\n`).join('');
  const fileId = () => `tr${n}:${dir}/r.txt`;
  const hunks = () => (api.proposals.entry(fileId())?.proposal?.hunks ?? []) as LineHunk[];
  const brief = () => hunks().map((h) => `${h.id} ${h.status} ${h.newLines.join('|')}${h.proposed ? ' (edited)' : ''}`);

  /** Streams r3 → R3 and r7 → R7 and opens the review diff; returns its proposal side's editor. */
  async function review(): Promise<vscode.TextEditor> {
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(text));
    api.proposals.delta(`tr${n}`, `call-r${n}`, `*** Begin Patch\n*** Update File: ${dir}/r.txt\n@@\n-r3\n+R3\n@@\n-r7\n+R7\n*** End Patch\n`);
    api.proposals.end(`tr${n}`, `call-r${n}`);
    await api.proposals.idle();
    await vscode.commands.executeCommand('flowpair.reviewProposal', fileId());
    let editor: vscode.TextEditor | undefined;
    await waitFor('the proposal side', () => (editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'flowpair-proposal')) !== undefined);
    return editor!;
  }
  /** Types over the first occurrence of `from` in the proposal side, as the user would. */
  async function typeOver(editor: vscode.TextEditor, from: string, to: string): Promise<void> {
    const offset = editor.document.getText().indexOf(from);
    assert.ok(offset >= 0, `${from} is in the proposal`);
    const range = new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset + from.length));
    assert.ok(await editor.edit((b) => b.replace(range, to)));
  }
  const settled = () => api.proposals.idle();

  setup(async () => {
    api = await activateFlowpair();
    dir = `flowpair-review-${Date.now().toString(36)}-${++n}`;
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), dir), { recursive: true, useTrash: false });
  });

  test('typing in the proposal revises the hunks; Accept lands the edited text as one undo stop; the journal says "accepted-with-changes"', async () => {
    const editor = await review();
    assert.equal(editor.document.getText(), text.replace('r3', 'R3').replace('r7', 'R7'));
    await typeOver(editor, 'R3', 'R3 // checked');
    await typeOver(editor, 'r10\n', 'r10\nr10b\n');
    await waitFor('the hunks to follow the typing', async () => (await settled(), hunks().length === 3));
    assert.deepEqual(brief(), ['h1 pending R3 // checked (edited)', 'h2 pending R7', 'h3 pending r10b (edited)']);

    await vscode.commands.executeCommand('flowpair.acceptHunk', fileId(), 'h1');
    await settled();
    const landed = text.replace('r3', 'R3 // checked');
    assert.equal(await disk(), landed, 'the edited text, saved');
    assert.equal(editor.document.getText(), text.replace('r3', 'R3 // checked').replace('r7', 'R7').replace('r10\n', 'r10\nr10b\n'), 'the proposal side keeps the rest');
    const { records } = await api.journal.read();
    const decision = records.filter((r) => r.kind === 'decision' && r.turnId === `tr${n}`);
    assert.deepEqual(
      decision.map((r) => r.kind === 'decision' && [r.decision, r.line, r.file]),
      [['accepted-with-changes', 3, `${dir}/r.txt`]],
    );

    // One undo in the real file takes the whole accept back, and the hunk is pending again, still edited.
    await vscode.window.showTextDocument(uri());
    await vscode.commands.executeCommand('undo');
    await waitFor('the accept undone', () => vscode.window.activeTextEditor?.document.getText() === text);
    await settled();
    assert.equal(brief()[0], 'h1 pending R3 // checked (edited)');

    await vscode.commands.executeCommand('flowpair.acceptAllHunks', fileId());
    // Not saved: the undo had left the document dirty, and Flowpair never saves over unsaved work.
    assert.equal(vscode.window.activeTextEditor?.document.getText(), text.replace('r3', 'R3 // checked').replace('r7', 'R7').replace('r10\n', 'r10\nr10b\n'));
    const { outputs } = await api.proposals.takeOutcomes([`call-r${n}`]);
    assert.match(outputs[0]!.output, /accepted h2; accepted with the user's changes h1, h3\n {2}h1 landed as the user wrote it, line 3 of the file now:\n {4}R3 \/\/ checked\n/);
  });

  test('the proposal follows a Reject made elsewhere; an edit back to the file leaves nothing pending and Undo in the proposal brings it back; closing keeps the edits', async () => {
    const editor = await review();
    await api.proposals.reject(fileId(), 'h2');
    await waitFor('the rejected hunk gone from the proposal side', () => !editor.document.getText().includes('R7'));
    await waitFor('the proposal side saved to itself', () => !editor.document.isDirty);

    await typeOver(editor, 'R3', 'r3');
    await waitFor('no pending hunk', async () => (await settled(), !hunks().some((h) => h.status === 'pending')));
    assert.deepEqual(hunks().map((h) => [h.id, h.status, h.reason]), [
      ['h1', 'rejected', 'the user removed this change in the review diff'],
      ['h2', 'rejected', undefined],
    ]);
    // Undo where the user typed: the proposal side.
    if (vscode.window.activeTextEditor?.document !== editor.document) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await vscode.commands.executeCommand('undo');
    await waitFor('h1 back, as the model proposed it', async () => (await settled(), brief()[0] === 'h1 pending R3'));

    await typeOver(editor, 'r12', 'r12 and more');
    await waitFor('the edit taken in and saved', async () => (await settled(), hunks().length === 3 && !editor.document.isDirty));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await disk(), text, 'nothing written without an Accept');
    await vscode.commands.executeCommand('flowpair.reviewProposal', fileId());
    await waitFor('the diff again, with the edits', () =>
      vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'flowpair-proposal' && e.document.getText() === text.replace('r3', 'R3').replace('r12', 'r12 and more')),
    );
  });

  test('the file changing on disk under an edited hunk makes it stale with that reason; the edit stays on the hunk and the proposal takes the new line', async () => {
    const editor = await review();
    await typeOver(editor, 'R7', 'R7 // mine');
    await waitFor('the edit taken in', async () => (await settled(), brief()[1] === 'h2 pending R7 // mine (edited)'));
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(text.replace('r7', 'r7 changed elsewhere')));
    await waitFor('h2 stale', async () => (await settled(), hunks()[1]?.status === 'stale'));
    assert.equal(hunks()[1]!.reason, 'the file changed on disk inside this hunk');
    assert.deepEqual(hunks()[1]!.newLines, ['R7 // mine'], 'the user\'s text is kept on the hunk');
    assert.equal(brief()[0], 'h1 pending R3');
    await waitFor('the proposal side to follow the disk', () => editor.document.getText() === text.replace('r3', 'R3').replace('r7', 'r7 changed elsewhere'));
  });

  test('on the proposal side the keys act on the hunk under the cursor there: next hunk, accept, reject', async () => {
    const editor = await review();
    await typeOver(editor, 'r5\n', 'r5\nnew a\nnew b\n');
    await waitFor('the typed hunk', async () => (await settled(), hunks().length === 3));
    // The diff's right side has the focus once it opens.
    const active = vscode.window.activeTextEditor!;
    assert.equal(active.document, editor.document);
    active.selection = new vscode.Selection(3, 0, 3, 0);
    await vscode.commands.executeCommand('flowpair.nextHunk');
    assert.equal(active.selection.active.line, 5, 'the typed lines, after r5 on the proposal side');
    await vscode.commands.executeCommand('flowpair.nextHunk');
    assert.equal(active.selection.active.line, 8, 'R7, shifted by the two typed lines');
    await vscode.commands.executeCommand('flowpair.acceptHunk');
    await settled();
    assert.equal(await disk(), text.replace('r7', 'R7'));
    active.selection = new vscode.Selection(6, 0, 6, 0);
    await vscode.commands.executeCommand('flowpair.rejectHunk');
    await settled();
    assert.deepEqual(brief(), ['h1 pending R3', 'h3 rejected new a|new b (edited)', 'h2 accepted R7'], 'in document order');
    await waitFor('the proposal side without the rejected lines', () => editor.document.getText() === text.replace('r3', 'R3').replace('r7', 'R7'));
  });
});
