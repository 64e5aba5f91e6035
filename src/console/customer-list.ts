/**
 * Customers: search by id, name or phone, filters, and the API's keyset pages. The filters live
 * in the URL's fragment (#/customers?search=…&doNotCall=true), so a view can be bookmarked and
 * the browser's back button returns to it; the key never does.
 */
import type { CallwiseClient, components, paths } from '@callwise/client';
import { h } from './dom.ts';
import { KeyRefused } from './session.ts';

type ListQuery = NonNullable<paths['/customers']['get']['parameters']['query']>;
type Customer = components['schemas']['Customer'];

const YES_NO = [
  ['', 'Any'],
  ['true', 'Yes'],
  ['false', 'No'],
] as const;

function select(id: string, label: string, value: string, options: ReadonlyArray<readonly [string, string]>): [HTMLLabelElement, HTMLSelectElement] {
  const element = h(
    'select',
    { id, name: id },
    ...options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)),
  );
  return [h('label', { for: id }, label), element];
}

function queryFrom(params: URLSearchParams, cursor: string | undefined): ListQuery {
  const bool = (name: string) => (params.get(name) === 'true' ? true : params.get(name) === 'false' ? false : undefined);
  const query: ListQuery = { limit: 25 };
  const search = params.get('search')?.trim();
  if (search) query.search = search;
  const taskType = params.get('taskType');
  if (taskType) query.taskType = taskType;
  for (const name of ['test', 'doNotCall', 'stopped'] as const) {
    const value = bool(name);
    if (value !== undefined) query[name] = value;
  }
  if (cursor) query.cursor = cursor;
  return query;
}

function badges(customer: Customer): HTMLElement {
  return h(
    'span',
    { class: 'badges' },
    customer.doNotCall && h('span', { class: 'badge stop' }, 'Do not call'),
    customer.stopReason !== undefined && h('span', { class: 'badge stop' }, `Stopped: ${customer.stopReason}`),
    customer.scheduleStoppedAt !== undefined && h('span', { class: 'badge stop' }, 'Schedule stopped'),
    customer.isTest && h('span', { class: 'badge' }, 'Test'),
  );
}

export async function customerListView(api: CallwiseClient, params: URLSearchParams): Promise<HTMLElement> {
  // The first page is asked for with the task types, not after them: one round trip less before the list shows.
  const firstPage = api.GET('/customers', { params: { query: queryFrom(params, undefined) } });
  const taskTypes = await api.GET('/task-types');
  if (taskTypes.response.status === 401) throw new KeyRefused();
  const names = (taskTypes.data ?? []).map((t) => t.name);

  const search = h('input', {
    id: 'search',
    name: 'search',
    type: 'search',
    value: params.get('search') ?? '',
    placeholder: 'CUST-1001, Reyes, (415) 555-0100',
  });
  const [taskLabel, taskSelect] = select('taskType', 'Task type', params.get('taskType') ?? '', [['', 'Any'], ...names.map((n) => [n, n] as const)]);
  const filters = (['test', 'doNotCall', 'stopped'] as const).map((name) =>
    select(name, { test: 'Test customers', doNotCall: 'Do not call', stopped: 'Calls stopped' }[name], params.get(name) ?? '', YES_NO),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Find customers' },
    h('div', { class: 'field wide' }, h('label', { for: 'search' }, 'Search by id, name or phone'), search),
    h('div', { class: 'field' }, taskLabel, taskSelect),
    ...filters.map(([label, element]) => h('div', { class: 'field' }, label, element)),
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const element of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      if (element.value.trim() !== '') next.set(element.name, element.value.trim());
    }
    location.hash = `#/customers?${next.toString()}`;
  });

  const status = h('p', { class: 'status', role: 'status' });
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'customers' },
    h('caption', {}, 'Customers, oldest first'),
    h('thead', {}, h('tr', {}, ...['Id', 'Name', 'Phone', 'State', 'Time zone', 'Task type', ''].map((t) => h('th', { scope: 'col' }, t)))),
    body,
  );
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  /** The cursors of the pages before this one, for "Previous". */
  const cursors: (string | undefined)[] = [];

  async function load(cursor: string | undefined, asked = api.GET('/customers', { params: { query: queryFrom(params, cursor) } })): Promise<void> {
    status.textContent = 'Loading…';
    const { data, error, response } = await asked;
    if (response.status === 401) throw new KeyRefused();
    if (error || !data) {
      status.textContent = `The list could not be loaded: ${error?.detail ?? response.statusText}`;
      return;
    }
    const customers = data.data;
    body.replaceChildren(
      ...customers.map((c) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: `#/customers/${encodeURIComponent(c.id)}` }, c.id)),
          h('td', {}, [c.firstName, c.lastName].filter(Boolean).join(' ')),
          h('td', {}, c.phoneNumber ?? '—'),
          h('td', {}, c.state ?? '—'),
          h('td', {}, c.timezone ?? '—'),
          h('td', {}, c.taskType),
          h('td', {}, badges(c)),
        ),
      ),
    );
    status.textContent = customers.length === 0 ? 'No customers match.' : `${customers.length} customer${customers.length === 1 ? '' : 's'} on this page.`;
    const previous = h('button', { type: 'button', disabled: cursors.length === 0 }, 'Previous page');
    previous.addEventListener('click', () => void load(cursors.pop()).catch(fail));
    const next = h('button', { type: 'button', disabled: !data.hasMore }, 'Next page');
    next.addEventListener('click', () => {
      cursors.push(cursor);
      void load(data.nextCursor ?? undefined).catch(fail);
    });
    pager.replaceChildren(previous, next);
  }
  const view = h('section', { 'aria-labelledby': 'customers-title' }, h('h1', { id: 'customers-title' }, 'Customers'), form, status, table, pager);
  const fail = (e: unknown) => view.dispatchEvent(new CustomEvent('console-error', { bubbles: true, detail: e }));
  await load(undefined, firstPage);
  return view;
}
