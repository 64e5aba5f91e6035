/**
 * Acting on a customer, each action confirmed first and done through the API with the signed-in
 * key, which puts it on the audit trail (GET /audit-events): which key, when, which fields.
 *
 * Only "mark do not call" is offered. Clearing it is not: the flag may be a borrower's own stop
 * request, and a console one click away from undoing that is the wrong tool (PATCH still can, for
 * a lender whose borrower consented again).
 */
import type { CallwiseClient, components } from '@callwise/client';
import { h } from './dom.ts';
import { localTime } from './format.ts';
import { KeyRefused } from './session.ts';

type Customer = components['schemas']['Customer'];

export function actionsView(api: CallwiseClient, customer: Customer, onChanged: () => void): HTMLElement {
  const message = h('p', { role: 'status' });
  const section = h('section', { 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, 'Act'));
  if (customer.doNotCall) {
    section.append(h('p', {}, 'Marked do not call: nothing is planned or dialled.'));
    return section;
  }
  const button = h('button', { type: 'button', id: 'mark-dnc', class: 'danger' }, 'Mark do not call');
  button.addEventListener('click', () => {
    const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.id;
    if (
      !confirm(
        `Mark ${name} (${customer.id}) do not call?\n\nEvery pending attempt is cancelled and no call will be placed. The change is recorded with your key.`,
      )
    ) {
      message.textContent = 'Nothing was changed.';
      return;
    }
    button.disabled = true;
    void api
      .PATCH('/customers/{id}', { params: { path: { id: customer.id } }, body: { doNotCall: true } })
      .then(({ response, error }) => {
        if (response.status === 401) throw new KeyRefused();
        if (error) {
          message.textContent = `Not changed: ${error.detail}`;
          button.disabled = false;
        } else onChanged();
      })
      .catch((e: unknown) => section.dispatchEvent(new CustomEvent('console-error', { bubbles: true, detail: e })));
  });
  section.append(button, message);
  return section;
}

export async function auditTrailView(api: CallwiseClient, customerId: string, zone: string): Promise<HTMLElement> {
  const { data, response } = await api.GET('/audit-events', { params: { query: { customerId } } });
  if (response.status === 401) throw new KeyRefused();
  const events = data ?? [];
  return h(
    'section',
    { 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title' }, 'Audit trail'),
    events.length === 0
      ? h('p', {}, 'No changes made through the API.')
      : h(
          'table',
          { class: 'audit' },
          h('thead', {}, h('tr', {}, ...['When', 'Key', 'What', 'Fields'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            ...events.map((event) =>
              h(
                'tr',
                {},
                h('td', {}, localTime(event.at, zone)),
                h('td', {}, `${event.apiKeyPrefix ?? event.apiKeyId}…`, event.apiKeyName ? ` (${event.apiKeyName})` : ''),
                h('td', {}, event.action),
                h('td', {}, event.fields.join(', ')),
              ),
            ),
          ),
        ),
  );
}
