// code-server helpers shared by the startup and webview sections.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib';

/** `npm run package`'s script: production bundles in dist/ and the .vsix; returns its path. */
export function packageVsix(): string {
  const out = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.trim().split('\n').pop()!.replace(/ \(.*\)$/, '');
}

export function findFiles(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === name)
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every "activated in X ms" line of the Flowpair log channel files under the logs dir. */
export function activationTimes(logsDir: string): number[] {
  return findFiles(logsDir, 'Flowpair.log').flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/activated in ([\d.]+) ms/g)].map((m) => Number(m[1])),
  );
}

export const EXTENSION_ID = 'flowpair.flowpair';
