// Where a patch path lands on disk, and whether it can be proposed over: the parsers already refuse
// absolute paths and '..'; this picks the workspace folder (multi-root), keeps symlinks from leading
// out of it, and applies the trust boundary before anything is read: no edits in Restricted Mode,
// never inside .git, never an excluded file, and a second confirmation for sensitive files.
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { folderTarget } from '../security/folders';
import { guardPath } from '../security/sensitivePaths';
import { excludedReason, realRelativePath } from './exclusions';

export type Resolved =
  | { readonly uri: vscode.Uri; readonly error?: undefined; /** Why accepting needs a second confirmation. */ readonly sensitive?: string }
  | { readonly uri?: undefined; readonly error: string; readonly sensitive?: undefined };

/** VS Code itself refuses to open larger files as text. */
const MAX_TEXT_BYTES = 50 * 1024 * 1024;
/** Like git: a NUL byte in the first 8000 bytes makes a file binary. */
const BINARY_SNIFF_BYTES = 8000;

export const RESTRICTED_EDITS = 'Restricted Mode: Flowpair applies no edits in an untrusted workspace (trust it with "Manage Workspace Trust")';

/** The URI of a patch path, only if a patch may target it (see the header). */
export async function resolveInWorkspace(path: string): Promise<Resolved> {
  if (!vscode.workspace.isTrusted) return { error: RESTRICTED_EDITS };
  const folders = vscode.workspace.workspaceFolders ?? [];
  const exists = (index: number, relative: string) => vscode.workspace.fs.stat(vscode.Uri.joinPath(folders[index]!.uri, relative)).then(() => true, () => false);
  const target = await folderTarget(path, folders.map((f) => f.name), exists);
  if (target.error !== undefined) return { error: target.error };
  const root = folders[target.folder]!.uri;
  const guard = guardPath(target.path);
  if (guard?.kind === 'refused') return { error: `${path}: ${guard.reason}` };
  const uri = vscode.Uri.joinPath(root, target.path);
  const rootPath = root.path.endsWith('/') ? root.path : `${root.path}/`;
  if (!uri.path.startsWith(rootPath)) return { error: `${path} is outside the workspace folder` };
  if (uri.scheme === 'file' && !(await staysInside(root.fsPath, uri.fsPath))) {
    return { error: `${path} leads outside the workspace folder through a symbolic link` };
  }
  const excluded = await excludedReason(uri);
  if (excluded !== undefined) return { error: `${path} is excluded (${excluded}): Flowpair never reads or writes it` };
  // A symbolic link is judged by where it leads too (`docs/cfg → ../.git/config`).
  const real = uri.scheme === 'file' ? await realRelativePath(uri, folders[target.folder]!) : undefined;
  const realGuard = real !== undefined && real !== target.path ? guardPath(real) : undefined;
  if (realGuard?.kind === 'refused') return { error: `${path} leads into ${real}: ${realGuard.reason}` };
  const sensitive = guard ?? realGuard;
  return sensitive === undefined ? { uri } : { uri, sensitive: sensitive.reason };
}

/** The nearest existing ancestor of `target` (or itself), resolved through symlinks, is inside `root`. */
async function staysInside(root: string, target: string): Promise<boolean> {
  const realRoot = await realpath(root).catch(() => root);
  for (let p = target; ; p = p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')))) {
    const real = await realpath(p).catch(() => undefined);
    if (real !== undefined) return real === realRoot || real.startsWith(realRoot + (realRoot.includes('\\') ? '\\' : '/'));
    if (p.length <= realRoot.length) return true;
  }
}

export type Opened = { readonly doc: vscode.TextDocument; readonly error?: undefined } | { readonly doc?: undefined; readonly error: string };

/** Opens an existing text file for a proposal; undefined doc with no error when the file does not exist. */
export async function openExisting(uri: vscode.Uri, path: string): Promise<Opened | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open !== undefined) return { doc: open };
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  if (stat.type & vscode.FileType.Directory) return { error: `${path} is a directory, not a file` };
  if (stat.size > MAX_TEXT_BYTES) return { error: `${path} is too large to edit as text (${Math.round(stat.size / 1048576)} MB)` };
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { error: `${path} is a binary file; Flowpair only edits text files` };
  try {
    return { doc: await vscode.workspace.openTextDocument(uri) };
  } catch (e) {
    return { error: `${path} cannot be opened as text: ${e instanceof Error ? e.message : String(e)}` };
  }
}
