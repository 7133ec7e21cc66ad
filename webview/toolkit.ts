// The only module that knows about @vscode/webview-ui-toolkit: registers the components the composer uses.
// Badge and progress ring are not used: their templates carry a style="" attribute, which the
// composer's Content-Security-Policy (no inline styles) reports as a violation.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextArea } from '@vscode/webview-ui-toolkit';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea());
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
  (el as HTMLElement & { value: string }).value = value;
}
