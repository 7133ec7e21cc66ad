// The workspace's files for "Add file…", found with VS Code's own file search (files.exclude applied
// by findFiles, search.exclude and ignore files as VS Code's search reads them). Built when the picker
// first opens, then kept until a file is created or deleted or one of those settings changes; a
// rebuild shows the previous list meanwhile.
import * as vscode from 'vscode';
import { ignoredBy, searchExcludes, type IgnoreFile } from './fileFilters';
import { indexFile, type IndexedFile } from './fileRanking';

/** Enough for any real repository; the picker says so when a workspace has more. */
export const MAX_INDEXED_FILES = 500_000;

export interface WorkspaceFile extends IndexedFile {
  readonly uri: vscode.Uri;
}

export class WorkspaceFileIndex implements vscode.Disposable {
  private building: Promise<WorkspaceFile[]> | undefined;
  private latest: WorkspaceFile[] | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly cancel = new vscode.CancellationTokenSource();

  constructor(private readonly log: (line: string) => void = () => {}) {}

  /** The last complete list, if any (shown while a rebuild runs). */
  get previous(): readonly WorkspaceFile[] | undefined {
    return this.latest;
  }

  files(): Promise<WorkspaceFile[]> {
    if (this.subscriptions.length === 0) this.watch();
    this.building ??= this.build().then(
      (files) => (this.latest = files),
      (error: unknown) => {
        this.building = undefined;
        throw error;
      },
    );
    return this.building;
  }

  dispose(): void {
    this.cancel.cancel();
    this.cancel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private watch(): void {
    const invalidate = () => (this.building = undefined);
    // Only creations and deletions change the list; VS Code shares its own workspace watcher for this.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      vscode.workspace.onDidChangeWorkspaceFolders(invalidate),
      vscode.workspace.onDidChangeConfiguration(
        (e) => (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude') || e.affectsConfiguration('search.useIgnoreFiles')) && invalidate(),
      ),
    );
  }

  private async build(): Promise<WorkspaceFile[]> {
    const started = performance.now();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const lists = await Promise.all(folders.map((folder) => this.folderFiles(folder, folders.length > 1)));
    const files = lists.flat();
    this.log(`Add file…: ${files.length} workspace files listed in ${Math.round(performance.now() - started)} ms`);
    return files;
  }

  private async folderFiles(folder: vscode.WorkspaceFolder, prefixWithName: boolean): Promise<WorkspaceFile[]> {
    const search = vscode.workspace.getConfiguration('search', folder.uri);
    const excludes = searchExcludes(search.get('exclude'));
    const token = this.cancel.token;
    const [uris, ignored] = await Promise.all([
      // A non-null exclude keeps files.exclude applied, as the API documents.
      vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), excludes.glob ?? undefined, MAX_INDEXED_FILES, token),
      search.get<boolean>('useIgnoreFiles', true) ? ignoreRules(folder, excludes.glob, token) : () => false,
    ]);
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
    const files: WorkspaceFile[] = [];
    for (const uri of uris) {
      const rel = uri.path.startsWith(base) ? uri.path.slice(base.length) : vscode.workspace.asRelativePath(uri, false);
      if (ignored(rel) || excludes.excluded(rel)) continue;
      files.push({ ...indexFile(prefixWithName ? `${folder.name}/${rel}` : rel), uri });
    }
    return files;
  }
}

/** The folder's ignore files, in the precedence ripgrep gives them. */
async function ignoreRules(folder: vscode.WorkspaceFolder, exclude: string | undefined, token: vscode.CancellationToken): Promise<(path: string) => boolean> {
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/{.gitignore,.ignore}'), exclude, undefined, token);
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  const rank = (name: string) => (name === '.ignore' ? 2 : 1);
  const files = await Promise.all(
    found.map(async (uri): Promise<IgnoreFile & { rank: number }> => {
      const rel = uri.path.slice(base.length);
      const slash = rel.lastIndexOf('/');
      return { dir: slash < 0 ? '' : rel.slice(0, slash), text: await readUtf8(uri), rank: rank(rel.slice(slash + 1)) };
    }),
  );
  const infoExclude = await readUtf8(vscode.Uri.joinPath(folder.uri, '.git', 'info', 'exclude'));
  files.push({ dir: '', text: infoExclude, rank: 0 });
  return ignoredBy(files.sort((a, b) => a.rank - b.rank));
}

async function readUtf8(uri: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return ''; // unreadable: no rules
  }
}
