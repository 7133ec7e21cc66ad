// Provisions what the integration and e2e layers need, on a fresh machine as well as a warm one:
// Debian's Chromium (Playwright cannot download browsers here) and code-server from npm, cached in
// .vscode-test/ the way @vscode/test-electron caches VS Code. A marker file written only after a
// complete install decides "cached": a half-finished npm install must never count as one.
// FLOWPAIR_TEST_CACHE overrides the cache folder (used to test a fresh install).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const cacheDir = resolve(process.env.FLOWPAIR_TEST_CACHE ?? join(repoRoot, '.vscode-test'));

const CHROMIUM_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium']; // real binary first (no wrapper script)
// libkrb5-dev: kerberos (a code-server dependency) falls back to a node-gyp build, as its prebuilt comes from GitHub.
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'fonts-liberation'];
const APT_PRESENT: Record<string, () => boolean> = {
  chromium: () => CHROMIUM_PATHS.some(existsSync),
  'libkrb5-dev': () => existsSync('/usr/bin/krb5-config') && existsSync('/usr/include/gssapi/gssapi.h'),
  'fonts-liberation': () => existsSync('/usr/share/fonts/truetype/liberation'),
};

const log = (msg: string) => process.stderr.write(`[provision] ${msg}\n`);

function ensureAptPackages(): void {
  const missing = APT_PACKAGES.filter((p) => !APT_PRESENT[p]!());
  if (missing.length === 0) return;
  const cmd = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them as root, then retry:\n  sudo sh -c '${cmd}'`);
  }
  log(`installing ${missing.join(', ')} with apt-get`);
  const r = spawnSync('sh', ['-c', cmd], { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) throw new Error(`apt-get install failed (exit ${r.status}): ${cmd}`);
}

/** Path of Debian's Chromium binary, installed with apt-get first if missing (as root). */
export function ensureChromium(): string {
  ensureAptPackages();
  const found = CHROMIUM_PATHS.find(existsSync);
  if (!found) throw new Error(`Chromium not found at ${CHROMIUM_PATHS.join(' or ')}`);
  return found;
}

/** Environment that runs code-server and node-gyp with the Node 24 running this process. */
export function node24Env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // Under `npm test` the outer npm (maybe on the system's older Node) exported its user agent; a nested
  // npm takes npm_config_* variables as its own config, and code-server's postinstall reads the Node
  // version from that user agent. Drop it so the nested npm reports the Node 24 it runs on.
  const { npm_config_user_agent: _outer, ...env } = base;
  return { ...env, PATH: dirname(process.execPath) + delimiter + (base.PATH ?? ''), npm_config_nodedir: dirname(dirname(process.execPath)) };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const readOwner = (lockDir: string) => {
  try {
    return Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
  } catch {
    return 0; // just created, PID not written yet
  }
};

// Two concurrent npm installs into one folder corrupt each other (ENOTEMPTY/TAR_ENTRY_ERROR), so a
// lock directory holding the owner's PID serialises them; a lock left by a dead process is taken over.
export async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(lockDir);
      if (owner && !isAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
      else {
        if (waited % 30 === 0) log(`waiting for another install (pid ${owner || '?'}) to finish`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Path of the code-server launcher, installing code-server from npm into the cache if needed (~2 min). */
export async function ensureCodeServer(): Promise<string> {
  const dir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  const bin = join(dir, 'node_modules', '.bin', 'code-server');
  const marker = join(dir, '.installed');
  if (existsSync(marker) && existsSync(bin)) return bin;
  if (Number(process.versions.node.split('.')[0]) < 24) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 24 (this is ${process.version}); run through scripts/with-node.mjs`);
  }
  ensureAptPackages();
  mkdirSync(cacheDir, { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    if (existsSync(marker) && existsSync(bin)) return bin; // another process finished it while we waited
    rmSync(dir, { recursive: true, force: true });
    const tmp = join(cacheDir, 'tmp');
    mkdirSync(dir, { recursive: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"flowpair-code-server","private":true}\n');
    const logFile = join(dir, 'install.log');
    log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (about 2 min; log: ${logFile})`);
    const t0 = Date.now();
    const status = await new Promise<number>((res, rej) => {
      const out = createWriteStream(logFile);
      const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
        cwd: dir,
        env: { ...node24Env(), TMPDIR: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
      const tick = setInterval(() => log(`still installing code-server (${Math.round((Date.now() - t0) / 1000)} s)`), 20_000);
      child.on('error', rej);
      child.on('close', (code) => {
        clearInterval(tick);
        out.end(() => res(code ?? 1));
      });
    });
    // even --version writes ~/.config/code-server/config.yaml unless XDG dirs point elsewhere
    const xdg = { XDG_CONFIG_HOME: join(tmp, 'xdg-config'), XDG_DATA_HOME: join(tmp, 'xdg-data'), XDG_CACHE_HOME: join(tmp, 'xdg-cache') };
    const version = spawnSync(bin, ['--version'], { env: { ...node24Env(), ...xdg, TMPDIR: tmp }, encoding: 'utf8' });
    if (status !== 0 || version.status !== 0) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`code-server install failed (npm exit ${status}); last lines of ${logFile}:\n${tail}`);
    }
    const versionLine = version.stdout.split('\n').find((l) => /^\d+\.\d+/.test(l)) ?? '?';
    writeFileSync(marker, versionLine + '\n');
    log(`code-server ${versionLine} installed in ${Math.round((Date.now() - t0) / 1000)} s`);
    return bin;
  });
}
