// Shared vocabulary of the edit engine: what the parsers produce and what locate/hunks consume.

/** One change chunk of an update: replace `oldLines` by `newLines` (lines carry no line terminator). */
export interface Change {
  /** `@@` context lines, outermost first; each must be found, in order, before the old lines. */
  readonly context: readonly string[];
  readonly oldLines: readonly string[];
  readonly newLines: readonly string[];
  /** `*** End of File`: the old lines are expected at the end of the file. */
  readonly atEndOfFile: boolean;
  /**
   * The chunk's lines in patch order, one character each: ' ' unchanged, '-' removed, '+' added.
   * Set where the format marks them (apply_patch), so the line the patch removes is the one removed
   * even among identical neighbours; without it (SEARCH/REPLACE) a minimal diff decides.
   */
  readonly signs?: string;
}

/** One file operation of a patch, complete. Paths are workspace-relative, normalised, '/'-separated. */
export type FileEdit =
  | {
      readonly op: 'add';
      readonly path: string;
      readonly lines: readonly string[];
      /** From an empty SEARCH: creates a missing file or fills an empty one, never replaces content. */
      readonly createOnly?: boolean;
    }
  | { readonly op: 'delete'; readonly path: string }
  | { readonly op: 'update'; readonly path: string; readonly moveTo?: string; readonly changes: readonly Change[] };

/**
 * Events of the streaming parsers, emitted as soon as the input makes them certain.
 * After an `error` the parser ignores further input; `end` is only emitted for a well-formed patch.
 */
export type PatchEvent =
  | { readonly type: 'fileStart'; readonly fileIndex: number; readonly op: FileEdit['op']; readonly path: string; readonly moveTo?: string }
  | { readonly type: 'change'; readonly fileIndex: number; readonly changeIndex: number; readonly change: Change }
  | { readonly type: 'fileEnd'; readonly fileIndex: number; readonly file: FileEdit }
  | { readonly type: 'end'; readonly files: readonly FileEdit[] }
  | { readonly type: 'error'; readonly message: string; readonly line: number }
  /**
   * From `cut()`: the input stopped inside a part (a chunk, a new file, a block), which is not
   * proposed. `fileIndex`/`path` name its file when it has one; `fileStarted` says whether that
   * file's `fileStart` was emitted.
   */
  | { readonly type: 'cutOff'; readonly part: string; readonly fileIndex?: number; readonly path?: string; readonly fileStarted?: boolean };

/** Both parsers (apply_patch and SEARCH/REPLACE) implement this. */
export interface PatchParser {
  push(chunk: string): PatchEvent[];
  end(): PatchEvent[];
  /** The input stopped early (the turn ended): complete parts stand, an open one is reported as cut off. */
  cut(): PatchEvent[];
}

/** Patches longer than this (in UTF-16 code units) are refused rather than parsed. */
export const MAX_PATCH_CHARS = 10 * 1024 * 1024;
