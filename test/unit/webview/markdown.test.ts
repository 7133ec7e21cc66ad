import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Block, BlockParser, type Inline, parseInline } from '../../../webview/markdown';
import * as reference from './markdownReference';

const ANSWER = `# Plan

The cart total is **wrong** when a coupon _and_ a \`discount\` apply.
It rounds twice.

- first, fix \`applyCoupon\`
- then *the* total:
  1. sum
  2. round once

> quoted
> still quoted

\`\`\`ts
const total = items.reduce((a, b) => a + b.price, 0);

return Math.round(total * 100) / 100;
\`\`\`

---
Done, see [the docs](https://example.com/docs).`;

/** Feeds `text` in chunks of the given sizes; returns every completed block in order. */
function streamed(text: string, size: (n: number) => number): Block[] {
  const parser = new BlockParser();
  const blocks: Block[] = [];
  for (let i = 0, n = 0; i < text.length; n++) {
    const len = Math.max(1, size(n));
    blocks.push(...parser.push(text.slice(i, i + len)));
    i += len;
  }
  return [...blocks, ...parser.finish()];
}

const whole = (text: string) => streamed(text, () => text.length);

/** A small deterministic PRNG so a failing chunking can be reproduced. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('BlockParser', () => {
  test('parses the block kinds of a typical answer', () => {
    const types = whole(ANSWER).map((b) => b.type);
    assert.deepEqual(types, ['heading', 'paragraph', 'listItem', 'listItem', 'listItem', 'listItem', 'quote', 'code', 'rule', 'paragraph']);
    const blocks = whole(ANSWER);
    assert.deepEqual(blocks[0], { id: 0, type: 'heading', level: 1, text: 'Plan' });
    assert.equal(blocks[1]!.type === 'paragraph' && blocks[1]!.text, 'The cart total is **wrong** when a coupon _and_ a `discount` apply.\nIt rounds twice.');
    assert.deepEqual(blocks[4], { id: 4, type: 'listItem', marker: '1.', depth: 1, text: 'sum' });
    assert.deepEqual(blocks[6], { id: 6, type: 'quote', text: 'quoted\nstill quoted' });
  });

  test('random chunk sizes give the same blocks as the whole text', () => {
    const expected = whole(ANSWER);
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      assert.deepEqual(streamed(ANSWER, () => 1 + Math.floor(rnd() * 12)), expected, `seed ${seed}`);
    }
    assert.deepEqual(streamed(ANSWER, () => 1), expected, 'one character at a time');
  });

  test('completed blocks are never re-emitted and ids only grow', () => {
    const blocks = streamed(ANSWER, () => 3);
    const ids = blocks.map((b) => b.id);
    assert.deepEqual(ids, [...new Set(ids)].sort((a, b) => a - b));
    assert.deepEqual(ids, ids.map((_, i) => i));
  });

  test('fenced code keeps its language, blank lines and markdown-looking text verbatim', () => {
    const text = '```python\ndef f():\n\n    return **kwargs  # <b>\n```\nafter';
    assert.deepEqual(whole(text), [
      { id: 0, type: 'code', lang: 'python', text: 'def f():\n\n    return **kwargs  # <b>\n' },
      { id: 1, type: 'paragraph', text: 'after' },
    ]);
  });

  test('an unclosed fence still completes at the end of the stream', () => {
    assert.deepEqual(whole('~~~\nlet a = 1;\nlet b'), [{ id: 0, type: 'code', lang: '', text: 'let a = 1;\nlet b\n' }]);
  });

  test('a shorter or different fence does not close the block', () => {
    const [code] = whole('````md\n```\ninner\n```\n````');
    assert.deepEqual(code, { id: 0, type: 'code', lang: 'md', text: '```\ninner\n```\n' });
  });

  test('peek: an open code block only grows while it streams, and a possible closing fence is held back', () => {
    const text = '```ts\nconst a = 1;\nconst b = 2;\n```\n';
    const parser = new BlockParser();
    let shown = '';
    for (const ch of text) {
      const done = parser.push(ch);
      const open = parser.peek().find((b) => b.type === 'code');
      const current = done.find((b) => b.type === 'code') ?? open;
      if (current?.type === 'code') {
        assert.ok(current.text.startsWith(shown), `append-only: ${JSON.stringify(shown)} → ${JSON.stringify(current.text)}`);
        shown = current.text;
      }
    }
    assert.equal(shown, 'const a = 1;\nconst b = 2;\n');
  });

  test('peek shows the partial first line of a block immediately', () => {
    const parser = new BlockParser();
    assert.deepEqual(parser.push('Hel'), []);
    assert.deepEqual(parser.peek(), [{ id: 0, type: 'paragraph', text: 'Hel' }]);
    parser.push('lo\nwor');
    assert.deepEqual(parser.peek(), [{ id: 0, type: 'paragraph', text: 'Hello\nwor' }]);
    const done = parser.push('ld\n\n- it');
    assert.deepEqual(done, [{ id: 0, type: 'paragraph', text: 'Hello\nworld' }]);
    assert.deepEqual(parser.peek(), [{ id: 1, type: 'listItem', marker: '•', depth: 0, text: 'it' }]);
  });

  test('a partial line that starts a new block is shown as the next block, not glued to the open one', () => {
    const parser = new BlockParser();
    parser.push('Intro\n## Ti');
    assert.deepEqual(parser.peek(), [
      { id: 0, type: 'paragraph', text: 'Intro' },
      { id: 1, type: 'heading', level: 2, text: 'Ti' },
    ]);
  });
});

/** Every node type the renderer may meet: none of them is markup. */
function types(nodes: Inline[]): string[] {
  return nodes.flatMap((n) => ('children' in n ? [n.type, ...types(n.children)] : [n.type]));
}

