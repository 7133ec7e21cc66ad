import * as vscode from 'vscode';
import type { AnyBackend } from '../backend';
import { readSettings } from '../config';

/** Ids that name small, fast models; everything else is offered as a deep model. */
const FAST_HINT = /spark|mini|nano|flash|haiku|lite|small|tiny|turbo|(^|[-:_])([1-9]|1[0-4])b\b/i;

export function isFastModel(id: string): boolean {
  return FAST_HINT.test(id);
}

type Item = vscode.QuickPickItem & ({ role: 'fast' | 'deep'; model: string } | { escalate: true });

/**
 * The status-bar picker: the backend's models (GET /v1/models) grouped fast / deep, the current ones
 * checked; picking one sets that role's model for the next request. "Escalate to deep model" re-runs
 * the last prompt on the deep model.
 */
export async function pickModel(backend: AnyBackend | undefined, escalate: (() => void) | undefined): Promise<void> {
  const { models } = readSettings();
  let ids: string[] = [];
  let problem: string | undefined;
  if (backend) {
    try {
      ids = (await backend.listModels()).map((m) => m.id);
    } catch (e) {
      problem = `Could not list models: ${e instanceof Error ? e.message : String(e)}`;
    }
  } else {
    problem = 'No backend configured: showing the configured models.';
  }
  const all = [...new Set([models.fast, models.backup, models.deep, ...ids])];
  const fast = all.filter((id) => id === models.fast || id === models.backup || (id !== models.deep && isFastModel(id)));
  const deep = all.filter((id) => !fast.includes(id) || id === models.deep);
  const row = (role: 'fast' | 'deep', id: string): Item => {
    const current = role === 'fast' ? models.fast : models.deep;
    return {
      label: `${id === current ? '$(check)' : '$(blank)'} ${id}`,
      description: id === models.backup && role === 'fast' ? 'backup' : ids.length && !ids.includes(id) ? 'not listed by the backend' : undefined,
      role,
      model: id,
    };
  };
  const items: Item[] = [
    ...(escalate ? [{ label: '$(rocket) Escalate to deep model', description: `re-run the last prompt on ${models.deep}`, escalate: true as const }] : []),
    { label: 'Fast (interactive turns)', kind: vscode.QuickPickItemKind.Separator, role: 'fast', model: '' },
    ...fast.map((id) => row('fast', id)),
    { label: 'Deep', kind: vscode.QuickPickItemKind.Separator, role: 'deep', model: '' },
    ...deep.map((id) => row('deep', id)),
  ];
  const picked = await choose(items, {
    title: 'Flowpair: Select Model',
    placeholder: problem ?? `Fast: ${models.fast} · Deep: ${models.deep}`,
    // Enter alone keeps the current fast model: it, not "Escalate", is where the cursor starts.
    active: items.find((i) => 'role' in i && i.role === 'fast' && i.model === models.fast),
  });
  if (!picked) return;
  if ('escalate' in picked) {
    escalate?.();
    return;
  }
  const key = picked.role === 'fast' ? 'models.fast' : 'models.deep';
  await vscode.workspace.getConfiguration('flowpair').update(key, picked.model, vscode.ConfigurationTarget.Global);
}

/** A quick pick like showQuickPick, with the cursor starting on `active`. */
function choose(items: Item[], options: { title: string; placeholder: string; active: Item | undefined }): Promise<Item | undefined> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = true;
  pick.items = items;
  if (options.active) pick.activeItems = [options.active];
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0] ?? pick.activeItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
