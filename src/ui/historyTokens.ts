// Estimated tokens of the conversation history the next request resends or chains on. The history
// only grows between resets, so each item is measured once.
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { estimateTokens } from '../workspace/contextParts';

export class HistoryTokens {
  private counted = 0;
  private tokens = 0;
  private of_: readonly ResponseInputItem[] | undefined;

  of(history: readonly ResponseInputItem[]): number {
    if (history !== this.of_ || history.length < this.counted) {
      this.of_ = history;
      this.counted = 0;
      this.tokens = 0;
    }
    for (; this.counted < history.length; this.counted++) this.tokens += estimateTokens(JSON.stringify(history[this.counted]));
    return this.tokens;
  }
}
