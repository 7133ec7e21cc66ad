// The page side of the contrast check (test/harness/contrast.ts does the arithmetic): functions
// passed to frame.evaluate, so self-contained (no imports at run time, no outer references).
import type { ColourSample } from '../harness/contrast';


/**
 * Every visible text node in the document and in open shadow roots (toolkit controls), plus the
 * placeholder of empty text fields. Skipped, as WCAG 1.4.3 allows: disabled controls, and text
 * that is not drawn (hidden, or visually hidden for screen readers).
 */
export function collectTextSamples(): ColourSample[] {
  const parentOf = (el: Element): Element | null =>
    (el as HTMLElement).assignedSlot ?? el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
  const chain = (el: Element): Element[] => {
    const out: Element[] = [];
    for (let at: Element | null = el; at; at = parentOf(at)) out.push(at);
    return out;
  };
  const describe = (el: Element) =>
    chain(el)
      .slice(0, 4)
      .reverse()
      .map((e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '') + [...e.classList].map((c) => `.${c}`).join(''))
      .join(' > ');
  const sample = (el: Element, text: string, color: string): ColourSample => {
    const backgrounds: string[] = [];
    let opacity = 1;
    let opaque = false;
    for (const at of chain(el)) {
      const style = getComputedStyle(at);
      opacity *= Number(style.opacity);
      if (opaque) continue;
      backgrounds.push(style.backgroundColor);
      opaque = /^rgb\(/.test(style.backgroundColor);
    }
    return { text: text.slice(0, 60), where: describe(el), color, backgrounds, opacity };
  };
  const skipped = (el: Element) =>
    chain(el).some(
      (e) =>
        e.hasAttribute('disabled') ||
        e.getAttribute('aria-disabled') === 'true' ||
        e.classList.contains('sr-only') ||
        (e as HTMLElement).offsetWidth <= 1 ||
        !e.checkVisibility({ visibilityProperty: true }),
    );
  const out: ColourSample[] = [];
  const roots: (Document | ShadowRoot)[] = [document];
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i]!;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = (node as Text).assignedSlot ?? node.parentElement;
      if (!text || !parent || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(parent.tagName) || skipped(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if ([...range.getClientRects()].every((r) => r.width < 1 || r.height < 1)) continue;
      out.push(sample(parent, text, getComputedStyle(parent).color));
    }
    for (const field of root.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('textarea, input')) {
      if (field.value || !field.placeholder || skipped(field)) continue;
      out.push(sample(field, `placeholder: ${field.placeholder}`, getComputedStyle(field, '::placeholder').color));
    }
  }
  return out;
}

/**
 * The focused control's visible focus ring: among the focused element (descending into shadow
 * roots), its shadow descendants and its ancestors up to the document's active element, the
 * outline with the highest contrast against what surrounds it. `undefined` when nothing has focus
 * in this document; a sample with `color: ''` when the control draws no outline at all.
 */
export function focusRingSample(): (ColourSample & { candidates: ColourSample[] }) | undefined {
  const top = document.activeElement;
  if (!top || top === document.body || !document.hasFocus()) return undefined;
  let deep: Element = top;
  while (deep.shadowRoot?.activeElement) deep = deep.shadowRoot.activeElement;
  const parentOf = (el: Element): Element | null =>
    (el as HTMLElement).assignedSlot ?? el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
  const candidates = new Set<Element>();
  for (let at: Element | null = deep; at; at = parentOf(at)) {
    candidates.add(at);
    if (at === top) break;
  }
  for (const el of top.shadowRoot?.querySelectorAll('*') ?? []) candidates.add(el);
  const name = top.getAttribute('aria-label') || (top as HTMLElement).innerText?.trim().slice(0, 60) || top.tagName.toLowerCase();
  const where = top.tagName.toLowerCase() + (top.id ? `#${top.id}` : '') + [...top.classList].map((c) => `.${c}`).join('');
  const rings: ColourSample[] = [];
  for (const el of candidates) {
    const style = getComputedStyle(el);
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 1) continue;
    // The outline is drawn around the element, over its parent's surface.
    const backgrounds: string[] = [];
    let opacity = 1;
    for (let at = parentOf(el); at; at = parentOf(at)) {
      const s = getComputedStyle(at);
      opacity *= Number(s.opacity);
      backgrounds.push(s.backgroundColor);
      if (/^rgb\(/.test(s.backgroundColor)) break;
    }
    rings.push({ text: name, where: `${where} (${el.tagName.toLowerCase()}${el === top ? '' : ' inside'})`, color: style.outlineColor, backgrounds, opacity });
  }
  return { text: name, where, color: '', backgrounds: [], opacity: 1, candidates: rings };
}
