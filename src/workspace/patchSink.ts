// The workspace's input port for streamed edits: the chat (ui) feeds it, the proposals store
// implements it. Declared here so the ui depends on the workspace, never the reverse.
import type { EditFormat, TurnOutcomes } from '../backend';

export interface PatchSink {
  begin(turnId: string, callId: string, format: EditFormat): void;
  delta(turnId: string, callId: string, text: string): void;
  /** The call's input is complete (the model finished the tool call). */
  end(turnId: string, callId: string): void;
  /** The turn ended (for any reason): calls still open are closed as cut off; their complete parts stand. */
  endTurn(turnId: string): void;
  /**
   * Taken when the next turn starts: outputs for the calls awaiting one, and a note on later
   * decisions — of the calls of `turnIds` only (the conversation the turn continues), when given.
   */
  takeOutcomes(awaitingOutput: readonly string[], turnIds?: ReadonlySet<string>): Promise<TurnOutcomes>;
}
