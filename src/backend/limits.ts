// Limits against a broken or hostile server. Each ends the turn with a clear message and keeps
// what arrived (the user's settings `flowpair.limits.*` override the defaults).
export interface Limits {
  /** Largest WebSocket frame or SSE event accepted, bytes. */
  maxFrameBytes: number;
  /** Longest answer text, characters. */
  maxAnswerChars: number;
  /** Longest apply_patch (or other tool call) input, characters. */
  maxPatchChars: number;
  /** Longest a turn may run, ms (the stall timer only catches a silent server). */
  maxTurnMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxAnswerChars: 2_000_000,
  maxPatchChars: 4_000_000,
  maxTurnMs: 20 * 60_000,
};

/** The setting that raises each limit, named in the message that reports it. */
export const LIMIT_SETTINGS: Record<keyof Limits, string> = {
  maxFrameBytes: 'flowpair.limits.maxFrameMiB',
  maxAnswerChars: 'flowpair.limits.maxAnswerChars',
  maxPatchChars: 'flowpair.limits.maxPatchChars',
  maxTurnMs: 'flowpair.limits.maxTurnMinutes',
};

export function resolveLimits(limits: Partial<Limits> | undefined): Limits {
  const resolved = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) {
    const value = limits?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) resolved[key] = value;
  }
  return resolved;
}
