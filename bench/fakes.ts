// The measuring side of fakeHost.ts: start fake backends in one child process, talk to them by name.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FakeBackendOptions } from '../test/fake-backend/server';
import type { HostRule } from './fakeHost';
import { benchDir, repoRoot } from './lib';

export interface RemoteFake {
  name: string;
  baseUrl: string;
  wsUrl: string;
  ca?: string;
}

export interface ServerTimes {
  route: string;
  at: number;
  wallAt: number;
  firstDeltaSentAt?: number;
  lastDeltaSentAt?: number;
  /** Size of the request body as JSON (characters). */
  bytes: number;
}

export class FakeHost {
  private readonly child: ChildProcess;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    this.child = fork(join(benchDir, 'fakeHost.ts'), [], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(message.error));
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`fake host exited (${code})`));
      this.pending.clear();
    });
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...message, id });
    });
  }

  start(options: FakeBackendOptions, rules: HostRule[] = []): Promise<RemoteFake> {
    return this.call({ type: 'start', options, rules });
  }

  /** The server-side times of the requests since the last call (then forgotten). */
  requests(fake: RemoteFake): Promise<ServerTimes[]> {
    return this.call({ type: 'requests', name: fake.name });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await Promise.race([this.call({ type: 'close' }), new Promise((r) => setTimeout(r, 3000))]).catch(() => {});
    if (this.child.exitCode === null) this.child.kill();
  }
}
