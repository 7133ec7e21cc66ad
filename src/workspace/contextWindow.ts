// How many tokens a model's context window holds: what the server reports (GET /v1/models, where it
// says), else the published window of a known model, else the `flowpair.context.windowTokens` setting.
// Pure, so it is unit-tested without vscode.

/** Published total context windows (input + output) of the preset models. */
export const KNOWN_WINDOWS: Readonly<Record<string, number>> = {
  'gpt-5.3-codex-spark': 128_000,
  'gpt-5.4-mini': 400_000,
  'gpt-5.4': 1_050_000,
  'gpt-5.5': 1_050_000,
};

export function contextWindowOf(model: string, reported: ReadonlyMap<string, number>, fallback: number): number {
  return reported.get(model) ?? KNOWN_WINDOWS[model] ?? fallback;
}

/** Another configured model whose window is larger, worth naming when the context does not fit. */
export function largerWindowModel(current: string, others: readonly string[], windowOf: (model: string) => number): string | undefined {
  const own = windowOf(current);
  let best: string | undefined;
  for (const m of others) if (m !== current && windowOf(m) > (best === undefined ? own : windowOf(best))) best = m;
  return best;
}
