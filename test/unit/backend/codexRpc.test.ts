import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { ConnectionClosedError, OVERLOADED, RpcConnection, RpcError } from '../../../src/backend/codex/rpc';

/** The app-server's side of a stdio pair: what the client wrote, and a way to answer. */
function pair(options: ConstructorParameters<typeof RpcConnection>[2] = {}) {
  const toClient = new PassThrough();
  const toServer = new PassThrough();
  const rpc = new RpcConnection(toClient, toServer, options);
  const sent: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  toServer.setEncoding('utf8');
  toServer.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      sent.push(JSON.parse(buffer.slice(0, i)));
      buffer = buffer.slice(i + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const next = async (count: number) => {
    while (sent.length < count) await new Promise<void>((r) => waiters.push(r));
    return sent[count - 1]!;
  };
  const reply = (message: object) => toClient.write(`${JSON.stringify(message)}\n`);
  return { rpc, sent, next, reply, toClient };
}

test('requests are JSON lines without a jsonrpc field; responses resolve them by id, even split across chunks', async () => {
  const { rpc, next, toClient } = pair();
  const result = rpc.request('turn/interrupt', { threadId: 'th', turnId: 'tu' });
  const request = await next(1);
  assert.deepEqual(request, { method: 'turn/interrupt', id: 1, params: { threadId: 'th', turnId: 'tu' } });
  const line = JSON.stringify({ id: 1, result: {} });
  toClient.write(line.slice(0, 5));
  toClient.write(`${line.slice(5)}\n`);
  assert.deepEqual(await result, {});
});

test('notifications reach listeners; a server request is answered by the handler, an unknown one is refused', async () => {
  const { rpc, next, reply } = pair();
  const seen: string[] = [];
  rpc.onNotification((n) => seen.push(n.method));
  rpc.handleRequests(async () => ({ decision: 'decline' }));
  reply({ method: 'turn/started', params: { threadId: 't', turn: {} } });
  reply({ method: 'item/fileChange/requestApproval', id: 7, params: { threadId: 't', turnId: 'u', itemId: 'i', startedAtMs: 0 } });
  assert.deepEqual(await next(1), { id: 7, result: { decision: 'decline' } });
  reply({ method: 'item/tool/requestUserInput', id: 8, params: {} });
  const refused = await next(2);
  assert.equal(refused.id, 8);
  assert.equal((refused.error as { code: number }).code, -32601);
  assert.deepEqual(seen, ['turn/started']);
});

test('an overloaded refusal (-32001) is retried with backoff; other errors reject with code and message', async () => {
  const { rpc, next, reply } = pair({ overloadBaseDelayMs: 1 });
  const result = rpc.request('model/list', {});
  reply({ id: (await next(1)).id, error: { code: OVERLOADED, message: 'Server overloaded; retry later.' } });
  reply({ id: (await next(2)).id, result: { data: [], nextCursor: null } });
  assert.deepEqual(await result, { data: [], nextCursor: null });

  const failing = rpc.request('thread/start', {});
  reply({ id: (await next(3)).id, error: { code: -32600, message: 'bad thread' } });
  await assert.rejects(failing, (e) => e instanceof RpcError && e.code === -32600 && e.message === 'bad thread');
});

test('overloaded beyond the retries rejects with the overloaded code', async () => {
  const { rpc, next, reply } = pair({ overloadBaseDelayMs: 1, overloadRetries: 1 });
  const result = rpc.request('model/list', {});
  reply({ id: (await next(1)).id, error: { code: OVERLOADED, message: 'Server overloaded; retry later.' } });
  reply({ id: (await next(2)).id, error: { code: OVERLOADED, message: 'Server overloaded; retry later.' } });
  await assert.rejects(result, (e) => e instanceof RpcError && e.code === OVERLOADED);
});

test('the server closing its output rejects pending and later requests', async () => {
  const { rpc, next, toClient } = pair();
  const pending = rpc.request('model/list', {});
  await next(1);
  toClient.end();
  await assert.rejects(pending, ConnectionClosedError);
  await assert.rejects(rpc.request('model/list', {}), ConnectionClosedError);
  assert.equal(rpc.closed, true);
});
