/**
 * The same string, stored flat. `+=` over thousands of small deltas leaves V8 a tree with a node per
 * delta (a 200k-character answer in 4-character deltas held 1.6 MB instead of 0.2 MB); the first
 * search through a string flattens it in place. For answers kept after their turn ends.
 */
export function flatText(text: string): string {
  text.indexOf('\0');
  return text;
}
