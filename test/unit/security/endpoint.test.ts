// Threat (issue 11, item 6): the API key went to any base URL, in cleartext too, and after "Use a
// Local Server" the stored OpenAI key was sent to the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleartextWarning, endpointOrigin, isCleartextRemote, isLoopbackOrigin, keyFor, keySecretName, lookupKey, OPENAI_ORIGIN } from '../../../src/security/endpoint';

test('each endpoint origin has its own secret; the OpenAI API is the origin when no base URL is set', () => {
  assert.equal(endpointOrigin(undefined), OPENAI_ORIGIN);
  assert.equal(endpointOrigin(''), OPENAI_ORIGIN);
  assert.equal(endpointOrigin('http://127.0.0.1:11434/v1'), 'http://127.0.0.1:11434');
  assert.equal(endpointOrigin('https://example.com/openai/v1'), 'https://example.com');
  assert.equal(endpointOrigin('ftp://x'), undefined);
  assert.equal(endpointOrigin('not a url'), undefined);
  assert.notEqual(keySecretName('http://127.0.0.1:11434'), keySecretName(OPENAI_ORIGIN));
  assert.notEqual(keySecretName('http://127.0.0.1:8000'), keySecretName('http://127.0.0.1:11434'));
});

test('a key is only ever the one stored for the origin, or the environment key for the environment endpoint', () => {
  const local = endpointOrigin('http://127.0.0.1:11434/v1')!;
  // "Use a Local Server" after using OpenAI: the OpenAI key stored for api.openai.com is not consulted.
  assert.equal(keyFor(local, { stored: undefined, envKey: undefined, envBaseUrl: undefined }), undefined);
  // OPENAI_API_KEY belongs to OPENAI_BASE_URL (or to OpenAI when that is unset), not to any server.
  assert.equal(keyFor(local, { stored: undefined, envKey: 'sk-env', envBaseUrl: undefined }), undefined);
  assert.equal(keyFor(OPENAI_ORIGIN, { stored: undefined, envKey: 'sk-env', envBaseUrl: undefined }), 'sk-env');
  assert.equal(keyFor(local, { stored: undefined, envKey: 'sk-env', envBaseUrl: 'http://127.0.0.1:11434/v1' }), 'sk-env');
  assert.equal(keyFor(local, { stored: 'sk-local', envKey: 'sk-env', envBaseUrl: undefined }), 'sk-local');
});

test('cleartext to another machine is flagged; loopback and https are fine', () => {
  assert.ok(isCleartextRemote('http://192.168.1.20:8000'));
  assert.ok(isCleartextRemote('http://vllm.lan'));
  assert.ok(!isCleartextRemote('http://127.0.0.1:8000'));
  assert.ok(!isCleartextRemote('http://127.8.9.10:8000'));
  assert.ok(!isCleartextRemote('http://localhost:1234'));
  assert.ok(!isCleartextRemote('http://[::1]:1234'));
  assert.ok(!isCleartextRemote('https://192.168.1.20'));
  // Only the name `localhost` itself (the hosts file) and loopback addresses: a subdomain of .localhost
  // is looked up through DNS here (glibc does not map it), and a hostile network can answer anything.
  assert.ok(!isLoopbackOrigin('http://api.localhost'));
  assert.ok(isCleartextRemote('http://vllm.localhost:8000'));
  // A host that merely starts with 127 or localhost is not loopback.
  assert.ok(isCleartextRemote('http://127.0.0.1.evil.example'));
  assert.ok(isCleartextRemote('http://localhost.evil.example'));
  assert.match(cleartextWarning('http://10.0.0.5:8000'), /unencrypted http:\/\/.*read the key/);
});

/** SecretStorage's contract over a Map: values by name. */
function secretStore(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    get: async (name: string) => map.get(name),
    store: async (name: string, value: string) => void map.set(name, value),
    delete: async (name: string) => void map.delete(name),
  };
}

test('switching servers never carries a key: the old single key becomes the OpenAI API’s and the local server gets none', async () => {
  const secrets = secretStore({ 'flowpair.apiKey': 'sk-openai' });
  const none = () => false;
  const local = await lookupKey('http://127.0.0.1:11434/v1', secrets, none, {});
  assert.deepEqual(local, { origin: 'http://127.0.0.1:11434', key: undefined, withheld: false });
  assert.equal(secrets.map.has('flowpair.apiKey'), false, 'the legacy key is gone');
  assert.equal((await lookupKey(undefined, secrets, none, {})).key, 'sk-openai');
  await secrets.store(keySecretName('http://127.0.0.1:8000'), 'sk-vllm');
  assert.equal((await lookupKey('http://127.0.0.1:8000/v1', secrets, none, {})).key, 'sk-vllm');
  assert.equal((await lookupKey('https://other.example/v1', secrets, none, {})).key, undefined);
});

test('a key over cleartext http:// to another machine is held back until the user consents for that origin', async () => {
  const secrets = secretStore({ [keySecretName('http://192.168.1.20:8000')]: 'sk-lan' });
  const consents = new Set<string>();
  const before = await lookupKey('http://192.168.1.20:8000/v1', secrets, (o) => consents.has(o), {});
  assert.deepEqual(before, { origin: 'http://192.168.1.20:8000', key: undefined, withheld: true });
  consents.add('http://192.168.1.20:8000');
  assert.equal((await lookupKey('http://192.168.1.20:8000/v1', secrets, (o) => consents.has(o), {})).key, 'sk-lan');
  // The environment's key is held back the same way.
  const env = { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: 'http://10.0.0.5:8000/v1' };
  assert.equal((await lookupKey('http://10.0.0.5:8000/v1', secretStore(), () => false, env)).withheld, true);
  assert.equal((await lookupKey('http://127.0.0.1:8000/v1', secretStore(), () => false, { ...env, OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' })).key, 'sk-env');
});
