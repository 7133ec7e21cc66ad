// Threats (issue 11, items 2–4): excluded files leaked to the model; the repository controlled the
// list; exclusion was by exact name and case, so `.ENV`, `Server.PEM`, `ID_RSA`, `.npmrc`, `.netrc`
// and `.aws/credentials` were sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILT_IN_EXCLUDES, exclusion } from '../../../src/security/exclusion';

const excluded = exclusion([]);

test('the built-in list catches credentials whatever their case and depth', () => {
  const secrets = [
    '.env',
    '.ENV',
    'config/.env.local',
    '.env.production',
    'deploy/prod.env',
    '.envrc',
    'certs/Server.PEM',
    'tls/server.key',
    'tls/ca.crt',
    'keystore.p12',
    'android/release.JKS',
    'ID_RSA',
    'home/.ssh/id_ed25519',
    'home/.ssh/config',
    'id_ecdsa.pub',
    '.npmrc',
    'packages/web/.npmrc',
    '.netrc',
    '_netrc',
    '.pypirc',
    '.git-credentials',
    '.aws/credentials',
    '.AWS/config',
    'infra/.azure/accessTokens.json',
    '.config/gcloud/application_default_credentials.json',
    '.kube/config',
    '.docker/config.json',
    'terraform.tfstate',
  ];
  for (const path of secrets) assert.ok(excluded.match(path), `${path} must be excluded`);
});

test('ordinary source files are not excluded', () => {
  for (const path of ['src/environment.ts', 'src/keys.ts', 'README.md', 'src/id.ts', 'docs/pem-format.md', '.github/workflows/ci.yml', 'config/settings.json']) {
    assert.equal(excluded.match(path), undefined, path);
  }
});

test('a workspace value can add patterns but an empty list removes none of the built-in ones', () => {
  const withRepo = exclusion(['secrets/**', 'notes.txt']);
  assert.ok(withRepo.match('secrets/a/b.txt'));
  assert.ok(withRepo.match('docs/NOTES.TXT'));
  assert.ok(withRepo.match('.env'), 'built-in patterns still apply');
  assert.ok(exclusion([]).match('.env'));
  assert.ok(BUILT_IN_EXCLUDES.length > 20);
});

test('a pattern naming a folder excludes everything inside it; leading ./ and trailing / are ignored', () => {
  const e = exclusion(['./private/', 'vault']);
  assert.ok(e.match('private/x.txt'));
  assert.ok(e.match('a/vault/b/c.txt'));
  assert.equal(e.match('a/vaulted.txt'), undefined);
});

test('match() says which pattern excluded the path; unusable patterns are reported, not thrown', () => {
  assert.equal(excluded.match('a/b/Server.pem'), '*.pem');
  const e = exclusion(['{a,b}'.repeat(20)]);
  assert.equal(e.invalid.length, 1);
  assert.ok(e.match('.env'));
});

test('names Windows resolves to an excluded file are excluded too: trailing dots and spaces, NTFS streams', () => {
  const x = exclusion([]);
  for (const path of ['.npmrc.', '.netrc ', 'config/.pypirc::$DATA', '.aws./credentials', 'keys/server.pem.']) {
    assert.ok(x.match(path), path);
  }
  // …and the name as written still counts: on Linux `a:b.env` is a file of its own, a dotenv file.
  for (const path of ['notes:prod.env', 'x:y/.env', '[Open](command:x).env']) assert.ok(x.match(path), path);
});

test('a repository list of thousands of long patterns cannot break the built-in list', { timeout: 30_000 }, () => {
  const x = exclusion(Array.from({ length: 5000 }, (_, i) => `${'*a'.repeat(100)}${i}/**`));
  for (const path of ['.env', 'keys/id_rsa', '.aws/credentials', 'server.pem']) assert.ok(x.match(path), path);
  assert.equal(x.match('src/app.ts'), undefined);
});
