// Renders a streamed answer into one container: completed blocks become DOM once and are never
// touched again; only the open tail (at most two blocks) is updated per flush. Model text only ever
// reaches the DOM as Text nodes.
import { type Block, BlockParser, type Inline, parseInline } from './markdown';
import { element } from './dom';

interface OpenElement {
  key: string;
  el: HTMLElement;
  /** For code blocks: the single Text node that grows, and how much of the block it holds. */
  code?: Text;
}

export class AnswerView {
  private readonly parser = new BlockParser();
  private readonly open = new Map<number, OpenElement>();
  private empty = true;

  constructor(private readonly container: HTMLElement) {}

  /** True once any answer text is on screen. */
  get hasContent(): boolean {
    return !this.empty;
  }

  write(text: string): void {
    this.render(this.parser.push(text), this.parser.peek());
  }

  end(): void {
    this.render(this.parser.finish(), []);
  }

  /**
   * An ended answer from its whole text (a re-created view). Only the blocks that hold its last
   * `tailChars` characters are drawn now; the earlier ones are drawn by the returned function (put
   * in front of them), if there are any. Every block is still drawn exactly once.
   */
  restore(text: string, tailChars: number): (() => void) | undefined {
    const blocks = [...this.parser.push(text), ...this.parser.finish()];
    let split = blocks.length;
    for (let chars = 0; split > 0 && chars < tailChars; ) chars += sizeOf(blocks[--split]!);
    for (const b of blocks.slice(split)) this.place(b, true);
    if (split === 0) return undefined;
    return () => {
      const head = document.createDocumentFragment();
      for (const b of blocks.slice(0, split)) head.append(build(b).el);
      this.container.prepend(head);
      this.empty = false;
    };
  }

  private render(done: Block[], tail: Block[]): void {
    const live = new Set<number>();
    for (const b of done) this.place(b, true);
    for (const b of tail) {
      this.place(b, false);
      live.add(b.id);
    }
    for (const [id, o] of this.open) {
      if (!live.has(id)) {
        o.el.remove();
        this.open.delete(id);
      }
    }
  }

  private place(block: Block, final: boolean): void {
    const key = keyOf(block);
    const current = this.open.get(block.id);
    if (current && current.key === key) update(current, block);
    else {
      const fresh = build(block);
      if (current) current.el.replaceWith(fresh.el);
      else this.container.append(fresh.el);
      if (!final) this.open.set(block.id, fresh);
      else this.open.delete(block.id);
      this.empty = false;
      return;
    }
    if (final) this.open.delete(block.id);
  }
}

/** A block's element with its content. */
function build(block: Block): OpenElement {
  const built: OpenElement = { key: keyOf(block), ...create(block) };
  update(built, block);
  return built;
}

function sizeOf(block: Block): number {
  return block.type === 'rule' ? 1 : block.text.length;
}

/** Blocks with the same key can be updated in place; a different key means a new element. */
function keyOf(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `h${b.level}`;
    case 'code':
      return `code:${b.lang}`;
    case 'listItem':
      return `li:${b.marker}:${b.depth}`;
    default:
      return b.type;
  }
}

function create(b: Block): { el: HTMLElement; code?: Text } {
  switch (b.type) {
    case 'paragraph':
      return { el: element('p', 'md-p') };
    case 'heading':
      return { el: element(`h${Math.min(b.level + 2, 6)}`, `md-h md-h${b.level}`) };
    case 'quote':
      return { el: element('blockquote', 'md-quote') };
    case 'rule':
      return { el: element('hr', 'md-rule') };
    case 'listItem': {
      const el = element('div', `md-li depth-${b.depth}`);
      el.append(element('span', 'md-marker', b.marker), element('span', 'md-li-text'));
      return { el };
    }
    case 'code': {
      const el = element('div', 'md-code');
      // plain elements only: an answer can hold hundreds of code blocks
      const head = element('div', 'md-code-head', b.lang || 'text');
      const pre = element('pre');
      const code = element('code');
      const text = document.createTextNode('');
      code.append(text);
      pre.append(code);
      pre.tabIndex = 0; // wide code scrolls sideways: make it reachable by keyboard
      pre.setAttribute('aria-label', `${b.lang || 'Code'} block`);
      el.append(head, pre);
      return { el, code: text };
    }
  }
}

function update(o: OpenElement, b: Block): void {
  switch (b.type) {
    case 'code':
      // append-only: never reset what is already on screen
      if (o.code && b.text.length > o.code.length) o.code.appendData(b.text.slice(o.code.length));
      return;
    case 'rule':
      return;
    case 'listItem':
      o.el.lastElementChild!.replaceChildren(...inlineNodes(parseInline(b.text)));
      return;
    default:
      o.el.replaceChildren(...inlineNodes(parseInline(b.text)));
  }
}

function inlineNodes(nodes: Inline[]): Node[] {
  return nodes.map((n) => {
    switch (n.type) {
      case 'text':
        return document.createTextNode(n.text);
      case 'code':
        return element('code', 'md-inline-code', n.text);
      case 'strong':
      case 'em':
      case 'del': {
        const el = element(n.type === 'strong' ? 'strong' : n.type === 'em' ? 'em' : 'del');
        el.append(...inlineNodes(n.children));
        return el;
      }
      case 'link': {
        const el = element('span', 'md-link');
        el.title = n.href;
        el.append(...inlineNodes(n.children));
        return el;
      }
    }
  });
}
