// Conformance suite for scripts/apply-patch.mjs: each folder in test/fixtures/apply-patch holds an
// input/ tree, a patch.txt (and optional args.txt), and the expected/ tree, compared byte for byte.
// Failing scenarios have expected/ equal to input/ and an expected-error.txt found in stderr.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';

const repo = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(repo, 'test', 'fixtures', 'apply-patch');
const script = join(repo, 'scripts', 'apply-patch.mjs');

function run(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

function assertSameTree(actualDir: string, expectedDir: string): void {
  const actual = files(actualDir);
  const expected = files(expectedDir);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), 'the same files');
  for (const [path, bytes] of expected) {
    assert.ok(actual.get(path)!.equals(bytes), `${path}: expected ${JSON.stringify(bytes.toString())}, got ${JSON.stringify(actual.get(path)!.toString())}`);
  }
}

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'flowpair-apply-patch-'));
}

const scenarios = readdirSync(fixtures).sort();

describe('apply-patch conformance', { concurrency: 4 }, () => {
  test('has at least 30 scenarios', () => assert.ok(scenarios.length >= 30, `${scenarios.length} scenarios`));

  for (const name of scenarios) {
    test(name, async () => {
      const dir = join(fixtures, name);
      const cwd = workspace();
      try {
        cpSync(join(dir, 'input'), cwd, { recursive: true });
        const argsFile = join(dir, 'args.txt');
        const extra = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').trim().split(/\s+/) : [];
        const result = await run(cwd, [...extra, join(dir, 'patch.txt')]);
        const errorFile = join(dir, 'expected-error.txt');
        if (existsSync(errorFile)) {
          assert.equal(result.code, 1, `exit code (stdout: ${result.stdout})`);
          assert.ok(result.stderr.includes(readFileSync(errorFile, 'utf8').trim()), `stderr: ${result.stderr}`);
        } else {
          assert.equal(result.code, 0, `exit code (stderr: ${result.stderr})`);
          assert.match(result.stdout, /^Success\./);
        }
        assertSameTree(cwd, join(dir, 'expected'));
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }

  test('a 50 MB patch is refused before it is read, and nothing is written', async () => {
    const cwd = workspace();
    try {
      writeFileSync(join(cwd, 'keep.txt'), 'keep\n');
      const patchDir = workspace();
      const patch = join(patchDir, 'huge.txt');
      writeFileSync(patch, '*** Begin Patch\n*** Add File: big.txt\n' + ('+' + 'x'.repeat(99) + '\n').repeat(500_000) + '*** End Patch\n');
      const result = await run(cwd, [patch]);
      rmSync(patchDir, { recursive: true, force: true });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /patch is too large: 48\.2 MiB \(limit 10 MiB\)/);
      assert.deepEqual([...files(cwd).keys()], ['keep.txt']);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('a path through a symbolic link out of the workspace is refused', async () => {
    const cwd = workspace();
    const outside = workspace();
    try {
      mkdirSync(join(cwd, 'src'));
      symlinkSync(outside, join(cwd, 'src', 'link'));
      const patch = join(outside, 'patch.txt');
      writeFileSync(patch, '*** Begin Patch\n*** Add File: src/link/escaped.txt\n+x\n*** End Patch\n');
      const result = await run(cwd, [patch]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /src\/link\/escaped\.txt: resolves outside the workspace folder/);
      assert.ok(!existsSync(join(outside, 'escaped.txt')));
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a missing patch file and a wrong invocation give specific errors', async () => {
    const cwd = workspace();
    try {
      const missing = await run(cwd, ['nope.patch']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /cannot read the patch file nope\.patch: no such file/);
      const usage = await run(cwd, []);
      assert.equal(usage.code, 1);
      assert.match(usage.stderr, /usage: node scripts\/apply-patch\.mjs/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
