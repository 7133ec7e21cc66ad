// What the conversation already holds of each attachment, so a file attached to the conversation is
// sent once and again only when it changed: as its new text, or as a diff against what the model saw
// when that is smaller. Pure, so it is unit-tested without vscode.
import { createPatch } from 'diff';
import { estimateTokens, type ContextPart } from './contextParts';
import { fenced } from './fixContext';

/** The history items the ledger needs to tell one conversation from another. */
type History = readonly unknown[];

export interface Attachment {
  /** The context block for the next request ('' when everything attached is already there). */
  readonly text: string;
  readonly tokens: number;
  /** The request did not become part of the conversation (refused, failed before any output): forget it. */
  rollback(): void;
}

export class AttachmentLedger {
  /** Chip id → the text the model last received for it. */
  private sent = new Map<string, string>();
  /** The conversation the ledger speaks for: its first history item (a new or reloaded conversation has another). */
  private conversation: unknown = undefined;

  /** About how many tokens the next request's block will be (for the meter: no diff is computed). */
  previewTokens(parts: readonly ContextPart[], history: History): number {
    const sent = this.speaksFor(history) ? this.sent : new Map<string, string>();
    let tokens = 0;
    for (const p of parts) if (p.text !== undefined && sent.get(p.chip.id) !== p.text) tokens += estimateTokens(p.text);
    return tokens;
  }

  /** The block for the next request, recorded as sent. */
  prepare(parts: readonly ContextPart[], history: History): Attachment {
    if (!this.speaksFor(history)) this.sent = new Map();
    this.conversation = history[0];
    return this.build(parts, this.sent);
  }

  /** Forget everything sent (the history was compacted: attachments go again in full). */
  reset(): void {
    this.sent = new Map();
  }

  /**
   * Whether `history` is the conversation the ledger recorded: the same first item, or any history
   * after the ledger recorded into an empty one (that first turn's message is now its first item).
   */
  private speaksFor(history: History): boolean {
    return this.conversation === undefined || history[0] === this.conversation;
  }

  private build(parts: readonly ContextPart[], sent: Map<string, string>): Attachment {
    const blocks: string[] = [];
    const unchanged: string[] = [];
    const previous = new Map<string, string | undefined>();
    for (const p of parts) {
      if (p.text === undefined) continue;
      const before = sent.get(p.chip.id);
      if (before === p.text) {
        unchanged.push(p.chip.label);
        continue;
      }
      blocks.push(before === undefined ? p.text : changed(p.chip.label, before, p.text));
      previous.set(p.chip.id, before);
      sent.set(p.chip.id, p.text);
    }
    if (unchanged.length > 0) blocks.push(`Still attached, unchanged since sent earlier in this conversation: ${unchanged.map((l) => `\`${l}\``).join(', ')}.`);
    const text = blocks.length === 0 ? '' : `Context from the user's editor:\n\n${blocks.join('\n\n')}`;
    return {
      text,
      tokens: estimateTokens(text),
      rollback: () => {
        for (const [id, before] of previous) {
          if (before === undefined) sent.delete(id);
          else sent.set(id, before);
        }
      },
    };
  }
}

/** A changed attachment: a unified diff against what the model saw, or the new text when that is not larger. */
function changed(label: string, before: string, after: string): string {
  const patch = createPatch(label, before, after, 'as sent earlier', 'now', { context: 3 });
  const diff = `\`${label}\` changed since it was sent earlier in this conversation; the changes:\n${fenced(patch.slice(patch.indexOf('@@')), 'diff')}`;
  return diff.length < after.length ? diff : `\`${label}\` changed since it was sent earlier in this conversation; now:\n${after}`;
}
