// The recorder's bookkeeping of streamed text per output item: what a done or completed event adds
// is exactly what did not stream, however the items' deltas came.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { TurnRecorder, type TurnEvent } from '../../../src/backend/turn';

function recorder(): { rec: TurnRecorder; texts: () => Array<[string, string]> } {
  const events: TurnEvent[] = [];
  const rec = new TurnRecorder((e) => events.push(e), { transport: 'websocket', warm: true, model: 'm' });
  return { rec, texts: () => events.flatMap((e) => (e.type === 'text.delta' ? [[e.itemId, e.delta] as [string, string]] : [])) };
}

const delta = (item: string, text: string) => ({ type: 'response.output_text.delta', item_id: item, output_index: 0, content_index: 0, delta: text }) as unknown as ResponseStreamEvent;
const message = (id: string, text: string) => ({ type: 'message', id, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] });
const done = (id: string, text: string, index: number) => ({ type: 'response.output_item.done', output_index: index, item: message(id, text) }) as unknown as ResponseStreamEvent;

test('two message items whose deltas interleave: each done adds only its own missing tail', () => {
  const { rec, texts } = recorder();
  for (const [item, text] of [['a', 'Hel'], ['b', 'Wor'], ['a', 'lo'], ['b', 'ld'], ['a', ' there']]) rec.onResponsesEvent(delta(item!, text!));
  rec.onResponsesEvent(done('a', 'Hello there.', 0));
  rec.onResponsesEvent(done('b', 'World', 1));
  assert.deepEqual(texts().slice(5), [['a', '.']], 'a gets its one missing character; b streamed whole');
  assert.equal(rec.result('completed').text, 'HelWorlold there.');
});

test('a done whose text does not extend what streamed adds nothing, and a second done is ignored', () => {
  const { rec, texts } = recorder();
  rec.onResponsesEvent(delta('a', 'streamed text'));
  rec.onResponsesEvent(done('a', 'something else entirely', 0));
  rec.onResponsesEvent(done('a', 'streamed text and more', 0));
  assert.deepEqual(texts(), [['a', 'streamed text']]);
});

test('the final response takes an unknown message only when nothing streamed', () => {
  const { rec, texts } = recorder();
  rec.onResponsesEvent(delta('a', 'partial'));
  const completed = (output: unknown[]) => ({ type: 'response.completed', response: { id: 'r1', output, usage: null } }) as unknown as ResponseStreamEvent;
  rec.onResponsesEvent(completed([message('a', 'partial and the rest'), message('renamed', 'partial and the rest')]));
  assert.deepEqual(texts(), [['a', 'partial'], ['a', ' and the rest']]);
  const fresh = recorder();
  fresh.rec.onResponsesEvent(completed([message('x', 'only at the end')]));
  assert.deepEqual(fresh.texts(), [['x', 'only at the end']]);
});
