// The Codex provider in the real extension host: the pinned `codex app-server` (FLOWPAIR_TEST_CODEX,
// provisioned by the harness) against Flowpair's fake backend over WebSocket, through a temporary
// CODEX_HOME whose config.toml makes the fake a custom Responses provider. Wired like the composer:
// Chat → CodexBackend, patches → ProposalStore, cards → Transcript.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CodexBackend } from '../../src/backend/codex/backend';
import { readSettings } from '../../src/config';
import type { HostToWebview, TurnStatsView } from '../../src/protocol';
import { Chat } from '../../src/ui/chat';
import { Transcript } from '../../src/ui/transcript';
import { ProposalStore } from '../../src/workspace/proposals';
import { DEFAULT_TEXT, startFakeBackend, type FakeBackend } from '../fake-backend/server';
import { waitFor, workspaceFolder } from './util';

const MODEL = 'gpt-5.5'; // known to the pinned codex (its catalogue has no Spark); Spark's absence is tested below
const SECRET = 'FLOWPAIR_TEST_SECRET=hunter2';
const GREET = "export function greet(name: string) {\n  return 'Hello ' + name;\n}\n\nexport function shout(name: string) {\n  return name.toUpperCase();\n}\n";

/** PIDs of the `codex app-server` processes this extension host started (the npm launcher execs the binary). */
function appServers(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('app-server');
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

suite('codex provider (real codex app-server)', function () {
  this.timeout(60_000);
  let fake: FakeBackend;
  let home: string;
  let codex: CodexBackend;
  let store: ProposalStore;
  let transcript: Transcript;
  let chat: Chat;
  let stats: TurnStatsView[];
  let dir = '';
  let n = 0;
  let seq = 0;
  const uriOf = (name: string) => vscode.Uri.joinPath(workspaceFolder(), dir, name);
  const disk = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uriOf(name)));
  const lastRequest = () => fake.requests.filter((r) => r.route === 'websocket').at(-1)!.body as { input?: unknown[] };
  const inputText = (body: { input?: unknown[] }) => JSON.stringify(body.input ?? []);
  /** Sends a composer prompt (steering the turn `steer` names); `view()` is its turn in the transcript. */
  const send = (text: string, { model, steer }: { model?: string; steer?: string } = {}) => {
    const id = `c${n}-${++seq}`;
    const done = chat.send({ id, text, origin: 'composer', ...(model ? { model } : {}) }, steer);
    return { id, done, view: () => transcript.turn(id) };
  };

  suiteSetup(async () => {
    const bin = process.env.FLOWPAIR_TEST_CODEX;
    assert.ok(bin, 'FLOWPAIR_TEST_CODEX names the pinned codex (test/integration/run.ts provisions it)');
    fake = await startFakeBackend({ ttftMs: 20, tokensPerSecond: 400, apiKey: 'sk-fake' });
    home = mkdtempSync(join(tmpdir(), 'flowpair-codex-home-'));
    writeFileSync(
      join(home, 'config.toml'),
      `model = "${MODEL}"\nmodel_provider = "fake"\n\n[model_providers.fake]\nname = "Flowpair fake backend"\nbase_url = "${fake.baseUrl}"\nwire_api = "responses"\nenv_key = "FLOWPAIR_FAKE_KEY"\nsupports_websockets = true\n`,
    );
    // A user who once told Codex "don't ask again" for `cat`: Codex's rules then run it without asking
    // under any approval policy, so only a thread without Codex's shell keeps `.env` unread.
    mkdirSync(join(home, 'rules'));
    writeFileSync(join(home, 'rules', 'default.rules'), 'prefix_rule(pattern = ["cat"], decision = "allow")\n');
    codex = new CodexBackend({
      codexPath: bin,
      cwd: workspaceFolder().fsPath,
      env: { CODEX_HOME: home, FLOWPAIR_FAKE_KEY: 'sk-fake', RUST_LOG: 'error' },
      clientVersion: 'test',
      models: { fast: MODEL, deep: MODEL, backup: MODEL },
    });
  });

  suiteTeardown(async () => {
    codex?.dispose();
    await fake?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  setup(async () => {
    dir = `flowpair-codex-${Date.now().toString(36)}-${++n}`;
    await vscode.workspace.fs.writeFile(uriOf('greet.ts'), new TextEncoder().encode(GREET));
    fake.reset();
    codex.reset(); // one Codex thread per Flowpair conversation: each test starts its own
    const posted: HostToWebview[] = [];
    transcript = new Transcript((m) => posted.push(m), 0);
    store = new ProposalStore();
    // As the composer presents the store's card events.
    store.onDidChangeCards((e) => (e.type === 'card' ? transcript.addFile(e.card) : transcript.changeHunks(e.fileId, e.changed, e.removed)));
    stats = [];
    chat = new Chat({
      transcript,
      backend: async () => codex,
      patches: store,
      log: () => {},
      onUnconfigured: () => assert.fail('the Codex provider is configured'),
      onTurnStats: (s) => stats.push(s),
    });
  });

  teardown(async () => {
    store.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), dir), { recursive: true, useTrash: false });
  });

  test('a text turn streams through the app-server into the transcript, with its TTFT and tokens/s', async () => {
    const sent = send('Say hello');
    await sent.done;
    const turn = sent.view()!;
    assert.equal(turn.status, 'completed');
    assert.equal(turn.text, DEFAULT_TEXT);
    assert.equal(stats.at(-1)?.transport, 'Codex');
    assert.ok(stats.at(-1)!.ttftMs! > 0 && stats.at(-1)!.tokensPerSecond! > 0);
    // Codex reached the fake over its WebSocket mode, with Flowpair's prompt.
    assert.match(inputText(lastRequest()), /Say hello/);
  });

  test("a patch turn shows as hunks; Codex's own write is declined; accepted hunks alone reach the disk and the model hears of them", async () => {
    const patch = `*** Begin Patch\n*** Update File: ${dir}/greet.ts\n@@\n export function greet(name: string) {\n-  return 'Hello ' + name;\n+  return \`Hello, \${name}!\`;\n }\n@@\n export function shout(name: string) {\n-  return name.toUpperCase();\n+  return name.toUpperCase() + '!';\n }\n*** End Patch\n`;
    // Queued, not a rule: Codex's next request (the declined call's output) must not get the patch again.
    fake.script({ text: 'Here is the change.', toolCalls: [{ kind: 'custom', name: 'apply_patch', input: patch }] });
    const sent = send('make it friendlier');
    await sent.done;
    await store.idle();
    assert.equal(sent.view()!.status, 'completed');
    // Codex was told its write was declined (its apply_patch output), and wrote nothing itself.
    assert.match(JSON.stringify(fake.requests.map((r) => r.body)), /custom_tool_call_output[^}]*rejected/);
    assert.equal(await disk('greet.ts'), GREET);

    const card = transcript.file(`${sent.view()!.id}:${dir}/greet.ts`);
    assert.ok(card, 'the change is a file card in the composer');
    assert.deepEqual(card.hunks.map((h) => h.status), ['pending', 'pending']);
    await store.accept(card.id, card.hunks[0]!.id);
    await store.reject(card.id, card.hunks[1]!.id);
    assert.equal(await disk('greet.ts'), GREET.replace("'Hello ' + name", '`Hello, ${name}!`'));

    await send('thanks').done;
    assert.match(inputText(lastRequest()), new RegExp(`${dir}/greet\\.ts: accepted h1; rejected h2`));
  });

  test("a command Codex asks to run (cat .env) is shown in the composer and declined: it never runs, the model hears so", async () => {
    await vscode.workspace.fs.writeFile(uriOf('.env'), new TextEncoder().encode(`${SECRET}\n`));
    await send('Say hello').done;
    // The model calls the command tool Codex actually offers it, the way Codex's models do.
    type Tool = { type: string; name?: string; parameters?: { properties?: Record<string, unknown> } };
    const tools = ((fake.requests.find((r) => (r.body as { tools?: unknown }).tools)?.body as { tools?: Tool[] }).tools ?? []);
    const names = tools.map((t) => t.name);
    const commandTool = tools.find((t) => t.type === 'function' && t.parameters?.properties && 'cmd' in t.parameters.properties);
    assert.ok(commandTool?.name, `a command tool is offered: ${names.join(', ')}`);
    const callId = `call_env_${n}`;
    fake.script({ text: 'Let me read the settings.', toolCalls: [{ kind: 'function', name: commandTool.name, callId, input: JSON.stringify({ cmd: `cat ${dir}/.env` }) }] });
    const sent = send('what is in the env file?');
    await sent.done;

    const output = fake.requests
      .flatMap((r) => ((r.body as { input?: Array<{ type?: string; call_id?: string; output?: unknown }> }).input ?? []))
      .find((item) => item.type === 'function_call_output' && item.call_id === callId);
    assert.ok(output, 'Codex answered the call to the model');
    const said = JSON.stringify(output.output);
    assert.ok(!said.includes('hunter2'), `the command never ran: ${said}`);
    assert.match(said, /declined/i);
    assert.match(said, new RegExp(`cat ${dir}/\\.env`));
    const turn = sent.view()!;
    assert.equal(turn.status, 'completed');
    const shown = turn.notices.find((line) => line.includes(`cat ${dir}/.env`));
    assert.ok(shown, `the user sees the command: ${turn.notices.join(' | ')}`);
    assert.match(shown, /declined/);
    assert.ok(!JSON.stringify(fake.requests.map((r) => r.body)).includes('hunter2'), 'the secret never reached the model');
    assert.ok(names.includes('apply_patch'), 'file changes still come as apply_patch proposals');
    for (const shell of ['exec_command', 'write_stdin', 'shell', 'shell_command']) assert.ok(!names.includes(shell), `Codex's own ${shell} is off`);
  });

  test('Stop interrupts the Codex turn: the partial answer is kept', async () => {
    fake.when('long story', { text: 'word '.repeat(2000), tokensPerSecond: 200 });
    const sent = send('tell me a long story');
    await waitFor('the first words', () => (sent.view()?.text.length ?? 0) > 20);
    chat.stop(sent.id);
    await sent.done;
    const turn = sent.view()!;
    assert.equal(turn.status, 'interrupted');
    assert.ok(turn.text.length > 20 && turn.text.length < 'word '.repeat(2000).length);
    assert.ok('word '.repeat(2000).startsWith(turn.text));
  });

  test('sending while Codex streams steers the running turn (turn/steer); its answer continues in the new turn', async () => {
    fake.when('long essay', { text: 'essay '.repeat(300), tokensPerSecond: 600 });
    fake.when('focus on tests', { text: 'Steered: tests first.' });
    const first = send('write a long essay');
    await waitFor('the first words', () => (first.view()?.text.length ?? 0) > 10);
    const steer = send('focus on tests', { steer: first.id }); // sent while the essay streams: a steer
    await Promise.all([first.done, steer.done]);
    assert.equal(first.view()!.status, 'interrupted');
    assert.equal(steer.view()!.status, 'completed');
    assert.equal(steer.view()!.text, 'Steered: tests first.');
    // One Codex turn: the steer went into it (no second turn/start prompt with the first text).
    const prompts = fake.requests.map((r) => inputText(r.body as { input?: unknown[] }));
    assert.equal(prompts.filter((p) => p.includes('write a long essay')).length, 1);
  });

  test('the app-server dies mid-answer: the turn fails saying so, the partial answer is kept, and the next turn starts a new one', async () => {
    fake.when('very long', { text: 'word '.repeat(2000), tokensPerSecond: 200 });
    const sent = send('a very long answer');
    await waitFor('the first words', () => (sent.view()?.text.length ?? 0) > 20);
    const [pid] = appServers();
    assert.ok(pid, 'the extension host runs one codex app-server');
    process.kill(pid, 'SIGKILL');
    await sent.done;
    const turn = sent.view()!;
    assert.equal(turn.status, 'failed');
    assert.match(turn.error?.message ?? '', /The Codex app-server was killed \(SIGKILL\)/);
    assert.ok(turn.text.length > 20, 'the partial answer is kept');

    const again = send('Say hello');
    await again.done;
    assert.equal(again.view()!.status, 'completed');
    assert.equal(again.view()!.text, DEFAULT_TEXT);
    assert.deepEqual(appServers().length, 1, 'one app-server again, not two');
    assert.notEqual(appServers()[0], pid);
  });

  test('a model the Codex account does not offer (Spark here) answers with the backup model and says so', async () => {
    const sent = send('Say hello', { model: 'gpt-5.3-codex-spark' });
    await sent.done;
    const turn = sent.view()!;
    assert.equal(turn.status, 'completed');
    assert.match(turn.notices.join('\n'), /gpt-5\.3-codex-spark is not available to this Codex account; answering with gpt-5\.5/);
    assert.equal((lastRequest() as { model?: string }).model, MODEL);
  });
});

