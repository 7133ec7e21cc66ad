// The developer-facing connection log: one line per turn (the vscode side writes it to a
// LogOutputChannel). Never includes the API key or any message text.
import type { TurnResult } from './turn';

export function formatTurnLog(turnId: string, result: TurnResult): string {
  const { stats } = result;
  const t = stats.timings;
  const ttft = t.firstTokenAt !== undefined ? `${Math.round(t.firstTokenAt - t.startedAt)}ms` : '-';
  const tokens = stats.usage?.outputTokens ?? stats.deltas;
  const streaming = t.firstTokenAt !== undefined && t.lastTokenAt !== undefined ? (t.lastTokenAt - t.firstTokenAt) / 1000 : 0;
  const rate = streaming > 0 ? `${Math.round(tokens / streaming)} tok/s` : '- tok/s';
  return [
    turnId,
    result.status,
    stats.transport,
    stats.warm ? 'warm' : 'cold',
    stats.model,
    `ttft=${ttft}`,
    rate,
    `out=${tokens}tok`,
    `sent=${formatBytes(stats.bytesSent)}`,
    `recv=${formatBytes(stats.bytesReceived)}`,
  ].join(' ');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)}MB`;
}
