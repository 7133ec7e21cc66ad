// Threat (issue 11, item 7): in a multi-root workspace every patch path resolved against the first
// folder, so an edit meant for folder 2 could land on the same relative path in folder 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { folderTarget } from '../../../src/security/folders';

const disk = (files: Record<number, string[]>) => async (index: number, path: string) => (files[index] ?? []).includes(path);

test('a single folder: the path as it is', async () => {
  assert.deepEqual(await folderTarget('src/a.ts', ['app'], disk({})), { folder: 0, path: 'src/a.ts' });
});

test('a path prefixed with a folder name resolves in that folder, never in the first one', async () => {
  const exists = disk({ 0: ['src/a.ts'], 1: ['src/a.ts'] });
  assert.deepEqual(await folderTarget('api/src/a.ts', ['web', 'api'], exists), { folder: 1, path: 'src/a.ts' });
  assert.deepEqual(await folderTarget('web/src/new.ts', ['web', 'api'], exists), { folder: 0, path: 'src/new.ts' });
});

test('an unprefixed path resolves in the one folder that has it', async () => {
  assert.deepEqual(await folderTarget('src/only-api.ts', ['web', 'api'], disk({ 1: ['src/only-api.ts'] })), { folder: 1, path: 'src/only-api.ts' });
});

test('ambiguous paths are refused, naming the choices', async () => {
  const both = await folderTarget('src/a.ts', ['web', 'api'], disk({ 0: ['src/a.ts'], 1: ['src/a.ts'] }));
  assert.match(both.error ?? '', /ambiguous.*web\/src\/a\.ts or api\/src\/a\.ts/);
  // "api/x.ts" is both folder api's x.ts and folder web's api/x.ts
  const clash = await folderTarget('api/x.ts', ['web', 'api'], disk({ 0: ['api/x.ts'] }));
  assert.match(clash.error ?? '', /ambiguous/);
  const nowhere = await folderTarget('src/new.ts', ['web', 'api'], disk({}));
  assert.match(nowhere.error ?? '', /none of the workspace folders.*web\/…, api\/…/);
  const twins = await folderTarget('app/x.ts', ['app', 'app'], disk({}));
  assert.match(twins.error ?? '', /ambiguous/);
});