// How the composer finds `codex` (src/ui/composer.ts): flowpair.codex.path as readSettings() gives it
// (the user's value only), else the first `codex` on PATH. Here PATH holds the pinned codex under the
// plain name `codex`, and the repository's .vscode/settings.json names a program of its own.
suite('codex found on PATH (extension host settings)', function () {
  this.timeout(60_000);
  let fake: FakeBackend;
  let home: string;
  let bin: string;
  let planted: string;
  const settingsFile = () => vscode.Uri.joinPath(workspaceFolder(), '.vscode', 'settings.json');

  suiteSetup(async () => {
    fake = await startFakeBackend({ ttftMs: 5, tokensPerSecond: 2000, apiKey: 'sk-fake' });
    home = mkdtempSync(join(tmpdir(), 'flowpair-codex-path-'));
    writeFileSync(
      join(home, 'config.toml'),
      `model = "${MODEL}"\nmodel_provider = "fake"\n\n[model_providers.fake]\nname = "f"\nbase_url = "${fake.baseUrl}"\nwire_api = "responses"\nenv_key = "FLOWPAIR_FAKE_KEY"\nsupports_websockets = true\n`,
    );
    bin = join(home, 'bin');
    mkdirSync(bin);
    symlinkSync(process.env.FLOWPAIR_TEST_CODEX!, join(bin, 'codex'));
    // What a hostile repository would like Flowpair to run: it leaves a mark when started.
    planted = join(home, 'planted.sh');
    writeFileSync(planted, `#!/bin/sh\ntouch "${home}/planted-ran"\nexit 1\n`);
    chmodSync(planted, 0o755);
  });

  suiteTeardown(async () => {
    await fs.rm(settingsFile().fsPath, { force: true });
    await fake?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const answer = async (codexPath: string | undefined) => {
    const codex = new CodexBackend({
      codexPath,
      cwd: workspaceFolder().fsPath,
      env: { CODEX_HOME: home, FLOWPAIR_FAKE_KEY: 'sk-fake', RUST_LOG: 'error', PATH: `${bin}:${process.env.PATH ?? ''}` },
      clientVersion: 'test',
      models: { fast: MODEL, deep: MODEL, backup: MODEL },
    });
    try {
      const turn = codex.send({ input: 'Say hello' });
      let text = '';
      let error: string | undefined;
      for await (const event of turn) {
        if (event.type === 'completed') text = event.result.text;
        if (event.type === 'failed') error = event.error.message;
      }
      return { text, error };
    } finally {
      codex.dispose();
    }
  };

  test('without flowpair.codex.path, the codex on PATH answers', async () => {
    assert.equal(readSettings().codexPath, undefined);
    const { text, error } = await answer(readSettings().codexPath);
    assert.equal(error, undefined);
    assert.equal(text, DEFAULT_TEXT);
  });

  test("a workspace flowpair.codex.path is ignored (user-level only): the repository's program never runs", async () => {
    await fs.mkdir(vscode.Uri.joinPath(workspaceFolder(), '.vscode').fsPath, { recursive: true });
    await fs.writeFile(settingsFile().fsPath, JSON.stringify({ 'flowpair.codex.path': planted, 'flowpair.models.fast': 'workspace-model' }));
    // VS Code loaded the file (a workspace-overridable setting shows it) ...
    await waitFor('workspace settings to load', () => vscode.workspace.getConfiguration('flowpair').get('models.fast') === 'workspace-model');
    // ... but the program comes from the user only: PATH's codex answers, the planted one never starts.
    assert.equal(readSettings().codexPath, undefined);
    const { text, error } = await answer(readSettings().codexPath);
    assert.equal(error, undefined);
    assert.equal(text, DEFAULT_TEXT);
    assert.equal(existsSync(join(home, 'planted-ran')), false);
  });
});
