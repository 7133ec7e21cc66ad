// Which files "Add file…" lists, decided the way VS Code's own search decides it. `files.exclude` is
// applied by findFiles itself; this adds `search.exclude` (its `true` entries: `when` clauses need
// the sibling files and are left out) and ignore files (.gitignore, .ignore, .git/info/exclude),
// as ripgrep reads them when `search.useIgnoreFiles` is on. Pure, so it is unit-tested without vscode.
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export interface SearchExcludes {
  /** One glob for findFiles (it prunes whole folders during the walk); undefined when empty. */
  readonly glob: string | undefined;
  /** Patterns findFiles cannot take inside one `{…}` group (they have braces themselves). */
  readonly excluded: (path: string) => boolean;
}

export function searchExcludes(setting: unknown): SearchExcludes {
  const patterns = Object.entries(typeof setting === 'object' && setting !== null ? setting : {})
    .filter(([pattern, on]) => on === true && pattern.trim() !== '')
    .map(([pattern]) => pattern.replace(/^\.\//, ''));
  const plain = patterns.filter((p) => !/[{}]/.test(p));
  // A folder pattern hides what is inside the folder too (findFiles prunes it; here it is not pruned).
  const braced = patterns.filter((p) => /[{}]/.test(p)).flatMap((p) => [p, `${p}/**`]);
  const excluded = braced.length === 0 ? () => false : picomatch(braced, { dot: true });
  return { glob: plain.length === 0 ? undefined : `{${plain.join(',')}}`, excluded };
}

export interface IgnoreFile {
  /** The folder holding the file, workspace-relative ('' for the root). */
  readonly dir: string;
  readonly text: string;
}

/**
 * A predicate for "ignored by an ignore file". Files in one folder are given in rising precedence
 * (.git/info/exclude, .gitignore, .ignore); a deeper folder's rules win over its parents'.
 */
export function ignoredBy(files: readonly IgnoreFile[]): (path: string) => boolean {
  const byDir = new Map<string, Ignore>();
  for (const f of files) {
    const ig = byDir.get(f.dir) ?? ignore({ allowRelativePaths: true });
    ig.add(f.text);
    byDir.set(f.dir, ig);
  }
  if (byDir.size === 0) return () => false;
  return (path) => {
    // Walk up from the file's own folder: the first ignore file with a verdict decides.
    for (let end = path.lastIndexOf('/'); ; end = path.lastIndexOf('/', end - 1)) {
      const dir = end < 0 ? '' : path.slice(0, end);
      const ig = byDir.get(dir);
      if (ig) {
        const verdict = ig.test(dir === '' ? path : path.slice(dir.length + 1));
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      if (end < 0) return false;
    }
  };
}
