// Starts an isolated code-server (a real VS Code 1.139 with a Node extension host) per test run.
// Everything it writes stays in .vscode-test/runs/<id>: user data, extensions, XDG dirs, TMPDIR
// (unix sockets) and config.yaml; without that it writes into ~/.config, ~/.local, ~/.cache and /tmp.
// `enable-smoke-test-driver` is always on: the built workbench honours the ?payload= URL parameter
// (extensionDevelopmentPath / extensionTestsPath) only with it.
// Stopping is by PID: TERM the root first (it shuts its children down; killing children first makes
// it respawn the file watcher), then clean up leftovers of the tree collected beforehand. Servers
// still running when this process exits (crash, Ctrl+C) are killed synchronously.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, ensureCodeServer, node24Env } from './provision';

export interface StartOptions {
  /** Folder copied fresh into the run dir and opened (or used in place with copyWorkspace: false). */
  workspace: string;
  copyWorkspace?: boolean;
  /** Loaded through the URL payload by openWorkbench (development mode). */
  extensionDevelopmentPath?: string;
  /** Installed with --install-extension before the server starts. */
  vsix?: string;
  /** Built extension folder copied into the extensions dir as <publisher>.<name>-<version>. */
  extensionFolder?: string;
  /** Merged over test/harness/settings.json into the user settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server; the extension host inherits it. */
  env?: Record<string, string>;
  /** Preferred port; a free one is picked when it is busy or not given. */
  port?: number;
  /**
   * Keep user data (settings, state, the key that encrypts SecretStorage) here between runs instead
   * of in the run dir (`npm start`). Tests leave it unset: every run starts clean.
   */
  userDataDir?: string;
  /**
   * 'untrusted': Workspace Trust is on (no --disable-workspace-trust) and the opened folder stays in
   * Restricted Mode: no startup prompt, and the fresh browser profile has trusted nothing. Note that a
   * workbench opened with extensionTestsPath is always trusted (VS Code trusts its test runs), so
   * Restricted Mode is tested through the UI (e2e). Default: trust is disabled, everything is trusted.
   */
  workspaceTrust?: 'untrusted';
  /**
   * A `.code-workspace` file inside `workspace` (relative to it): the workbench opens it, a multi-root
   * workspace, instead of the folder.
   */
  workspaceFile?: string;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  runDir: string;
  workspaceDir: string;
  /** The `.code-workspace` file the workbench opens (absolute), when one was given. */
  workspaceFile?: string;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own logs (exthost logs under <session>/exthost1/). */
  logsDir: string;
  extensionDevelopmentPath?: string;
  stop(): Promise<void>;
}

const runsDir = join(cacheDir, 'runs');
const KEEP_RUNS = 5;
// Files of a built extension; sources and node_modules stay out (dist/ is bundled).
const EXTENSION_FILES = ['package.json', 'dist', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE'];

const live = new Map<number, ChildProcess>();
let exitHookInstalled = false;
let runSeq = 0;

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const bin = await ensureCodeServer();
  pruneRuns();
  const runDir = join(runsDir, `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${process.pid}-${++runSeq}`);
  const userDataDir = opts.userDataDir ? resolve(opts.userDataDir) : join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  const tmp = join(runDir, 'tmp');
  for (const d of [join(userDataDir, 'User'), extensionsDir, tmp]) mkdirSync(d, { recursive: true });

  let workspaceDir = resolve(opts.workspace);
  if (opts.copyWorkspace !== false) {
    workspaceDir = join(runDir, basename(opts.workspace));
    cpSync(opts.workspace, workspaceDir, { recursive: true });
  }
  const trustSettings = opts.workspaceTrust === 'untrusted'
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }
    : {};
  writeSettings(userDataDir, { ...trustSettings, ...opts.settings });
  const port = await pickPort(opts.port);
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const env = {
    ...node24Env(),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    TMPDIR: tmp,
    ...opts.env,
  };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', config];
  if (opts.vsix) {
    const r = spawnSync(bin, [...common, '--install-extension', resolve(opts.vsix)], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${opts.vsix} failed:\n${r.stdout}${r.stderr}`);
  }
  if (opts.extensionFolder) copyExtension(opts.extensionFolder, extensionsDir);

  const out = openSync(join(runDir, 'code-server.log'), 'a');
  const child = spawn(
    bin,
    [
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry', '--disable-update-check',
      ...(opts.workspaceTrust === 'untrusted' ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override', '--ignore-last-opened',
      // a closed page's extension host otherwise lingers for 3 h (~140 MiB each)
      '--reconnection-grace-time', '10',
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    // own process group: Ctrl+C reaches only us, and we stop the server in the right order
    { env, stdio: ['ignore', out, out], detached: true },
  );
  const pid = child.pid!;
  live.set(pid, child);
  installExitHook();
  writeFileSync(join(runDir, 'code-server.pid'), String(pid));

  const url = `http://127.0.0.1:${port}`;
  const cs: CodeServer = {
    url,
    port,
    pid,
    runDir,
    workspaceDir,
    ...(opts.workspaceFile ? { workspaceFile: join(workspaceDir, opts.workspaceFile) } : {}),
    userDataDir,
    extensionsDir,
    logsDir: join(userDataDir, 'logs'),
    extensionDevelopmentPath: opts.extensionDevelopmentPath && resolve(opts.extensionDevelopmentPath),
    stop: () => stopTree(pid),
  };
  try {
    await waitHealthy(url, child, runDir);
  } catch (e) {
    await cs.stop();
    throw e;
  }
  return cs;
}

/** Merges settings into the user settings; read by workbenches opened afterwards. */
export function updateSettings(cs: Pick<CodeServer, 'userDataDir'>, settings: Record<string, unknown>): void {
  writeSettings(cs.userDataDir, settings);
}

function writeSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = join(userDataDir, 'User', 'settings.json');
  const base = JSON.parse(readFileSync(existsSync(file) ? file : join(import.meta.dirname, 'settings.json'), 'utf8'));
  writeFileSync(file, JSON.stringify({ ...base, ...settings }, null, 2));
}

