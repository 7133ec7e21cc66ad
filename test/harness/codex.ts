// Provisions the pinned `codex` CLI for the Codex-provider tests and the benchmark: `@openai/codex`
// from the npm registry (it ships the native linux-x64 binary, ~400 MB installed) into the shared,
// git-ignored test cache next to code-server. Never in the repository, package.json or the .vsix:
// users bring their own `codex`. Same rules as code-server: a marker written only after a complete
// install decides "cached", and a lock serialises concurrent installs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, node24Env, withLock } from './provision';

export const CODEX_VERSION = '0.169.0';

const log = (msg: string) => process.stderr.write(`[provision] ${msg}\n`);

/** Absolute path of the pinned `codex` launcher, installing it into the test cache if needed (~30 s). */
export async function ensureCodex(): Promise<string> {
  const dir = join(cacheDir, `codex-${CODEX_VERSION}`);
  const bin = join(dir, 'node_modules', '.bin', 'codex');
  const marker = join(dir, '.installed');
  if (existsSync(marker) && existsSync(bin)) return bin;
  mkdirSync(cacheDir, { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    if (existsSync(marker) && existsSync(bin)) return bin;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"flowpair-codex","private":true}\n');
    log(`installing @openai/codex@${CODEX_VERSION} into ${dir} (about 400 MB)`);
    const status = await new Promise<number>((resolve, reject) => {
      const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `@openai/codex@${CODEX_VERSION}`], {
        cwd: dir,
        env: node24Env(),
        stdio: ['ignore', 2, 2],
      });
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? 1));
    });
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (status !== 0 || version.status !== 0 || !version.stdout.includes(CODEX_VERSION)) {
      throw new Error(`@openai/codex@${CODEX_VERSION} install failed (npm exit ${status}; codex --version: ${version.stdout || version.stderr})`);
    }
    writeFileSync(marker, version.stdout);
    return bin;
  });
}
