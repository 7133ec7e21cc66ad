// Its own bundle, dist/toolkit.js: the toolkit's components the composer uses. The composer's
// script adds it once the restored transcript is painted (toolkit.ts), so FAST and its design tokens
// (two thirds of the composer's code) are parsed and run after the first frame, not before it.
// Badge and progress ring are not used: their templates carry a style="" attribute, which the
// composer's Content-Security-Policy (no inline styles) reports as a violation.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextArea } from '@vscode/webview-ui-toolkit';

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea());
