// The one list of patch targets that need more than one click. Writing inside `.git/` is refused
// outright (its config and hooks run code on the next git command). Files that can run code or
// change the editor — editor and dev-container settings, CI workflows, hook folders, shell startup
// files — are marked on their card and need a second, explicit confirmation. Pure: no vscode.
import { compileGlobs, type GlobSet } from './glob';

export type PathGuard =
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'confirm'; readonly reason: string }
  | undefined;

/** [patterns, why] — the reason is shown on the card and in the confirmation. */
const SENSITIVE: readonly (readonly [readonly string[], string])[] = [
  [['.vscode/**', '*.code-workspace'], 'VS Code settings and tasks can run commands and change the editor'],
  [['.devcontainer/**', '.devcontainer.json'], 'dev container configuration runs commands when the container is built'],
  [
    ['.github/workflows/**', '.github/actions/**', '.gitlab-ci.yml', '.gitlab/**', '.circleci/**', '.buildkite/**', 'azure-pipelines.yml', '.azure-pipelines/**', 'bitbucket-pipelines.yml', '.travis.yml', 'Jenkinsfile', '.drone.yml', '.woodpecker/**', '.woodpecker.yml'],
    'CI configuration runs code with the repository’s secrets',
  ],
  [['.husky/**', '.githooks/**', '.pre-commit-config.yaml', 'lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.gitmodules', '.gitattributes'], 'git hooks and git configuration run code on git commands'],
  [
    ['.bashrc', '.bash_profile', '.bash_login', '.profile', '.zshrc', '.zprofile', '.zshenv', '.zlogin', '.config/fish/**', '.envrc', '.inputrc'],
    'shell startup files run code in every new shell',
  ],
  [['.idea/**'], 'JetBrains project settings can run commands'],
  [['.cargo/config', '.cargo/config.toml', '.mvn/**', 'gradle/wrapper/**', 'gradlew', 'gradlew.bat', 'mvnw', 'mvnw.cmd'], 'build tool configuration and wrappers run code on every build'],
];

// At any depth too: a nested folder may be opened as a workspace or be a repository of its own.
const anyDepth = (patterns: readonly string[]) => patterns.flatMap((p) => (p.startsWith('**/') ? [p] : [p, `**/${p}`]));
const compiled: readonly (readonly [GlobSet, string])[] = SENSITIVE.map(([patterns, why]) => [compileGlobs(anyDepth(patterns)), why] as const);

/** What a patch may do to this workspace-relative path ('/'-separated, already normalised). */
export function guardPath(path: string): PathGuard {
  const segments = path.replaceAll('\\', '/').split('/');
  if (segments.some(isGitName)) return { kind: 'refused', reason: 'Flowpair never writes inside .git (git runs its hooks and config)' };
  // Matched as Windows reads the name too: `.vscode./tasks.json` and `.vscode/tasks.json::$DATA` are `.vscode/tasks.json` there.
  const asWindowsReadsIt = segments.map(windowsName).join('/');
  for (const [globs, why] of compiled) if (globs.test(path) || globs.test(asWindowsReadsIt)) return { kind: 'confirm', reason: why };
  if (segments.some((s) => SHORT_NAME.test(s))) return { kind: 'confirm', reason: 'a Windows short name (like VSCODE~1) can stand for any folder, a sensitive one included' };
  return undefined;
}

/** An 8.3 short name: up to six characters, `~` and a digit, an optional extension. */
const SHORT_NAME = /^[^~./]{1,6}~\d+(?:\.[^.]{0,3})?$/;

/** A segment as Windows resolves it: an NTFS stream suffix (`:…`) and trailing dots and spaces dropped. */
export function windowsName(segment: string): string {
  return segment.split(':')[0]!.replace(/[. ]+$/, '');
}

/**
 * `.git` anywhere, as a folder or a worktree's `.git` file, spelled as case-insensitive file systems
 * and Windows read it too: `.GIT`, `.git.` / `.git ` (trailing dots and spaces dropped), `.git::$DATA`
 * (NTFS streams) and the 8.3 short name `GIT~1`.
 */
function isGitName(segment: string): boolean {
  const name = windowsName(segment.toLowerCase());
  return name === '.git' || name === 'git~1';
}
