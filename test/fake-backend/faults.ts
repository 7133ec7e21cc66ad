// Named faults, for selecting one by hand: `npm run fake-backend -- --fault NAME` (every answer, or
// the whole server), or a prompt containing `[fault:NAME]` (that answer only). Each is one of the
// behaviours real servers and proxies show (issue 10); the unit tests use the same faults directly.
import type { Script } from './scripts';
import type { ServerFaults } from './server';

export interface NamedFault {
  description: string;
  /** A per-answer fault: the script played for a matching prompt. */
  script?: Script;
  /** A connection-level fault: applies to the whole server. */
  server?: ServerFaults;
}

const LONG = 'Streaming a longer answer so that the fault lands in the middle of it. '.repeat(4);
const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n';

export const FAULTS: Record<string, NamedFault> = {
  'prewarm-hang': { description: 'never answers a prewarm (generate:false)', server: { prewarmHang: true } },
  'prewarm-refused': { description: "refuses prewarms (generate:false) with a 400 error", server: { prewarmRefused: true } },
  'refuse-upgrade': { description: 'refuses every WebSocket upgrade with 426', server: { refuseUpgrade: 426 } },
  'refuse-upgrade-500': { description: 'refuses every WebSocket upgrade with 500', server: { refuseUpgrade: 500 } },
  'close-after-completed': { description: 'closes the connection 20 ms after each response.completed', script: { fault: { type: 'close-after-completed', delayMs: 20 } } },
  'no-answer': { description: 'closes the connection as soon as the request arrives', script: { fault: { type: 'drop-after', events: 0 } } },
  drop: { description: 'drops the connection mid-answer', script: { text: LONG, fault: { type: 'drop-after', events: 12 } } },
  'rate-limit-event': {
    description: 'an in-stream error event with status 429 before any output',
    script: { fault: { type: 'error-frame', afterEvents: 1, status: 429, code: 'rate_limit_exceeded', message: 'Rate limit reached.', retryAfterSeconds: 20 } },
  },
  'server-error-event': {
    description: 'an in-stream error event with status 500 mid-answer',
    script: { text: LONG, fault: { type: 'error-frame', afterEvents: 12, status: 500, code: 'server_error', message: 'The server had an error.' } },
  },
  'item-done-only': { description: 'no deltas: the answer only in output_item.done', script: { text: 'Answer carried in output_item.done.', delivery: 'item-done' } },
  'completed-only': { description: "no deltas: the answer only in response.completed's output", script: { text: 'Answer carried in response.completed.', delivery: 'completed-only' } },
  'no-tool-done': { description: 'an apply_patch call without output_item.done', script: { text: 'Patch:', toolCalls: [{ input: PATCH }], fault: { type: 'no-tool-done' } } },
  malformed: { description: 'one malformed frame mid-answer, then the rest', script: { text: LONG, fault: { type: 'malformed-json', afterEvents: 8 } } },
  'malformed-close': { description: 'one malformed frame, then the connection closes', script: { text: LONG, fault: { type: 'malformed-json', afterEvents: 8, then: 'close' } } },
  'huge-frame': { description: 'one 20 MiB text delta mid-answer', script: { text: LONG, fault: { type: 'oversized-frame', bytes: 20 * 1024 * 1024, afterEvents: 8 } } },
  'done-no-completed': { description: 'SSE: ends with [DONE] instead of response.completed', script: { text: 'Answer ended by [DONE].', toolCalls: [{ input: PATCH }], fault: { type: 'done-instead-of-completed' } } },
  stall: { description: 'stops sending mid-answer and holds the connection', script: { text: LONG, fault: { type: 'stall', afterEvents: 8 } } },
};

/** `[fault:NAME]` in a prompt selects that fault's script for that answer. */
export const faultMarker = (name: string) => `[fault:${name}]`;
