// The contrast arithmetic the e2e theme walk relies on, against known WCAG figures.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { contrastRatio, measure, parseColor } from '../../harness/contrast';

const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 0.01, `${actual} ≈ ${expected}`);

test('black on white is 21:1, a colour on itself 1:1, and #767676 on white just passes AA (4.54:1)', () => {
  near(contrastRatio(parseColor('rgb(0, 0, 0)'), parseColor('rgb(255, 255, 255)')), 21);
  near(contrastRatio(parseColor('rgb(12, 34, 56)'), parseColor('rgb(12, 34, 56)')), 1);
  near(contrastRatio(parseColor('rgb(118, 118, 118)'), parseColor('rgb(255, 255, 255)')), 4.54);
});

test('computed colour forms: rgba with commas, space syntax with a slash, color(srgb), transparent', () => {
  assert.deepEqual(parseColor('rgba(204, 204, 204, 0.7)'), { r: 204, g: 204, b: 204, a: 0.7 });
  assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
  assert.deepEqual(parseColor('color(srgb 1 0 0 / 0.25)'), { r: 255, g: 0, b: 0, a: 0.25 });
  assert.deepEqual(parseColor('transparent'), { r: 0, g: 0, b: 0, a: 0 });
  assert.throws(() => parseColor('oklch(0.5 0.1 20)'), /unsupported computed colour/);
});

test('translucent text and backgrounds are composited as painted, opacity included', () => {
  // 70 % white text on a transparent layer over black: #b3b3b3 on #000000.
  const m = measure({ text: 'x', where: 'p', color: 'rgba(255, 255, 255, 0.7)', backgrounds: ['rgba(0, 0, 0, 0)', 'rgb(0, 0, 0)'], opacity: 1 });
  assert.equal(m.fg, '#b3b3b3');
  assert.equal(m.bg, '#000000');
  // A half-opaque ancestor halves the text's weight: white at 50 % over black is #808080.
  assert.equal(measure({ text: 'x', where: 'p', color: 'rgb(255, 255, 255)', backgrounds: ['rgb(0, 0, 0)'], opacity: 0.5 }).fg, '#808080');
  // A red tint at 20 % over white is what the text is read against.
  assert.equal(measure({ text: 'x', where: 'p', color: 'rgb(0, 0, 0)', backgrounds: ['rgba(255, 0, 0, 0.2)', 'rgb(255, 255, 255)'], opacity: 1 }).bg, '#ffcccc');
});
