// One `codex app-server` process per window: found on PATH (or at the configured path), started on
// first use, initialized once, kept running between turns (that is the warm session here), started
// again on the next use after it died, stopped on dispose.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { BackendError } from '../errors';
import { Emitter } from '../emitter';
import { ConnectionClosedError, RpcConnection } from './rpc';

export interface AppServerOptions {
  /** `flowpair.codex.path` (user scope) or undefined: look for `codex` on PATH. */
  codexPath?: string | undefined;
  /** The workspace root: the process's cwd and every thread's. */
  cwd: string;
  /** Restricted Mode: Codex reads the workspace itself, so it is never started (every use fails with this). */
  restricted?: boolean;
  /** Extra environment (tests point CODEX_HOME at a temporary folder). */
  env?: NodeJS.ProcessEnv;
  clientVersion: string;
  log?: (line: string) => void;
}

const STDERR_TAIL_CHARS = 2_000;
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\x1b\[[0-9;]*m/g;

export const INSTALL_HINT = 'Install it with `npm install -g @openai/codex` (or from https://developers.openai.com/codex), or set flowpair.codex.path to the `codex` executable.';

/** Where `codex` is: the configured path when given, else the first match on PATH; undefined when nowhere. */
export function findCodex(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const executable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (configured) return isAbsolute(configured) && executable(configured) ? configured : undefined;
  const names = process.platform === 'win32' ? ['codex.cmd', 'codex.exe', 'codex'] : ['codex'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) if (executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** A started, initialized app-server. */
export interface RunningServer {
  readonly rpc: RpcConnection;
  readonly process: ChildProcess;
  /** Resolves with the crash/exit error once the process is gone. */
  readonly exited: Promise<BackendError>;
}

export class AppServer {
  /** Fires when a running server exits without being asked to. */
  readonly crashed = new Emitter<BackendError>();
  private current: Promise<RunningServer> | undefined;
  /** The server `current` resolved to: a late exit of an older one must not clear its successor. */
  private live: RunningServer | undefined;

  constructor(private readonly options: AppServerOptions) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** The running server, started (and initialized) if needed. Rejects with a BackendError. */
  ensure(): Promise<RunningServer> {
    this.current ??= this.start().catch((error) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  stop(): void {
    const current = this.current;
    this.current = undefined;
    this.live = undefined;
    void current?.then((server) => server.process.kill(), () => {});
  }

  private async start(): Promise<RunningServer> {
    const { options } = this;
    if (options.restricted) {
      throw new BackendError('codex-restricted', 'Restricted Mode: the Codex provider reads the workspace itself, so Flowpair does not start it in an untrusted workspace. Trust the workspace to use it.');
    }
    const env = { ...process.env, ...options.env };
    const codex = findCodex(options.codexPath, env);
    if (!codex) {
      const where = options.codexPath ? `at ${options.codexPath} (flowpair.codex.path)` : 'on PATH';
      throw new BackendError('codex-not-found', `The Codex CLI was not found ${where}. ${INSTALL_HINT}`);
    }
    const child = spawn(codex, ['app-server'], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const rpc = new RpcConnection(child.stdout!, child.stdin!);
    let stderrTail = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (raw: string) => {
      const chunk = raw.replace(ANSI, ''); // its log lines are coloured
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
      for (const line of chunk.split('\n')) if (line.trim()) options.log?.(`codex: ${line.trim()}`);
    });
    const exited = new Promise<BackendError>((resolve) => {
      const done = (error: BackendError) => {
        rpc.close(error);
        resolve(error);
      };
      child.on('error', (error) => done(new BackendError('codex-crashed', `Could not start the Codex app-server (${codex}): ${error.message}`)));
      child.on('exit', (code, signal) => {
        const last = stderrTail.trim().split('\n').slice(-3).join(' / ');
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        done(new BackendError('codex-crashed', `The Codex app-server ${how}.${last ? ` Last output: ${last}` : ''}`));
      });
    });
    const server: RunningServer = { rpc, process: child, exited };
    void exited.then((error) => {
      if (this.live !== server) return; // stopped on purpose, or already replaced
      this.current = undefined;
      this.live = undefined;
      this.crashed.fire(error);
    });
    try {
      await Promise.race([
        // experimentalApi: thread/start's dynamicTools, how Flowpair gives Codex its (declining) command tool.
        rpc.request('initialize', {
          clientInfo: { name: 'flowpair', title: 'Flowpair', version: options.clientVersion },
          capabilities: { experimentalApi: true, requestAttestation: false, optOutNotificationMethods: ['item/commandExecution/outputDelta', 'item/fileChange/outputDelta'] },
        }),
        exited.then((error) => Promise.reject(error)),
      ]);
    } catch (error) {
      child.kill();
      throw error instanceof ConnectionClosedError ? new BackendError('codex-crashed', error.message) : error;
    }
    rpc.notify('initialized');
    this.live = server;
    return server;
  }
}
