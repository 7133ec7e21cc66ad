// The apply_patch tool in the three shapes a backend may accept. Shared by the backend (which
// picks the shape per transport) and the UI (which picks the matching streaming parser).
import type { CustomTool, FunctionTool, Tool } from 'openai/resources/responses/responses';

export const APPLY_PATCH = 'apply_patch';

/** How the model is asked to express edits on a given backend. */
export type EditToolStyle = 'custom' | 'function' | 'text';

/** What the UI must parse the edit stream as. */
export type EditFormat = 'apply_patch' | 'search_replace';

export const APPLY_PATCH_GRAMMAR = `start: begin_patch hunk+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

hunk: add_hunk | delete_hunk | update_hunk
add_hunk: "*** Add File: " filename LF add_line+
delete_hunk: "*** Delete File: " filename LF
update_hunk: "*** Update File: " filename LF change_move? change?

filename: /(.+)/
add_line: "+" /(.*)/ LF -> line

change_move: "*** Move to: " filename LF
change: (change_context | change_line)+ eof_line?
change_context: ("@@" | "@@ " /(.+)/) LF
change_line: ("+" | "-" | " ") /(.*)/ LF
eof_line: "*** End of File" LF

%import common.LF
`;

const DESCRIPTION =
  'Edit files with a patch. Paths are relative to the workspace folder. Every patch starts with ' +
  '"*** Begin Patch" and ends with "*** End Patch"; each file section is "*** Add File: path", ' +
  '"*** Delete File: path" or "*** Update File: path" followed by @@ context lines and +/-/space lines.';

export const applyPatchCustomTool: CustomTool = {
  type: 'custom',
  name: APPLY_PATCH,
  description: DESCRIPTION,
  format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_GRAMMAR },
};

export const applyPatchFunctionTool: FunctionTool = {
  type: 'function',
  name: APPLY_PATCH,
  description: DESCRIPTION,
  strict: false,
  parameters: {
    type: 'object',
    properties: { input: { type: 'string', description: 'The whole patch text.' } },
    required: ['input'],
    additionalProperties: false,
  },
};

/** Instructions appended when the backend has no usable tools: edits come as plain text blocks. */
export const SEARCH_REPLACE_INSTRUCTIONS = `To edit a file, write one block per change:
path/to/file
<<<<<<< SEARCH
exact lines currently in the file
=======
replacement lines
>>>>>>> REPLACE`;

export function applyPatchTool(style: EditToolStyle): Tool | undefined {
  if (style === 'custom') return applyPatchCustomTool;
  if (style === 'function') return applyPatchFunctionTool;
  return undefined;
}

export function editFormatFor(style: EditToolStyle): EditFormat {
  return style === 'text' ? 'search_replace' : 'apply_patch';
}
