// Regenerates src/backend/codex/protocol.generated.ts from the pinned `codex` binary:
// `codex app-server generate-ts --experimental` writes ~800 ts-rs files; this keeps the import closure of the
// messages Flowpair exchanges and concatenates it into one file stamped with the codex version.
// Usage: node scripts/with-node.mjs --import tsx scripts/codex-protocol.ts [--check]
// --check exits 1 when the checked-in file differs from what the pinned binary generates.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative } from 'node:path';
import { CODEX_VERSION, ensureCodex } from '../test/harness/codex';
import { repoRoot } from '../test/harness/provision';

const IMPORT = /^import type \{ (\w+) \} from "(\.[^"]+)";\n?/gm;

export const GENERATED = join(repoRoot, 'src', 'backend', 'codex', 'protocol.generated.ts');

/** The messages Flowpair sends or handles; everything they reference comes along. */
const ROOTS = [
  'ServerNotification', 'ServerRequest', 'InitializeParams', 'InitializeResponse',
  ...['ThreadStart', 'TurnStart', 'TurnSteer', 'TurnInterrupt', 'ModelList', 'LoginAccount', 'GetAccount'].flatMap((m) => [`v2/${m}Params`, `v2/${m}Response`]),
  'v2/LogoutAccountResponse', 'v2/CancelLoginAccountParams',
  'v2/CommandExecutionRequestApprovalResponse', 'v2/FileChangeRequestApprovalResponse',
  'v2/DynamicToolSpec', 'v2/DynamicToolCallResponse',
];

export async function generateProtocol(): Promise<string> {
  const codex = await ensureCodex();
  const out = mkdtempSync(join(tmpdir(), 'codex-ts-'));
  try {
    // --experimental: Flowpair gives Codex its command tool as a dynamic tool (thread/start dynamicTools).
    const r = spawnSync(codex, ['app-server', 'generate-ts', '--experimental', '--out', out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`codex app-server generate-ts failed: ${r.stderr}`);
    // Pass 1: the import closure of ROOTS, file → source.
    const sources = new Map<string, string>();
    const stack = ROOTS.map((r) => join(out, `${r}.ts`));
    while (stack.length) {
      const file = normalize(stack.pop()!);
      if (sources.has(file)) continue;
      const source = readFileSync(file, 'utf8');
      sources.set(file, source);
      for (const m of source.matchAll(IMPORT)) stack.push(join(dirname(file), `${m[2]}.ts`));
    }
    // A few legacy root types share a name with their v2 successor: the root one is renamed Legacy*.
    const base = (file: string) => file.split('/').pop()!.replace(/\.ts$/, '');
    const counts = new Map<string, number>();
    for (const file of sources.keys()) counts.set(base(file), (counts.get(base(file)) ?? 0) + 1);
    const nameOf = (file: string) => (counts.get(base(file))! > 1 && !relative(out, file).startsWith('v2/') ? `Legacy${base(file)}` : base(file));
    // Pass 2: strip comments and imports, apply renames, concatenate.
    const bodies: string[] = [];
    for (const [file, source] of sources) {
      let body = source.replace(/^\/\/.*\n/gm, '').replace(IMPORT, '').trim();
      const renames: Array<[string, string]> = [[base(file), nameOf(file)]];
      for (const m of source.matchAll(IMPORT)) renames.push([m[1]!, nameOf(normalize(join(dirname(file), `${m[2]}.ts`)))]);
      for (const [from, to] of renames) if (from !== to) body = body.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
      bodies.push(`// ${relative(out, file)}\n${body}`);
    }
    bodies.sort();
    const header = [
      `// GENERATED from @openai/codex ${CODEX_VERSION} by scripts/codex-protocol.ts (\`codex app-server generate-ts\`,`,
      '// import closure of the messages Flowpair uses, concatenated). Do not edit: regenerate.',
      '/* eslint-disable */',
      `export const CODEX_PROTOCOL_VERSION = '${CODEX_VERSION}';`,
    ].join('\n');
    return `${header}\n\n${bodies.join('\n\n')}\n`;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const text = await generateProtocol();
  if (process.argv.includes('--check')) {
    const current = readFileSync(GENERATED, 'utf8');
    if (current !== text) {
      console.error(`${relative(repoRoot, GENERATED)} is stale for codex ${CODEX_VERSION}: run scripts/codex-protocol.ts`);
      process.exit(1);
    }
    console.log(`${relative(repoRoot, GENERATED)} matches codex ${CODEX_VERSION}`);
  } else {
    writeFileSync(GENERATED, text);
    console.log(`wrote ${relative(repoRoot, GENERATED)} (${text.length} chars)`);
  }
}

if (process.argv[1]?.endsWith('codex-protocol.ts')) void main();
