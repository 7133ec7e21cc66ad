// Composer entry point: builds the static shell and routes host messages to the modules that own
// each part of the UI. `init` is a snapshot (render from scratch); every other message is a delta.
import '../media/composer.css';
import type { BackendSummary, ConnectionState, HostToWebview } from '../src/protocol';
import { Announcer } from './announcer';
import { ContextChips } from './contextChips';
import { HunkCards } from './hunkCards';
import { Prompt } from './prompt';
import { loadToolkit } from './toolkit';
import { Transcript } from './transcript';
import { Welcome } from './welcome';
import { onHostMessage, post } from './vscodeApi';
import { showTurnSafety } from './turnSafety';

// Static markup only: everything that comes from the host or the model is added as text nodes.
const app = document.getElementById('app')!;
app.innerHTML = `
  <header class="bar">
    <span id="backend" class="backend"></span>
    <span id="connection" class="connection" role="status"></span>
  </header>
  <section id="transcript" class="transcript" aria-label="Conversation"></section>
  <form id="composer" class="composer" aria-label="Prompt">
    <div id="restricted" class="restricted" role="status" hidden>
      <span>Restricted Mode: Flowpair chats, but sends no workspace content and applies no edits.</span>
      <vscode-button id="manage-trust" appearance="secondary">Manage Workspace Trust</vscode-button>
    </div>
    <div id="context"></div>
    <vscode-text-area id="prompt" resize="vertical" rows="3" aria-label="Prompt"></vscode-text-area>
    <div class="actions">
      <vscode-button id="stop" appearance="secondary" aria-label="Stop the answer">Stop</vscode-button>
      <vscode-button id="send" appearance="primary" aria-label="Send prompt">Send</vscode-button>
    </div>
  </form>
  <footer id="footer" class="footer"></footer>`;

const $ = (id: string) => document.getElementById(id)!;
$('composer').addEventListener('submit', (e) => e.preventDefault());
$('manage-trust').addEventListener('click', (e) => {
  e.preventDefault();
  post({ type: 'runAction', command: 'manageTrust' });
});

const announcer = new Announcer(app);
const context = new ContextChips($('context'));
const prompt = new Prompt(
  $('prompt'),
  $('send'),
  $('stop'),
  (text) => context.setPrompt(text),
  (steers) => {
    if (steers) transcript.markSteered();
  },
);
const transcript = new Transcript(
  $('transcript'),
  (streaming) => prompt.setStreaming(streaming),
  (text, compact) => prompt.retry(text, compact),
);
const cards = new HunkCards(
  (turnId) => transcript.filesOf(turnId),
  () => transcript.follow(),
  (text) => announcer.say(text),
  () => prompt.focus(),
);
// The webview itself got focus (the composer was opened or clicked into): start in the prompt box.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body || document.activeElement === null) prompt.focus();
});

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  unconfigured: 'not configured',
  cold: 'cold',
  warming: 'warming…',
  warm: 'warm',
  error: 'error',
  offline: 'offline',
};

function showConnection(state: ConnectionState, detail?: string): void {
  const badge = $('connection');
  badge.textContent = CONNECTION_TEXT[state];
  badge.dataset.state = state;
  badge.title = detail ?? '';
  badge.setAttribute('aria-label', `Connection: ${CONNECTION_TEXT[state]}${detail ? ` — ${detail}` : ''}`);
}

const welcome = new Welcome($('transcript'));

function showBackend(backend: BackendSummary): void {
  welcome.show(backend);
  const el = $('backend');
  el.textContent = `${backend.label} · ${backend.fastModel}`;
  el.title = backend.configured ? el.textContent : `${el.textContent} (not configured)`;
  $('restricted').hidden = !backend.restricted;
  el.setAttribute('aria-label', `Backend: ${el.title}`);
}

let pingSentAt = 0;
function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'init':
      showBackend(message.backend);
      showConnection(message.connection);
      transcript.reset(message.turns);
      cards.reset(message.files);
      for (const turn of message.turns) if (turn.safety) showTurnSafety(turn.id, turn.safety);
      context.show(message.context);
      if (document.hasFocus()) prompt.focus();
      pingSentAt = performance.now();
      post({ type: 'ping', id: 1 });
      // The toolkit starts once the transcript is painted: the first task after the next frame.
      requestAnimationFrame(() => setTimeout(loadToolkit));
      return;
    case 'pong':
      $('footer').textContent = `Flowpair · host round trip ${(performance.now() - pingSentAt).toFixed(1)} ms`;
      return;
    case 'backend':
      showBackend(message.backend);
      return;
    case 'connection':
      showConnection(message.state, message.detail);
      return;
    case 'notice':
      transcript.notice(message.level, message.text, message.action);
      return;
    case 'turnStarted':
      transcript.start(message.turn);
      return;
    case 'turnText':
      transcript.text(message.turnId, message.delta);
      announcer.answerText(message.delta);
      return;
    case 'turnNotice':
      transcript.turnNotice(message.turnId, message.text);
      return;
    case 'turnEnded':
      transcript.end(message.turnId, message.status, message.stats, message.error);
      announcer.answerEnd();
      announcer.say(cards.summaryOf(message.turnId));
      cards.reviewNotice(message.turnId);
      return;
    case 'turnSafety':
      showTurnSafety(message.turnId, message.safety);
      return;
    case 'fileCard':
      cards.upsert(message.file);
      return;
    case 'hunksAdded':
      cards.addHunks(message.fileId, message.hunks);
      return;
    case 'hunkUpdated':
      cards.update(message.fileId, message.hunk);
      return;
    case 'hunkRemoved':
      cards.remove(message.fileId, message.hunkId);
      return;
    case 'context':
      context.show(message.context);
      return;
    case 'restorePrompt':
      prompt.restore(message.text);
      return;
    case 'focusPrompt':
      prompt.focus();
      return;
  }
}

onHostMessage(handle);
post({ type: 'ready' });
// The host answers `ready` with `init` (which loads the toolkit after its paint); should that be late, the prompt box comes anyway.
setTimeout(loadToolkit, 1000);
