// The empty state: with no backend configured, the composer says so before the user types and
// offers the three ways to get one. It disappears as soon as a backend is configured.
import type { NoticeAction } from '../src/protocol';
import { element } from './dom';
import { button } from './toolkit';
import { post } from './vscodeApi';

const ACTIONS: NoticeAction[] = [
  { label: 'Set API Key', command: 'setApiKey' },
  { label: 'Set Base URL', command: 'setBaseUrl' },
  { label: 'Use a Local Server…', command: 'detectLocal' },
];

export class Welcome {
  private readonly el: HTMLElement;

  constructor(before: HTMLElement) {
    this.el = element('section', 'welcome');
    this.el.id = 'welcome';
    this.el.setAttribute('aria-label', 'Connect Flowpair to a model');
    this.el.append(
      element('h2', undefined, 'Connect a model'),
      element('p', undefined, 'Flowpair talks to the OpenAI API or to any OpenAI-compatible server (Ollama, LM Studio, vLLM, llama.cpp).'),
    );
    const actions = element('div', 'welcome-actions');
    ACTIONS.forEach((a, i) => {
      const b = button(a.label, i === 0 ? 'primary' : 'secondary');
      b.addEventListener('click', () => post({ type: 'runAction', command: a.command }));
      actions.append(b);
    });
    this.el.append(actions);
    this.el.hidden = true;
    before.before(this.el);
  }

  show(configured: boolean): void {
    this.el.hidden = configured;
  }
}
