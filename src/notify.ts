// The one way Flowpair shows a notification. VS Code turns `[label](command:…)` in notification text
// into a link that runs the command, and our messages carry model paths, repository file names and
// repository-set model names; so the whole text is made inert here (src/security/inertText.ts).
// Nothing else calls window.show*Message (a unit test checks the source).
import * as vscode from 'vscode';
import { inertText } from './security/inertText';

export function info<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(inertText(message), ...actions);
}

export function warn<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(inertText(message), ...actions);
}

export function error<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(inertText(message), ...actions);
}

/** A modal question: resolves to true only when the user picked `action` (Cancel, Escape: false). */
export async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  const picked = await vscode.window.showWarningMessage(inertText(message), { modal: true, detail: inertText(detail) }, action);
  return picked === action;
}
