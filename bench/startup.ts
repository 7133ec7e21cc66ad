// Section "startup": activate() in the extension host of code-server with the .vsix installed (what
// a user runs), bundle sizes of the production build, and the .vsix size. Writes bench/results/startup.json.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, runCommand } from '../test/harness/browser';
import { startCodeServer } from '../test/harness/codeServer';
import { activationTimes, packageVsix } from './codeServer';
import { counter, progress, quick, repoRoot, round, runMain, sleep, summarize, writeSection } from './lib';

const kb = (file: string) => round(statSync(file).size / 1024, 1);

export async function benchStartup(): Promise<Record<string, unknown>> {
  progress('startup', 'npm run package: production bundles and the .vsix');
  const vsix = packageVsix();
  const dist = join(repoRoot, 'dist');
  const sizes = {
    extension_bundle_kb: kb(join(dist, 'extension.js')),
    backend_bundle_kb: kb(join(dist, 'backend.js')),
    webview_bundle_kb: round(kb(join(dist, 'webview.js')) + kb(join(dist, 'webview.css')), 1),
    webview_js_kb: kb(join(dist, 'webview.js')),
    webview_css_kb: kb(join(dist, 'webview.css')),
    // the toolkit's elements, loaded by the composer after its first paint
    toolkit_js_kb: kb(join(dist, 'toolkit.js')),
    vsix_kb: kb(vsix),
  };
  const windows = quick ? 2 : 5;
  progress('startup', `code-server with the .vsix: activation in ${windows} fresh windows`);
  const cs = await startCodeServer({
    workspace: join(repoRoot, 'test', 'sample-workspace'),
    vsix,
    env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
  });
  const samples: number[] = [];
  try {
    const tick = counter('startup', 'window', windows);
    for (let i = 0; i < windows; i++) {
      // a new page = a new window = a new extension host that activates Flowpair afresh
      const wb = await openWorkbench(cs);
      try {
        const before = activationTimes(cs.logsDir).length;
        await runCommand(wb.page, 'Flowpair: Open Composer');
        for (let t = 0; t < 100 && activationTimes(cs.logsDir).length <= before; t++) await sleep(100);
        const all = activationTimes(cs.logsDir);
        if (all.length > before) samples.push(all.at(-1)!);
        tick(`activated in ${all.at(-1)} ms`);
      } finally {
        await wb.close();
      }
      await sleep(500);
    }
  } finally {
    await cs.stop();
  }
  if (samples.length === 0) throw new Error('no "activated in" line found in the Flowpair log');
  const activate = summarize(samples, 2);
  return { activate_ms: activate.p50, activate, ...sizes, vsix: vsix.replace(repoRoot + '/', '') };
}

runMain(import.meta.url, async () => {
  const startup = await benchStartup();
  const file = writeSection('startup', { startup });
  progress('startup', `wrote ${file}`, true);
});
