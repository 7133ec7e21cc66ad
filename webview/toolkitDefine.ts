// Its own bundle, dist/toolkit.js: the toolkit's components the composer uses. The composer's
// script adds it once the restored transcript is painted (toolkit.ts), so FAST and its design tokens
// (two thirds of the composer's code) are parsed and run after the first frame, not before it.
// Badge and progress ring are not used: their templates carry a style="" attribute, which the
// composer's Content-Security-Policy (no inline styles) reports as a violation.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextArea } from '@vscode/webview-ui-toolkit';

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea());
// The toolkit takes the theme's colours into its design tokens on the window's `load` event (and
// follows theme changes from then on). Added after `load`, it would wait for it forever and keep its
// default dark palette in every theme (dark prompt box and buttons in Light, 1.2:1 placeholder in
// High Contrast Light): replay the event for it.
if (document.readyState === 'complete') window.dispatchEvent(new Event('load'));
