// The chat against the real Backend and the fake backend: what the composer's transcript receives.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Backend, type EditFormat, type TurnOutcomes } from '../../../src/backend';
import type { HostToWebview, TurnStatsView } from '../../../src/protocol';
import { Chat } from '../../../src/ui/chat';
import { Transcript } from '../../../src/ui/transcript';
import type { PatchSink } from '../../../src/workspace/patchSink';
import { type FakeBackend, startFakeBackend } from '../../fake-backend/server';
import { waitFor } from '../backend/helpers';

let fake: FakeBackend;
before(async () => {
  fake = await startFakeBackend({ ttftMs: 5 });
});
after(() => fake.close());

class RecordingSink implements PatchSink {
  readonly calls: { id: string; format: EditFormat; text: string; ended: boolean }[] = [];
  begin(_turnId: string, callId: string, format: EditFormat): void {
    this.calls.push({ id: callId, format, text: '', ended: false });
  }
  delta(turnId: string, callId: string, text: string): void {
    if (!this.calls.some((c) => c.id === callId)) this.begin(turnId, callId, 'apply_patch');
    this.calls.find((c) => c.id === callId)!.text += text;
  }
  end(_turnId: string, callId: string): void {
    this.calls.find((c) => c.id === callId)!.ended = true;
  }
  readonly endedTurns: string[] = [];
  /** What each turn start asked for: the call ids awaiting an output. */
  readonly asked: (readonly string[])[] = [];
  endTurn(turnId: string): void {
    this.endedTurns.push(turnId);
  }
  async takeOutcomes(awaiting: readonly string[], _turnIds?: ReadonlySet<string>): Promise<TurnOutcomes> {
    this.asked.push(awaiting);
    return { outputs: awaiting.map((callId) => ({ callId, output: 'Accepted.' })) };
  }
}

function setup(capabilities?: ConstructorParameters<typeof Backend>[0]['capabilities'], restored: string[] = []) {
  const sent: HostToWebview[] = [];
  const transcript = new Transcript((m) => sent.push(m), 1);
  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: 'k', ...(capabilities ? { capabilities } : {}) });
  const patches = new RecordingSink();
  const stats: TurnStatsView[] = [];
  const chat = new Chat({
    transcript,
    backend: async () => backend,
    patches,
    log: () => {},
    onUnconfigured: () => assert.fail('configured'),
    onTurnStats: (s) => stats.push(s),
    restorePrompt: (text) => restored.push(text),
  });
  return { sent, transcript, backend, patches, chat, stats };
}

test('an answer streams into the transcript and ends with its stats', async () => {
  const { sent, transcript, chat, backend, stats } = setup();
  fake.when('explain', { text: 'It adds **two** numbers.', tokensPerSecond: 0 });
  await chat.send({ text: 'explain sum()', origin: 'composer' });
  const turn = transcript.turns[0]!;
  assert.equal(turn.text, 'It adds **two** numbers.');
  assert.equal(turn.status, 'completed');
  assert.equal(turn.stats?.transport, 'WS cold');
  const streamed = sent.flatMap((m) => (m.type === 'turnText' ? [m.delta] : [])).join('');
  assert.equal(streamed, turn.text, 'the webview got exactly the answer, as deltas');
  assert.deepEqual(sent.at(-1), { type: 'turnEnded', turnId: turn.id, status: 'completed', stats: turn.stats, error: undefined });
  assert.deepEqual(stats, [turn.stats], 'the status bar gets the same figures');
  assert.equal(typeof turn.stats?.ttftMs, 'number');
  backend.dispose();
});

test('apply_patch input goes to the proposals and the next turn reports its outcome', async () => {
  const { chat, patches, backend } = setup();
  fake.when('rename', { text: 'Done.', toolCalls: [{ input: '*** Begin Patch\n*** Delete File: a.txt\n*** End Patch\n', callId: 'call_a' }] });
  await chat.send({ text: 'rename it', origin: 'composer' });
  assert.deepEqual(patches.calls, [{ id: 'call_a', format: 'apply_patch', text: '*** Begin Patch\n*** Delete File: a.txt\n*** End Patch\n', ended: true }]);
  fake.when('thanks', { text: 'You are welcome.' });
  await chat.send({ text: 'thanks', origin: 'composer' });
  const last = fake.requests.filter((r) => r.body.generate !== false).at(-1)!;
  const input = last.body.input as { type?: string; call_id?: string; output?: string }[];
  assert.ok(input.some((i) => i.type === 'custom_tool_call_output' && i.call_id === 'call_a' && i.output === 'Accepted.'));
  backend.dispose();
});

test('on a server without apply_patch, SEARCH/REPLACE blocks in the answer text are routed as edits', async () => {
  const { chat, patches, backend } = setup({ websocket: false, responses: false, chat: true, editTool: 'text' });
  const answer = 'Here you go:\nsrc/a.ts\n<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n';
  fake.when('fix', { text: answer });
  await chat.send({ text: 'fix a.ts', origin: 'composer' });
  assert.equal(patches.calls.length, 1);
  assert.equal(patches.calls[0]!.format, 'search_replace');
  assert.equal(patches.calls[0]!.text, answer);
  assert.equal(patches.calls[0]!.ended, true);
  backend.dispose();
});

