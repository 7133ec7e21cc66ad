// Glob matching in time linear in the path's length, whatever the pattern: zeptomatch turns a glob
// into a regular expression without look-arounds, and RE2JS (a port of RE2) runs it without
// backtracking. Patterns come from repositories too, so a pattern like twenty `*a` cannot freeze the
// extension host, and brace sets that would expand into a huge expression are refused. Pure: no vscode.
import { RE2JS } from 're2js';
import zeptomatch from 'zeptomatch';

/** Longer patterns are refused: nobody writes them, and they bound the compiled expression. */
const MAX_PATTERN_CHARS = 512;
/** `{a,b}` sets multiply the expression's size; more than a few are refused. */
const MAX_BRACE_SETS = 4;
/** A compiled expression larger than this is refused (e.g. a huge `{1..N}` range). */
const MAX_EXPRESSION_CHARS = 8_192;
/**
 * All patterns of one set together: compiling costs time in their size (about 0.5 s for 80k
 * characters) and RE2JS refuses far larger ones, so a repository's list of thousands of patterns
 * would freeze or break every check. Patterns come in order (built-in, user, workspace): the later
 * ones beyond this budget are refused.
 */
const MAX_TOTAL_EXPRESSION_CHARS = 24_576;
const OVER_BUDGET = 'too many or too large patterns: this one and those after it are not used';

export interface GlobSet {
  /** Whether any of the patterns matches the whole '/'-separated path, ignoring case. */
  test(path: string): boolean;
  /** The first pattern that matches (slower: only for saying why). */
  which(path: string): string | undefined;
  /** Patterns that were refused, with the reason. */
  readonly invalid: readonly { readonly pattern: string; readonly error: string }[];
}

/** Compiles globs into one case-insensitive matcher; refused patterns are listed, never thrown. */
export function compileGlobs(patterns: readonly string[]): GlobSet {
  const valid: { pattern: string; re: RE2JS }[] = [];
  const invalid: { pattern: string; error: string }[] = [];
  let total = 0;
  for (const pattern of patterns) {
    // Once over budget the rest are not even compiled: compiling thousands one by one takes seconds too.
    if (total > MAX_TOTAL_EXPRESSION_CHARS) {
      invalid.push({ pattern, error: OVER_BUDGET });
      continue;
    }
    const compiled = compileOne(pattern);
    if (typeof compiled === 'string') invalid.push({ pattern, error: compiled });
    else if ((total += compiled.pattern().length) > MAX_TOTAL_EXPRESSION_CHARS) invalid.push({ pattern, error: OVER_BUDGET });
    else valid.push({ pattern, re: compiled });
  }
  // One expression for all: a path is scanned once, not once per pattern.
  const all = valid.length === 0 ? undefined : RE2JS.compile(valid.map((v) => `(?:${v.re.pattern()})`).join('|'), RE2JS.CASE_INSENSITIVE);
  return {
    test: (path) => all?.testExact(path) ?? false,
    which: (path) => valid.find((v) => v.re.testExact(path))?.pattern,
    invalid,
  };
}

function compileOne(pattern: string): RE2JS | string {
  if (pattern.length > MAX_PATTERN_CHARS) return `longer than ${MAX_PATTERN_CHARS} characters`;
  if ((pattern.match(/\{/g)?.length ?? 0) > MAX_BRACE_SETS) return `more than ${MAX_BRACE_SETS} {…} sets`;
  try {
    const source = zeptomatch.compile(pattern).source;
    if (source.length > MAX_EXPRESSION_CHARS) return 'expands to too large an expression';
    return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