function copyExtension(from: string, extensionsDir: string): void {
  const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  // the folder name is what code-server uses to identify the extension; no extensions.json needed...
  const folder = `${pkg.publisher}.${pkg.name}-${pkg.version}`;
  const dest = join(extensionsDir, folder);
  for (const f of EXTENSION_FILES) if (existsSync(join(from, f))) cpSync(join(from, f), join(dest, f), { recursive: true });
  // ...unless a .vsix install wrote an extensions.json: code-server then removes any folder not listed in it
  const list = join(extensionsDir, 'extensions.json');
  if (!existsSync(list)) return;
  const entries = JSON.parse(readFileSync(list, 'utf8')) as unknown[];
  const location = { $mid: 1, fsPath: dest, external: pathToFileURL(dest).href, path: dest, scheme: 'file' };
  entries.push({ identifier: { id: `${pkg.publisher}.${pkg.name}` }, version: pkg.version, location, relativeLocation: folder, metadata: { installedTimestamp: Date.now(), source: 'vsix' } });
  writeFileSync(list, JSON.stringify(entries));
}

async function pickPort(preferred?: number): Promise<number> {
  const listen = (port: number) =>
    new Promise<number>((res, rej) => {
      const srv = createServer();
      srv.once('error', rej);
      srv.listen(port, '127.0.0.1', () => {
        const { port: p } = srv.address() as { port: number };
        srv.close(() => res(p));
      });
    });
  if (preferred) {
    try {
      return await listen(preferred);
    } catch {
      process.stderr.write(`[code-server] port ${preferred} is busy, using a free one\n`);
    }
  }
  return listen(0);
}

async function waitHealthy(url: string, child: ChildProcess, runDir: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = readFileSync(join(runDir, 'code-server.log'), 'utf8').split('\n').slice(-20).join('\n');
  throw new Error(`code-server did not become healthy at ${url} (exit code ${child.exitCode}); ${runDir}/code-server.log:\n${log}`);
}

// ---- process tree, by PID (Linux /proc) ----

function procStat(pid: number): { ppid: number; state: string } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (st) children.set(st.ppid, [...(children.get(st.ppid) ?? []), Number(name)]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return tree;
}

const running = (pid: number) => {
  const st = procStat(pid);
  return st !== undefined && st.state !== 'Z';
};
const kill = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stopTree(root: number): Promise<void> {
  const child = live.get(root);
  if (!child) return;
  const tree = processTree(root);
  kill(root, 'SIGTERM');
  for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
  await sleep(300);
  const left = tree.filter(running);
  left.forEach((p) => kill(p, 'SIGTERM'));
  if (left.length) await sleep(500);
  tree.filter(running).forEach((p) => kill(p, 'SIGKILL'));
  live.delete(root);
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const waitGone = (pids: number[], ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && pids.some(running); ) sleepSync(50);
};

function stopAllSync(): void {
  for (const root of live.keys()) {
    const tree = processTree(root);
    kill(root, 'SIGTERM');
    waitGone([root], 3000);
    waitGone(tree, 1000);
    tree.filter(running).forEach((p) => kill(p, 'SIGKILL'));
  }
  live.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', stopAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // another listener (the app, node:test) owns this signal; it exits, and 'exit' stops the servers
      if (process.listenerCount(sig) > 1) return;
      stopAllSync();
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig); // the default action, now that no listener is left
    };
    process.on(sig, onSignal);
  }
}

/** Deletes old run dirs (keeping the newest few for their logs) unless their server still runs. */
function pruneRuns(): void {
  if (!existsSync(runsDir)) return;
  const runs = readdirSync(runsDir)
    .map((name) => join(runsDir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const dir of runs.slice(KEEP_RUNS)) {
    const pid = Number(existsSync(join(dir, 'code-server.pid')) ? readFileSync(join(dir, 'code-server.pid'), 'utf8') : 0);
    if (!pid || !running(pid)) rmSync(dir, { recursive: true, force: true });
  }
}
