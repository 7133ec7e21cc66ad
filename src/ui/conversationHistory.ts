// "Flowpair: Conversation History…": the workspace's conversations, newest first (title, date,
// model); pick one to open and continue it, or rename or delete it with the row's buttons.
import * as vscode from 'vscode';
import type { ConversationArchive, ConversationSummary } from './conversations';

interface Row extends vscode.QuickPickItem {
  conversation: ConversationSummary;
}

const RENAME: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Rename' };
const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete' };
const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

export async function showConversationHistory(archive: ConversationArchive, currentId: string, open: (id: string) => Promise<void>): Promise<void> {
  const pick = vscode.window.createQuickPick<Row>();
  pick.title = 'Flowpair: Conversation History';
  pick.placeholder = 'Pick a conversation to continue it';
  pick.matchOnDescription = true;
  const render = () => {
    const rows = archive.list().map((conversation) => ({
      conversation,
      label: conversation.title,
      description: `${date.format(conversation.updatedAt)} · ${conversation.model}${conversation.id === currentId ? ' · shown now' : ''}`,
      buttons: [RENAME, DELETE],
    }));
    pick.items = rows;
    if (rows.length === 0) pick.placeholder = 'No conversations yet in this workspace';
  };
  render();
  const chosen = new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.conversation.id);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.onDidTriggerItemButton(async ({ item, button }) => {
      if (button === DELETE) {
        await archive.delete(item.conversation.id);
        render();
        return;
      }
      // The input box closes the list; the new title shows the next time it opens.
      const title = await vscode.window.showInputBox({ title: 'Rename Conversation', value: item.conversation.title, validateInput: (v) => (v.trim() ? undefined : 'A title cannot be empty') });
      if (title?.trim()) await archive.rename(item.conversation.id, title.trim());
    });
  });
  pick.show();
  const id = await chosen;
  pick.dispose();
  if (id !== undefined) await open(id);
}
