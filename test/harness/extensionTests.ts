// The @vscode/test-electron `runTests` contract, on code-server: the workbench loads the extension
// under development and the tests module through the URL payload, the extension host requires the
// module and awaits its run(), then the workbench reports the result to window.codeAutomationExit
// (0 when run() resolved, 1 when it threw). The extension host's console arrives through
// window.codeAutomationLog and is forwarded here (mocha's reporter output included).
import { resolve } from 'node:path';
import { format } from 'node:util';
import { openWorkbench, type Workbench } from './browser';
import { type CodeServer, startCodeServer } from './codeServer';

export interface ExtensionTestOptions {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  timeoutMs?: number;
}

/** Resolves the exit code: 0 when the suite passed, 1 otherwise (including a timeout). */
export async function runExtensionTests(opts: ExtensionTestOptions): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    cs = await startCodeServer({
      workspace: opts.workspace,
      extensionDevelopmentPath: opts.extensionDevelopmentPath,
      settings: opts.settings,
      env: opts.env,
    });
    let exit!: (code: number) => void;
    const exited = new Promise<number>((r) => (exit = r));
    const timedOut = new Promise<number>((r) => {
      timer = setTimeout(() => {
        process.stderr.write(`[extension tests] no result after ${timeoutMs / 1000} s: failing. Logs: ${cs!.logsDir}\n`);
        r(1);
      }, timeoutMs);
    });
    wb = await openWorkbench(cs, {
      extensionTestsPath: resolve(opts.extensionTestsPath),
      beforeLoad: async (page) => {
        await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
        await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
          // console.log arguments, format string first (mocha's reporter relies on %s / %d)
          const text = format(...(args ?? []));
          // offline noise: the built-in gallery check cannot reach open-vsx.org here
          if (text.includes('ENOTFOUND open-vsx.org')) return;
          (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(text + '\n');
        });
        page.on('crash', () => {
          process.stderr.write('[extension tests] the workbench page crashed\n');
          exit(1);
        });
      },
    });
    return await Promise.race([exited, timedOut]);
  } finally {
    clearTimeout(timer);
    await wb?.close();
    await cs?.stop();
  }
}
