import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppServer, findCodex } from '../../../src/backend/codex/appServer';
import { BackendError } from '../../../src/backend/errors';

test('codex is found on PATH, or only at an absolute, executable configured path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codex-find-'));
  const bin = join(dir, 'codex');
  writeFileSync(bin, '#!/bin/sh\n');
  chmodSync(bin, 0o755);
  const plain = join(dir, 'not-executable');
  writeFileSync(plain, '');
  assert.equal(findCodex(undefined, { PATH: `/nonexistent:${dir}` }), bin);
  assert.equal(findCodex(undefined, { PATH: '/nonexistent' }), undefined);
  assert.equal(findCodex(bin, { PATH: '' }), bin);
  assert.equal(findCodex('codex', { PATH: dir }), undefined, 'a relative configured path is not resolved');
  assert.equal(findCodex(plain, { PATH: dir }), undefined);
});

test('starting without codex fails with codex-not-found and says how to install it', async () => {
  const server = new AppServer({ cwd: tmpdir(), env: { PATH: '/nonexistent' }, clientVersion: '0' });
  await assert.rejects(server.ensure(), (e) => e instanceof BackendError && e.kind === 'codex-not-found' && /npm install -g @openai\/codex/.test(e.message));
  assert.equal(server.running, false);
});

test('in Restricted Mode the app-server is never started: codex-restricted, whatever is installed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'codex-restricted-'));
  const marker = join(dir, 'started');
  const bin = join(dir, 'codex');
  writeFileSync(bin, `#!/bin/sh\ntouch ${marker}\n`);
  chmodSync(bin, 0o755);
  const server = new AppServer({ cwd: dir, codexPath: bin, restricted: true, clientVersion: '0' });
  await assert.rejects(server.ensure(), (e) => e instanceof BackendError && e.kind === 'codex-restricted' && /Restricted Mode/.test(e.message));
  assert.equal(existsSync(marker), false);
});
