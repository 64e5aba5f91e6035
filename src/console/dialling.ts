/**
 * Dialling for the whole company (GET /dispatch): paused or not, since when and by which key, the
 * dialer, how many tasks are due and in flight; pause and resume, each confirmed naming the
 * company; and the company's audit trail, where those and every other change are listed.
 */
import type { CallwiseClient } from '@callwise/client';
import { auditTrailView } from './audit-trail.ts';
import { runConfirmed } from './confirmed.ts';
import { h } from './dom.ts';
import { localTime } from './format.ts';
import { KeyRefused } from './session.ts';

/** Instants on this page are the company's, not a borrower's: shown on the operator's own clock. */
const OPERATOR_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

export async function diallingView(api: CallwiseClient, onChanged: () => void): Promise<HTMLElement> {
  const { data, response } = await api.GET('/dispatch');
  if (response.status === 401) throw new KeyRefused();
  if (!data) return h('section', {}, h('h1', {}, 'Dialling'), h('p', { role: 'alert' }, `The dialling status could not be loaded (${response.status}).`));
  const audit = await auditTrailView(api, OPERATOR_ZONE);
  const kind = data.dialer === null ? null : (data.dialer as { kind?: unknown }).kind;
  const dialer = data.dialer === null ? 'none: tasks are not dispatched' : typeof kind === 'string' ? kind : 'configured';
  const message = h('p', { role: 'status', id: 'dialling-message' });
  const button = data.paused
    ? h('button', { type: 'button', id: 'resume-dialling' }, 'Resume dialling')
    : h('button', { type: 'button', id: 'pause-dialling', class: 'danger' }, 'Pause dialling');
  const company = data.companyName;
  button.addEventListener('click', () =>
    runConfirmed(
      data.paused
        ? {
            question: `Resume dialling for ${company}?\n\nDue calls are claimed again, each re-checked at the instant of dialling. The change is recorded with your key.`,
            message,
            control: button,
            send: () => api.POST('/dispatch/resume'),
            done: onChanged,
          }
        : {
            question: `Pause dialling for ${company}?\n\nNo new call is dialled for any borrower until dialling is resumed; calls already ringing finish. The change is recorded with your key.`,
            message,
            control: button,
            send: () => api.POST('/dispatch/pause'),
            done: onChanged,
          },
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'dialling-title' },
    h('h1', { id: 'dialling-title' }, `Dialling — ${company}`),
    h(
      'p',
      { id: 'dialling-status', class: data.paused ? 'stop' : 'allowed' },
      data.paused
        ? `Paused${data.pausedAt ? ` since ${localTime(data.pausedAt, OPERATOR_ZONE)}` : ''}: no new call is dialled.`
        : data.dialer === null
          ? 'Not paused, but no dialer is configured: no call is placed.'
          : 'Dialling: due calls are placed, each re-checked at the instant of dialling.',
    ),
    h(
      'dl',
      { class: 'dialling-facts' },
      h('dt', {}, 'Dialer'),
      h('dd', {}, dialer),
      h('dt', {}, 'Due now'),
      h('dd', {}, data.due),
      h('dt', {}, 'In flight'),
      h('dd', {}, data.inFlight),
      h('dt', {}, 'Scheduled'),
      h('dd', {}, data.scheduled),
    ),
    button,
    message,
    audit,
  );
}
