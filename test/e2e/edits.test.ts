// Edits land as the model meant them, in a real VS Code (code-server) with Flowpair installed from
// its .vsix and the fake backend: a patch whose old side is space-indented and one level short
// against a tab-indented file lands with the file's tabs and the right nesting after Accept all,
// as an apply_patch patch and as SEARCH/REPLACE blocks;
// a patch stopped while it streams keeps its complete chunk and shows the rest as "cut off".
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type FakeBackend, startFakeBackend } from '../fake-backend/server';
import { openSession, type Session } from './session';

const KEY = 'sk-e2e-edits';

const LOOP = 'func main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(i)\n\t}\n}\n';
const LOOP_EXPECTED = 'func main() {\n\tfor i := 0; i < 3; i++ {\n\t\tif i%2 == 0 {\n\t\t\tfmt.Println(i)\n\t\t}\n\t}\n}\n';
// Spaces where the file has tabs, and one level short: the model never saw the file's indentation.
const LOOP_PATCH = `*** Begin Patch
*** Update File: src/loop.go
@@
 for i := 0; i < 3; i++ {
-    fmt.Println(i)
+    if i%2 == 0 {
+        fmt.Println(i)
+    }
 }
*** End Patch
`;

// The same edit as SEARCH/REPLACE blocks, what models given a plain tool often write.
const EVEN_BLOCKS = `src/even.go
\`\`\`go
<<<<<<< SEARCH
for i := 0; i < 3; i++ {
    fmt.Println(i)
}
=======
for i := 0; i < 3; i++ {
    if i%2 == 0 {
        fmt.Println(i)
    }
}
>>>>>>> REPLACE
\`\`\`
`;

const NOTES = 'alpha\nbeta\ngamma\n';
// The second chunk is long and streams slowly: the user stops the answer while it is still coming.
const CUT_PATCH = `*** Begin Patch
*** Update File: src/notes.txt
@@
-alpha
+ALPHA
@@
-gamma
+GAMMA
${'+one more line of a long chunk\n'.repeat(400)}*** End Patch
`;

let fake: FakeBackend;
let s: Session;

before(async () => {
  fake = await startFakeBackend({ apiKey: KEY, ttftMs: 20, tokensPerSecond: 400 });
  s = await openSession({
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY },
    prepare: (cs) => {
      writeFileSync(join(cs.workspaceDir, 'src', 'loop.go'), LOOP);
      writeFileSync(join(cs.workspaceDir, 'src', 'even.go'), LOOP);
      writeFileSync(join(cs.workspaceDir, 'src', 'notes.txt'), NOTES);
    },
    backend: fake.baseUrl,
  });
});

after(async () => {
  await s?.close();
  await fake?.close();
});

test('an under-indented, space-indented patch against a tab-indented file lands with tabs and the right nesting', async () => {
  fake.when('only even', { text: 'Printing only even numbers:', toolCalls: [{ input: LOOP_PATCH, callId: 'call_loop' }] });
  await s.send('print only even numbers in loop.go');
  await s.card('src/loop.go').locator('li.hunk').first().waitFor();
  assert.equal(s.disk('src/loop.go'), LOOP, 'nothing written before an accept');
  await s.card('src/loop.go').locator('vscode-button', { hasText: 'Accept all' }).click();
  await s.waitForDisk('src/loop.go', LOOP_EXPECTED);
});

test('a SEARCH/REPLACE answer with an under-indented, space-indented SEARCH lands with tabs and the right nesting', async () => {
  fake.when('even blocks', { text: 'As SEARCH/REPLACE:', toolCalls: [{ input: EVEN_BLOCKS, callId: 'call_even' }] });
  await s.send('even blocks for even.go');
  await s.card('src/even.go').locator('li.hunk').first().waitFor();
  assert.equal(s.disk('src/even.go'), LOOP, 'nothing written before an accept');
  await s.card('src/even.go').locator('vscode-button', { hasText: 'Accept all' }).click();
  await s.waitForDisk('src/even.go', LOOP_EXPECTED);
});

test('a patch stopped while it streams keeps its complete chunk and shows the rest as cut off', async () => {
  fake.when('shout', { text: 'Shouting.', toolCalls: [{ input: CUT_PATCH, callId: 'call_cut' }], tokensPerSecond: 30 });
  await s.send('shout the notes');
  // The first chunk is a hunk once the second one starts.
  await s.card('src/notes.txt').locator('li.hunk').first().waitFor();
  await s.composer().locator('#stop').click();
  await s.composer().locator('article.turn').last().locator('.turn-status.status-interrupted').waitFor();
  const cut = s.card('src/notes.txt').locator('li.hunk', { hasText: 'cut off' });
  await cut.waitFor();
  assert.match(await cut.innerText(), /chunk 2 of src\/notes\.txt/);
  assert.equal(await s.card('src/notes.txt').locator('li.hunk[data-status="pending"]').count(), 1, 'the complete chunk is still a pending hunk');
  assert.equal(s.disk('src/notes.txt'), NOTES, 'nothing written');
});
