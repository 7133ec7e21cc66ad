// Path safety for patch targets: pure string logic, no file system. A patch may only name files
// inside the workspace folder, so anything absolute, home-relative or escaping with '..' is refused.
import { posix } from 'node:path';

export type PathCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: string };

/** Validates a path from a patch and returns it normalised ('/'-separated, no '.' or '..' segments). */
export function checkPatchPath(raw: string): PathCheck {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, error: 'empty file name' };
  if (trimmed.includes('\0')) return { ok: false, error: `file name contains a NUL character: ${JSON.stringify(trimmed)}` };
  // Backslashes are treated as separators so that Windows-style escapes cannot slip through.
  const slashed = trimmed.replaceAll('\\', '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
    return { ok: false, error: `absolute path refused: ${trimmed} (paths must be relative to the workspace folder)` };
  }
  if (slashed === '~' || slashed.startsWith('~/')) {
    return { ok: false, error: `home-relative path refused: ${trimmed} (paths must be relative to the workspace folder)` };
  }
  const normalised = posix.normalize(slashed);
  if (normalised === '..' || normalised.startsWith('../')) {
    return { ok: false, error: `path escapes the workspace folder: ${trimmed}` };
  }
  if (normalised === '.' || normalised.endsWith('/')) {
    return { ok: false, error: `not a file name: ${trimmed}` };
  }
  return { ok: true, path: normalised };
}
