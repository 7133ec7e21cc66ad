// `npm start`: Flowpair in a real VS Code (code-server) on the sample workspace, on 127.0.0.1.
// Builds, provisions code-server (and Chromium's apt dependencies are not needed here), installs the
// built extension into a private extensions dir, and connects it to the backend from OPENAI_API_KEY /
// OPENAI_BASE_URL, or to a local server it finds on 127.0.0.1. Runs until Ctrl+C, then stops by PID.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { detectLocalServers } from '../src/backend/providers';
import { startCodeServer } from '../test/harness/codeServer';
import { cacheDir, repoRoot } from '../test/harness/provision';

async function main(): Promise<void> {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });

  // The user's copy of the sample workspace survives restarts (their edits are theirs).
  const workspace = join(cacheDir, 'workspace');
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
  if (baseUrl) env.OPENAI_BASE_URL = baseUrl;
  if (baseUrl || key) {
    console.log(`Backend: ${baseUrl ?? 'OpenAI (https://api.openai.com/v1)'}${key ? ', key from OPENAI_API_KEY' : ''}`);
  } else {
    console.log(
      'No backend configured: set OPENAI_API_KEY or OPENAI_BASE_URL, start a local server (Ollama, LM Studio, vLLM, llama.cpp),\n' +
        'or run `npm run fake-backend -- --port 8787` and OPENAI_BASE_URL=http://127.0.0.1:8787/v1. You can also set a key inside VS Code.',
    );
  }

  const cs = await startCodeServer({
    workspace,
    copyWorkspace: false,
    extensionFolder: repoRoot,
    env,
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
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
