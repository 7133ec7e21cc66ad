// Issue 11 in the real extension host: each threat where VS Code's own behaviour matters (its
// notifications, file system, settings scopes, symlinks). The pure parts are in test/unit/security.
import * as assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readSettings } from '../../src/config';
import { Transcript } from '../../src/ui/transcript';
import { currentExclusion } from '../../src/workspace/exclusions';
import { ProposalStore } from '../../src/workspace/proposals';
import { activateFlowpair, workspaceFolder } from './util';

/** VS Code's notification link syntax (src/vs/base/common/linkedText.ts). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const ATTACK = '[Open](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
const SECRET = 'API_TOKEN=very-secret-value';

type Shown = { level: string; text: string };

suite('security (issue 11)', () => {
  let dir = '';
  let n = 0;
  const uriOf = (name: string) => vscode.Uri.joinPath(workspaceFolder(), dir, name);
  const write = (name: string, text: string) => vscode.workspace.fs.writeFile(uriOf(name), new TextEncoder().encode(text));
  const disk = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uriOf(name)));
  const exists = (name: string) => vscode.workspace.fs.stat(uriOf(name)).then(() => true, () => false);
  let transcript: Transcript;
  let store: ProposalStore;
  /** The answers the user gives to confirmations (a modal dialog cannot be clicked from the host). */
  let answers: boolean[];
  let asked: string[];
  let shown: Shown[];
  const originals = { info: vscode.window.showInformationMessage, warn: vscode.window.showWarningMessage, error: vscode.window.showErrorMessage };

  const stream = async (patch: string) => {
    const turnId = `s${++n}`;
    store.delta(turnId, `call-s${n}`, patch);
    store.end(turnId, `call-s${n}`);
    await store.idle();
    return turnId;
  };
  const card = (turnId: string, name: string) => transcript.file(`${turnId}:${dir}/${name}`);

  setup(async () => {
    await activateFlowpair();
    dir = `flowpair-sec-${Date.now().toString(36)}-${n}`;
    await write('a.txt', 'one\ntwo\nthree\n');
    transcript = new Transcript(() => undefined, 0);
    answers = [];
    asked = [];
    store = new ProposalStore(async (message) => {
      asked.push(message);
      return answers.shift() ?? false;
    });
    store.onDidChangeCards((e) => (e.type === 'card' ? transcript.addFile(e.card) : transcript.changeHunks(e.fileId, e.changed, e.removed)));
    shown = [];
    // Record what reaches VS Code's notifications (Flowpair's own calls go through this API object too).
    const record = (level: string) => (text: string) => {
      shown.push({ level, text });
      return Promise.resolve(undefined);
    };
    Object.assign(vscode.window, { showInformationMessage: record('info'), showWarningMessage: record('warn'), showErrorMessage: record('error') });
  });

  teardown(async () => {
    Object.assign(vscode.window, { showInformationMessage: originals.info, showWarningMessage: originals.warn, showErrorMessage: originals.error });
    store.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), dir), { recursive: true, useTrash: false });
  });

  test('threat 1 — command links in notifications: a model patch path, a repository file name and a repository-set model name never form a link', async () => {
    // A path from the model's patch, on a failed card, shown by Accept.
    const turnId = await stream(`*** Begin Patch\n*** Update File: ${dir}/${ATTACK}.ts\n@@\n-x\n+y\n*** End Patch\n`);
    const failed = card(turnId, `${ATTACK}.ts`);
    assert.ok(failed?.error, 'the card failed');
    await store.accept(failed.id, 'h1');
    // A repository file name, refused by Fix with Flowpair because it is excluded.
    await write(`${ATTACK}.env`, 'X=1\n');
    await vscode.commands.executeCommand('flowpair.fixDiagnostic', uriOf(`${ATTACK}.env`), new vscode.Range(0, 0, 0, 1), 'problem');
    // A model name set by the repository's settings, shown by "Use the Backup Model".
    const config = vscode.workspace.getConfiguration('flowpair');
    const fastBefore = config.inspect<string>('models.fast')?.globalValue;
    await config.update('models.backup', ATTACK, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('flowpair.useBackupModel');
    } finally {
      await config.update('models.backup', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('models.fast', fastBefore, vscode.ConfigurationTarget.Global);
    }
    assert.ok(shown.length >= 3, `three notifications, got ${JSON.stringify(shown)}`);
    for (const s of ['open', '.env', 'now using']) assert.ok(shown.some((m) => m.text.toLowerCase().includes(s.toLowerCase())), s);
    for (const m of shown) assert.equal([...m.text.matchAll(VSCODE_LINK)].length, 0, `a link in: ${m.text}`);
  });

  test('"Use the Backup Model" promotes only a backup model the user set, never the repository\'s', async () => {
    const flowpair = () => vscode.workspace.getConfiguration('flowpair');
    const userValue = (key: string) => flowpair().inspect<string>(key)?.globalValue;
    const before = { fast: userValue('models.fast'), backup: userValue('models.backup') };
    try {
      await flowpair().update('models.backup', undefined, vscode.ConfigurationTarget.Global);
      await flowpair().update('models.backup', 'repository-set-model', vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('flowpair.useBackupModel');
      assert.equal(userValue('models.fast'), flowpair().inspect<string>('models.backup')?.defaultValue, 'the default backup, not the repository\'s');
      assert.ok(shown.some((m) => m.text.includes('repository-set-model') && m.text.includes('not copied')), 'the user is told why');
      await flowpair().update('models.backup', 'my-own-backup', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('flowpair.useBackupModel');
      assert.equal(userValue('models.fast'), 'my-own-backup', 'the user\'s own backup is promoted');
    } finally {
      await flowpair().update('models.backup', undefined, vscode.ConfigurationTarget.Workspace);
      await flowpair().update('models.backup', before.backup, vscode.ConfigurationTarget.Global);
      await flowpair().update('models.fast', before.fast, vscode.ConfigurationTarget.Global);
    }
  });

  test('threats 2 and 4 — a patch on an excluded file (any case, or through a symlink) is refused before it is read, and nothing quotes it', async () => {
    await write('.ENV', `${SECRET}\n`);
    await symlink('.ENV', uriOf('notes.txt').fsPath);
    const turnId = await stream(
      `*** Begin Patch\n*** Update File: ${dir}/.ENV\n@@\n-NOT_THERE=1\n+X=2\n*** Update File: ${dir}/notes.txt\n@@\n-NOT_THERE=1\n+X=2\n*** End Patch\n`,
    );
    for (const name of ['.ENV', 'notes.txt']) {
      const c = card(turnId, name)!;
      assert.match(c.error ?? '', /excluded/, name);
      assert.ok(!c.error!.includes('very-secret'), name);
    }
    const outputs = JSON.stringify(await store.takeOutcomes([`call-s${n}`]));
    assert.match(outputs, /excluded/);
    assert.ok(!outputs.includes('very-secret'), 'the tool output never quotes the file');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith(`${dir}/.ENV`)), 'never opened');
    assert.equal(await disk('.ENV'), `${SECRET}\n`);
  });

  test('threat 3 — the repository cannot shrink the exclusion list: a workspace value of [] keeps every built-in pattern', async () => {
    const config = vscode.workspace.getConfiguration('flowpair');
    await config.update('context.exclude', [], vscode.ConfigurationTarget.Workspace);
    try {
      assert.ok(currentExclusion().match('.env'));
      assert.ok(currentExclusion().match('.aws/credentials'));
      await config.update('context.exclude', ['private/**'], vscode.ConfigurationTarget.Workspace);
      assert.deepEqual(readSettings().contextExclude, ['private/**']);
      assert.ok(currentExclusion().match('private/x.txt'), 'a workspace can add');
      assert.ok(currentExclusion().match('id_rsa'), 'and the built-ins still apply');
    } finally {
      await config.update('context.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('threat 5 — .git is never written; a sensitive file is marked and needs a second yes; a move never overwrites unasked', async () => {
    const git = await stream(`*** Begin Patch\n*** Add File: ${dir}/.git/hooks/post-checkout\n+#!/bin/sh\n+echo pwned\n*** End Patch\n`);
    assert.match(card(git, '.git/hooks/post-checkout')?.error ?? '', /never writes inside \.git/);
    assert.equal(await exists('.git/hooks/post-checkout'), false);

    const tasks = await stream(`*** Begin Patch\n*** Add File: ${dir}/.vscode/tasks.json\n+{"version":"2.0.0"}\n*** End Patch\n`);
    const tasksCard = card(tasks, '.vscode/tasks.json')!;
    assert.match(tasksCard.sensitive ?? '', /run commands/);
    answers = [false];
    await store.acceptAll(tasksCard.id);
    assert.equal(asked.length, 1, 'asked once');
    assert.equal(await exists('.vscode/tasks.json'), false, 'declined: not written');
    answers = [true];
    await store.acceptAll(tasksCard.id);
    assert.equal(await disk('.vscode/tasks.json'), '{"version":"2.0.0"}\n', 'confirmed: written');

    await write('b.txt', 'keep me\n');
    const move = await stream(`*** Begin Patch\n*** Update File: ${dir}/a.txt\n*** Move to: ${dir}/b.txt\n@@\n one\n-two\n+TWO\n*** End Patch\n`);
    const moveCard = card(move, 'a.txt')!;
    asked = [];
    answers = [false];
    await store.acceptAll(moveCard.id);
    assert.ok(asked.some((q) => q.includes('Replace')), 'asked before replacing');
    assert.equal(await disk('b.txt'), 'keep me\n', 'the existing file is kept');
  });

  test('threat 5 — a new file is shown whole on its card', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `line ${i + 1}`);
    const turnId = await stream(`*** Begin Patch\n*** Add File: ${dir}/big.txt\n${lines.map((l) => `+${l}\n`).join('')}*** End Patch\n`);
    const added = card(turnId, 'big.txt')!.hunks[0]!.added;
    assert.ok(lines.every((l) => added.includes(l)), 'every line of the new file is on the card');
  });

  test('threat 8 — Workspace Trust is declared: limited support, with the settings Restricted Mode ignores', () => {
    const ext = vscode.extensions.getExtension('flowpair.flowpair')!;
    const trust = ext.packageJSON.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    for (const key of ['flowpair.baseUrl', 'flowpair.context.exclude', 'flowpair.models.backup']) assert.ok(trust.restrictedConfigurations.includes(key), key);
    assert.match(trust.description, /no workspace content.*no edits/);
  });
});
