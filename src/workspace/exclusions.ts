// `flowpair.context.exclude` applied to real files: the workspace-relative path and, for files on
// disk, the real path behind any symbolic link (so `notes.txt → .env` is excluded like `.env`). One
// check for everything that would send, read or patch a file.
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { exclusion, type Exclusion } from '../security/exclusion';

let compiled: { readonly key: string; readonly exclusion: Exclusion } | undefined;

/** The built-in list plus every scope's patterns, compiled once per change of the setting. */
export function currentExclusion(): Exclusion {
  const patterns = readSettings().contextExclude;
  const key = JSON.stringify(patterns);
  if (compiled?.key !== key) compiled = { key, exclusion: exclusion(patterns) };
  return compiled.exclusion;
}

/** Why a path (relative to its workspace folder) is excluded by name, or undefined. */
export function excludedByName(relativePath: string): string | undefined {
  const pattern = currentExclusion().match(relativePath);
  return pattern === undefined ? undefined : `matches ${pattern} in flowpair.context.exclude`;
}

/** Why a file is excluded by its path in its workspace folder alone (no disk access), or undefined. */
export function excludedByPath(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return excludedByName(folder ? posix.relative(folder.uri.path, uri.path) : uri.path.replace(/^\/+/, ''));
}

/**
 * Why this file must never be sent, read or patched, or undefined when it may be: its path in its
 * workspace folder matches, or its real path (symbolic links resolved, for files that do not exist
 * yet the nearest existing folder) matches or lies outside the folder.
 */
export async function excludedReason(uri: vscode.Uri): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const byName = excludedByPath(uri);
  if (byName !== undefined || uri.scheme !== 'file' || folder === undefined) return byName;
  const real = await realRelativePath(uri, folder);
  if (real === undefined) return 'a symbolic link to a file outside the workspace folder';
  const pattern = currentExclusion().match(real);
  return pattern === undefined ? undefined : `a symbolic link to a file that matches ${pattern} in flowpair.context.exclude`;
}

/**
 * The file's real path relative to its folder's real path, '/'-separated (symbolic links resolved;
 * for a file that does not exist yet, its nearest existing folder); undefined when that lies outside.
 */
export async function realRelativePath(uri: vscode.Uri, folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const realRoot = await realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath);
  const rel = relative(realRoot, await realPathOf(uri.fsPath));
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
async function realPathOf(path: string): Promise<string> {
  const rest: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    const real = await realpath(p).catch(() => undefined);
    if (real !== undefined) return join(real, ...rest.reverse());
    if (dirname(p) === p) return path;
    rest.push(basename(p));
  }
}