describe('parseInline', () => {
  test('code, bold, italics, strikethrough and links', () => {
    assert.deepEqual(parseInline('use `a*b` with **care** and _this_, ~~not~~ [docs](https://x.dev/a)'), [
      { type: 'text', text: 'use ' },
      { type: 'code', text: 'a*b' },
      { type: 'text', text: ' with ' },
      { type: 'strong', children: [{ type: 'text', text: 'care' }] },
      { type: 'text', text: ' and ' },
      { type: 'em', children: [{ type: 'text', text: 'this' }] },
      { type: 'text', text: ', ' },
      { type: 'del', children: [{ type: 'text', text: 'not' }] },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://x.dev/a', children: [{ type: 'text', text: 'docs' }] },
    ]);
  });

  test('nested inline marks keep HTML in the text as plain characters', () => {
    const nodes = parseInline('**bold *<img src=x onerror=alert(1)>* and `<script>`** <b>raw</b>');
    assert.deepEqual(nodes, [
      {
        type: 'strong',
        children: [
          { type: 'text', text: 'bold ' },
          { type: 'em', children: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] },
          { type: 'text', text: ' and ' },
          { type: 'code', text: '<script>' },
        ],
      },
      { type: 'text', text: ' <b>raw</b>' },
    ]);
    for (const t of types(nodes)) assert.ok(['text', 'code', 'strong', 'em', 'del', 'link'].includes(t), t);
  });

  test('snake_case, lone markers and unclosed marks stay literal', () => {
    assert.deepEqual(parseInline('my_var_name * 2 and **open'), [{ type: 'text', text: 'my_var_name * 2 and **open' }]);
    assert.deepEqual(parseInline('a \\*not em\\* b'), [{ type: 'text', text: 'a *not em* b' }]);
    assert.deepEqual(parseInline('``code with ` tick``'), [{ type: 'code', text: 'code with ` tick' }]);
  });

  test('emphasis containing bold', () => {
    assert.deepEqual(parseInline('*a **b** c*'), [
      { type: 'em', children: [{ type: 'text', text: 'a ' }, { type: 'strong', children: [{ type: 'text', text: 'b' }] }, { type: 'text', text: ' c' }] },
    ]);
  });
});

