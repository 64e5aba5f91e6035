/**
 * Acting on a customer: stop or resume the schedule, rebuild it, record a call (record-call.ts),
 * mark do not call. Each is confirmed first, naming the borrower, and done through the API with
 * the signed-in key, which puts it on the audit trail (audit-trail.ts): which key, what, when.
 *
 * Clearing do-not-call is not offered: the flag may be a borrower's own stop request, and a
 * console one click away from undoing that is the wrong tool (PATCH still can, for a lender whose
 * borrower consented again). Resuming lifts only an operator's stop, never one a recorded call set.
 */
import type { CallwiseClient, components } from '@callwise/client';
import { borrowerName, runConfirmed, type Answer } from './confirmed.ts';
import { h } from './dom.ts';
import { localTime } from './format.ts';
import { recordCallView } from './record-call.ts';

type Customer = components['schemas']['Customer'];

interface Action {
  readonly id: string;
  readonly label: string;
  readonly danger?: boolean;
  readonly question: (who: string) => string;
  readonly send: () => Promise<Answer>;
}

function actionsFor(api: CallwiseClient, customer: Customer): Action[] {
  const path = { params: { path: { id: customer.id } } };
  const recorded = 'The change is recorded with your key.';
  const actions: Action[] = [];
  if (customer.scheduleStoppedAt === undefined) {
    actions.push({
      id: 'stop-schedule',
      label: 'Stop the schedule',
      danger: true,
      question: (who) =>
        `Stop the schedule of ${who}?\n\nEvery pending attempt is cancelled and nothing is planned or dialled until it is resumed. ${recorded}`,
      send: () => api.POST('/customers/{id}/schedule/stop', path),
    });
  } else {
    actions.push({
      id: 'resume-schedule',
      label: 'Resume the schedule',
      question: (who) => `Resume the schedule of ${who}?\n\nA new plan is built from now. Do-not-call and stops from recorded calls still hold. ${recorded}`,
      send: () => api.POST('/customers/{id}/schedule/resume', path),
    });
  }
  actions.push({
    id: 'rebuild-schedule',
    label: 'Rebuild the plan',
    question: (who) => `Rebuild the plan of ${who}?\n\nPending attempts are replaced by a fresh plan from now; requested callbacks stay. ${recorded}`,
    send: () => api.POST('/customers/{id}/schedule/rebuild', path),
  });
  if (!customer.doNotCall) {
    actions.push({
      id: 'mark-dnc',
      label: 'Mark do not call',
      danger: true,
      question: (who) => `Mark ${who} do not call?\n\nEvery pending attempt is cancelled and no call will be placed. ${recorded}`,
      send: () => api.PATCH('/customers/{id}', { ...path, body: { doNotCall: true } }),
    });
  }
  return actions;
}

export function actionsView(api: CallwiseClient, customer: Customer, onChanged: () => void): HTMLElement {
  const message = h('p', { role: 'status', id: 'action-message' });
  const zone = customer.timezone ?? 'UTC';
  const section = h('section', { 'aria-labelledby': 'actions-title', class: 'actions' }, h('h2', { id: 'actions-title' }, 'Act'));
  if (customer.doNotCall) section.append(h('p', {}, 'Marked do not call: nothing is planned or dialled.'));
  if (customer.scheduleStoppedAt !== undefined) {
    section.append(h('p', { id: 'schedule-stopped' }, `Schedule stopped since ${localTime(customer.scheduleStoppedAt, zone)}: nothing is planned or dialled.`));
  }
  const buttons = h('div', { class: 'action-buttons' });
  for (const action of actionsFor(api, customer)) {
    const button = h('button', { type: 'button', id: action.id, class: action.danger ? 'danger' : undefined }, action.label);
    button.addEventListener('click', () =>
      runConfirmed({ question: action.question(borrowerName(customer)), message, control: button, send: action.send, done: onChanged }),
    );
    buttons.append(button);
  }
  section.append(buttons, message, recordCallView(api, customer, onChanged));
  return section;
}
