/**
 * What-if: "may we call this borrower now, or at this local time?" — POST /compliance/check with
 * the customer's id, so the stored facts and the recorded calls are weighed. The answer, every
 * reason with its citation, and the next lawful instant on the borrower's clocks.
 */
import type { CallwiseClient, components } from '@callwise/client';
import { h } from './dom.ts';
import { localTime } from './format.ts';
import { KeyRefused } from './session.ts';
import { instantFromLocal } from './zone-time.ts';

type Customer = components['schemas']['Customer'];

export function whatIfView(api: CallwiseClient, customer: Customer): HTMLElement {
  const zone = customer.timezone ?? 'UTC';
  const input = h('input', { id: 'what-if-at', name: 'at', type: 'datetime-local', required: true });
  const answer = h('div', { class: 'answer', id: 'what-if-answer', 'aria-live': 'polite' });

  async function check(at: number): Promise<void> {
    answer.replaceChildren(h('p', {}, 'Checking…'));
    const { data, error, response } = await api.POST('/compliance/check', { body: { at: new Date(at).toISOString(), customerId: customer.id } });
    if (response.status === 401) throw new KeyRefused();
    if (!data) {
      answer.replaceChildren(h('p', { role: 'alert' }, `The check failed: ${error?.detail ?? response.status}`));
      return;
    }
    const zones = data.candidateZones.length > 0 ? data.candidateZones : [zone];
    const result = h(
      'div',
      {},
      h(
        'p',
        { class: data.allowed ? 'allowed' : 'refused' },
        data.allowed ? `Yes: a call at ${localTime(new Date(at).toISOString(), zone)} is lawful.` : 'No: a call then is not lawful.',
      ),
      data.reasons.length > 0 &&
        h(
          'ul',
          { class: 'reasons' },
          ...data.reasons.map((r) =>
            h('li', {}, h('strong', {}, r.code), r.zone ? ` in ${r.zone}` : '', r.detail ? ` — ${r.detail}` : '', h('br'), h('cite', {}, r.rule)),
          ),
        ),
      !data.allowed &&
        h(
          'p',
          {},
          data.nextAllowedAt
            ? `Next lawful time: ${zones.map((z) => localTime(data.nextAllowedAt as string, z)).join('; ')}.`
            : 'No lawful time within 30 days (or a permanent reason applies).',
        ),
      h('p', { class: 'muted' }, `Zones weighed: ${zones.join(', ')}. Jurisdictions: ${data.jurisdictions.join(', ') || 'none'}.`),
    );
    answer.replaceChildren(result);
  }

  const form = h(
    'form',
    { class: 'what-if', 'aria-labelledby': 'what-if-title' },
    h('h2', { id: 'what-if-title' }, 'What if we call…'),
    h('label', { for: 'what-if-at' }, `At this time in ${zone}`),
    input,
    h('button', { type: 'submit' }, 'Check that time'),
    h('button', { type: 'button', id: 'what-if-now' }, 'Check now'),
    answer,
  );
  const fail = (e: unknown) => form.dispatchEvent(new CustomEvent('console-error', { bubbles: true, detail: e }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const at = instantFromLocal(input.value, zone);
    if (at === null) answer.replaceChildren(h('p', { role: 'alert' }, 'Enter a date and a time.'));
    else void check(at).catch(fail);
  });
  form.querySelector('#what-if-now')?.addEventListener('click', () => void check(Date.now()).catch(fail));
  return form;
}