test('a turn stopped while a patch streams hands its open call to the proposals to close as cut off', async () => {
  const { transcript, chat, patches, backend } = setup();
  const patch = '*** Begin Patch\n*** Update File: a.txt\n@@\n-old\n+new\n' + '+more\n'.repeat(200);
  fake.when('cut me', { text: 'Editing.', toolCalls: [{ input: patch, callId: 'call_cut' }], tokensPerSecond: 200 });
  const turn = chat.send({ id: 'cut1', text: 'cut me off', origin: 'composer' });
  await waitFor(() => (patches.calls[0]?.text.length ?? 0) >= 40, 'streamed text');
  chat.stop('cut1');
  await turn;
  assert.equal(transcript.turns[0]!.status, 'interrupted');
  assert.equal(patches.calls[0]!.ended, false, 'the call never completed');
  assert.deepEqual(patches.endedTurns, [transcript.turns[0]!.id]);
  backend.dispose();
});

test('stop keeps the partial answer; sending while streaming steers into a second turn', async () => {
  const { transcript, chat, backend } = setup();
  fake.when('long story', { text: 'word '.repeat(400), tokensPerSecond: 200 });
  const first = chat.send({ id: 'w1', text: 'tell a long story', origin: 'composer' });
  await waitFor(() => (transcript.turns[0]?.text.length ?? 0) >= 20, 'streamed text');
  chat.stop('w-unknown');
  chat.stop('w1');
  await first;
  assert.equal(transcript.turns[0]!.status, 'interrupted');
  assert.ok(transcript.turns[0]!.text.length > 0 && transcript.turns[0]!.text.length < 2000, 'partial answer kept');

  const second = chat.send({ id: 'w2', text: 'another long story', origin: 'composer' });
  await waitFor(() => (transcript.turns[1]?.text.length ?? 0) >= 20, 'streamed text');
  fake.when('shorter', { text: 'Short version.' });
  await chat.send({ id: 'w3', text: 'shorter please', origin: 'composer' }, 'w2');
  await second;
  assert.deepEqual(transcript.turns.map((t) => t.id), ['w1', 'w2', 'w3'], 'the webview\'s ids are the turns\' ids');
  assert.equal(transcript.turns[1]!.status, 'interrupted', 'the steered turn was interrupted');
  assert.equal(transcript.turns[2]!.text, 'Short version.');
  const steer = fake.requests.filter((r) => JSON.stringify(r.body.input ?? '').includes('shorter please')).at(-1)!;
  const chained = typeof steer.body.previous_response_id === 'string' || JSON.stringify(steer.body.input).includes('word word');
  assert.ok(chained, 'the steer request carries the interrupted answer (chained or resent)');
  backend.dispose();
});

test('a turn that fails before any output gives the prompt back; an unreachable server offers Retry and Set Base URL', async () => {
  const down = await startFakeBackend();
  const baseUrl = down.baseUrl;
  await down.close();
  const sent: HostToWebview[] = [];
  const restored: string[] = [];
  const transcript = new Transcript((m) => sent.push(m), 1);
  const backend = new Backend({ baseUrl, apiKey: 'k', capabilities: { websocket: true, responses: true, chat: true, editTool: 'custom' } });
  const chat = new Chat({
    transcript,
    backend: async () => backend,
    log: () => {},
    onUnconfigured: () => assert.fail('configured'),
    restorePrompt: (text) => restored.push(text),
  });
  try {
    await chat.send({ text: 'fix the bug', origin: 'composer' });
    const turn = transcript.turns[0]!;
    assert.equal(turn.status, 'failed');
    assert.match(turn.error!.message, /^Cannot reach 127\.0\.0\.1:\d+ \(connection refused\)\.$/);
    assert.deepEqual(turn.error!.actions, [
      { label: 'Retry', command: 'retry' },
      { label: 'Set Base URL', command: 'setBaseUrl' },
    ]);
    assert.deepEqual(restored, ['fix the bug']);
    assert.equal(backend.history.length, 0, 'nothing recorded');
    assert.equal(backend.state, 'offline');
  } finally {
    backend.dispose();
  }
});

test('a turn that failed after some output keeps it and does not give the prompt back', async () => {
  const restored: string[] = [];
  const { transcript, chat } = setup(undefined, restored);
  fake.when('explode midway', { text: 'Some of the answer, then', fault: { type: 'error-frame', afterEvents: 8, status: 500, code: 'server_error' } });
  await chat.send({ text: 'explode midway', origin: 'composer' });
  const turn = transcript.turns[0]!;
  assert.equal(turn.status, 'failed');
  assert.ok(turn.text.length > 0);
  assert.deepEqual(restored, []);
  assert.deepEqual(turn.error!.actions!.map((a) => a.command), ['retry', 'showLog']);
});

