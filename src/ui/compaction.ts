// "Compact history": the conversation so far becomes one summary the model writes, and the
// conversation continues from that summary alone (attachments are sent again in full). The summary
// request carries the history as plain text, attachments left out and long items cut, oldest turns
// dropped first so the request itself fits the window. Pure, so it is unit-tested without vscode.
import type { ResponseInputItem } from 'openai/resources/responses/responses';

export const SUMMARY_PROMPT = 'Summarise the conversation so far (compacting the history).';

export const SUMMARY_REQUEST = `Write a summary of the conversation below that lets us continue it from the summary alone:
the user's goals, what was decided, the code changes proposed and what became of them (accepted,
rejected, pending), open questions and the next step. Be concise; do not repeat file contents (the
attached files are sent again).`;

/** Opens the summary that replaces the earlier turns in the compacted conversation. */
export const SUMMARY_HEADER = 'Summary of our conversation so far (the earlier turns were compacted):';

const ATTACHED = "Context from the user's editor:";
const USER_TAIL_CHARS = 2_000;
const ITEM_CHARS = 4_000;

/** The history as a plain-text transcript of at most `maxChars` (the most recent turns kept). */
export function compactionTranscript(history: readonly ResponseInputItem[], maxChars: number): string {
  const entries = history.map(entry).filter((e): e is string => e !== undefined);
  const kept: string[] = [];
  let size = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (size + e.length + 2 > maxChars && kept.length > 0) {
      kept.push(`[${i + 1} earlier entr${i === 0 ? 'y' : 'ies'} left out]`);
      break;
    }
    kept.push(e.length > maxChars ? `${e.slice(0, maxChars)} […]` : e);
    size += e.length + 2;
  }
  return kept.reverse().join('\n\n');
}

function entry(item: ResponseInputItem): string | undefined {
  if ('role' in item) {
    const text = contentText((item as { content?: unknown }).content);
    if (item.role === 'user') {
      // attachments come first and go again after compaction: keep the prompt at the end
      const body = text.startsWith(ATTACHED) && text.length > USER_TAIL_CHARS ? `[attached files left out] …${text.slice(-USER_TAIL_CHARS)}` : text;
      return `User: ${body}`;
    }
    if (item.role === 'assistant') return `Assistant: ${cut(text)}`;
    return undefined; // system/developer: the instructions are sent with every request anyway
  }
  switch (item.type) {
    case 'custom_tool_call':
      return `Assistant proposed an edit (${item.name}):\n${cut(item.input)}`;
    case 'function_call':
      return `Assistant proposed an edit (${item.name}):\n${cut(item.arguments)}`;
    case 'custom_tool_call_output':
    case 'function_call_output':
      return `Outcome: ${typeof item.output === 'string' ? cut(item.output) : '[non-text output]'}`;
    default:
      return undefined;
  }
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

function cut(text: string): string {
  return text.length > ITEM_CHARS ? `${text.slice(0, ITEM_CHARS)} […]` : text;
}
