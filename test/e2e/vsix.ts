import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../harness/provision';

let built: string | undefined;

/** Builds the .vsix with `npm run package`'s script once per test process and returns its path. */
export function packageVsix(): string {
  if (!built) {
    const out = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    built = out.trim().split('\n').pop()!.replace(/ \(.*\)$/, '');
  }
  return built;
}
