// Codex never runs a command in a Flowpair thread. Its own shell tools are switched off for the
// thread (an approval policy is not enough: the user's or a project's Codex rules can allow a command
// such as `cat` without asking, and the read-only sandbox still reads `.env`). In their place the
// thread gets Flowpair's `run_command` tool: each call reaches Flowpair, is shown in the composer and
// declined, and the model hears that it was declined.
import type { DynamicToolCallParams, DynamicToolCallResponse, DynamicToolSpec, JsonValue } from './protocol.generated';

/** thread/start `config` overrides: no shell tool, no unified exec (its exec_command / write_stdin). */
export const NO_CODEX_SHELL = { 'features.shell_tool': false, 'features.unified_exec': false } as const;

export const RUN_COMMAND_TOOL = 'run_command';

export const RUN_COMMAND_SPEC: DynamicToolSpec = {
  type: 'function',
  name: RUN_COMMAND_TOOL,
  description:
    'Ask to run a shell command in the workspace. The user sees the command; Flowpair does not run commands for you, so expect it to be declined and continue with the files you were given. Propose file changes with apply_patch.',
  inputSchema: {
    type: 'object',
    properties: {
      cmd: { type: 'string', description: 'The shell command.' },
      workdir: { type: 'string', description: 'Working directory (default: the workspace root).' },
      justification: { type: 'string', description: 'Why the command is needed.' },
    },
    required: ['cmd'],
    additionalProperties: false,
  },
};

/** The command a call asks for, as the user should read it (whatever shape the model sent). */
export function requestedCommand(call: Pick<DynamicToolCallParams, 'arguments'>): string {
  const args: JsonValue = call.arguments;
  if (args && typeof args === 'object' && !Array.isArray(args)) {
    const cmd = args.cmd ?? args.command;
    if (typeof cmd === 'string' && cmd.trim()) return cmd.trim();
    if (Array.isArray(cmd) && cmd.length) return cmd.map(String).join(' ');
  }
  return JSON.stringify(args);
}

/** What the model gets back: declined, nothing ran. */
export function declinedCommand(command: string): DynamicToolCallResponse {
  return {
    success: false,
    contentItems: [{ type: 'inputText', text: `Declined by the user: \`${command}\` was not run (Flowpair runs no commands for Codex). Continue without its output.` }],
  };
}
