// Which files are never sent to the model, read, or patched. The built-in list always applies; the
// user's `flowpair.context.exclude` and a workspace's values only add to it. Matching ignores case
// (`.ENV`, `Server.PEM`, `ID_RSA`), and a pattern without '/' matches any one segment, so naming a
// folder (`.aws`) excludes everything under it. Pure: the caller also passes the real path of a
// symlink, so `notes.txt → .env` is caught by its target. No vscode.
import { compileGlobs } from './glob';
import { windowsName } from './sensitivePaths';

/** Credentials and keys, never sent whatever the settings say. */
export const BUILT_IN_EXCLUDES: readonly string[] = [
  // dotenv variants: .env, .env.local, .env-production, .envrc (direnv), prod.env
  '.env*',
  '*.env',
  // keys and certificates
  '*.pem',
  '*.key',
  '*.crt',
  '*.cer',
  '*.der',
  '*.p8',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '*.ppk',
  '*.gpg',
  '*.asc',
  // SSH keys and their folder
  '.ssh',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  'id_xmss*',
  'authorized_keys',
  'known_hosts',
  // package manager, network and VCS credentials
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.git-credentials',
  '.pgpass',
  '.htpasswd',
  '.docker/config.json',
  // cloud credential folders
  '.aws',
  '.azure',
  '.config/gcloud',
  '.kube',
  '.terraform.d',
  '*.tfstate',
  '*.tfstate.backup',
  'credentials.json',
  'service-account*.json',
];

export interface Exclusion {
  /** The pattern that excludes this workspace-relative path (any of its folders included), if any. */
  match(path: string): string | undefined;
  /** Patterns that could not be used, with the reason (for the log). */
  readonly invalid: readonly { readonly pattern: string; readonly error: string }[];
}

/** The built-in list plus the given patterns (user and workspace values: they can only add). */
export function exclusion(extra: readonly string[]): Exclusion {
  const names: string[] = [];
  const paths: string[] = [];
  for (const raw of [...BUILT_IN_EXCLUDES, ...extra]) {
    const pattern = normalisePattern(raw);
    if (pattern === '') continue;
    (pattern.includes('/') ? paths : names).push(pattern);
  }
  const byName = compileGlobs(names);
  const byPath = compileGlobs(paths);
  /** Every folder on the way counts: a pattern that names a folder excludes what is inside it. */
  const matchSegments = (segments: readonly string[]): string | undefined => {
    for (let i = 0; i < segments.length; i++) {
      if (byName.test(segments[i]!)) return byName.which(segments[i]!);
      const prefix = segments.slice(0, i + 1).join('/');
      if (byPath.test(prefix)) return byPath.which(prefix);
    }
    return undefined;
  };
  return {
    match(path) {
      const segments = normalisePath(path).split('/');
      // Windows reads `.npmrc.` and `.npmrc::$DATA` as `.npmrc`: the name it resolves to is matched too
      // (besides the name as written, which elsewhere is the real one: `a:b.env` is a dotenv file on Linux).
      const resolved = segments.map((s) => (s === '.' || s === '..' ? s : windowsName(s) || s));
      return matchSegments(segments) ?? matchSegments(resolved);
    },
    invalid: [...byName.invalid, ...byPath.invalid],
  };
}

/** `./a/`, `/a`, `a\b` → `a`, `a`, `a/b`; `**\/x` stays a path pattern that matches at any depth. */
function normalisePattern(raw: string): string {
  return raw.trim().replaceAll('\\', '/').replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

function normalisePath(path: string): string {
  return path.replaceAll('\\', '/').replace(/^(\.\/|\/)+/, '');
}
