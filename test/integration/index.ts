// extensionTestsPath entry, the @vscode/test-electron contract: the workbench calls run() inside the
// extension host and exits with 0 when it resolves, 1 when it rejects. Runs in code-server here
// (test/harness/extensionTests.ts) and in desktop VS Code through test/run-electron.mjs.
import Mocha from 'mocha';

export function run(): Promise<void> {
  const grep = process.env.FLOWPAIR_TEST_GREP || undefined;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20_000, reporter: 'spec', grep });
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  // Suites are bundled; requiring them here runs their suite()/test() calls with the globals above
  // (an import would be hoisted above the pre-require).
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('./activation.test');
  require('./settings.test');
  require('./proposals.test');
  require('./reviewDiff.test');
  require('./proposalLifetime.test');
  require('./contextChips.test');
  require('./lanes.test');
  require('./security.test');
  require('./endpointKeys.test');
  require('./codex.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
