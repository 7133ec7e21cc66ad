// The empty state: with no backend configured, the composer says so before the user types and
// offers the ways to get one; with the Codex provider chosen but not signed in, it offers the
// ChatGPT sign-in. It disappears as soon as the backend is usable.
import type { BackendSummary, NoticeAction } from '../src/protocol';
import { element } from './dom';
import { button } from './toolkit';
import { post } from './vscodeApi';

interface Variant {
  heading: string;
  text: string;
  actions: NoticeAction[];
}

const CONNECT: Variant = {
  heading: 'Connect a model',
  text: 'Flowpair talks to the OpenAI API or to any OpenAI-compatible server (Ollama, LM Studio, vLLM, llama.cpp), or to Codex with your ChatGPT sign-in.',
  actions: [
    { label: 'Set API Key', command: 'setApiKey' },
    { label: 'Set Base URL', command: 'setBaseUrl' },
    { label: 'Use a Local Server…', command: 'detectLocal' },
    { label: 'Sign in with ChatGPT (Codex)', command: 'codexSignIn' },
  ],
};

const SIGN_IN: Variant = {
  heading: 'Sign in to Codex',
  text: 'The Codex provider answers through the Codex CLI with your ChatGPT account (GPT-5.3-Codex-Spark on ChatGPT Pro). Its edits come here as hunks you review; Codex never writes your files itself.',
  actions: [{ label: 'Sign in with ChatGPT', command: 'codexSignIn' }],
};

export class Welcome {
  private readonly el: HTMLElement;
  private variant: Variant | undefined;

  constructor(before: HTMLElement) {
    this.el = element('section', 'welcome');
    this.el.id = 'welcome';
    this.el.hidden = true;
    before.before(this.el);
  }

  show(backend: BackendSummary): void {
    const variant = !backend.configured ? CONNECT : backend.signIn ? SIGN_IN : undefined;
    this.el.hidden = variant === undefined;
    if (!variant || variant === this.variant) return;
    this.variant = variant;
    this.el.setAttribute('aria-label', variant.heading);
    const actions = element('div', 'welcome-actions');
    variant.actions.forEach((a, i) => {
      const b = button(a.label, i === 0 ? 'primary' : 'secondary');
      b.addEventListener('click', () => post({ type: 'runAction', command: a.command }));
      actions.append(b);
    });
    this.el.replaceChildren(element('h2', undefined, variant.heading), element('p', undefined, variant.text), actions);
  }
}
