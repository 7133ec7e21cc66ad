// Issue 11, threat 6, in the real extension host: which server gets which API key. Keys are stored
// through "Flowpair: Set API Key" in the extension's real SecretStorage, servers are switched through
// the real settings, and prompts go through the composer's chat to fake backends that record the
// Authorization header. A "machine on the LAN" that stays on this one: http://0.0.0.0:PORT is not a
// loopback name to Flowpair (it could be any address), yet on Linux it connects to this machine.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowpairApi } from '../../src/extension';
import { startFakeBackend, type FakeBackend } from '../fake-backend/server';
import { activateFlowpair, waitFor } from './util';

const keyOf = (authorization: string | undefined) => {
  const key = authorization?.replace(/^Bearer /, '');
  return key === 'no-key' ? undefined : key;
};

type Warning = { text: string; modal: boolean; detail?: string | undefined };

suite('API keys go only to the origin they were stored for (issue 11, threat 6)', function () {
  this.timeout(60_000);
  let api: FlowpairApi;
  const fakes: FakeBackend[] = [];
  let warnings: Warning[];
  /** How the user answers a warning (a modal cannot be clicked from the host); undefined = dismissed. */
  let answer: (w: Warning) => Promise<string | undefined>;
  let inputs: string[];
  let n = 0;
  const original = { warn: vscode.window.showWarningMessage, info: vscode.window.showInformationMessage, input: vscode.window.showInputBox };
  const config = () => vscode.workspace.getConfiguration('flowpair');

  const useServer = (baseUrl: string | undefined) => config().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
  /** Sends a prompt through the composer's chat and resolves when its turn ended. */
  const send = (text: string) => api.composer.chat.send({ id: `key-${++n}`, text, origin: 'composer' });
  /** The keys the requests carrying `marker` sent (undefined: none; the SDK's "no-key" placeholder is none too). */
  const keysSent = (fake: FakeBackend, marker: string) => {
    const r = fake.requests.filter((q) => JSON.stringify(q.body).includes(marker));
    assert.ok(r.length > 0, `the prompt "${marker}" reached the server`);
    return [...new Set(r.map((q) => keyOf(q.authorization)))];
  };
  const allKeysSent = (fake: FakeBackend) => [...new Set(fake.requests.map((q) => keyOf(q.authorization)))];
  const setKey = async (key: string) => {
    inputs = [key];
    await vscode.commands.executeCommand('flowpair.setApiKey');
  };

  suiteSetup(async () => {
    api = await activateFlowpair();
  });

  setup(() => {
    warnings = [];
    inputs = [];
    answer = async () => undefined;
    Object.assign(vscode.window, {
      showWarningMessage: (text: string, ...rest: unknown[]) => {
        const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as vscode.MessageOptions) : undefined;
        const w = { text, modal: options?.modal === true, detail: options?.detail };
        warnings.push(w);
        return answer(w);
      },
      showInformationMessage: () => Promise.resolve(undefined),
      showInputBox: () => Promise.resolve(inputs.shift()),
    });
  });

  teardown(async () => {
    // remove the keys stored for these servers, then go back to no server
    for (const fake of fakes.splice(0)) {
      for (const url of [fake.baseUrl, fake.baseUrl.replace('127.0.0.1', '0.0.0.0')]) {
        await useServer(url);
        await setKey('');
      }
      await fake.close();
    }
    await useServer(undefined);
    Object.assign(vscode.window, { showWarningMessage: original.warn, showInformationMessage: original.info, showInputBox: original.input });
  });

  // Servers that take any key and record which one came: a wrong key is seen, not refused unseen.
  const fake = async () => {
    const f = await startFakeBackend({ ttftMs: 5, tokensPerSecond: 0, recordAuthorization: true });
    fakes.push(f);
    return f;
  };

  test('a key stored for one server is never sent to another; a keyless local server gets none; switching back finds it', async () => {
    const hosted = await fake();
    const local = await fake();
    await useServer(hosted.baseUrl);
    await setKey('sk-for-hosted-only');
    await send('first to hosted');
    assert.deepEqual(keysSent(hosted, 'first to hosted'), ['sk-for-hosted-only'], 'the hosted server got its key');

    // Switching and sending at once: the prompt must not take the previous server's key along.
    await useServer(local.baseUrl);
    await send('then to local');
    assert.deepEqual(keysSent(local, 'then to local'), [undefined], 'the keyless local server got no key');

    await useServer(hosted.baseUrl);
    await send('back to hosted');
    assert.deepEqual(keysSent(hosted, 'back to hosted'), ['sk-for-hosted-only'], 'the hosted server still has its key');
    assert.deepEqual(allKeysSent(local), [undefined], 'no request (warm-ups included) reached the local server with a key');
  });

  test('a key over cleartext http:// to another machine needs a consent that names the risk; it is remembered for that origin', async () => {
    const lan = await fake();
    const other = await fake();
    const lanUrl = lan.baseUrl.replace('127.0.0.1', '0.0.0.0');
    const origin = new URL(lanUrl).origin;
    await useServer(lanUrl);
    // The user stores the key but declines the cleartext confirmation; Flowpair then says the key is held back.
    let allow!: (choice: string | undefined) => void;
    const offered = new Promise<string | undefined>((r) => (allow = r));
    answer = (w) => (w.modal ? Promise.resolve(undefined) : offered);
    await setKey('sk-lan-box');
    const consent = warnings.find((w) => w.modal);
    assert.ok(consent, 'asked before the key may go over http://');
    assert.match(`${consent.text} ${consent.detail}`, /unencrypted/);
    assert.match(consent.detail ?? '', /Anyone on the network .* can read the key/);
    assert.ok(consent.detail?.includes(origin), 'the origin is named');
    await waitFor('the notice that the key is held back', () => warnings.some((w) => !w.modal && w.text.includes(`not sent to ${origin}`)));
    await send('declined over http');
    assert.deepEqual(keysSent(lan, 'declined over http'), [undefined], 'declined: no key went over http://');

    // "Allow…", then the confirmation: the key goes, and the answer is remembered for this origin.
    answer = (w) => Promise.resolve(w.modal ? 'Send Key over HTTP' : undefined);
    allow('Allow…');
    await waitFor('the second confirmation', () => warnings.filter((w) => w.modal).length === 2);
    await useServer(other.baseUrl);
    await send('meanwhile elsewhere');
    assert.deepEqual(allKeysSent(other), [undefined], 'the consent did not carry the key to another server');
    const asked = warnings.length;
    await useServer(lanUrl);
    await api.composer.refresh();
    await send('allowed over http');
    assert.deepEqual(keysSent(lan, 'allowed over http'), ['sk-lan-box'], 'consented: the key went to that origin');
    assert.equal(warnings.length, asked, 'not asked again: the consent was remembered');
  });
});
