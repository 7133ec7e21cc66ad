// `npm run bench [-- section… ] [--quick] [--publish]`: runs the benchmark sections (transport,
// edits, startup, webview, scaling, context; all by default) as TypeScript modules under bench/, each in its own
// Node process, merges their results into bench/results/latest.json and renders
// bench/results/latest.md with SVG charts (bench/report.ts). Sections not run this time keep their
// previous results. --quick shrinks the counts (development only); --publish also copies the report
// to bench/REPORT.md and the charts to bench/charts/. Progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const results = join(root, 'bench', 'results');
const SECTIONS = ['transport', 'edits', 'startup', 'webview', 'scaling', 'context', 'codex'];
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const publish = args.includes('--publish');
const unknown = args.filter((a) => !a.startsWith('--') && !SECTIONS.includes(a));
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const chosen = args.filter((a) => SECTIONS.includes(a));
const run = chosen.length ? SECTIONS.filter((s) => chosen.includes(s)) : SECTIONS;
mkdirSync(results, { recursive: true });

const started = Date.now();
const failed = [];
for (const section of run) {
  const t0 = Date.now();
  process.stderr.write(`[bench] ── ${section} ──\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', `${section}.ts`), ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  if (r.status !== 0) {
    failed.push(section);
    process.stderr.write(`[bench] ${section} FAILED after ${secs} s (exit ${r.status ?? r.signal})\n`);
  } else process.stderr.write(`[bench] ${section} done in ${secs} s\n`);
}

function osName() {
  try {
    return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}
const cpus = os.cpus();
const latest = {
  meta: {
    generatedAt: new Date().toISOString(),
    quick,
    machine: `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${osName()}, Node ${process.versions.node}, Chromium 156 (headless), code-server 4.139.1 / VS Code 1.139.1`,
    node: process.versions.node,
    chromium: '156',
    codeServer: '4.139.1 (VS Code 1.139.1)',
    sections: {},
    failed,
  },
};
for (const section of SECTIONS) {
  const file = join(results, `${section}.json`);
  if (!existsSync(file)) continue;
  const data = JSON.parse(readFileSync(file, 'utf8'));
  latest.meta.sections[section] = { measuredAt: data.measuredAt, quick: data.quick };
  latest[section] = data[section];
  if (data.quick) latest.meta.quick = true;
}
writeFileSync(join(results, 'latest.json'), JSON.stringify(latest, null, 2) + '\n');
process.stderr.write(`[bench] wrote bench/results/latest.json (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
const report = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'report.ts'), ...(publish ? ['--publish'] : [])], { cwd: root, stdio: 'inherit' });
process.exit(failed.length || report.status ? 1 : 0);
