// Threat (issue 11, item 1): `[label](command:…)` in notification text runs a command on one click.
// Every notification goes through src/notify.ts, which makes its whole text inert; this keeps it so.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('no source file but src/notify.ts calls window.show{Information,Warning,Error}Message', () => {
  const offenders = sources(join(root, 'src'))
    .filter((file) => relative(root, file) !== join('src', 'notify.ts'))
    .filter((file) => /show(Information|Warning|Error)Message/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file));
  assert.deepEqual(offenders, []);
});

test('src/notify.ts passes every message and detail through inertText', () => {
  const notify = readFileSync(join(root, 'src', 'notify.ts'), 'utf8');
  const calls = [...notify.matchAll(/show(?:Information|Warning|Error)Message\(([^,)]*)/g)].map((m) => m[1]);
  assert.equal(calls.length, 4);
  for (const first of calls) assert.match(first!, /^inertText\(/);
  assert.match(notify, /detail: inertText\(detail\)/);
});
