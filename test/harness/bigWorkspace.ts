// A generated repository for the scale tests and the context benchmark: 40,000 tracked files plus
// build output that .gitignore hides, a search.exclude'd and a files.exclude'd file, and a generated
// file of 100,000 template literals. Made in a temp dir at run time, never in the repo.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const TRACKED = 40_000;
export const TEMPLATE_LITERALS = 100_000;
export const trackedPath = (i: number) => `src/pkg${i % 50}/mod${Math.floor(i / 50) % 400}/file${i}.ts`;

export function generateBigWorkspace(buildOutput = 3_000): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowpair-big-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('.gitignore', '# build output\ndist/\n*.log\n');
  write('.vscode/settings.json', JSON.stringify({ 'search.exclude': { '**/vendored': true }, 'files.exclude': { '**/*.tmpx': true } }));
  for (let i = 0; i < TRACKED; i++) write(trackedPath(i), `export const value${i} = ${i};\n`);
  // build output whose names would match the tests' queries, if it were listed
  for (let i = 0; i < buildOutput; i++) write(`dist/pkg${i % 50}/mod${i % 400}/file${i}.js`, `exports.v = ${i};\n`);
  write('dist/needle-built.js', '');
  write('logs/needle-run.log', '');
  write('vendored/needle-vendored.ts', '');
  write('src/needle-scratch.tmpx', '');
  write('src/needle-tracked.ts', 'export const needle = true;\n');
  write(
    'src/generated/templates.ts',
    Array.from({ length: TEMPLATE_LITERALS }, (_, i) => `export const t${i} = \`template ${i}\`;`).join('\n') + '\n',
  );
  return dir;
}
