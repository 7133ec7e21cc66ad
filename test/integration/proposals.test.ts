import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../src/protocol';
import { Transcript } from '../../src/ui/transcript';
import { CodeLensProvider } from '../../src/workspace/codeLens';
import { ProposalStore } from '../../src/workspace/proposals';
import { activateFlowpair, waitFor, workspaceFolder } from './util';

const A = ['line1', 'line2', 'line3', 'line4', 'line5', 'line6', 'line7', 'line8', 'line9', 'line10'].map((l) => l + '\n').join('');
const B = 'b1\nb2\nb3\nb4\nb5\nb6\n';

suite('proposals', () => {
  // A fresh folder per test: a document VS Code still holds for a reused path could lag behind the disk.
  let dir = '';
  const uriOf = (name: string) => vscode.Uri.joinPath(workspaceFolder(), dir, name);
  const disk = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uriOf(name)));
  const exists = (uri: vscode.Uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);
  let posted: HostToWebview[];
  let transcript: Transcript;
  let store: ProposalStore;
  let turn = 0;

  /** Streams a patch as one tool call of a new turn, in the given chunks; returns the turn id. */
  const stream = async (chunks: string[], { end = true } = {}) => {
    const turnId = `t${++turn}`;
    for (const chunk of chunks) store.delta(turnId, `call-${turn}`, chunk);
    if (end) store.end(turnId, `call-${turn}`);
    await store.idle();
    return turnId;
  };
  const card = (turnId: string, name: string) => transcript.file(`${turnId}:${dir}/${name}`);
  const docOf = (name: string) => vscode.workspace.openTextDocument(uriOf(name));

  setup(async () => {
    dir = `flowpair-it-${Date.now().toString(36)}-${turn}`;
    await vscode.workspace.fs.writeFile(uriOf('a.txt'), new TextEncoder().encode(A));
    await vscode.workspace.fs.writeFile(uriOf('b.txt'), new TextEncoder().encode(B));
    posted = [];
    transcript = new Transcript((m) => posted.push(m), 0);
    store = new ProposalStore();
    // As the composer presents the store's card events.
    store.onDidChangeCards((e) => (e.type === 'card' ? transcript.addFile(e.card) : transcript.changeHunks(e.fileId, e.changed, e.removed)));
  });

  teardown(async () => {
    store.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), dir), { recursive: true, useTrash: false });
  });

  const twoFilePatch = () => [
    '*** Begin Patch\n',
    `*** Update File: ${dir}/a.txt\n@@\n line1\n-line2\n+LINE2\n line3\n`,
    '@@\n line6\n-line7\n+LINE7\n line8\n',
    `*** Update File: ${dir}/b.txt\n@@\n b1\n-b2\n+B2\n b3\n@@\n b5\n-b6\n+B6\n`,
    '*** End Patch\n',
  ];

  test('hunks are proposed while the patch streams; accept writes one hunk (one undo stop), reject drops one, accept all', async () => {
    const turnId = await stream(twoFilePatch().slice(0, 3), { end: false });
    // The first chunk is complete once the next '@@' arrived: it is on the card before the call ends.
    const a = card(turnId, 'a.txt');
    assert.ok(a, 'a.txt card posted while streaming');
    assert.deepEqual(a.hunks[0], { id: 'h1', status: 'pending', line: 2, removed: ['line2'], added: ['LINE2'] });
    assert.ok(posted.some((m) => m.type === 'hunksAdded' && m.fileId === a.id));
    assert.equal((await docOf('a.txt')).getText(), A, 'nothing written before an accept');

    for (const chunk of twoFilePatch().slice(3)) store.delta(turnId, `call-${turn}`, chunk);
    store.end(turnId, `call-${turn}`);
    await store.idle();
    assert.deepEqual(a.hunks.map((h) => [h.id, h.line, h.status]), [['h1', 2, 'pending'], ['h2', 7, 'pending']]);
    const b = card(turnId, 'b.txt')!;
    assert.equal(b.hunks.length, 2);
    assert.equal(await disk('a.txt'), A);

    await store.accept(a.id, 'h1');
    const expected = A.replace('line2\n', 'LINE2\n');
    const doc = await docOf('a.txt');
    assert.equal(doc.getText(), expected);
    assert.equal(await disk('a.txt'), expected, 'saved: the document was not dirty before');
    assert.equal(a.hunks[0]!.status, 'accepted');
    assert.ok(posted.some((m) => m.type === 'hunkUpdated' && m.hunk.id === 'h1' && m.hunk.status === 'accepted'));

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo', () => doc.getText() === A);
    // Undo of the accept makes the hunk pending again, on the card and in the editor; Redo accepts it again.
    await waitFor('the card follows the undo', () => a.hunks[0]!.status === 'pending');
    assert.equal(store.hunksIn(doc.uri).find((p) => p.hunk.id === 'h1')?.hunk.status, 'pending');
    await vscode.commands.executeCommand('redo');
    await waitFor('redo', () => doc.getText() === expected);
    await waitFor('the card follows the redo', () => a.hunks[0]!.status === 'accepted');

    await store.reject(a.id, 'h2');
    assert.equal(a.hunks[1]!.status, 'rejected');
    assert.equal(doc.getText(), expected);

    await store.acceptAll(b.id);
    assert.equal(await disk('b.txt'), 'b1\nB2\nb3\nb4\nb5\nB6\n');
    assert.deepEqual(b.hunks.map((h) => h.status), ['accepted', 'accepted']);

    const { outputs: [output], note } = await store.takeOutcomes([`call-${turn}`]);
    assert.equal(output!.callId, `call-${turn}`);
    assert.equal(output!.output, `${dir}/a.txt: accepted h1; rejected h2\n${dir}/b.txt: accepted h1, h2`);
    assert.equal(note, undefined);
    assert.deepEqual(await store.takeOutcomes([]), { outputs: [] }, 'every decision is told once');
  });

  test('decisions made after the output was given, and on a call its turn cut off, each reach the model once, as a note', async () => {
    const turnId = await stream(twoFilePatch());
    const a = card(turnId, 'a.txt')!;
    const first = await store.takeOutcomes([`call-${turn}`]);
    assert.match(first.outputs[0]!.output, /a\.txt: still pending \(not reviewed yet\) h1, h2/);
    await store.accept(a.id, 'h1');
    await store.reject(a.id, 'h2');
    // A second call, cut off mid-stream by a steer: the backend keeps no call to answer for it.
    const cut = await stream([`*** Begin Patch\n*** Update File: ${dir}/b.txt\n@@\n b1\n-b2\n+B2\n b3\n@@\n`], { end: false });
    store.endTurn(cut);
    const b = card(cut, 'b.txt')!;
    await store.accept(b.id, 'h1');
    const second = await store.takeOutcomes([]);
    assert.deepEqual(second.outputs, []);
    assert.match(second.note ?? '', new RegExp(`${dir}/a\\.txt: accepted h1; rejected h2`));
    assert.match(second.note ?? '', new RegExp(`${dir}/b\\.txt: accepted h1`));
    assert.deepEqual(await store.takeOutcomes([]), { outputs: [] }, 'told once');
  });

  test('edits made by save participants (formatters) never make pending hunks stale; with acceptSaves off an accept stays unsaved', async () => {
    const turnId = await stream([`*** Begin Patch\n*** Update File: ${dir}/a.txt\n@@\n-line4\n+LINE4\n@@\n-line9\n+LINE9\n*** End Patch\n`]);
    const a = card(turnId, 'a.txt')!;
    const doc = await docOf('a.txt');
    // A formatter-like participant: it rewrites "line4" (line 5 once "top" is inserted), inside the first pending hunk.
    const participant = vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.toString() === doc.uri.toString()) e.waitUntil(Promise.resolve([vscode.TextEdit.replace(new vscode.Range(4, 0, 4, 5), 'line4 ')]));
    });
    const settings = vscode.workspace.getConfiguration('flowpair');
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), 'top\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save());
      assert.match(await disk('a.txt'), /^top\nline1\n.*line4 \n/s, 'the participant ran');
      assert.deepEqual(a.hunks.map((h) => h.status), ['pending', 'pending']);
      await settings.update('acceptSaves', false, vscode.ConfigurationTarget.Global);
      await store.accept(a.id, 'h2');
      assert.equal(a.hunks[1]!.status, 'accepted');
      assert.ok(doc.isDirty, 'not saved');
      assert.doesNotMatch(await disk('a.txt'), /LINE9/);
      participant.dispose();
      await doc.save(); // nothing left dirty for the teardown to ask about
    } finally {
      participant.dispose();
      await settings.update('acceptSaves', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('accepting a later hunk after an earlier one lands exactly (own edits are not mistaken for user edits)', async () => {
    const turnId = await stream([
      `*** Begin Patch\n*** Update File: ${dir}/a.txt\n@@\n line1\n-line2\n+LINE2a\n+LINE2b\n line3\n@@\n line8\n-line9\n+LINE9\n*** End Patch\n`,
    ]);
    const id = card(turnId, 'a.txt')!.id;
    await store.accept(id, 'h1');
    await store.accept(id, 'h2');
    assert.equal((await docOf('a.txt')).getText(), A.replace('line2\n', 'LINE2a\nLINE2b\n').replace('line9\n', 'LINE9\n'));
  });

  test('a user edit inside a pending hunk makes it stale; the user text is never overwritten', async () => {
    const turnId = await stream([`*** Begin Patch\n*** Update File: ${dir}/a.txt\n@@\n-line4\n+LINE4\n@@\n-line9\n+LINE9\n*** End Patch\n`]);
    const a = card(turnId, 'a.txt')!;
    const doc = await docOf('a.txt');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(3, 0, 3, 5), 'mine');
    edit.insert(doc.uri, new vscode.Position(0, 0), 'top\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const userText = 'top\n' + A.replace('line4', 'mine');
    assert.equal(a.hunks[0]!.status, 'stale');
    assert.match(a.hunks[0]!.reason ?? '', /edited/);
    await store.accept(a.id, 'h1');
    assert.equal(doc.getText(), userText, 'a stale hunk is not applied');
    // The hunk the edit did not touch moved down one line and still applies.
    await store.accept(a.id, 'h2');
    assert.equal(doc.getText(), userText.replace('line9', 'LINE9'));
  });

  test('a path outside the workspace and a missing file give failed cards and write nothing', async () => {
    const outside = vscode.Uri.joinPath(workspaceFolder(), '..', 'outside.txt');
    const t1 = await stream(['*** Begin Patch\n*** Add File: ../outside.txt\n+pwned\n*** End Patch\n']);
    const refused = transcript.files.find((f) => f.turnId === t1)!;
    assert.match(refused.error ?? '', /escapes the workspace folder: \.\.\/outside\.txt/);
    assert.equal(await exists(outside), false);

    const t2 = await stream([`*** Begin Patch\n*** Update File: ${dir}/missing.txt\n@@\n-a\n+b\n*** End Patch\n`]);
    assert.match(card(t2, 'missing.txt')!.error ?? '', /no such file/);
    assert.equal(await exists(uriOf('missing.txt')), false);
    const { outputs } = await store.takeOutcomes([`call-${turn - 1}`, `call-${turn}`]);
    assert.match(outputs.map((o) => o.output).join('\n'), /missing\.txt: failed: cannot update/);
  });

  test('a hunk whose lines are not in the file is failed with the reason, and never written', async () => {
    const turnId = await stream([`*** Begin Patch\n*** Update File: ${dir}/b.txt\n@@\n-not there\n+x\n*** End Patch\n`]);
    const hunk = card(turnId, 'b.txt')!.hunks[0]!;
    assert.equal(hunk.status, 'failed');
    assert.ok(hunk.reason && hunk.reason.length > 0);
    await store.accept(card(turnId, 'b.txt')!.id, 'h1');
    assert.equal(await disk('b.txt'), B);
  });

  test('add, delete and move are file operations applied on accept', async () => {
    const turnId = await stream([
      `*** Begin Patch\n*** Add File: ${dir}/new/c.txt\n+c1\n+c2\n*** Delete File: ${dir}/b.txt\n*** Update File: ${dir}/a.txt\n*** Move to: ${dir}/moved.txt\n@@\n-line1\n+LINE1\n*** End Patch\n`,
    ]);
    const c = card(turnId, 'new/c.txt')!;
    assert.deepEqual([c.op, c.hunks[0]!.status], ['add', 'pending']);
    assert.equal(await exists(uriOf('new/c.txt')), false);
    await store.accept(c.id, 'h1');
    assert.equal(await disk('new/c.txt'), 'c1\nc2\n');

    await store.accept(card(turnId, 'b.txt')!.id, 'h1');
    assert.equal(await exists(uriOf('b.txt')), false);

    const a = card(turnId, 'a.txt')!;
    assert.deepEqual([a.op, a.moveTo, a.hunks.map((h) => h.id)], ['move', `${dir}/moved.txt`, ['h1', 'move']]);
    await store.acceptAll(a.id);
    assert.equal(await exists(uriOf('a.txt')), false);
    assert.equal(await disk('moved.txt'), A.replace('line1', 'LINE1'));
  });

  test('a patch that stops being valid keeps the complete hunks and says where it broke', async () => {
    const turnId = await stream([`*** Begin Patch\n*** Update File: ${dir}/b.txt\n@@\n-b2\n+B2\n@@\n b4\n?? what\n`]);
    assert.equal(card(turnId, 'b.txt')!.hunks[0]!.status, 'pending');
    const broken = transcript.files.find((f) => f.turnId === turnId && f.error !== undefined)!;
    assert.match(broken.error!, /line 8\): unexpected line .*'\?\? what'/);
  });

  test('a turn that ends while a patch streams keeps its complete chunk, shows the open one as cut off, and tells the model', async () => {
    const turnId = await stream(twoFilePatch().slice(0, 2).concat(['@@\n line6\n-line7\n']), { end: false });
    store.endTurn(turnId);
    await store.idle();
    const a = card(turnId, 'a.txt')!;
    assert.deepEqual(a.hunks.map((h) => [h.id, h.status]), [['h1', 'pending'], ['h2', 'failed']]);
    assert.match(a.hunks[1]!.reason ?? '', /^cut off: the answer ended before chunk 2 of .*a\.txt \(2 lines so far\) was complete/);
    const { outputs: [output] } = await store.takeOutcomes([`call-${turn}`]);
    assert.match(output!.output, /a\.txt: still pending \(not reviewed yet\) h1; failed h2 \(cut off: the answer ended before chunk 2/);
    assert.equal(await disk('a.txt'), A, 'nothing written');
  });

  test('SEARCH/REPLACE blocks in a tool call: an empty SEARCH is an add-file card that creates the file on accept', async () => {
    const turnId = await stream([`${dir}/new.py\n<<<<<<< SEARCH\n=======\ndef f():\n    return 1\n>>>>>>> REPLACE\n`]);
    const created = card(turnId, 'new.py')!;
    assert.equal(created.op, 'add');
    await store.acceptAll(created.id);
    assert.equal(await disk('new.py'), 'def f():\n    return 1\n');

    const refused = await stream([`${dir}/b.txt\n<<<<<<< SEARCH\n=======\noverwrite\n>>>>>>> REPLACE\n`]);
    assert.match(card(refused, 'b.txt')!.error ?? '', /cannot create .*b\.txt: it already exists and is not empty/);
    assert.equal(await disk('b.txt'), B);
  });

  test('CodeLens shows Accept / Reject / Review above pending hunks and the reason above stale ones', async () => {
    const lenses = new CodeLensProvider(store);
    const registration = vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: `**/${dir}/**` }, lenses);
    try {
      const turnId = await stream([`*** Begin Patch\n*** Update File: ${dir}/a.txt\n@@\n-line3\n+LINE3\n@@\n-line5\n+LINE5\n*** End Patch\n`]);
      const doc = await docOf('a.txt');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(4, 0, 4, 5), 'mine');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const titles = found.map((l) => `${l.range.start.line}:${l.command?.title}`);
      assert.ok(titles.includes('2:$(check) Accept'), titles.join(', '));
      assert.ok(titles.includes('2:$(x) Reject'), titles.join(', '));
      assert.ok(titles.includes('2:$(diff) Review'), titles.join(', '));
      assert.ok(titles.some((t) => t.startsWith('4:$(warning) Stale: the document was edited inside this hunk')), titles.join(', '));
      const accept = found.find((l) => l.command?.title === '$(check) Accept')!;
      assert.deepEqual(accept.command!.arguments, [card(turnId, 'a.txt')!.id, 'h1']);
    } finally {
      registration.dispose();
      lenses.dispose();
    }
  });

  test('"Fix with Flowpair" is offered for a diagnostic', async () => {
    await activateFlowpair();
    const diagnostics = vscode.languages.createDiagnosticCollection('flowpair-test');
    try {
      const doc = await docOf('a.txt');
      const range = new vscode.Range(1, 0, 1, 5);
      diagnostics.set(doc.uri, [Object.assign(new vscode.Diagnostic(range, 'line2 is wrong', vscode.DiagnosticSeverity.Error), { source: 'test' })]);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
      const fix = actions.find((a) => a.title === 'Fix with Flowpair');
      assert.ok(fix, `offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.equal(fix.command?.command, 'flowpair.fixDiagnostic');
    } finally {
      diagnostics.dispose();
    }
  });
});

suite('proposal commands', () => {
  const dir = `flowpair-cmd-${Date.now().toString(36)}`;
  const uri = () => vscode.Uri.joinPath(workspaceFolder(), dir, 'c.txt');
  const text = Array.from({ length: 12 }, (_, i) => `c${i + 1}\n`).join('');

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), dir), { recursive: true, useTrash: false });
  });

  test('next/previous move between pending hunks (wrapping); accept and reject act on the hunk at the cursor; review opens the diff', async () => {
    const { proposals } = await activateFlowpair();
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(text));
    proposals.delta('tc', 'call-c', `*** Begin Patch\n*** Update File: ${dir}/c.txt\n@@\n-c3\n+C3\n@@\n-c7\n+C7\n@@\n-c10\n+C10\n*** End Patch\n`);
    proposals.end('tc', 'call-c');
    await proposals.idle();
    const editor = await vscode.window.showTextDocument(uri());
    const line = () => editor.selection.active.line;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('flowpair.nextHunk');
    assert.equal(line(), 2);
    await vscode.commands.executeCommand('flowpair.nextHunk');
    assert.equal(line(), 6);
    await vscode.commands.executeCommand('flowpair.previousHunk');
    assert.equal(line(), 2);
    await vscode.commands.executeCommand('flowpair.previousHunk');
    assert.equal(line(), 9, 'wraps to the last hunk');

    await vscode.commands.executeCommand('flowpair.rejectHunk');
    editor.selection = new vscode.Selection(2, 1, 2, 1);
    await vscode.commands.executeCommand('flowpair.acceptHunk');
    assert.equal(editor.document.getText(), text.replace('c3\n', 'C3\n'));

    await vscode.commands.executeCommand('flowpair.reviewProposal');
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputTextDiff, 'a diff editor is open');
    assert.equal(input.modified.scheme, 'flowpair-proposal');
    const proposed = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(proposed.getText(), text.replace('c3\n', 'C3\n').replace('c7\n', 'C7\n'), 'the pending hunk applied, the rejected one not');

    await vscode.window.showTextDocument(uri());
    await vscode.commands.executeCommand('flowpair.acceptAllHunks');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri())), text.replace('c3\n', 'C3\n').replace('c7\n', 'C7\n'));
    const { outputs } = await proposals.takeOutcomes(['call-c']);
    assert.equal(outputs.find((o) => o.callId === 'call-c')?.output, `${dir}/c.txt: accepted h1, h2; rejected h3`);
  });
});
