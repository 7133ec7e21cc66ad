// `npm start [-- --fresh]`: Flowpair in a real VS Code (code-server) on the sample workspace, on 127.0.0.1.
// Builds, provisions code-server, installs the built extension into a private extensions dir, and
// connects it to the backend from OPENAI_API_KEY / OPENAI_BASE_URL, or to a local server it finds on
// 127.0.0.1, or else to the demo backend (test/fake-backend/demo.ts), which answers a few prompts on
// the sample workspace with real patches. VS Code's user data (settings, and the server's half of the
// key that encrypts SecretStorage, so a key set with "Set API Key" survives) is kept between runs in
// .vscode-test/start-profile; --fresh starts from a clean one and a fresh copy of the sample workspace.
// Runs until Ctrl+C, then stops by PID.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detectLocalServers } from '../src/backend/providers';
import { DEMO_PACE, DEMO_PROMPTS, demoAnswerer } from '../test/fake-backend/demo';
import { startFakeBackend, type FakeBackend } from '../test/fake-backend/server';
import { startCodeServer } from '../test/harness/codeServer';
import { cacheDir, repoRoot } from '../test/harness/provision';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });

  // The user's copy of the sample workspace and their VS Code profile survive restarts (their edits
  // and their key are theirs), unless they ask for a fresh start.
  const workspace = join(cacheDir, 'workspace');
  const profile = join(cacheDir, 'start-profile');
  if (values.fresh) {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
    console.log('Fresh start: new VS Code profile and a new copy of the sample workspace.');
  }
  if (!existsSync(workspace)) cpSync(join(repoRoot, 'test', 'sample-workspace'), workspace, { recursive: true });

  const env: Record<string, string> = {};
  const key = process.env.OPENAI_API_KEY?.trim();
  let baseUrl = process.env.OPENAI_BASE_URL?.trim();
  if (key) env.OPENAI_API_KEY = key;
  if (!baseUrl && !key) {
    const [local] = await detectLocalServers();
    if (local) {
      baseUrl = local.preset.baseUrl;
      console.log(`Found ${local.preset.label} at ${baseUrl} (${local.models.length} models).`);
    }
  }
  let demo: FakeBackend | undefined;
  if (baseUrl) env.OPENAI_BASE_URL = baseUrl;
  if (baseUrl || key) {
    console.log(`Backend: ${baseUrl ?? 'OpenAI (https://api.openai.com/v1)'}${key ? ', key from OPENAI_API_KEY' : ''}`);
  } else {
    demo = await startFakeBackend({ ...DEMO_PACE, answer: demoAnswerer(workspace) });
    // The extension uses the demo only while no key or base URL is set inside VS Code, and says so.
    env.FLOWPAIR_DEMO_BASE_URL = demo.baseUrl;
    console.log(
      `No backend configured, so Flowpair uses its demo backend (${demo.baseUrl}): scripted answers with real patches on the sample workspace.\n` +
        `Try: "${DEMO_PROMPTS.fix}", "${DEMO_PROMPTS.validate}", "${DEMO_PROMPTS.rename}".\n` +
        'For a real model: OPENAI_API_KEY=… npm start, OPENAI_BASE_URL=… npm start, a local server (Ollama, LM Studio, vLLM, llama.cpp), or Flowpair: Set API Key.',
    );
  }

  const cs = await startCodeServer({
    workspace,
    copyWorkspace: false,
    extensionFolder: repoRoot,
    env,
    userDataDir: profile,
    port: Number(process.env.PORT) || 18080,
  });
  console.log(`\nFlowpair is running: ${cs.url}/?folder=${encodeURIComponent(cs.workspaceDir)}`);
  console.log('Open it in a browser on this machine; the Flowpair icon is in the activity bar. Ctrl+C stops it.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server…');
    await cs.stop();
    await demo?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
