// Threat (issue 11, item 5): a patch could write .git/config or .git/hooks/* (code runs on the next
// git command), .vscode/tasks.json or settings.json, and CI workflow files with one click.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guardPath } from '../../../src/security/sensitivePaths';

test('anything inside .git is refused, in any spelling a file system accepts', () => {
  for (const path of ['.git/config', '.git/hooks/pre-commit', 'vendor/lib/.git/config', '.GIT/HEAD', '.git./config', '.git /hooks/x', 'GIT~1/config', '.git::$INDEX_ALLOCATION/config', '.git']) {
    assert.equal(guardPath(path)?.kind, 'refused', path);
  }
});

test('files that run code or change the editor need a second confirmation', () => {
  for (const path of [
    '.vscode/tasks.json',
    '.vscode/settings.json',
    '.VSCode/launch.json',
    'app.code-workspace',
    '.devcontainer/devcontainer.json',
    '.devcontainer.json',
    '.github/workflows/ci.yml',
    '.gitlab-ci.yml',
    '.circleci/config.yml',
    'Jenkinsfile',
    '.husky/pre-commit',
    '.githooks/pre-push',
    '.pre-commit-config.yaml',
    '.gitmodules',
    '.bashrc',
    'home/.zshrc',
    '.envrc',
    'gradlew',
    '.mvn/wrapper/maven-wrapper.properties',
  ]) {
    const guard = guardPath(path);
    assert.equal(guard?.kind, 'confirm', path);
    assert.ok(guard!.reason.length > 10);
  }
});

test('ordinary files need nothing more', () => {
  for (const path of ['src/a.ts', 'README.md', '.github/CODEOWNERS', 'docs/vscode.md', 'src/gitignore.ts', '.gitignore', 'digit/x.ts']) {
    assert.equal(guardPath(path), undefined, path);
  }
});

test('the marks hold at any depth: a nested folder may be opened as a workspace of its own', () => {
  for (const path of ['packages/app/.vscode/tasks.json', 'sub/.github/workflows/x.yml', 'svc/.husky/pre-commit', 'a/b/.devcontainer/devcontainer.json']) {
    assert.equal(guardPath(path)?.kind, 'confirm', path);
  }
});

test('the marks hold for names Windows resolves to a sensitive file: trailing dots and spaces, streams, short names', () => {
  for (const path of ['.vscode./tasks.json', '.vscode /settings.json', '.github/workflows/ci.yml::$DATA', '.bashrc.', 'VSCODE~1/tasks.json', 'GITHUB~1/WORKFL~1/ci.yml']) {
    assert.equal(guardPath(path)?.kind, 'confirm', path);
  }
});
