// Number formatting for the composer, pure (no DOM): unit-tested in plain Node.
/**
 * 1234567.8 → "1,234,568": rounded, grouped by thousands as en-US does, without Intl. The first
 * Intl.NumberFormat in a page costs tens of milliseconds (ICU's locale data), on the composer's start.
 */
export function groupDigits(n: number): string {
  const rounded = Math.round(n);
  if (!Number.isFinite(rounded)) return String(rounded);
  const digits = String(Math.abs(rounded));
  let out = '';
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return rounded < 0 ? `-${out}` : out;
}
