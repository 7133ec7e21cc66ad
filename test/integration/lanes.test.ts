// The composer's two lanes in the real extension host, against the fake backend: a fix or
// edit-selection turn runs on the editor lane's own backend (a second WebSocket, its own thread)
// beside a composer answer that keeps streaming, and Stop naming the editor turn stops only it.
import * as assert from 'node:assert/strict';
import type { Composer } from '../../src/ui/composer';
import { startFakeBackend, type FakeBackend, type RecordedRequest } from '../fake-backend/server';
import { activateFlowpair, waitFor } from './util';

suite('lanes (composer and editor turns)', function () {
  this.timeout(60_000);
  let fake: FakeBackend;
  let composer: Composer;
  const saved = { base: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };
  const LONG = 'Composer words. '.repeat(150);

  const turn = (id: string) => composer.transcript.turn(id);
  const requestFor = (text: string): RecordedRequest => {
    const found = fake.requests.filter((r) => r.body.generate !== false && JSON.stringify(r.body.input ?? '').includes(text)).at(-1);
    assert.ok(found, `a request for "${text}"`);
    return found;
  };
  /** A composer prompt as the webview sends it; resolves once its answer streams. */
  const sendFromComposer = async (turnId: string, text: string) => {
    composer.onMessage({ type: 'send', turnId, text });
    await waitFor(`${turnId} to stream`, () => (turn(turnId)?.text.length ?? 0) > 0);
  };

  suiteSetup(async () => {
    fake = await startFakeBackend({ ttftMs: 10, tokensPerSecond: 400, apiKey: 'sk-lanes' });
    process.env.OPENAI_BASE_URL = fake.baseUrl;
    process.env.OPENAI_API_KEY = 'sk-lanes';
    composer = (await activateFlowpair()).composer;
    await composer.refresh();
    await composer.startNewConversation();
  });

  suiteTeardown(async () => {
    await composer?.startNewConversation(); // ends anything still running
    process.env.OPENAI_BASE_URL = saved.base ?? '';
    process.env.OPENAI_API_KEY = saved.key ?? '';
    await composer?.refresh();
    await fake?.close();
  });

  test('a fix turn runs on its own connection and thread while a composer answer streams, and does not steer it', async () => {
    fake.when('lane: explain', { text: LONG, tokensPerSecond: 150 });
    fake.when('Fix: lane', { text: 'Fixed in the editor lane.' });
    await sendFromComposer('lane-c1', 'lane: explain');
    await composer.sendEditorTurn({ id: 'lane-f1', text: 'Fix: lane error (src/cart.ts:22)', origin: 'fix' });

    assert.equal(turn('lane-f1')?.status, 'completed');
    assert.equal(turn('lane-f1')?.text, 'Fixed in the editor lane.');
    assert.equal(turn('lane-c1')?.status, 'streaming', 'the composer answer streams on, not steered');
    await waitFor('the composer answer to end', () => turn('lane-c1')?.status !== 'streaming', 30_000);
    assert.equal(turn('lane-c1')?.status, 'completed');
    assert.equal(turn('lane-c1')?.text, LONG, 'the composer answer is whole');

    const composerRequest = requestFor('lane: explain');
    const fixRequest = requestFor('Fix: lane');
    assert.equal(fixRequest.route, 'websocket');
    assert.notEqual(fixRequest.connectionId, composerRequest.connectionId, 'the editor lane has its own connection');
    assert.equal(fixRequest.body.previous_response_id, undefined, 'the fix does not chain on the composer thread');
    assert.ok(!JSON.stringify(fixRequest.body.input).includes('lane: explain'), 'the fix request carries nothing of the composer thread');
    // the composer's next turn continues its own thread, which holds no fix
    fake.when('lane: next', { text: 'Next.' });
    await sendFromComposer('lane-c2', 'lane: next');
    await waitFor('the next composer turn to end', () => turn('lane-c2')?.status === 'completed');
    const next = requestFor('lane: next');
    assert.equal(next.connectionId, composerRequest.connectionId, 'the composer lane keeps its connection');
    assert.ok(!JSON.stringify(next.body.input).includes('Fix: lane'), 'the fix is not in the composer thread');
  });

  test('a new conversation starts the editor lane afresh too: no earlier fix is carried into it', async () => {
    fake.when('Fix: first', { text: 'First fix.' });
    fake.when('Fix: second', { text: 'Second fix.' });
    await composer.sendEditorTurn({ id: 'lane-f3', text: 'Fix: first error (src/cart.ts:22)', origin: 'fix' });
    await composer.startNewConversation();
    await composer.sendEditorTurn({ id: 'lane-f4', text: 'Fix: second error (src/cart.ts:22)', origin: 'fix' });
    assert.equal(turn('lane-f4')?.status, 'completed');
    const second = requestFor('Fix: second');
    assert.ok(!JSON.stringify(second.body.input).includes('Fix: first'), 'the other conversation\'s fix is not sent');
    assert.equal(second.body.previous_response_id, undefined, 'not chained on the other conversation\'s fix');
  });

  test('Stop naming an editor turn (Edit Selection) stops it on its own lane; the composer answer streams on', async () => {
    fake.when('lane: essay', { text: LONG, tokensPerSecond: 100 });
    fake.when('lane: extract', { text: 'Slow fix words. '.repeat(100), tokensPerSecond: 50 });
    await sendFromComposer('lane-c3', 'lane: essay');
    // an Edit Selection turn this time: the other editor turn, the same lane
    const fix = composer.sendEditorTurn({ id: 'lane-f2', text: 'lane: extract a function (src/cart.ts:20–24)', origin: 'selection' });
    await waitFor('the fix to stream', () => (turn('lane-f2')?.text.length ?? 0) > 0);

    composer.onMessage({ type: 'stop', turnId: 'lane-f2' });
    await fix;
    assert.equal(turn('lane-f2')?.status, 'interrupted');
    assert.ok(turn('lane-f2')!.text.length < 'Slow fix words. '.length * 100, 'the edit was cut where it was stopped');
    assert.equal(turn('lane-c3')?.status, 'streaming', 'stopping the edit left the composer answer alone');
    assert.notEqual(requestFor('lane: extract').connectionId, requestFor('lane: essay').connectionId, 'on the editor lane');

    composer.onMessage({ type: 'stop', turnId: 'lane-c3' });
    await waitFor('the composer answer to stop', () => turn('lane-c3')?.status !== 'streaming');
    assert.equal(turn('lane-c3')?.status, 'interrupted');
  });
});
