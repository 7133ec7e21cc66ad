// The fake backend's own contract: control API for other processes, per-prompt scripts, TLS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backend } from '../../../src/backend/client';
import { startFakeBackend } from '../../fake-backend/server';
import { ALL, API_KEY, collect } from './helpers';

test('scripts can be set over HTTP by another process, and chosen by the prompt text', async () => {
  const fake = await startFakeBackend({ apiKey: API_KEY });
  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: API_KEY, capabilities: ALL });
  try {
    const origin = new URL(fake.baseUrl).origin;
    const post = (path: string, body: unknown) =>
      fetch(`${origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('/__fake/when', { match: 'explain closures', script: { text: 'A closure captures variables.' } })).status, 200);
    await post('/__fake/script', { script: { text: 'queued answer' } });

    assert.equal((await backend.send({ input: 'please explain closures' }).result).text, 'A closure captures variables.');
    assert.equal((await backend.send({ input: 'something else' }).result).text, 'queued answer');
    const recorded = (await (await fetch(`${origin}/__fake/requests`)).json()) as Array<{ route: string; authorized: boolean; headers: { authorization?: string } }>;
    assert.ok(recorded.length >= 2 && recorded.every((r) => r.authorized));
    assert.ok(recorded.every((r) => r.headers.authorization !== `Bearer ${API_KEY}`), 'the key is never recorded');
  } finally {
    backend.dispose();
    await fake.close();
  }
});

test('serves wss:// and https:// with a self-signed certificate the client is told to trust', async () => {
  const fake = await startFakeBackend({ apiKey: API_KEY, tls: true });
  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: API_KEY, capabilities: ALL, ca: fake.ca! });
  try {
    assert.match(fake.wsUrl, /^wss:\/\//);
    const events = await collect(backend.send({ input: 'secure hello' }));
    const end = events.at(-1)!;
    assert.ok(end.type === 'completed' && end.result.stats.transport === 'websocket');
  } finally {
    backend.dispose();
    await fake.close();
  }
});

test('a paced answer streams slowly enough to stop it mid-way', async () => {
  const fake = await startFakeBackend({ apiKey: API_KEY, tokensPerSecond: 100 });
  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: API_KEY, capabilities: ALL });
  try {
    fake.script({ text: 'slow '.repeat(200) });
    const turn = backend.send({ input: 'go slowly' });
    await new Promise<void>((resolve) => turn.on((e) => e.type === 'text.delta' && resolve()));
    turn.interrupt();
    const result = await turn.result;
    assert.equal(result.status, 'interrupted');
    assert.ok(result.text.length < 'slow '.repeat(200).length);
  } finally {
    backend.dispose();
    await fake.close();
  }
});
