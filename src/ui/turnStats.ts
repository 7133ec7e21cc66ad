import type { TurnResult } from '../backend';
import type { TurnStatsView } from '../protocol';

const TRANSPORT_LABEL: Partial<Record<TurnResult['stats']['transport'], TurnStatsView['transport']>> = {
  'responses-http': 'HTTP',
  'chat-completions': 'Chat',
  'codex-app-server': 'Codex',
};

/** The per-turn figures the composer shows under an answer. */
export function statsView(result: TurnResult): TurnStatsView {
  const { stats } = result;
  const t = stats.timings;
  const transport: TurnStatsView['transport'] = TRANSPORT_LABEL[stats.transport] ?? (stats.warm ? 'WS warm' : 'WS cold');
  const outputTokens = stats.usage?.outputTokens ?? stats.deltas;
  const view: TurnStatsView = { model: stats.model, transport, outputTokens };
  if (t.firstTokenAt !== undefined) view.ttftMs = Math.round(t.firstTokenAt - t.startedAt);
  if (t.firstTokenAt !== undefined && t.lastTokenAt !== undefined && t.lastTokenAt > t.firstTokenAt) {
    view.tokensPerSecond = Math.round(outputTokens / ((t.lastTokenAt - t.firstTokenAt) / 1000));
  }
  return view;
}
