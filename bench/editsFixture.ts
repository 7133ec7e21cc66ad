// The 3,000-line file and the 20-chunk apply_patch of the edits benchmark (engine and extension host).
export const LINES = 3000;
export const CHUNKS = 20;

export function sourceFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    lines.push(i % 30 === 0 ? `export function step${i / 30}(input: number): number {` : i % 30 === 29 ? '}' : `  const v${i} = compute(input, ${i}, "label ${i % 7}");`);
  }
  return lines.join('\n') + '\n';
}

export function patchFor(path: string): string {
  let patch = `*** Begin Patch\n*** Update File: ${path}\n`;
  for (let c = 0; c < CHUNKS; c++) {
    const fn = Math.floor((c * LINES) / CHUNKS / 30);
    const at = fn * 30 + 10;
    patch += `@@ export function step${fn}(input: number): number {\n`;
    for (let i = at - 3; i < at; i++) patch += `   const v${i} = compute(input, ${i}, "label ${i % 7}");\n`;
    patch += `-  const v${at} = compute(input, ${at}, "label ${at % 7}");\n`;
    patch += `+  const v${at} = computeFaster(input, ${at});\n+  log(v${at});\n`;
    for (let i = at + 1; i < at + 4; i++) patch += `   const v${i} = compute(input, ${i}, "label ${i % 7}");\n`;
  }
  return patch + '*** End Patch\n';
}

/** Splits text in ~token-sized deltas, like a streamed tool call. */
export function deltas(text: string, size = 16): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
