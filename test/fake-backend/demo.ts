// Demo mode: what `npm start` talks to when no backend is configured. It answers edit-like prompts
// on the sample workspace (test/sample-workspace) with real apply_patch edits computed from the files
// as they are on disk *now* (so a prompt whose change was already accepted says so instead of
// proposing a patch that cannot apply), streamed at a fast model's pace; anything else gets a text
// answer. Matching looks only at what the user typed, never at the attached context.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { diffArrays } from 'diff';
import type { Script } from './scripts';

/** A fast coding model's pace: first token after ~0.35 s, then ~250 tokens/s. */
export const DEMO_PACE = { ttftMs: 350, tokensPerSecond: 250 } as const;

/** The prompts the README tells a newcomer to try, in that order. */
export const DEMO_PROMPTS = {
  fix: 'Fix the type error in cart.ts',
  validate: 'Add input validation to Cart.add',
  rename: 'Rename sum to sumCents',
  tests: 'Write tests for the cart',
} as const;

const CONTEXT_HEADER = "Context from the user's editor:";

/** The user's own words: the composer puts attached context first, then a blank line, then the prompt. */
export function promptOf(userText: string): string {
  if (!userText.startsWith(CONTEXT_HEADER)) return userText.trim();
  return userText.slice(userText.lastIndexOf('\n\n') + 2).trim();
}

