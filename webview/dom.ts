// Tiny DOM helpers. Text always goes in through textContent: nothing here parses HTML.

export function element(tag: string, className?: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** "12.3k", "128k", "1.2M": compact token counts for chips and the budget meter. */
export function formatTokens(n: number): string {
  const compact = (v: number, unit: string) => `${v < 100 ? String(Math.round(v * 10) / 10) : String(Math.round(v))}${unit}`;
  if (n < 1000) return String(Math.max(0, Math.round(n)));
  if (n < 1_000_000) return compact(n / 1000, 'k');
  return compact(n / 1_000_000, 'M');
}
