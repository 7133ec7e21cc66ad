// A file attached to the conversation is sent once, and again only when it changed (as a diff when
// that is smaller); measured on the wire against the fake backend.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { AttachmentLedger } from '../../../src/workspace/attachments';
import { fileText, part } from '../../../src/workspace/contextParts';
import { rig } from '../backend/helpers';

const FILE = Array.from({ length: 400 }, (_, i) => `export const line${i} = ${i}; // a 20 KB file`).join('\n') + '\n';
const filePart = (text: string, path = 'src/big.ts') => part({ id: `file:${path}`, kind: 'file', label: path }, fileText(path, 'typescript', text));

test('an unchanged attachment is sent once per conversation; the next requests only name it', () => {
  const ledger = new AttachmentLedger();
  const history: unknown[] = [];
  const first = ledger.prepare([filePart(FILE)], history);
  assert.ok(first.text.includes(FILE), 'the first request carries the file');
  history.push({ role: 'user', content: first.text });
  for (let i = 0; i < 9; i++) {
    const next = ledger.prepare([filePart(FILE)], history);
    assert.ok(!next.text.includes('line399'), 'no copy of the file');
    assert.match(next.text, /Still attached, unchanged since sent earlier in this conversation: `src\/big\.ts`/);
  }
});

test('a changed attachment goes as a diff when that is smaller, else as its new text', () => {
  const ledger = new AttachmentLedger();
  const history: unknown[] = [];
  ledger.prepare([filePart(FILE)], history);
  history.push({ role: 'user' });
  const edited = FILE.replace('line200 = 200', 'line200 = 2000');
  const small = ledger.prepare([filePart(edited)], history);
  assert.match(small.text, /`src\/big\.ts` changed since it was sent earlier.*\n`+diff\n@@ /);
  assert.match(small.text, /-export const line200 = 200;/);
  assert.match(small.text, /\+export const line200 = 2000;/);
  assert.ok(small.text.length < FILE.length / 4, 'the diff is much smaller than the file');
  const rewritten = ledger.prepare([filePart('completely different\n')], history);
  assert.match(rewritten.text, /changed since it was sent earlier in this conversation; now:\nFile `src\/big\.ts`:\n```typescript\ncompletely different/);
});

test('a new conversation, a reset (compaction) or a rollback sends the attachment again', () => {
  const ledger = new AttachmentLedger();
  const history: unknown[] = [{ role: 'user' }];
  ledger.prepare([filePart(FILE)], history);
  assert.equal(ledger.previewTokens([filePart(FILE)], history), 0, 'the meter does not count it twice');
  assert.ok(!ledger.prepare([filePart(FILE)], history).text.includes(FILE));
  assert.ok(ledger.prepare([filePart(FILE)], [{ role: 'user', other: true }]).text.includes(FILE), 'another conversation');
  const again: unknown[] = [{ role: 'user' }];
  ledger.prepare([filePart(FILE)], again);
  ledger.reset();
  assert.ok(ledger.previewTokens([filePart(FILE)], again) > FILE.length / 4, 'after a reset the meter counts it again');
  assert.ok(ledger.prepare([filePart(FILE)], again).text.includes(FILE));
  const refused = ledger.prepare([filePart(FILE, 'src/other.ts')], again);
  refused.rollback();
  assert.ok(ledger.prepare([filePart(FILE, 'src/other.ts')], again).text.includes(FILE), 'a request that never became part of the conversation is forgotten');
});

test('excluded chips carry nothing; with nothing attached the block is empty', () => {
  const ledger = new AttachmentLedger();
  const secret = part({ id: 'file:.env', kind: 'file', label: '.env', excluded: 'matches .env*' }, 'TOKEN=x');
  assert.equal(ledger.prepare([secret], []).text, '');
  assert.equal(ledger.prepare([], []).tokens, 0);
});

for (const transport of ['websocket', 'responses-http'] as const) {
  test(`${transport}: ten turns with the same attached file carry it once`, async () => {
    const caps = { websocket: transport === 'websocket', responses: true, chat: true, editTool: 'custom' as const };
    const { fake, backend, close } = await rig({}, { capabilities: caps });
    try {
      const ledger = new AttachmentLedger();
      for (let i = 0; i < 10; i++) {
        const attached = ledger.prepare([filePart(FILE)], backend.history);
        const end = await backend.send({ input: `${attached.text}\n\nquestion ${i}` }).result;
        assert.equal(end.status, 'completed');
      }
      const turns = fake.requests.filter((r) => r.route !== 'models' && r.body.generate !== false);
      assert.equal(turns.length, 10);
      const copies = turns.map((r) => JSON.stringify(r.body.input).split('line399 = 399').length - 1);
      const bytes = turns.map((r) => JSON.stringify(r.body).length);
      console.log(`[metric] ${transport} request bytes over ten turns: ${bytes.join(', ')}`);
      if (transport === 'websocket') {
        // chained on previous_response_id: only the first request carries the file
        assert.deepEqual(copies, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      } else {
        // stateless HTTP resends the history, where the file is once — never once per turn
        assert.deepEqual(copies, Array(10).fill(1));
      }
    } finally {
      await close();
    }
  });
}
