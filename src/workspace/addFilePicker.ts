// "Add file…": a Quick Open-like picker over the whole workspace. Results are ranked here on every
// keystroke (fileRanking) and shown name first, folder second, as Quick Open shows them; files that
// match `flowpair.context.exclude` are listed with the reason they will never be sent.
import * as vscode from 'vscode';
import type { WorkspaceFile, WorkspaceFileIndex } from './fileIndex';
import { rankFiles } from './fileRanking';
import { excludedByName } from './exclusions';

/** As many rows as a person scans; typing more narrows the rest. */
const SHOWN = 200;

interface FileItem extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
}

export function pickWorkspaceFile(index: WorkspaceFileIndex): Promise<vscode.Uri | undefined> {
  const picker = vscode.window.createQuickPick<FileItem>();
  picker.title = 'Flowpair: Add File to Context';
  picker.placeholder = 'Type part of a file name or path (files.exclude, search.exclude and ignore files apply)';
  let files: readonly WorkspaceFile[] = index.previous ?? [];
  let failure: string | undefined;
  picker.busy = true;

  const item = (file: WorkspaceFile): FileItem => {
    const dir = file.path.slice(0, file.path.length - file.name.length - 1);
    const excluded = excludedByName(file.path);
    // alwaysShow: the ranking here decides what is listed, not the picker's own contiguous filter
    return { label: file.name, description: excluded ? `${dir} · never sent: ${excluded}` : dir, uri: file.uri, alwaysShow: true };
  };
  const render = () => {
    if (failure !== undefined) {
      picker.items = [{ label: `Could not list the workspace's files: ${failure}`, alwaysShow: true }];
      return;
    }
    const ranked = rankFiles(picker.value, files, SHOWN);
    if (ranked.length > 0 || picker.busy) {
      picker.items = ranked.map(item);
    } else {
      const query = picker.value.trim();
      picker.items = [
        {
          label: query ? `No file matches "${query}"` : 'This workspace has no files to attach',
          detail: 'Files hidden by files.exclude, search.exclude or an ignore file (.gitignore) are not listed.',
          alwaysShow: true,
        },
      ];
    }
  };

  index.files().then(
    (all) => {
      files = all;
      picker.busy = false;
      render();
    },
    (error: unknown) => {
      failure = error instanceof Error ? error.message : String(error);
      picker.busy = false;
      render();
    },
  );

  return new Promise((resolve) => {
    picker.onDidChangeValue(render);
    picker.onDidAccept(() => {
      const uri = picker.selectedItems[0]?.uri;
      if (uri === undefined) return; // the "no match" row: keep the picker open for another try
      resolve(uri);
      picker.hide();
    });
    picker.onDidHide(() => {
      resolve(undefined);
      picker.dispose();
    });
    render();
    picker.show();
  });
}
