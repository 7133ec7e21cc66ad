// "Add file…" ranking, like Quick Open: every query character must appear in order; a match in the
// file name beats a match spread over the folders, a name-prefix match beats both, and shorter paths
// win ties. fuzzysort does the per-string scoring. Pure, so it is unit-tested without vscode.
import fuzzysort from 'fuzzysort';

export interface IndexedFile {
  /** Workspace-relative, '/'-separated. */
  readonly path: string;
  readonly name: string;
  readonly preparedPath: Fuzzysort.Prepared;
  readonly preparedName: Fuzzysort.Prepared;
}

export function indexFile(path: string): IndexedFile {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return { path, name, preparedPath: fuzzysort.prepare(path), preparedName: fuzzysort.prepare(name) };
}

/** The best `limit` files for a typed query, best first; an empty query keeps the given order. */
export function rankFiles<T extends IndexedFile>(query: string, files: readonly T[], limit: number): T[] {
  const q = query.trim().replaceAll('\\', '/');
  if (q === '') return files.slice(0, limit);
  const lower = q.toLowerCase();
  // A query with a folder separator is about the path; otherwise the name counts first.
  const results = q.includes('/')
    ? fuzzysort.go(q, files, { key: 'preparedPath', limit })
    : fuzzysort.go(q, files, {
        keys: ['preparedName', 'preparedPath'],
        limit,
        scoreFn: (r) => {
          const [name, path] = [r[0], r[1]];
          if (name && name.score > 0) return 1 + (r.obj.name.toLowerCase().startsWith(lower) ? 1 : 0) + name.score;
          return path?.score ?? 0;
        },
      });
  // fuzzysort keeps the best `limit`; ties go to the shorter path, as in Quick Open
  return results
    .map((r, order) => ({ file: r.obj, score: r.score, order }))
    .sort((a, b) => b.score - a.score || a.file.path.length - b.file.path.length || a.order - b.order)
    .map((s) => s.file);
}
