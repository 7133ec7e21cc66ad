export type Cents = number;

export function formatCents(amount: Cents, currency = 'EUR'): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 100);
}

export function sum(values: Cents[]): Cents {
  return values.reduce((total, v) => total + v, 0);
}