// The renderer is linear in its input (see bench/scaling.ts for the figures); these check that the
// rewrite renders exactly what the regular-expression version did, and what huge inputs render to.
describe('markdown: same output as the reference renderer', () => {
  const ALPHABET = ['a', 'b', ' ', ' ', '\t', '*', '**', '_', '__', '~~', '`', '```', '~~~', '#', '## ', '[', ']', '](', '(', ')', '\\', '\n', '\n\n', '- ', '1. ', '> ', '---', 'x_y', '\u2028', '\r', '\u00a0', 'é'];

  function randomText(rnd: () => number, tokens: number): string {
    let s = '';
    for (let i = 0; i < tokens; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
    return s;
  }

  test('parseInline agrees on 3,000 random strings of markers, brackets, backticks and whitespace', () => {
    const rnd = random(7);
    for (let n = 0; n < 3000; n++) {
      const s = randomText(rnd, 1 + Math.floor(rnd() * 40));
      assert.deepEqual(parseInline(s), reference.parseInline(s), JSON.stringify(s));
    }
  });

  test('block parsing agrees on random documents, whole and streamed (peek included)', () => {
    const rnd = random(11);
    for (let n = 0; n < 600; n++) {
      const text = randomText(rnd, 1 + Math.floor(rnd() * 60));
      const ours = new BlockParser();
      const theirs = new reference.BlockParser();
      for (let i = 0; i < text.length; ) {
        const len = 1 + Math.floor(rnd() * 6);
        const chunk = text.slice(i, i + len);
        i += len;
        assert.deepEqual(ours.push(chunk), theirs.push(chunk), JSON.stringify(text));
        assert.deepEqual(ours.peek(), theirs.peek(), JSON.stringify(text));
      }
      assert.deepEqual(ours.finish(), theirs.finish(), JSON.stringify(text));
    }
  });

  test('headings, fences and list items: edge cases of the old patterns', () => {
    const lines = [
      '# a', '#', '# ', '#a', '####### seven', '   # three spaces', '    # four', '\t# tab', '# a #', '# a#', '# ##', '#  ##', '# #',
      '# a # #', '# a \u2028 b', '# a \u2028', '# \u2028 a', '## x ##   ', '# x\r', '```', '```ts', '``` ts x', '```ts`', '~~~~', '~~~a~',
      '~~~ `x', '   ```', '    ```', '``', '- a', '-a', '- ', '  10. ten', '1234567890. x', '3) three', '+ \u2028x', '- a\u2028', '* * *',
    ];
    for (const line of lines) {
      for (const text of [line, line + '\n', line + '\nnext']) {
        assert.deepEqual(whole(text), referenceWhole(text), JSON.stringify(text));
        const ours = new BlockParser();
        const theirs = new reference.BlockParser();
        ours.push(text);
        theirs.push(text);
        assert.deepEqual(ours.peek(), theirs.peek(), `peek ${JSON.stringify(text)}`);
      }
    }
  });
});

function referenceWhole(text: string): Block[] {
  const parser = new reference.BlockParser();
  return [...parser.push(text), ...parser.finish()];
}

describe('markdown: huge inputs render to the right nodes', () => {
  test('a 40k-character heading padded with whitespace is one heading with its text', () => {
    const line = '# Totals' + ' \t'.repeat(20_000) + 'end';
    const [block, ...rest] = whole(line + '\n');
    assert.deepEqual(rest, []);
    assert.deepEqual(block, { id: 0, type: 'heading', level: 1, text: 'Totals' + ' \t'.repeat(20_000) + 'end' });
  });

  test('an opening fence followed by a 40k-character blob and a backtick is a paragraph with inline code', () => {
    const blob = 'QWxhZGRpbjpvcGVu'.repeat(2_500);
    const [block] = whole('```' + blob + '` done\n');
    assert.deepEqual(block, { id: 0, type: 'paragraph', text: '```' + blob + '` done' });
    assert.deepEqual(parseInline(block!.type === 'paragraph' ? block!.text : ''), [{ type: 'text', text: '```' + blob + '` done' }]);
  });

  test('a 40k-character line inside a code block stays verbatim', () => {
    const long = 'x = "' + 'ab '.repeat(13_000) + '"';
    assert.deepEqual(whole('```py\n' + long + '\n```\n'), [{ id: 0, type: 'code', lang: 'py', text: long + '\n' }]);
  });

  test('60 KB of unclosed emphasis markers stay literal text', () => {
    const text = '*a '.repeat(20_000);
    assert.deepEqual(parseInline(text), [{ type: 'text', text }]);
    assert.deepEqual(parseInline('_a '.repeat(20_000)), [{ type: 'text', text: '_a '.repeat(20_000) }]);
  });

  test('emphasis-heavy text pairs every marker', () => {
    const nodes = parseInline('*a* '.repeat(10_000));
    assert.equal(nodes.length, 20_000);
    assert.deepEqual(nodes.slice(0, 2), [{ type: 'em', children: [{ type: 'text', text: 'a' }] }, { type: 'text', text: ' ' }]);
    assert.ok(nodes.every((n, i) => (i % 2 === 0 ? n.type === 'em' : n.type === 'text' && n.text === ' ')));
    const mixed = parseInline('**b** _i_ ~~d~~ `c` [l](h) '.repeat(2_000));
    assert.deepEqual(types(mixed).filter((t) => t !== 'text').slice(0, 5), ['strong', 'em', 'del', 'code', 'link']);
    assert.equal(mixed.filter((n) => n.type === 'link').length, 2_000);
  });

  test('many unmatched links, brackets and backtick runs stay literal', () => {
    const brackets = '[a](x '.repeat(10_000);
    assert.deepEqual(parseInline(brackets), [{ type: 'text', text: brackets }]);
    const ticks = Array.from({ length: 200 }, (_, k) => '`'.repeat(k + 1) + 'x').join(' ');
    assert.deepEqual(parseInline(ticks), [{ type: 'text', text: ticks }]);
    const glued = '[a](x[b](y'.repeat(5_000) + ')';
    assert.deepEqual(parseInline(glued)[0], { type: 'link', href: 'x[b](y' + '[a](x[b](y'.repeat(4_999), children: [{ type: 'text', text: 'a' }] });
  });

  test('deep nesting stops at the nesting limit and keeps the inner markers as text', () => {
    const deep = '**1 _2 ~~3 *4 __5__ 4* 3~~ 2_ 1**';
    assert.deepEqual(parseInline(deep), reference.parseInline(deep));
    let levels = 0;
    for (let n: Inline | undefined = parseInline(deep)[0]; n && 'children' in n; n = n.children.find((c) => 'children' in c)) levels++;
    assert.equal(levels, 4);
    assert.ok(JSON.stringify(parseInline(deep)).includes('"text":"4 __5__ 4"'), 'the fifth level stays text');
    const nested = '['.repeat(5_000) + 'x' + '](h)'.repeat(5_000);
    assert.deepEqual(parseInline(nested), [
      { type: 'text', text: '['.repeat(4_999) },
      { type: 'link', href: 'h', children: [{ type: 'text', text: 'x' }] },
      { type: 'text', text: '](h)'.repeat(4_999) },
    ]);
    const wide = '*a* **b** '.repeat(5_000);
    assert.deepEqual(parseInline(wide).slice(0, 5), reference.parseInline('*a* **b** *a*'));
    assert.equal(parseInline(wide).length, 20_000);
  });
});
