// Shared helpers of the benchmark sections: percentiles, progress on stderr, result files.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = dirname(benchDir);
export const resultsDir = join(benchDir, 'results');

export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

export interface Summary {
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
  n: number;
}

export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  // linear interpolation between closest ranks
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

export function summarize(samples: readonly number[], digits = 1): Summary {
  const mean = samples.reduce((a, b) => a + b, 0) / (samples.length || 1);
  return {
    p50: round(quantile(samples, 0.5), digits),
    p95: round(quantile(samples, 0.95), digits),
    min: round(Math.min(...samples), digits),
    max: round(Math.max(...samples), digits),
    mean: round(mean, digits),
    n: samples.length,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let lastLine = '';
/** One progress line on stderr (rewritten in place on a terminal). */
export function progress(section: string, message: string, done = false): void {
  const line = `[bench ${section}] ${message}`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r\x1b[2K${line}${done ? '\n' : ''}`);
  } else if (done || line !== lastLine) {
    process.stderr.write(line + '\n');
  }
  lastLine = line;
}

/** Counts steps and reports every ~5 % (every step on a terminal). */
export function counter(section: string, label: string, total: number): (extra?: string) => void {
  let n = 0;
  let lastPct = -1;
  const started = performance.now();
  return (extra = '') => {
    n++;
    const pct = Math.floor((n / total) * 20);
    if (!process.stderr.isTTY && pct === lastPct && n !== total) return;
    lastPct = pct;
    const elapsed = (performance.now() - started) / 1000;
    const eta = n < total ? ` · ~${Math.ceil((elapsed / n) * (total - n))} s left` : '';
    progress(section, `${label} ${n}/${total}${eta}${extra ? ' · ' + extra : ''}`, n === total);
  };
}

/** Each section writes bench/results/<section>.json; scripts/bench.mjs merges them into latest.json. */
export function writeSection(section: string, data: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${section}.json`);
  writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), quick, ...(data as object) }, null, 2) + '\n');
  return file;
}

export function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** Runs a section module's main when it is the entry point; exits non-zero on failure. */
export function runMain(importMetaUrl: string, main: () => Promise<unknown>): void {
  if (process.argv[1] && fileURLToPath(importMetaUrl) === process.argv[1]) {
    main().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
