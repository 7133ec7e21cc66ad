// The demo backend (what `npm start` uses with no backend configured): every prompt the README names
// gets a patch that applies to the sample workspace as shipped, and a prompt whose change is already
// in the files gets a text answer instead of a patch that cannot apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { planPatch } from '../../../src/edits/applyPatch';
import { Backend } from '../../../src/backend/client';
import { DEMO_PROMPTS, demoAnswerer, promptOf } from '../../fake-backend/demo';
import { startFakeBackend } from '../../fake-backend/server';
import { ALL } from './helpers';

const SAMPLE = join(import.meta.dirname, '..', '..', 'sample-workspace');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowpair-demo-'));
  cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

/** Applies the answer's patch to the folder like an Accept All would; returns the written paths. */
function apply(dir: string, patch: string): string[] {
  const plan = planPatch(patch, (path) => (existsSync(join(dir, path)) ? readFileSync(join(dir, path)) : 'missing'));
  assert.ok(plan.ok, plan.ok ? '' : plan.error);
  for (const write of plan.writes) {
    assert.equal(write.op, 'write');
    if (write.op !== 'write') continue;
    mkdirSync(dirname(join(dir, write.path)), { recursive: true });
    writeFileSync(join(dir, write.path), write.text);
  }
  return plan.writes.map((w) => w.path).sort();
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

test('each README prompt gets a streamed explanation and a patch that applies; asked again, a text answer', () => {
  const dir = workspace();
  try {
    const answer = demoAnswerer(dir);
    const expected: Record<keyof typeof DEMO_PROMPTS, { files: string[]; check: () => void }> = {
      fix: {
        files: ['src/cart.ts'],
        check: () => {
          assert.match(read(dir, 'src/cart.ts'), /^ {4}const count = this\.items\.length;$/m);
          assert.doesNotMatch(read(dir, 'src/cart.ts'), /Deliberate error/);
        },
      },
      validate: {
        files: ['src/cart.ts'],
        check: () => {
          // Inserted between `add(...) {` and `this.items.push`, at the method body's indentation.
          const lines = read(dir, 'src/cart.ts').split('\n');
          const add = lines.findIndex((l) => l === '  add(item: LineItem): void {');
          assert.equal(lines[add + 1], '    if (!Number.isInteger(item.quantity) || item.quantity < 1) {');
          assert.equal(lines[add + 7], '    this.items.push(item);');
        },
      },
      rename: {
        files: ['src/cart.ts', 'src/money.ts'],
        check: () => {
          assert.match(read(dir, 'src/money.ts'), /export function sumCents\(values: Cents\[\]\): Cents \{/);
          assert.match(read(dir, 'src/cart.ts'), /import \{ formatCents, sumCents, type Cents \} from '\.\/money';/);
          assert.match(read(dir, 'src/cart.ts'), /return sumCents\(this\.items\.map/);
          assert.doesNotMatch(read(dir, 'src/cart.ts') + read(dir, 'src/money.ts'), /\bsum\(/);
        },
      },
      tests: {
        files: ['src/cart.test.ts'],
        check: () => assert.match(read(dir, 'src/cart.test.ts'), /^import \{ Cart \} from '\.\/cart';$/m),
      },
    };
    for (const [name, prompt] of Object.entries(DEMO_PROMPTS) as Array<[keyof typeof DEMO_PROMPTS, string]>) {
      const script = answer(prompt);
      assert.ok(script.text && script.text.length > 40, `${name}: explains the change`);
      assert.equal(script.toolCalls?.length, 1, `${name}: one apply_patch call`);
      assert.deepEqual(apply(dir, script.toolCalls![0]!.input), expected[name].files, name);
      expected[name].check();
      const again = answer(prompt);
      assert.equal(again.toolCalls, undefined, `${name} asked again: nothing left to change`);
      assert.ok(again.text);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only the typed prompt picks the answer, never the attached context', () => {
  const context = "Context from the user's editor:\n\nFile `src/cart.ts`:\n```ts\n// Deliberate error for \"Fix with Flowpair\"\n```";
  assert.equal(promptOf(`${context}\n\nWhat does this project do?`), 'What does this project do?');
  const dir = workspace();
  try {
    const script = demoAnswerer(dir)(`${context}\n\nWhat does this project do?`);
    assert.equal(script.toolCalls, undefined);
    assert.match(script.text!, /small TypeScript shopping cart/);
    assert.match(demoAnswerer(dir)('hello').text!, /demo backend/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rename names its identifiers: any identifier, every file that uses it', () => {
  const dir = workspace();
  try {
    const script = demoAnswerer(dir)('please rename Cart to ShoppingCart');
    assert.deepEqual(apply(dir, script.toolCalls![0]!.input), ['src/cart.ts']);
    assert.match(read(dir, 'src/cart.ts'), /export class ShoppingCart \{/);
    assert.match(demoAnswerer(dir)('rename nothingLikeThis to x').text!, /can't find `nothingLikeThis`/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the demo answer streams over the real protocol as an apply_patch tool call', async () => {
  const dir = workspace();
  const fake = await startFakeBackend({ answer: demoAnswerer(dir), ttftMs: 0, tokensPerSecond: 0 });
  const backend = new Backend({ baseUrl: fake.baseUrl, apiKey: '', capabilities: ALL });
  try {
    const result = await backend.send({ input: DEMO_PROMPTS.fix }).result;
    assert.equal(result.status, 'completed');
    assert.match(result.text, /drop the annotation/);
    assert.equal(result.toolCalls[0]?.name, 'apply_patch');
    assert.match(result.toolCalls[0]!.input, /^\*\*\* Begin Patch\n\*\*\* Update File: src\/cart\.ts\n/);
  } finally {
    backend.dispose();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
