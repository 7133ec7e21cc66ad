// Multi-root workspaces: which folder a patch path belongs to. A path may start with a workspace
// folder's name ("api/src/x.ts") and then resolves in that folder; an unprefixed path resolves in
// the one folder that has it. When more than one reading fits, or none does while there are several
// folders, the path is refused with the choices named: an edit never lands in the wrong folder.
// Pure: the caller supplies the folders' names and a way to ask whether a file exists. No vscode.

export type FolderTarget = { readonly folder: number; readonly path: string; readonly error?: undefined } | { readonly error: string };

/**
 * @param path a patch path already checked by checkPatchPath ('/'-separated, relative, no '..')
 * @param names the workspace folders' names, in order
 * @param exists whether `path` exists in folder `index`
 */
export async function folderTarget(path: string, names: readonly string[], exists: (index: number, path: string) => PromiseLike<boolean>): Promise<FolderTarget> {
  if (names.length === 0) return { error: 'no folder is open: open the project folder so Flowpair can apply edits' };
  if (names.length === 1) return { folder: 0, path };
  const candidates: { folder: number; path: string }[] = [];
  const slash = path.indexOf('/');
  if (slash > 0) {
    const head = path.slice(0, slash);
    const rest = path.slice(slash + 1);
    names.forEach((name, index) => name === head && candidates.push({ folder: index, path: rest }));
  }
  const found = await Promise.all(names.map((_, index) => exists(index, path)));
  found.forEach((yes, index) => yes && candidates.push({ folder: index, path }));
  const described = candidates.map((c) => `${names[c.folder]}/${c.path}`);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    return { error: `${path} is in none of the workspace folders; start the path with the folder's name (${names.map((n) => `${n}/…`).join(', ')})` };
  }
  return { error: `${path} is ambiguous in this multi-root workspace: it could be ${described.join(' or ')}; start the path with the folder's name` };
}
