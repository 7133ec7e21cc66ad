// The context row above the prompt: what will be attached to the next turn, and how much of the
// model's context window it uses. Context messages are small full views, so the row is rebuilt.
import type { ContextChip, ContextView } from '../src/protocol';
import { element, formatTokens } from './dom';
import { groupDigits } from './numbers';
import { button } from './toolkit';
import { post } from './vscodeApi';

const KIND_TEXT: Record<ContextChip['kind'], string> = { file: 'File', selection: 'Selection', diagnostics: 'Diagnostics' };

export class ContextChips {
  private readonly list: HTMLElement;
  private readonly meter: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly meterText: HTMLElement;
  private context: ContextView = { chips: [], usedTokens: 0, limitTokens: 0, model: '', instructionTokens: 0, historyTokens: 0 };
  private promptTokens = 0;
  private readonly addButton: HTMLElement;
  /** Index of the chip whose × was just pressed: focus goes to the chip that takes its place. */
  private removedAt: number | undefined;
  private readonly nearLimit: HTMLElement;
  private readonly nearLimitText: HTMLElement;

  constructor(root: HTMLElement) {
    root.classList.add('context');
    this.list = element('ul', 'chips');
    this.list.id = 'chips';
    this.list.setAttribute('aria-label', 'Attached context');
    const add = button('+ Add file…', 'secondary', 'Attach a file to the next prompt');
    add.id = 'add-file';
    add.addEventListener('click', () => post({ type: 'addFile' }));
    this.addButton = add;

    this.meter = element('div', 'meter');
    this.meter.id = 'meter';
    this.meter.setAttribute('role', 'meter');
    this.meter.setAttribute('aria-label', 'Context window used');
    this.meter.setAttribute('aria-valuemin', '0');
    const bar = element('div', 'meter-bar');
    this.fill = element('div', 'meter-fill');
    bar.append(this.fill);
    this.meterText = element('span', 'meter-text');
    this.meter.append(bar, this.meterText);

    const tools = element('div', 'context-tools');
    tools.append(add, this.meter);
    // near the window: start over, or let the model summarise the history
    this.nearLimit = element('div', 'near-limit');
    this.nearLimit.id = 'near-limit';
    this.nearLimitText = element('span', 'near-limit-text');
    const fresh = button('New Conversation', 'secondary', 'Start a new conversation; attached files go with its first prompt');
    fresh.addEventListener('click', () => post({ type: 'runAction', command: 'newConversation' }));
    const compact = button('Compact History', 'secondary', 'Replace the earlier turns with a summary the model writes');
    compact.addEventListener('click', () => post({ type: 'compact' }));
    this.nearLimit.append(this.nearLimitText, fresh, compact);
    root.append(this.list, tools, this.nearLimit);
    this.show(this.context);
  }

  show(context: ContextView): void {
    this.context = context;
    this.list.replaceChildren(
      ...context.chips.map((c, index) =>
        chip(c, () => {
          this.removedAt = index;
          post({ type: 'removeChip', chipId: c.id });
        }),
      ),
    );
    this.list.hidden = context.chips.length === 0;
    this.renderMeter();
    if (this.removedAt !== undefined) {
      const buttons = this.list.querySelectorAll<HTMLElement>('.chip-remove');
      (buttons[Math.min(this.removedAt, buttons.length - 1)] ?? this.addButton).focus();
      this.removedAt = undefined;
    }
  }

  /** The prompt being typed counts too: it is part of the next request. */
  setPrompt(text: string): void {
    const tokens = estimateTokens(text);
    if (tokens === this.promptTokens) return;
    this.promptTokens = tokens;
    this.renderMeter();
  }

  private renderMeter(): void {
    const c = this.context;
    const used = c.usedTokens + this.promptTokens;
    const limit = c.limitTokens;
    const over = limit > 0 && used > limit;
    this.meter.classList.toggle('over', over);
    this.meter.hidden = limit <= 0;
    this.meter.setAttribute('aria-valuemax', String(limit));
    this.meter.setAttribute('aria-valuenow', String(used));
    // element.style is CSSOM, which the CSP allows (unlike a style attribute in markup)
    this.fill.style.width = `${limit > 0 ? Math.min(100, (used / limit) * 100) : 0}%`;
    const figures = `${formatTokens(used)} / ${formatTokens(limit)} tokens`;
    // "switch model" only when a configured model has a larger window
    const advice = c.largerModel ? `remove context or switch to ${c.largerModel}` : 'remove context';
    this.meterText.textContent = over ? `${figures} — over ${c.model}'s context window — ${advice}` : figures;
    this.meter.title = [
      `Next request ≈ ${groupDigits(used)} of ${c.model}'s ${groupDigits(limit)}-token window:`,
      `instructions ${groupDigits(c.instructionTokens)} · history ${groupDigits(c.historyTokens)} · attached ${groupDigits(c.usedTokens - c.instructionTokens - c.historyTokens)} · prompt ${groupDigits(this.promptTokens)}`,
    ].join('\n');
    this.meter.setAttribute('aria-valuetext', this.meterText.textContent);
    const near = limit > 0 && c.historyTokens > 0 && used >= limit * NEAR_LIMIT;
    this.nearLimit.hidden = !near;
    this.nearLimitText.textContent = near ? `The conversation fills ${Math.min(100, Math.round((used / limit) * 100))}% of ${c.model}'s context window.` : '';
  }
}

/** From this share of the window on, the composer offers a new conversation or a compacted history. */
const NEAR_LIMIT = 0.8;

/** The host's estimate (~4 characters per token), for the prompt being typed. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function chip(c: ContextChip, remove: () => void): HTMLElement {
  const li = element('li', `chip chip-${c.kind}`);
  li.dataset.chipId = c.id;
  li.title = c.excluded ? `Not sent: ${c.excluded}` : `${KIND_TEXT[c.kind]}: ${c.label}`;
  const label = element('span', 'chip-label', c.label);
  li.append(label);
  if (c.excluded) {
    li.classList.add('excluded');
    li.append(element('span', 'chip-excluded', `not sent: ${c.excluded}`));
  } else {
    li.append(element('span', 'chip-tokens', formatTokens(c.tokens)));
  }
  const tokens = c.excluded ? `not sent: ${c.excluded}` : `${formatTokens(c.tokens)} tokens`;
  const removeButton = button('×', 'icon', `Remove ${KIND_TEXT[c.kind].toLowerCase()} ${c.label} (${tokens}) from context`);
  removeButton.classList.add('chip-remove');
  removeButton.addEventListener('click', remove);
  li.append(removeButton);
  return li;
}
