// The composer's number formatting, checked against Intl (which it avoids at start-up: see groupDigits).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { groupDigits } from '../../../webview/numbers';

const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
/** What Intl shows for the value groupDigits rounds to (Intl writes a negative zero as "-0"). */
const expected = (n: number) => intl.format(Math.round(n)).replace(/^-0$/, '0');

test('groupDigits rounds and groups thousands exactly as en-US Intl does', () => {
  for (const n of [0, 7, 999, 1000, 1234.5, 99_999.4, 1_000_000, -1234, -0.4, 2 ** 40]) assert.equal(groupDigits(n), expected(n), String(n));
  assert.equal(groupDigits(1234567.8), '1,234,568');
  fc.assert(fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (n) => groupDigits(n) === expected(n)));
});
