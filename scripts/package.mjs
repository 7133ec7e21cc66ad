// `npm run package`: production bundles, then a .vsix with only the bundles, media, README,
// CHANGELOG and LICENSE (see .vscodeignore). Prints the path of the .vsix.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${name}-${version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

run(process.execPath, ['esbuild.mjs', '--production']);
// --no-dependencies: everything the extension needs is bundled into dist/.
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
  '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out]);
console.log(`${out} (${(statSync(out).size / 1024).toFixed(1)} KB)`);
