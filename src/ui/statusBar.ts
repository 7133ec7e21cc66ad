import * as vscode from 'vscode';
import type { ConnectionState } from '../protocol';

const ICON: Record<ConnectionState, string> = {
  unconfigured: '$(circle-slash)',
  cold: '$(circle-outline)',
  warming: '$(loading~spin)',
  warm: '$(zap)',
  error: '$(error)',
  offline: '$(debug-disconnect)',
};

/** The status-bar model picker: current fast model and connection state; click opens the picker. */
export class ModelStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('flowpair.model', vscode.StatusBarAlignment.Right, 100);

  constructor(command: string) {
    this.item.name = 'Flowpair Model';
    this.item.command = command;
  }

  update(model: string, state: ConnectionState, detail?: string): void {
    this.item.text = `${ICON[state]} ${model}`;
    this.item.tooltip = `Flowpair: ${model} — ${state}${detail ? `\n${detail}` : ''}\nClick to choose a model`;
    this.item.accessibilityInformation = { label: `Flowpair model ${model}, connection ${state}`, role: 'button' };
    this.item.backgroundColor = state === 'error' || state === 'offline' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
