// A turn's safety row: "Restore files to before this turn" once it has a checkpoint, and the result of
// the checks after its accepts (running / passed / failed with the output's tail / new errors), with
// the actions that follow from it. Rendered into the turn's article, replaced whole on each update.
import type { TurnAction, TurnSafetyView } from '../src/protocol';
import { element } from './dom';
import { button } from './toolkit';
import { post } from './vscodeApi';

const STATE_TEXT: Record<NonNullable<TurnSafetyView['check']>['state'], string> = {
  running: 'Check running',
  passed: 'Check passed',
  failed: 'Check failed',
  cancelled: 'Check cancelled',
  errors: 'New errors',
};

export function showTurnSafety(turnId: string, safety: TurnSafetyView): void {
  const turn = document.getElementById(`turn-${turnId}`);
  if (turn === null) return;
  const row = element('div', 'turn-safety');
  const check = safety.check;
  if (check !== undefined) {
    const status = element('div', `check check-${check.state}`);
    status.setAttribute('role', check.state === 'failed' || check.state === 'errors' ? 'alert' : 'status');
    const duration = check.durationMs !== undefined ? ` · ${(check.durationMs / 1000).toFixed(1)} s` : '';
    status.append(element('span', 'check-state', `${STATE_TEXT[check.state]}: `), element('span', 'check-summary', `${check.summary}${duration}`));
    row.append(status);
    if (check.tail) row.append(element('pre', 'check-tail', check.tail));
    if (check.state === 'failed' || check.state === 'errors') row.append(action(turnId, check.state === 'failed' ? 'Fix this failure' : 'Fix', 'fixFailure', 'primary'));
    if (check.state === 'errors' && safety.checkpoint) row.append(action(turnId, 'Undo this turn’s edits', 'restore'));
  }
  if (safety.checkpoint) {
    if (check?.state !== 'errors') row.append(action(turnId, 'Restore files to before this turn', 'restore'));
    row.append(action(turnId, 'Revert conversation', 'revertConversation'));
  }
  const old = turn.querySelector(':scope > .turn-safety');
  if (old) old.replaceWith(row);
  else turn.append(row);
}

function action(turnId: string, label: string, what: TurnAction, appearance: 'primary' | 'secondary' = 'secondary'): HTMLElement {
  const b = button(label, appearance);
  b.classList.add(`safety-${what}`);
  b.addEventListener('click', () => post({ type: 'turnAction', turnId, action: what }));
  return b;
}
