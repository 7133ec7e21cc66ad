import '../media/composer.css';
import type { ConnectionState, HostToWebview, NoticeAction } from '../src/protocol';
import { button, registerToolkit, setTextValue, textValue } from './toolkit';
import { onHostMessage, post } from './vscodeApi';

registerToolkit();

const app = document.getElementById('app')!;
app.innerHTML = `
  <header class="bar">
    <span id="backend" class="backend" aria-label="Backend"></span>
    <vscode-badge id="connection" aria-live="polite"></vscode-badge>
  </header>
  <section id="transcript" class="transcript" role="log" aria-live="polite" aria-label="Conversation"></section>
  <form id="composer" class="composer" aria-label="Prompt">
    <vscode-text-area id="prompt" resize="vertical" rows="3" placeholder="Ask or describe an edit — Enter sends, Shift+Enter for a new line" aria-label="Prompt"></vscode-text-area>
    <div class="actions"><vscode-button id="send" appearance="primary" aria-label="Send prompt">Send</vscode-button></div>
  </form>
  <footer id="footer" class="footer"></footer>`;

const $ = (id: string) => document.getElementById(id)!;
const prompt = $('prompt');
const transcript = $('transcript');

function send(): void {
  const text = textValue(prompt);
  if (text.trim() === '') return;
  post({ type: 'send', text });
  setTextValue(prompt, '');
}

$('send').addEventListener('click', send);
prompt.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
$('composer').addEventListener('submit', (e) => e.preventDefault());

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  unconfigured: 'not configured',
  cold: 'cold',
  warming: 'warming…',
  warm: 'warm',
  error: 'error',
};

function showConnection(state: ConnectionState, detail?: string): void {
  const badge = $('connection');
  badge.textContent = CONNECTION_TEXT[state];
  badge.dataset.state = state;
  badge.title = detail ?? '';
}

function showNotice(level: 'info' | 'error', text: string, action?: NoticeAction): void {
  const card = document.createElement('div');
  card.className = `notice ${level}`;
  card.setAttribute('role', level === 'error' ? 'alert' : 'status');
  const p = document.createElement('p');
  p.textContent = text;
  card.append(p);
  if (action) {
    const b = button(action.label, 'primary');
    b.addEventListener('click', () => post({ type: 'runAction', command: action.command }));
    card.append(b);
  }
  transcript.append(card);
  card.scrollIntoView({ block: 'end' });
}

let pingSentAt = 0;
function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'init':
      $('backend').textContent = `${message.backend.label} · ${message.backend.fastModel}`;
      showConnection(message.connection);
      pingSentAt = performance.now();
      post({ type: 'ping', id: 1 });
      return;
    case 'pong':
      $('footer').textContent = `Flowpair · host round trip ${(performance.now() - pingSentAt).toFixed(1)} ms`;
      return;
    case 'connection':
      showConnection(message.state, message.detail);
      return;
    case 'notice':
      showNotice(message.level, message.text, message.action);
      return;
  }
}

onHostMessage(handle);
post({ type: 'ready' });
