// The only module that knows about @vscode/webview-ui-toolkit: registers the components the composer uses.
import { provideVSCodeDesignSystem, vsCodeBadge, vsCodeButton, vsCodeDivider, vsCodeProgressRing, vsCodeTextArea } from '@vscode/webview-ui-toolkit';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea(), vsCodeBadge(), vsCodeDivider(), vsCodeProgressRing());
}

/** Creates a toolkit button (appearance: primary | secondary | icon). */
export function button(label: string, appearance: 'primary' | 'secondary' | 'icon' = 'secondary'): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', appearance);
  b.textContent = label;
  return b;
}

/** The value of a toolkit text area (its value lives on the element, not an attribute). */
export function textValue(el: HTMLElement): string {
  return (el as HTMLElement & { value: string }).value ?? '';
}

export function setTextValue(el: HTMLElement, value: string): void {
  (el as HTMLElement & { value: string }).value = value;
}
