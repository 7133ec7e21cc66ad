// `npm run package`: production bundles, then a .vsix with only the bundles, media, the user-facing
// README (media/marketplace/README.md), CHANGELOG and LICENSE (see .vscodeignore). Prints the path
// of the .vsix. The marketplace README's relative links are written relative to the extension root,
// where the files they point at are shipped (test/unit/package checks every one resolves).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${name}-${version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

export const MARKETPLACE_README = 'media/marketplace/README.md';

/** Markdown link and image targets relative to the README's folder → relative to the extension root. */
export function rootRelativeLinks(markdown, from = posix.dirname(MARKETPLACE_README)) {
  return markdown.replace(/(\]\()([^)\s]+)/g, (match, open, target) =>
    /^([a-z][a-z0-9+.-]*:|#|\/)/i.test(target) ? match : open + posix.normalize(posix.join(from, target)),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run(process.execPath, ['esbuild.mjs', '--production']);
  const readme = join(root, 'dist', 'marketplace', 'README.md');
  mkdirSync(dirname(readme), { recursive: true });
  writeFileSync(readme, rootRelativeLinks(readFileSync(join(root, MARKETPLACE_README), 'utf8')));
  // --no-dependencies: everything the extension needs is bundled into dist/.
  run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
    '--readme-path', 'dist/marketplace/README.md', '--no-rewrite-relative-links', '-o', out]);
  console.log(`${out} (${(statSync(out).size / 1024).toFixed(1)} KB)`);
}
