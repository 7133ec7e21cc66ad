// A small glob matcher for `flowpair.context.exclude`, pure so it is unit-tested without vscode.
// `*` and `?` stay within one path segment, `**` spans segments; a pattern without '/' matches the
// basename anywhere (like .gitignore), so `.env*` catches `config/.env.local` too.

const cache = new Map<string, RegExp>();

/** Whether a workspace-relative, '/'-separated path matches the glob. */
export function matchesGlob(pattern: string, path: string): boolean {
  const target = pattern.includes('/') ? path : path.slice(path.lastIndexOf('/') + 1);
  let re = cache.get(pattern);
  if (re === undefined) {
    re = toRegExp(pattern.replace(/^\.\//, ''));
    cache.set(pattern, re);
  }
  return re.test(target);
}

export function matchesAny(patterns: readonly string[], path: string): string | undefined {
  return patterns.find((p) => matchesGlob(p, path));
}

function toRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const segmentStart = i === 0 || pattern[i - 1] === '/';
      i++;
      if (segmentStart && pattern[i + 1] === '/') {
        source += '(?:.*/)?'; // `**/`: zero or more whole segments
        i++;
      } else {
        source += '.*';
      }
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
