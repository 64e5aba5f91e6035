/**
 * The audit trail (GET /audit-events): who — the key's prefix and name — did what, and when, with
 * the names of the fields changed, never their values. A customer's page shows theirs; the
 * dialling page shows the company's, each change linked to its customer when it has one, and a
 * change to a webhook endpoint naming the endpoint.
 */
import type { CallwiseClient } from '@callwise/client';
import { h } from './dom.ts';
import { localTime } from './format.ts';
import { KeyRefused } from './session.ts';

/** `customerId`: that customer's changes only; otherwise the company's, with a customer column. */
export async function auditTrailView(api: CallwiseClient, zone: string, customerId?: string): Promise<HTMLElement> {
  const { data, response } = await api.GET('/audit-events', { params: { query: customerId === undefined ? {} : { customerId } } });
  if (response.status === 401) throw new KeyRefused();
  const events = data ?? [];
  const companyWide = customerId === undefined;
  const headings = ['When', 'Key', 'What', ...(companyWide ? ['Customer'] : []), 'Fields'];
  return h(
    'section',
    { 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title' }, 'Audit trail'),
    events.length === 0
      ? h('p', {}, 'No changes made through the API.')
      : h(
          'table',
          { class: 'audit' },
          h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', { scope: 'col' }, t)))),
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
                companyWide && h('td', {}, subject(event)),
                h('td', {}, event.fields.join(', ')),
              ),
            ),
          ),
        ),
  );
}

/** Whom a company-wide row is about: the customer (a link), a webhook endpoint, or the company. */
function subject(event: { customerId: string | null; webhookEndpointId: string | null }): Node | string {
  if (event.customerId !== null) return h('a', { href: `#/customers/${encodeURIComponent(event.customerId)}` }, event.customerId);
  return event.webhookEndpointId === null ? 'the company' : `webhook endpoint ${event.webhookEndpointId}`;
}
