import * as vscode from 'vscode';
import type { FlowpairApi } from '../../src/extension';

export const EXTENSION_ID = 'flowpair.flowpair';

export async function activateFlowpair(): Promise<FlowpairApi> {
  const ext = vscode.extensions.getExtension<FlowpairApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext.isActive ? ext.exports : ext.activate();
}

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri;
}

/** Resolves when `predicate` holds, polling; rejects with `what` after `ms`. */
export async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
