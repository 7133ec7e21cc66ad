// A Codex `fileChange` item (per file: add = the new content, update = a unified diff, delete) as
// apply_patch text, the input Flowpair's edit engine already parses into hunks. Paths become
// relative to the workspace root; a path outside it stays absolute, and the engine refuses it.
import { isAbsolute, relative, sep } from 'node:path';
import type { FileUpdateChange } from './protocol.generated';

export function fileChangesToPatch(changes: readonly FileUpdateChange[], root: string): string {
  const out = ['*** Begin Patch'];
  for (const change of changes) {
    const path = workspacePath(change.path, root);
    switch (change.kind.type) {
      case 'add':
        out.push(`*** Add File: ${path}`, ...contentLines(change.diff).map((line) => `+${line}`));
        break;
      case 'delete':
        out.push(`*** Delete File: ${path}`);
        break;
      case 'update':
        out.push(`*** Update File: ${path}`);
        if (change.kind.move_path) out.push(`*** Move to: ${workspacePath(change.kind.move_path, root)}`);
        out.push(...unifiedDiffToChunks(change.diff));
        break;
    }
  }
  out.push('*** End Patch', '');
  return out.join('\n');
}

/** Unified diff hunks → apply_patch chunks: `@@` headers lose their line numbers (hunks are located by content). */
function unifiedDiffToChunks(diff: string): string[] {
  const lines: string[] = [];
  for (const line of contentLines(diff)) {
    if (line.startsWith('@@')) lines.push('@@');
    else if (line.startsWith('---') || line.startsWith('+++')) continue; // file headers, if present
    else if (line.startsWith('\\')) continue; // "\ No newline at end of file"
    else if (line.startsWith(' ') || line.startsWith('-') || line.startsWith('+')) lines.push(line);
    else if (line === '') lines.push(' '); // a blank context line whose space was trimmed
  }
  return lines;
}

function contentLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

function workspacePath(path: string, root: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(root, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}
