// Lint: typescript-eslint's recommended rules plus the layering the design asks for, as import zones.
//   src/edits, src/backend  — pure logic: no `vscode`, nothing from ui/ or workspace/
//   src/workspace           — the vscode side of edits: emits domain events, never imports ui/
//   webview/                — runs in the browser: from the host it may import only src/protocol.ts
import { registerHooks } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';

// typescript-eslint parses with the TypeScript 6 API; the project compiles with TypeScript 7, whose
// package has no JS API. So inside the linter `typescript` means the side-by-side TS 6 package.
registerHooks({
  resolve(specifier, context, next) {
    const linter = /[\\/]node_modules[\\/](typescript-eslint|@typescript-eslint|ts-api-utils)[\\/]/;
    return next(specifier === 'typescript' && linter.test(context.parentURL ?? '') ? '@typescript/typescript6' : specifier, context);
  },
});
const { default: tseslint } = await import('typescript-eslint');

/** A relative import whose path goes through one of these top-level folders of src/. */
const into = (...folders) => ({ regex: `^\\.{1,2}/(?:.*/)?(?:${folders.join('|')})(?:/|$)` });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.tools/**', 'test/sample-workspace/**', 'test/fixtures/**', 'bench/results/**', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    rules: {
      'prefer-const': ['error', { destructuring: 'all' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/edits/**', 'src/backend/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/edits and src/backend are plain Node: no vscode import.' }],
        patterns: [{ ...into('ui', 'workspace'), message: 'src/edits and src/backend must not depend on the ui or workspace layers.' }],
      }],
    },
  },
  {
    files: ['src/workspace/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ ...into('ui'), message: 'src/workspace emits domain events; src/ui presents them. No import from workspace to ui.' }],
      }],
    },
  },
  {
    // Notification text renders `[label](command:…)` as a link that runs a command; src/notify.ts
    // makes every message inert, so it is the only caller (issue 11).
    files: ['src/**'],
    ignores: ['src/notify.ts'],
    rules: {
      'no-restricted-properties': ['error', ...['showInformationMessage', 'showWarningMessage', 'showErrorMessage'].map((property) => ({
        property,
        message: 'Show notifications through src/notify.ts (info/warn/error/confirm): it keeps untrusted text from forming links.',
      }))],
    },
  },
  {
    files: ['src/security/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/security is plain Node: no vscode import.' }],
        patterns: [{ ...into('ui', 'workspace'), message: 'src/security must not depend on the ui or workspace layers.' }],
      }],
    },
  },
  {
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser.' }],
        patterns: [{ regex: '^\\.\\./src/(?!protocol$)', message: 'The webview may import only the shared protocol types (src/protocol.ts) from the host.' }],
      }],
    },
  },
);
