#!/usr/bin/env node
// Applies an edit — an apply_patch (V4A) patch or SEARCH/REPLACE blocks — to the files under the
// current directory with exactly the extension's edit engine: src/edits/applyPatch.ts, bundled on
// the fly with esbuild.
// Usage: node scripts/apply-patch.mjs [--format v4a|search-replace|auto] EDIT_FILE
// (auto, the default: '*** Begin Patch' means V4A, SEARCH/REPLACE markers mean blocks;
// --search-replace is short for --format search-replace.)
// Exit 0 on success (summary on stdout); 1 with a specific message on stderr otherwise. Every
// operation is checked before anything is written, and the new contents are first written next to
// their targets and then renamed over them, so a failing edit writes nothing.
import { build } from 'esbuild';
import { lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function fail(message) {
  process.stderr.write(`apply-patch: ${message}\n`);
  process.exit(1);
}

async function loadEngine() {
  const result = await build({
    entryPoints: [join(here, '..', 'src', 'edits', 'applyPatch.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  const code = Buffer.from(result.outputFiles[0].contents).toString('base64');
  return import(`data:text/javascript;base64,${code}`);
}

/** Reads a workspace-relative path, refusing anything that resolves outside the workspace (symlinks). */
function reader(root) {
  return (path) => {
    const absolute = resolve(root, path);
    // The nearest existing ancestor (or the file itself) must really be inside the workspace.
    let probe = absolute;
    for (;;) {
      try {
        const real = realpathSync(probe);
        const rel = relative(root, real);
        if (rel === '..' || rel.startsWith(`..${sep}`) || resolve(root, rel) !== real) {
          return { error: 'resolves outside the workspace folder (through a symbolic link)' };
        }
        break;
      } catch (e) {
        if (e.code !== 'ENOENT' && e.code !== 'ENOTDIR') return { error: e.message };
        if (probe === root) break;
        probe = dirname(probe);
      }
    }
    try {
      const stat = lstatSync(absolute);
      if (stat.isDirectory()) return 'directory';
      return readFileSync(absolute);
    } catch (e) {
      if (e.code === 'ENOENT') return 'missing';
      if (e.code === 'ENOTDIR') return { error: 'a parent of this path is a file, not a directory' };
      return { error: e.message };
    }
  };
}

const USAGE = 'usage: node scripts/apply-patch.mjs [--format v4a|search-replace|auto] EDIT_FILE';
const FORMATS = { v4a: 'apply_patch', apply_patch: 'apply_patch', 'search-replace': 'search_replace', search_replace: 'search_replace', auto: 'auto' };
const args = process.argv.slice(2);
let format = 'auto';
const files = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--search-replace') format = 'search_replace';
  else if (arg === '--format' || arg.startsWith('--format=')) {
    const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
    if (value === undefined || !Object.hasOwn(FORMATS, value)) fail(`unknown format ${JSON.stringify(value ?? '')}: use v4a, search-replace or auto\n${USAGE}`);
    format = FORMATS[value];
  } else if (arg.startsWith('--')) fail(`unknown option ${arg}\n${USAGE}`);
  else files.push(arg);
}
if (files.length !== 1) fail(USAGE);
const patchFile = resolve(files[0]);

const engine = await loadEngine();
let size;
try {
  size = statSync(patchFile).size;
} catch (e) {
  fail(`cannot read the patch file ${files[0]}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
}
// Checked before reading so that a huge file is never loaded (characters ≤ bytes in UTF-8).
const limitBytes = engine.MAX_PATCH_CHARS * 4;
if (size > limitBytes) fail(`patch is too large: ${(size / (1024 * 1024)).toFixed(1)} MiB (limit ${engine.MAX_PATCH_CHARS / (1024 * 1024)} MiB)`);
const patch = readFileSync(patchFile, 'utf8');

const root = realpathSync(process.cwd());
const plan = engine.planPatch(patch, reader(root), format);
if (!plan.ok) fail(plan.error);

// Stage every new content next to its target first; only renames and deletes remain, which do not
// fail for lack of space.
const staged = [];
try {
  for (const w of plan.writes) {
    if (w.op !== 'write') continue;
    const absolute = resolve(root, w.path);
    mkdirSync(dirname(absolute), { recursive: true });
    const temp = `${absolute}.apply-patch-${process.pid}.tmp`;
    writeFileSync(temp, w.text, 'utf8');
    staged.push([temp, absolute]);
  }
} catch (e) {
  for (const [temp] of staged) rmSync(temp, { force: true });
  fail(`nothing written: staging the new contents failed: ${e.message}`);
}
try {
  for (const [temp, absolute] of staged) renameSync(temp, absolute);
  for (const w of plan.writes) if (w.op === 'delete') unlinkSync(resolve(root, w.path));
} catch (e) {
  fail(`writing failed part-way: ${e.message}`);
}
process.stdout.write(`Success. Updated the following files:\n${plan.summary.join('\n')}\n`);
