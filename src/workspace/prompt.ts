import type { TurnView } from '../protocol';

/** A request for a turn, from the composer or from the editor ("Fix with Flowpair", "Edit Selection"). */
export interface Prompt {
  /** The turn's id: the webview's for composer prompts, made by the host for editor turns. */
  id?: string;
  text: string;
  origin: TurnView['origin'];
  /** Context sent with the prompt (files, selection, diagnostics), already filtered by the exclude list. */
  context?: string;
  model?: string;
  /** performance.now() when the host received the prompt from the webview (the connection log's hops). */
  receivedAt?: number;
}
