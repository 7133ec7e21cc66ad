// Section "edits": the edit engine (parse + locate + hunks for a 3,000-line file with 20 chunks;
// accept one hunk) in Node, and in the VS Code extension host (code-server) stream end → all hunks
// decorated and accept → document updated. Writes bench/results/edits.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { benchEdits } from './editsEngine';
import { runExtensionTests } from '../test/harness/extensionTests';
import { progress, quick, repoRoot, resultsDir, round, runMain, summarize, writeSection } from './lib';

async function inExtensionHost(): Promise<Record<string, unknown>> {
  progress('edits', 'building the extension (dev) and the in-host benchmark module');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const outDir = join(resultsDir, 'exthost');
  await esbuild.build({
    entryPoints: { editsHost: join(repoRoot, 'bench', 'exthost', 'editsHost.ts') },
    outdir: outDir, bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['vscode'], logLevel: 'error',
  });
  const work = mkdtempSync(join(resultsDir, 'ws-'));
  const workspace = join(work, 'workspace');
  cpSync(join(repoRoot, 'test', 'sample-workspace'), workspace, { recursive: true });
  const outFile = join(work, 'edits-host.json');
  try {
    progress('edits', 'code-server: streaming a 20-chunk patch into a 3,000-line editor');
    const code = await runExtensionTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(outDir, 'editsHost.js'),
      workspace,
      env: { FLOWPAIR_BENCH_OUT: outFile, FLOWPAIR_BENCH_ITERATIONS: quick ? '8' : '30', OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
      timeoutMs: 4 * 60_000,
    });
    const result = JSON.parse(readFileSync(outFile, 'utf8')) as { ok: boolean; error?: string; activationMs?: number; decorated?: number[]; accepted?: number[]; baseline?: number[] };
    if (!result.ok || code !== 0) throw new Error(`extension-host edits benchmark failed: ${result.error ?? `exit ${code}`}`);
    const decorated = summarize(result.decorated!, 2);
    const accepted = summarize(result.accepted!, 2);
    const baseline = summarize(result.baseline!, 2);
    return { stream_end_to_decorated: decorated, accept_to_document_updated: accepted, vscode_apply_edit_baseline: baseline, activation_ms_dev_build: round(result.activationMs ?? NaN, 2) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function benchEditsSection(): Promise<Record<string, unknown>> {
  progress('edits', 'engine: parse + locate + hunks (3,000 lines, 20 chunks), accept one hunk');
  const engine = benchEdits();
  const out: Record<string, unknown> = {
    locate_hunks_3000_lines_p50: engine.proposeP50Ms,
    locate_hunks_3000_lines_p95: engine.proposeP95Ms,
    accept_hunk_p50: engine.acceptHunkP50Ms,
    accept_hunk_p95: engine.acceptHunkP95Ms,
    engine,
  };
  try {
    const host = await inExtensionHost();
    const decorated = host.stream_end_to_decorated as { p50: number; p95: number };
    const accepted = host.accept_to_document_updated as { p50: number; p95: number };
    Object.assign(out, {
      stream_end_to_decorated_p50: decorated.p50,
      stream_end_to_decorated_p95: decorated.p95,
      accept_to_document_updated_p50: accepted.p50,
      accept_to_document_updated_p95: accepted.p95,
      vscode_apply_edit_baseline_p50: (host.vscode_apply_edit_baseline as { p50: number }).p50,
      extension_host: host,
    });
  } catch (error) {
    progress('edits', `extension-host part failed: ${(error as Error).message}`, true);
    out.extension_host_error = String((error as Error).message);
  }
  return out;
}

runMain(import.meta.url, async () => {
  const edits = await benchEditsSection();
  const file = writeSection('edits', { edits });
  progress('edits', `wrote ${file}`, true);
});
