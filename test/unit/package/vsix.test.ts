// What `npm run package` ships is a product page: the .vsix is unpacked and its README (the
// user-facing one) is checked — every image and link resolves to a file inside the package, nothing
// in it is written for developers — and the gallery metadata is there (icon, repository, categories).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
// @ts-expect-error — a plain ES module script without types
import { rootRelativeLinks } from '../../../scripts/package.mjs';

const root = join(import.meta.dirname, '..', '..', '..');

// yauzl (the zip reader vsce itself uses), typed here for the little this test needs.
interface ZipEntry { fileName: string }
interface ZipFile {
  on(event: 'entry', listener: (entry: ZipEntry) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  readEntry(): void;
  openReadStream(entry: ZipEntry, callback: (error: Error | null, stream: NodeJS.ReadableStream) => void): void;
}
const yauzl = createRequire(import.meta.url)('yauzl') as {
  open(path: string, options: { lazyEntries: boolean }, callback: (error: Error | null, zip: ZipFile) => void): void;
};

/** Every entry of a zip file, by path, as bytes. */
async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/** Link and image targets of markdown `[..](target)` / `![..](target)` and HTML src/href attributes. */
function targets(markdown: string): string[] {
  const md = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const html = [...markdown.matchAll(/\b(?:src|href)\s*=\s*"([^"]+)"/g)].map((m) => m[1]!);
  return [...md, ...html];
}

test('the packaged README is the user-facing one, and every image and link in it resolves inside the .vsix', async () => {
  const out = execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs')], { cwd: root, encoding: 'utf8' });
  const vsix = out.trim().split('\n').pop()!.replace(/ \(.*\)$/, '');
  const files = await unzip(vsix);
  const readme = files.get('extension/readme.md')?.toString('utf8');
  assert.ok(readme, 'extension/readme.md is in the package');

  const links = targets(readme);
  assert.ok(links.filter((l) => /\.png$/.test(l)).length >= 2, 'the README shows screenshots');
  for (const link of links) {
    assert.doesNotMatch(link, /^[a-z][a-z0-9+.-]*:/i, `${link}: ship the file in the .vsix and link it relatively`);
    if (link.startsWith('#')) continue;
    const path = posix.normalize(posix.join('extension', link.split('#')[0]!));
    assert.ok(files.has(path), `${link} resolves to ${path} in the .vsix`);
  }
  // Written for someone installing the extension, not for someone working on it.
  assert.doesNotMatch(readme, /npm (start|test|run)|fake backend|code-server/i);
  for (const section of ['Getting started', 'Settings', 'Privacy and security']) assert.match(readme, new RegExp(`^## ${section}$`, 'm'));

  const pkg = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
  const icon = files.get(posix.join('extension', pkg.icon));
  assert.ok(icon, `the gallery icon ${pkg.icon} is in the package`);
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
  assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'the icon is at least 128×128');
  assert.match(pkg.repository?.url ?? '', /^https:\/\//);
  assert.ok(pkg.categories.includes('AI') && pkg.keywords.length >= 5);
  // The developers' README, sources and tests stay out.
  assert.ok(![...files.keys()].some((f) => /^extension\/(src|test|webview|scripts)\//.test(f)));
});

test('relative links in the marketplace README are rewritten relative to the extension root, others kept', () => {
  assert.equal(
    rootRelativeLinks('![a](../screenshots/x.png) [b](https://example.com/y) [c](#settings) [d](icon.png)'),
    '![a](media/screenshots/x.png) [b](https://example.com/y) [c](#settings) [d](media/marketplace/icon.png)',
  );
});
