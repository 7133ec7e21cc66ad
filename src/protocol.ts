// Host ⇄ composer webview messages: one discriminated union per direction, shared by both sides.
// Updates are deltas; only `init` carries a snapshot (when the webview is (re)created).

/** What the composer shows about the backend connection. */
export type ConnectionState = 'unconfigured' | 'cold' | 'warming' | 'warm' | 'error';

export interface BackendSummary {
  /** e.g. "OpenAI" or "http://127.0.0.1:11434/v1"; never a key. */
  label: string;
  configured: boolean;
  fastModel: string;
}

export type HostToWebview =
  | { type: 'init'; hostVersion: string; backend: BackendSummary; connection: ConnectionState }
  | { type: 'pong'; id: number }
  | { type: 'connection'; state: ConnectionState; detail?: string }
  | { type: 'notice'; level: 'info' | 'error'; text: string; action?: NoticeAction };

/** A command the user can run from a notice in one click. */
export type NoticeAction = { label: string; command: 'setApiKey' | 'setBaseUrl' | 'showLog' };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'ping'; id: number }
  | { type: 'send'; text: string }
  | { type: 'runAction'; command: NoticeAction['command'] };

const ACTIONS: ReadonlySet<string> = new Set<NoticeAction['command']>(['setApiKey', 'setBaseUrl', 'showLog']);
/** Prompts larger than this are refused rather than forwarded (a 128k-token context is ~512 KB). */
export const MAX_PROMPT_CHARS = 1_000_000;

/**
 * The webview is untrusted input: accept only well-formed messages of known types.
 * Returns undefined for anything else (the caller logs and ignores it).
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'ping':
      return Number.isSafeInteger(m.id) ? { type: 'ping', id: m.id as number } : undefined;
    case 'send':
      return typeof m.text === 'string' && m.text.trim() !== '' && m.text.length <= MAX_PROMPT_CHARS
        ? { type: 'send', text: m.text }
        : undefined;
    case 'runAction':
      return typeof m.command === 'string' && ACTIONS.has(m.command)
        ? { type: 'runAction', command: m.command as NoticeAction['command'] }
        : undefined;
    default:
      return undefined;
  }
}
