// Where a patch path lands on disk, and whether it can be proposed over: the parsers already refuse
// absolute paths and '..'; this also keeps symlinks from leading out of the folder.
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';

export type Resolved = { readonly uri: vscode.Uri; readonly error?: undefined } | { readonly uri?: undefined; readonly error: string };

/** VS Code itself refuses to open larger files as text. */
const MAX_TEXT_BYTES = 50 * 1024 * 1024;
/** Like git: a NUL byte in the first 8000 bytes makes a file binary. */
const BINARY_SNIFF_BYTES = 8000;

export function workspaceRoot(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** The URI of a workspace-relative path, only if it stays inside the first workspace folder. */
export async function resolveInWorkspace(path: string): Promise<Resolved> {
  const root = workspaceRoot();
  if (root === undefined) return { error: 'no folder is open: open the project folder so Flowpair can apply edits' };
  const uri = vscode.Uri.joinPath(root, path);
  const rootPath = root.path.endsWith('/') ? root.path : `${root.path}/`;
  if (!uri.path.startsWith(rootPath)) return { error: `${path} is outside the workspace folder` };
  if (uri.scheme === 'file' && !(await staysInside(root.fsPath, uri.fsPath))) {
    return { error: `${path} leads outside the workspace folder through a symbolic link` };
  }
  return { uri };
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
