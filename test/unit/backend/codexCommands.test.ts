// The command tool Flowpair gives Codex threads: whatever shape the model sends, the user reads the
// command itself, and the model always hears it was declined and not run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declinedCommand, NO_CODEX_SHELL, requestedCommand, RUN_COMMAND_SPEC } from '../../../src/backend/codex/commands';

test('the command is read from cmd, from a command array, or shown as the raw arguments', () => {
  assert.equal(requestedCommand({ arguments: { cmd: '  cat .env ' } }), 'cat .env');
  assert.equal(requestedCommand({ arguments: { command: ['ls', '-la'] } }), 'ls -la');
  assert.equal(requestedCommand({ arguments: { cmd: '' } }), '{"cmd":""}');
  assert.equal(requestedCommand({ arguments: 'rm -rf /' }), '"rm -rf /"');
});

test('the answer says declined and not run, naming the command', () => {
  const answer = declinedCommand('cat .env');
  assert.equal(answer.success, false);
  assert.deepEqual(answer.contentItems.map((c) => c.type), ['inputText']);
  assert.match(JSON.stringify(answer), /Declined by the user: `cat \.env` was not run/);
});

test("Codex's own shell tools are switched off and the replacement takes a cmd", () => {
  assert.deepEqual(NO_CODEX_SHELL, { 'features.shell_tool': false, 'features.unified_exec': false });
  assert.equal(RUN_COMMAND_SPEC.type, 'function');
  assert.match(JSON.stringify(RUN_COMMAND_SPEC), /"required":\["cmd"\]/);
});