test('the connection log gets the turn path through the host as wall-clock times in order, never the text', async () => {
  const sent: HostToWebview[] = [];
  const lines: string[] = [];
  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: 'k' });
  const chat = new Chat({ transcript: new Transcript((m) => sent.push(m), 1), backend: async () => backend, log: (l) => lines.push(l), onUnconfigured: () => {} });
  fake.when('hops', { text: 'secret answer text', tokensPerSecond: 0 });
  const receivedAt = performance.now();
  await chat.send({ text: 'hops please', origin: 'composer', receivedAt });
  const hops = lines.find((l) => l.includes(' hops: '));
  assert.ok(hops, lines.join('\n'));
  assert.ok(!hops.includes('secret') && !hops.includes('please'));
  const times = Object.fromEntries([...hops.matchAll(/([a-z-]+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(Object.keys(times), ['received', 'request', 'first-token', 'first-posted', 'last-token', 'end-posted']);
  assert.equal(times.received, Number((performance.timeOrigin + receivedAt).toFixed(1)));
  assert.ok(times.received! <= times.request! && times.request! <= times['first-token']! && times['first-token']! <= times['first-posted']!, hops);
  assert.ok(times['last-token']! <= times['end-posted']!, hops);
  backend.dispose();
});

test('stop and steer name their turn: naming one that already ended leaves the streaming answer whole', async () => {
  const { transcript, chat, backend } = setup();
  fake.when('quick', { text: 'Quick.' });
  await chat.send({ id: 'q1', text: 'quick one', origin: 'composer' });
  fake.when('story', { text: 'word '.repeat(60), tokensPerSecond: 400 });
  const streaming = chat.send({ id: 'q2', text: 'a story', origin: 'composer' });
  await waitFor(() => (transcript.turns[1]?.text.length ?? 0) >= 5, 'streamed text');
  chat.stop('q1'); // a late Stop for the answer that already ended
  fake.when('after', { text: 'After.' });
  const queued = chat.send({ id: 'q3', text: 'after that', origin: 'composer' }, 'q1'); // steers an ended turn: a plain send
  await Promise.all([streaming, queued]);
  assert.equal(transcript.turn('q2')!.status, 'completed');
  assert.equal(transcript.turn('q2')!.text, 'word '.repeat(60));
  assert.equal(transcript.turn('q3')!.text, 'After.');
  await chat.send({ id: 'q3', text: 'repeated message', origin: 'composer' });
  assert.equal(transcript.turns.length, 3, 'a repeated turn id is ignored');
  backend.dispose();
});

test('a steered turn closes its cut-off call before the steering turn takes the outcomes (at its start, not when sent)', async () => {
  const { transcript, chat, patches, backend } = setup();
  const longPatch = `*** Begin Patch\n*** Add File: b.txt\n${'+line\n'.repeat(200)}*** End Patch\n`;
  fake.when('edit then talk', { text: 'Editing.', toolCalls: [{ input: longPatch, callId: 'call_s' }], tokensPerSecond: 200 });
  const first = chat.send({ id: 's1', text: 'edit then talk', origin: 'composer' });
  await waitFor(() => (patches.calls[0]?.text.length ?? 0) >= 20, 'streamed text');
  fake.when('stop editing', { text: 'Ok.' });
  const order: string[] = [];
  const take = patches.takeOutcomes.bind(patches);
  patches.takeOutcomes = (awaiting) => (order.push(`take:${patches.endedTurns.join(',')}`), take(awaiting));
  await chat.send({ id: 's2', text: 'stop editing', origin: 'composer' }, 's1');
  await first;
  assert.equal(transcript.turn('s1')!.status, 'interrupted');
  assert.deepEqual(order, ['take:s1'], 'taken once, after the steered turn ended');
  assert.deepEqual(patches.asked.at(-1), [], 'the cut-off call awaits no output: its decisions go out as notes');
  assert.equal(transcript.turn('s2')!.text, 'Ok.');
  backend.dispose();
});

test('stopAll ends every running turn and resolves once each has ended in the transcript', async () => {
  const { transcript, chat, backend } = setup();
  fake.when('endless', { text: 'word '.repeat(400), tokensPerSecond: 200 });
  const running = chat.send({ id: 'e1', text: 'endless story', origin: 'composer' });
  await waitFor(() => (transcript.turn('e1')?.text.length ?? 0) >= 10, 'streamed text');
  await chat.stopAll();
  assert.equal(transcript.turn('e1')!.status, 'interrupted');
  await running;
  backend.dispose();
});

test("a turn asks only for its own conversation's outcomes: another conversation's decisions wait for it", async () => {
  const { transcript, chat, patches, backend } = setup();
  transcript.load([{ id: 'old-1', prompt: 'earlier', origin: 'composer', model: 'm', status: 'completed', text: 'a', notices: [] }], []);
  const asked: (ReadonlySet<string> | undefined)[] = [];
  const take = patches.takeOutcomes.bind(patches);
  patches.takeOutcomes = (awaiting, turnIds) => (asked.push(turnIds), take(awaiting));
  fake.when('continue here', { text: 'Ok.' });
  await chat.send({ id: 'new-1', text: 'continue here', origin: 'composer' });
  assert.deepEqual([...asked[0]!].sort(), ['new-1', 'old-1']);
  backend.dispose();
});
