// Host ⇄ composer webview messages: one discriminated union per direction, shared by both sides.
// Updates are deltas; only `init` carries a snapshot (when the webview is (re)created, e.g. after the
// view was hidden), so the transcript survives without ever being re-sent on each update.

/** What the composer shows about the backend connection (`offline`: nothing answers; retrying in the background). */
export type ConnectionState = 'unconfigured' | 'cold' | 'warming' | 'warm' | 'error' | 'offline';

export interface BackendSummary {
  /** e.g. "OpenAI" or "http://127.0.0.1:11434/v1"; never a key. */
  label: string;
  configured: boolean;
  fastModel: string;
  /** Restricted Mode (an untrusted workspace): no workspace content is sent and no edits are applied. */
  restricted: boolean;
  /** The Codex provider is chosen and its ChatGPT sign-in is missing: the welcome offers it. */
  signIn?: boolean;
}

/** A command the user can run from a notice or a failed turn in one click. */
/** `retry` on a failed turn sends its prompt again (the webview does it); elsewhere it reconnects now. */
export type NoticeAction = {
  label: string;
  command: 'setApiKey' | 'setBaseUrl' | 'showLog' | 'useBackupModel' | 'detectLocal' | 'retry' | 'manageTrust' | 'codexSignIn' | 'installCodex'
    | 'newConversation' | 'compact' | 'compactAndRetry';
};

/** How a turn ended (the backend's turn lifecycle uses the same words). */
export type TurnOutcome = 'completed' | 'failed' | 'incomplete' | 'interrupted';
export type TurnStatus = 'streaming' | TurnOutcome;

/** Per-turn figures shown under the answer: "gpt-5.3-codex-spark · WS warm · TTFT 74 ms · 1,020 tok/s". */
export interface TurnStatsView {
  model: string;
  transport: 'WS warm' | 'WS cold' | 'HTTP' | 'Chat' | 'Codex';
  ttftMs?: number;
  tokensPerSecond?: number;
  outputTokens?: number;
}

export interface TurnView {
  /** One id from the prompt box to the socket: made by the webview (or the host for editor turns), used by the backend's Turn. */
  id: string;
  prompt: string;
  /** Where the turn came from: the composer, or a "fix this"/"edit selection" in the editor. */
  origin: 'composer' | 'fix' | 'selection' | 'compact';
  model: string;
  status: TurnStatus;
  /** The answer so far (in `init` only; afterwards it grows through `turnText`). */
  text: string;
  notices: string[];
  stats?: TurnStatsView;
  error?: { message: string; actions?: NoticeAction[] };
  /** Checkpoint and checks (in `init` only; afterwards through `turnSafety`). */
  safety?: TurnSafetyView;
}

/** A hunk's state, the same in the edit engine, the host and the webview. */
export type HunkStatus = 'pending' | 'accepted' | 'rejected' | 'stale' | 'failed';

export interface HunkView {
  id: string;
  status: HunkStatus;
  /** Why a hunk is failed or stale, e.g. the nearest match that did not fit; or that the user edited it in the review diff. */
  reason?: string;
  /** 1-based first line of the hunk in the current document, for the card's header. */
  line: number;
  removed: string[];
  added: string[];
}

/** A proposal for one file: a card in the composer with its hunks. */
export interface FileCardView {
  id: string;
  turnId: string;
  path: string;
  op: 'add' | 'delete' | 'update' | 'move';
  moveTo?: string;
  hunks: HunkView[];
  /** The whole file's proposal could not be made (unknown file, path outside the workspace, …). */
  error?: string;
  /** Why this file is sensitive (it can run code or change the editor): accepting asks again. */
  sensitive?: string;
}

export interface ContextChip {
  id: string;
  kind: 'file' | 'selection' | 'diagnostics';
  label: string;
  tokens: number;
  /** Set when the chip's content is never sent, with the reason (e.g. matches flowpair.context.exclude). */
  excluded?: string;
}

/** What the next request carries besides the attachments and the prompt, and the window it must fit. */
export interface ContextBudget {
  /** The model the next composer turn goes to, and its context window in tokens. */
  model: string;
  limitTokens: number;
  /** Estimated tokens of the instructions and of the conversation history resent or chained on. */
  instructionTokens: number;
  historyTokens: number;
  /** A configured model with a larger window, named only when there is one. */
  largerModel?: string;
}

export interface ContextView extends ContextBudget {
  chips: ContextChip[];
  /** Estimated tokens of everything but the prompt (instructions, history, attachments); the webview adds the prompt as it is typed. */
  usedTokens: number;
}

/** A turn's safety net: whether its files can be restored, and what the checks after its accepts found. */
export interface TurnSafetyView {
  /** Files were saved before this turn's first accept: "Restore files to before this turn" is offered. */
  checkpoint: boolean;
  check?: {
    /** running/passed/failed/cancelled: the check command; errors: new diagnostics after an accept. */
    state: 'running' | 'passed' | 'failed' | 'cancelled' | 'errors';
    summary: string;
    durationMs?: number;
    /** The last lines of a failed check's output. */
    tail?: string;
  };
}

/** What the buttons of a turn's safety row ask for. */
export type TurnAction = 'restore' | 'revertConversation' | 'fixFailure' | 'runCheck';