/** Returns the answer for a prompt, reading the workspace at the moment the prompt arrives. */
export function demoAnswerer(workspaceDir: string): (userText: string) => Script {
  const read = (path: string): string | undefined => {
    const file = join(workspaceDir, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  return (userText) => {
    const prompt = promptOf(userText);
    const rename = /\brename\s+`?([A-Za-z_$][\w$]*)`?\s+(?:to|as|into)\s+`?([A-Za-z_$][\w$]*)`?/i.exec(prompt);
    if (rename) return renameScript(workspaceDir, read, rename[1]!, rename[2]!);
    if (/\brename\b/i.test(prompt)) return renameScript(workspaceDir, read, 'sum', 'sumCents');
    if (/validat|\bguard\b|\bcheck (the )?input/i.test(prompt)) return validationScript(read);
    if (/\btests?\b|\bnew file\b|\bspec\b/i.test(prompt)) return testsScript(read);
    if (/\bfix\b|type error|\berror\b/i.test(prompt)) return fixScript(read);
    return questionScript(prompt);
  };
}

type Read = (path: string) => string | undefined;

const patch = (...sections: string[]) => `*** Begin Patch\n${sections.join('')}*** End Patch\n`;

/**
 * One V4A chunk replacing `find` (consecutive lines of `text`, compared without trailing spaces)
 * by `replace`, with the lines the two share at either end written as context. Undefined when
 * `find` is not in the text.
 */
export function chunk(text: string, find: readonly string[], replace: readonly string[], from = 0): string | undefined {
  const lines = text.split('\n');
  const matches = (i: number) => find.every((f, j) => lines[i + j]?.trimEnd() === f.trimEnd());
  let at = from;
  while (at < lines.length && !matches(at)) at++;
  if (at >= lines.length) return undefined;
  // One line of the file before and after, so the chunk is anchored even when `find` is short.
  const before = at > 0 ? [` ${lines[at - 1]}`] : [];
  const after = at + find.length < lines.length && lines[at + find.length] !== '' ? [` ${lines[at + find.length]}`] : [];
  const changes = diffArrays([...find], [...replace]).flatMap((part) =>
    part.value.map((line) => `${part.added ? '+' : part.removed ? '-' : ' '}${line}`),
  );
  const body = [...before, ...changes, ...after];
  return `@@\n${body.join('\n')}\n`;
}

function edit(path: string, chunks: Array<string | undefined>): string | undefined {
  if (chunks.some((c) => c === undefined)) return undefined;
  return `*** Update File: ${path}\n${chunks.join('')}`;
}

function fixScript(read: Read): Script {
  const cart = read('src/cart.ts');
  const bad = cart?.split('\n').find((l) => /const count: string = this\.items\.length;/.test(l));
  if (!cart || !bad) {
    return { text: "I don't see the deliberate type error in `src/cart.ts` any more (`count` is no longer declared as a `string`), so there is nothing left to fix. Try **" + DEMO_PROMPTS.validate + '** next.' };
  }
  const indent = /^\s*/.exec(bad)![0];
  const comment = cart.split('\n').find((l) => l.includes('// Deliberate error for'));
  const fixed = `${indent}const count = this.items.length;`;
  const withComment = comment && edit('src/cart.ts', [chunk(cart, [comment, '  summary(): string {', bad], ['  summary(): string {', fixed])]);
  const section = withComment || edit('src/cart.ts', [chunk(cart, [bad], [fixed])]);
  return {
    text: '`this.items.length` is a `number`, but `count` is declared as a `string`, so TypeScript reports ' +
      "*Type 'number' is not assignable to type 'string'*. The template string formats the number anyway, " +
      'so the fix is to drop the annotation (and the comment that pointed at the error):',
    toolCalls: [{ input: patch(section!) }],
  };
}

function validationScript(read: Read): Script {
  const cart = read('src/cart.ts');
  const lines = cart?.split('\n') ?? [];
  const add = lines.find((l) => /^\s*add\(\s*\w+\s*:\s*\w+\s*\)\s*:\s*void\s*\{\s*$/.test(l));
  if (!cart || !add) return { text: "I can't find the `add(item: LineItem): void {` method in `src/cart.ts`, so I can't add validation to it." };
  if (cart.includes('RangeError')) return { text: '`Cart.add` already validates its input (it throws a `RangeError` for a bad quantity or price). Try **' + DEMO_PROMPTS.rename + '** next.' };
  const param = /add\(\s*(\w+)/.exec(add)![1]!;
  const inner = `${/^\s*/.exec(add)![0]}  `;
  const guard = [
    `${inner}if (!Number.isInteger(${param}.quantity) || ${param}.quantity < 1) {`,
    `${inner}  throw new RangeError(\`quantity must be a whole number of at least 1, got \${${param}.quantity}\`);`,
    `${inner}}`,
    `${inner}if (!Number.isInteger(${param}.unitPrice) || ${param}.unitPrice < 0) {`,
    `${inner}  throw new RangeError(\`unitPrice must be whole, non-negative cents, got \${${param}.unitPrice}\`);`,
    `${inner}}`,
  ];
  return {
    text: 'A `LineItem` with a fractional or negative quantity, or a negative price, would silently corrupt the total. ' +
      '`add` now refuses them with a `RangeError` that names the bad value, before anything is stored:',
    toolCalls: [{ input: patch(edit('src/cart.ts', [chunk(cart, [add], [add, ...guard])])!) }],
  };
}

const SOURCE_DIRS = ['src', 'scripts'];
const SOURCE_FILE = /\.(ts|tsx|js|mjs|py)$/;

function sourceFiles(workspaceDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE_FILE.test(name)) files.push(relative(workspaceDir, path).split('\\').join('/'));
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(workspaceDir, dir));
  return files;
}

function renameScript(workspaceDir: string, read: Read, fromName: string, toName: string): Script {
  const pattern = `(?<![\\w$])${fromName.replace(/\$/g, '\\$')}(?![\\w$])`;
  const has = new RegExp(pattern);
  const every = new RegExp(pattern, 'g');
  // Like a language server: the files that declare the name, and the TS/JS files importing it
  // (Python's built-in `sum` in scripts/ is another `sum`).
  const escaped = fromName.replace(/\$/g, '\\$');
  const declares = new RegExp(`\\b(function|class|const|let|var|type|interface|enum|def)\\s+${escaped}(?![\\w$])`);
  const imports = new RegExp(`^\\s*import\\b.*(?<![\\w$])${escaped}(?![\\w$])`, 'm');
  const files = sourceFiles(workspaceDir).map((path) => ({ path, text: read(path)! }));
  const declaring = files.filter((f) => declares.test(f.text));
  const usesModules = declaring.some((f) => !f.path.endsWith('.py'));
  const scope = files.filter((f) => declaring.includes(f) || (usesModules && !f.path.endsWith('.py') && imports.test(f.text)));
  const sections: string[] = [];
  const touched: string[] = [];
  for (const { path, text } of scope) {
    const lines = text.split('\n');
    const changed = lines.flatMap((line, i) => (has.test(line) ? [i] : []));
    if (changed.length === 0) continue;
    // Changed lines closer than 3 apart share one chunk, so no two chunks claim the same context line.
    const groups: number[][] = [];
    for (const i of changed) {
      const last = groups.at(-1);
      if (last && i - last.at(-1)! < 3) last.push(i);
      else groups.push([i]);
    }
    const chunks = groups.map((group) => {
      const from = group[0]!;
      const to = group.at(-1)! + 1;
      const old = lines.slice(from, to);
      return chunk(text, old, old.map((line) => line.replace(every, toName)), from);
    });
    const section = edit(path, chunks);
    if (section) {
      sections.push(section);
      touched.push(`\`${path}\``);
    }
  }
  if (sections.length === 0) return { text: `I can't find \`${fromName}\` in \`src/\` or \`scripts/\`, so there is nothing to rename.` };
  return {
    text: `Renaming \`${fromName}\` to \`${toName}\` everywhere it is used: ${touched.join(' and ')}.`,
    toolCalls: [{ input: patch(...sections) }],
  };
}

function testsScript(read: Read): Script {
  if (read('src/cart.test.ts') !== undefined) return { text: '`src/cart.test.ts` already exists; open it to add more cases.' };
  const cart = read('src/cart.ts') ?? '';
  const cls = /export class (\w+)/.exec(cart)?.[1] ?? 'Cart';
  const file = [
    "import assert from 'node:assert/strict';",
    "import { test } from 'node:test';",
    `import { ${cls} } from './cart';`,
    '',
    "test('total() adds unit price times quantity over all items', () => {",
    `  const cart = new ${cls}();`,
    "  cart.add({ sku: 'apple', unitPrice: 120, quantity: 3 });",
    "  cart.add({ sku: 'pear', unitPrice: 80, quantity: 1 });",
    '  assert.equal(cart.total(), 440);',
    '});',
    '',
    "test('an empty cart totals zero', () => {",
    `  assert.equal(new ${cls}().total(), 0);`,
    '});',
  ];
  return {
    text: 'A new test file for the cart using Node\'s built-in test runner (`node --test`), so it needs no extra dependency:',
    toolCalls: [{ input: patch(`*** Add File: src/cart.test.ts\n${file.map((l) => `+${l}\n`).join('')}`) }],
  };
}

function questionScript(prompt: string): Script {
  if (/\b(what|explain|describe|overview)\b/i.test(prompt) && /\b(project|workspace|repo|code|this)\b/i.test(prompt)) {
    return {
      text: 'This is a small TypeScript shopping cart:\n\n' +
        '- `src/money.ts` defines `Cents` (amounts are whole cents, so there is no floating-point rounding), `formatCents` and `sum`.\n' +
        '- `src/cart.ts` holds `LineItem`s in a `Cart` with `add`, `total` and `summary`. `summary` has a deliberate type error to try the *Fix with Flowpair* quick fix on.\n' +
        '- `scripts/stats.py` has two small statistics helpers, `mean` and `median`.\n\n' +
        `Ask me to change something, e.g. **${DEMO_PROMPTS.fix}**, **${DEMO_PROMPTS.validate}** or **${DEMO_PROMPTS.rename}**.`,
    };
  }
  return {
    text: "I'm Flowpair's **demo backend**: a scripted stand-in for a model, so you can try the review loop without an API key. " +
      'I answer a few edits on this sample workspace with real patches you review hunk by hunk:\n\n' +
      Object.values(DEMO_PROMPTS).map((p) => `- **${p}**`).join('\n') +
      '\n\nFor real answers to anything else, run **Flowpair: Set API Key** or point Flowpair at a local server (Ollama, LM Studio, vLLM, llama.cpp).',
  };
}
