// `npm run icon`: renders the Marketplace gallery icon, media/icon.png (256×256), from the activity-bar
// glyph media/flowpair.svg — the same strokes, white on a rounded square in the brand blue — with the
// provisioned headless Chromium. The PNG is committed; run this again after changing the glyph.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium, repoRoot } from '../test/harness/provision';

const SIZE = 256;
const BRAND = '#1f5fbf';

const glyph = readFileSync(join(repoRoot, 'media', 'flowpair.svg'), 'utf8')
  .replace('stroke="currentColor"', 'stroke="#ffffff"')
  .replace(/width="24" height="24"/, `width="${SIZE * 0.7}" height="${SIZE * 0.7}"`);

const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${SIZE}px;height:${SIZE}px;border-radius:${SIZE * 0.2}px;background:linear-gradient(135deg,#2f7de1,${BRAND});
display:flex;align-items:center;justify-content:center">${glyph}</div></body></html>`;

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    await page.setContent(html);
    const out = join(repoRoot, 'media', 'icon.png');
    await page.screenshot({ path: out, omitBackground: true });
    console.log(out);
  } finally {
    await browser.close();
  }
}

void main();