export type HostToWebview =
  | {
      type: 'init';
      backend: BackendSummary;
      connection: ConnectionState;
      turns: TurnView[];
      files: FileCardView[];
      context: ContextView;
    }
  | { type: 'pong'; id: number }
  | { type: 'backend'; backend: BackendSummary }
  | { type: 'connection'; state: ConnectionState; detail?: string }
  | { type: 'notice'; level: 'info' | 'error'; text: string; action?: NoticeAction }
  | { type: 'turnStarted'; turn: TurnView }
  /**
   * Answer text appended since the last message (coalesced by the host, at most one per frame).
   * `itemId` names the answer's output item: a turn may have several message items (text, a tool
   * call, more text), each its own paragraph.
   */
  | { type: 'turnText'; turnId: string; itemId: string; delta: string }
  | { type: 'turnNotice'; turnId: string; text: string }
  | { type: 'turnEnded'; turnId: string; status: TurnOutcome; stats?: TurnStatsView; error?: TurnView['error'] }
  | { type: 'turnSafety'; turnId: string; safety: TurnSafetyView }
  /** A new file card, or new hunks for an existing one (hunks are appended; existing ones untouched). */
  | { type: 'fileCard'; file: FileCardView }
  | { type: 'hunksAdded'; fileId: string; hunks: HunkView[] }
  /** A hunk's status, position or lines changed (an accept, a user edit, or a later chunk merged into it). */
  | { type: 'hunkUpdated'; fileId: string; hunk: HunkView }
  /** A hunk no longer exists (a later chunk merged it into its neighbour, which is updated). */
  | { type: 'hunkRemoved'; fileId: string; hunkId: string }
  | { type: 'context'; context: ContextView }
  /** Puts text back into the prompt box (e.g. a turn that could not be sent is not lost). */
  | { type: 'restorePrompt'; text: string }
  /** Gives the prompt box the focus back (e.g. after the "Add file…" picker closes). */
  | { type: 'focusPrompt' };

export type HunkAction = 'accept' | 'reject' | 'reveal';
export type FileAction = 'acceptAll' | 'rejectAll' | 'review';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'ping'; id: number }
  /**
   * A prompt, as the new turn `turnId` (made by the webview). `steer` names the streaming turn it
   * interrupts and continues from; when that turn is no longer current the prompt is a plain send.
   */
  | { type: 'send'; turnId: string; text: string; steer?: string }
  /** Stops `turnId`; ignored when that turn is no longer current. */
  | { type: 'stop'; turnId: string }
  | { type: 'runAction'; command: NoticeAction['command'] }
  | { type: 'hunk'; fileId: string; hunkId: string; action: HunkAction }
  | { type: 'file'; fileId: string; action: FileAction }
  | { type: 'removeChip'; chipId: string }
  | { type: 'turnAction'; turnId: string; action: TurnAction }
  | { type: 'addFile' }
  /** Compact the history into a summary turn; `retry` is a prompt to send again once it is done. */
  | { type: 'compact'; retry?: string }
  /** The user typed in the prompt box: intent, so the host warms the connection. */
  | { type: 'typing' };

const ACTIONS: ReadonlySet<string> = new Set<NoticeAction['command']>([
  'setApiKey', 'setBaseUrl', 'showLog', 'useBackupModel', 'detectLocal', 'retry', 'manageTrust', 'codexSignIn', 'installCodex',
  'newConversation', 'compact', 'compactAndRetry',
]);
const HUNK_ACTIONS: ReadonlySet<string> = new Set<HunkAction>(['accept', 'reject', 'reveal']);
const FILE_ACTIONS: ReadonlySet<string> = new Set<FileAction>(['acceptAll', 'rejectAll', 'review']);
const TURN_ACTIONS: ReadonlySet<string> = new Set<TurnAction>(['restore', 'revertConversation', 'fixFailure', 'runCheck']);
/** Prompts larger than this are refused rather than forwarded (a 128k-token context is ~512 KB). */
export const MAX_PROMPT_CHARS = 1_000_000;
const MAX_ID_CHARS = 200;

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS;

/**
 * The webview is untrusted input: accept only well-formed messages of known types, rebuilt field by
 * field so nothing unexpected travels further. Returns undefined otherwise (the caller logs it).
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'addFile':
    case 'typing':
      return { type: m.type };
    case 'ping':
      return Number.isSafeInteger(m.id) ? { type: 'ping', id: m.id as number } : undefined;
    case 'send':
      if (!isId(m.turnId) || typeof m.text !== 'string' || m.text.trim() === '' || m.text.length > MAX_PROMPT_CHARS) return undefined;
      if (m.steer !== undefined && !isId(m.steer)) return undefined;
      return { type: 'send', turnId: m.turnId, text: m.text, ...(m.steer !== undefined && { steer: m.steer as string }) };
    case 'stop':
      return isId(m.turnId) ? { type: 'stop', turnId: m.turnId } : undefined;
    case 'runAction':
      return typeof m.command === 'string' && ACTIONS.has(m.command)
        ? { type: 'runAction', command: m.command as NoticeAction['command'] }
        : undefined;
    case 'hunk':
      return isId(m.fileId) && isId(m.hunkId) && typeof m.action === 'string' && HUNK_ACTIONS.has(m.action)
        ? { type: 'hunk', fileId: m.fileId, hunkId: m.hunkId, action: m.action as HunkAction }
        : undefined;
    case 'file':
      return isId(m.fileId) && typeof m.action === 'string' && FILE_ACTIONS.has(m.action)
        ? { type: 'file', fileId: m.fileId, action: m.action as FileAction }
        : undefined;
    case 'compact':
      if (m.retry === undefined) return { type: 'compact' };
      return typeof m.retry === 'string' && m.retry.trim() !== '' && m.retry.length <= MAX_PROMPT_CHARS ? { type: 'compact', retry: m.retry } : undefined;
    case 'removeChip':
      return isId(m.chipId) ? { type: 'removeChip', chipId: m.chipId } : undefined;
    case 'turnAction':
      return isId(m.turnId) && typeof m.action === 'string' && TURN_ACTIONS.has(m.action)
        ? { type: 'turnAction', turnId: m.turnId, action: m.action as TurnAction }
        : undefined;
    default:
      return undefined;
  }
}
