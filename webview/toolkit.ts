// The composer's buttons and prompt box are @vscode/webview-ui-toolkit elements; this module knows
// how to make and read them. The toolkit itself is its own bundle (toolkitDefine.ts → toolkit.js),
// added after the restored transcript is painted: until its elements are defined they keep their
// place unseen (composer.css), and what is set on them waits for `defined`.

const COMPONENTS = ['vscode-button', 'vscode-text-area'];

/** The composer's own script element, read while it runs: toolkit.js sits next to it, under the same nonce. */
const self = document.currentScript as HTMLScriptElement | null;

/** Resolves once the toolkit's elements are defined (and the ones already in the page upgraded). */
export const defined: Promise<void> = Promise.all(COMPONENTS.map((name) => customElements.whenDefined(name))).then(() => undefined);

/** Adds toolkit.js to the page (once). */
export function loadToolkit(): void {
  if (!self || document.getElementById('toolkit-script')) return;
  const script = document.createElement('script');
  script.id = 'toolkit-script';
  script.nonce = self.nonce;
  script.src = new URL('toolkit.js', self.src).href;
  document.body.append(script);
}

/** True once `el`'s toolkit element is defined (always true for other elements). */
export function isDefined(el: HTMLElement): boolean {
  return !COMPONENTS.includes(el.localName) || customElements.get(el.localName) !== undefined;
}

/**
 * Creates a toolkit button (appearance: primary | secondary | icon). Icon buttons show a glyph, so
 * they need `ariaLabel` for screen readers; it also becomes the tooltip.
 */
export function button(label: string, appearance: 'primary' | 'secondary' | 'icon' = 'secondary', ariaLabel?: string): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', appearance);
  b.textContent = label;
  if (ariaLabel) {
    b.setAttribute('aria-label', ariaLabel);
    b.title = ariaLabel;
  }
  return b;
}

export function setDisabled(el: HTMLElement, disabled: boolean): void {
  el.toggleAttribute('disabled', disabled);
}

/** The value of a toolkit text area (its value lives on the element, not an attribute). */
export function textValue(el: HTMLElement): string {
  return (el as HTMLElement & { value: string }).value ?? '';
}

export function setTextValue(el: HTMLElement, value: string): void {
  // Before the upgrade an own `value` would hide the element's own property for good.
  if (isDefined(el)) (el as HTMLElement & { value: string }).value = value;
  else void defined.then(() => setTextValue(el, value));
}
