// The composer's conversations, per workspace, in the extension's workspace storage: a small index
// (title, dates, model) and each conversation under its own key (what the composer showed, and the
// input history the backend resends in full when it is continued), so a reload loses nothing.
import type * as vscode from 'vscode';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { FileCardView, TurnView } from '../protocol';
import type { SavedProposal } from '../workspace/savedProposals';

export interface ConversationSummary {
  id: string;
  /** The first prompt, shortened; the user may rename it. */
  title: string;
  createdAt: number;
  updatedAt: number;
  model: string;
}

export interface SavedConversation extends ConversationSummary {
  turns: TurnView[];
  files: FileCardView[];
  /** The backend's input history: continuing resends it whole (no previous_response_id survives a reload). */
  input: ResponseInputItem[];
  /** What brings the cards' undecided hunks back after a reload (absent in conversations saved before it was kept). */
  proposals?: SavedProposal[];
  /**
   * The outputs of the calls in `input` still awaiting one, as of the save: a reload forgets the
   * live outcomes, and a conversation continued after it answers its calls with these.
   */
  outcomes?: Record<string, string>;
}

const INDEX_KEY = 'flowpair.conversations';
const itemKey = (id: string) => `flowpair.conversation.${id}`;
const TITLE_CHARS = 60;
/** Oldest conversations beyond this are dropped, so workspace storage stays small. */
const MAX_CONVERSATIONS = 50;

export class ConversationArchive {
  /** `onDropped`: a conversation left the history (deleted, or the oldest beyond the limit); its proposals can go. */
  constructor(
    private readonly storage: vscode.Memento,
    private readonly onDropped: (conversation: SavedConversation) => void = () => {},
  ) {}

  /** Writes one at a time: each reads the index and writes it back whole. */
  private writes: Promise<void> = Promise.resolve();
  private serial(write: () => Promise<void>): Promise<void> {
    this.writes = this.writes.then(write, write);
    return this.writes;
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return [...this.storage.get<ConversationSummary[]>(INDEX_KEY, [])].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): SavedConversation | undefined {
    return this.storage.get<SavedConversation>(itemKey(id));
  }

  /** Saves a conversation with at least one turn (an empty one is not worth a history entry). */
  save(conversation: SavedConversation): Promise<void> {
    if (conversation.turns.length === 0) return Promise.resolve();
    // Deep copies, taken now: the live views keep changing after the call.
    const copy = JSON.parse(JSON.stringify(conversation)) as SavedConversation;
    return this.serial(async () => {
      const { turns: _t, files: _f, input: _i, proposals: _p, outcomes: _o, ...summary } = copy;
      const index = this.list().filter((c) => c.id !== copy.id);
      index.unshift(summary);
      for (const dropped of index.splice(MAX_CONVERSATIONS)) await this.drop(dropped.id);
      await this.storage.update(itemKey(copy.id), copy);
      await this.storage.update(INDEX_KEY, index);
    });
  }

  rename(id: string, title: string): Promise<void> {
    return this.serial(async () => {
      const saved = this.get(id);
      if (!saved) return;
      await this.storage.update(itemKey(id), { ...saved, title });
      await this.storage.update(INDEX_KEY, this.list().map((c) => (c.id === id ? { ...c, title } : c)));
    });
  }

  delete(id: string): Promise<void> {
    return this.serial(async () => {
      await this.drop(id);
      await this.storage.update(INDEX_KEY, this.list().filter((c) => c.id !== id));
    });
  }

  private async drop(id: string): Promise<void> {
    const saved = this.get(id);
    await this.storage.update(itemKey(id), undefined);
    if (saved) this.onDropped(saved);
  }
}

/** "Fix the failing cart test…": the first prompt's first line, shortened. */
export function titleFrom(prompt: string): string {
  const line = prompt.trim().split('\n')[0]!.trim();
  return line.length <= TITLE_CHARS ? line : `${line.slice(0, TITLE_CHARS - 1)}…`;
}
