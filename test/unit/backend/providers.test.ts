import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackendError, classifyError, parseRetryAfter } from '../../../src/backend/errors';
import { formatTurnLog } from '../../../src/backend/log';
import { detectLocalServers, listModels, type ProviderPreset } from '../../../src/backend/providers';
import { startFakeBackend } from '../../fake-backend/server';
import { API_KEY, rig } from './helpers';

test('listModels reads GET /v1/models; a bad key is kind auth', async () => {
  const fake = await startFakeBackend({ apiKey: API_KEY, models: ['b-model', 'a-model'] });
  try {
    assert.deepEqual((await listModels(fake.baseUrl, API_KEY)).map((m) => m.id), ['a-model', 'b-model']);
    await assert.rejects(listModels(fake.baseUrl, 'sk-wrong'), (e: unknown) => e instanceof BackendError && e.kind === 'auth');
  } finally {
    await fake.close();
  }
});

test('detectLocalServers finds servers that answer /v1/models and ignores closed ports', async () => {
  const fake = await startFakeBackend({ models: ['llama3'] });
  const closed = await startFakeBackend();
  const closedUrl = closed.baseUrl;
  await closed.close();
  try {
    const presets: ProviderPreset[] = [
      { id: 'ollama', label: 'Ollama', baseUrl: fake.baseUrl, needsKey: false },
      { id: 'lmstudio', label: 'LM Studio', baseUrl: closedUrl, needsKey: false },
    ];
    const found = await detectLocalServers(400, presets);
    assert.deepEqual(found.map((s) => [s.preset.id, s.models.map((m) => m.id)]), [['ollama', ['llama3']]]);
  } finally {
    await fake.close();
  }
});

test('Backend.listModels uses the configured base URL and key', async () => {
  const { backend, close } = await rig();
  try {
    assert.ok((await backend.listModels()).some((m) => m.id === 'gpt-5.5'));
  } finally {
    await close();
  }
});

test('errors are classified into actionable kinds', () => {
  assert.equal(classifyError({ status: 401 }).kind, 'auth');
  assert.equal(classifyError({ status: 404, code: 'model_not_found' }, 'gpt-5.3-codex-spark').message, 'The model gpt-5.3-codex-spark is not available to this API key.');
  assert.equal(classifyError({ status: 429, retryAfterMs: 2000 }).message, 'Rate limited. Retry in 2 s.');
  assert.equal(classifyError({ status: 503 }).kind, 'server');
  assert.equal(classifyError({ status: 400, code: 'websocket_connection_limit_reached' }).kind, 'connection-limit');
  assert.equal(parseRetryAfter({ 'Retry-After': '12' }), 12_000);
  assert.equal(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '1' }), 250);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': '3' })), 3000);
});

test('the connection log line names transport, warmth, TTFT, tokens/s and bytes', () => {
  const line = formatTurnLog('turn-3', {
    status: 'completed', text: 'x', reasoning: '', toolCalls: [],
    stats: {
      transport: 'websocket', warm: true, model: 'gpt-5.5', deltas: 100, bytesSent: 512, malformedEvents: 0, bytesReceived: 20_480,
      timings: { startedAt: 1000, requestSentAt: 1001, firstByteAt: 1070, firstTokenAt: 1075, lastTokenAt: 1575 },
      usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 200, reasoningTokens: 0 },
    },
  });
  assert.equal(line, 'turn-3 completed websocket warm gpt-5.5 ttft=75ms 400 tok/s out=200tok sent=512B recv=20.0KB');
});
