/**
 * One customer: the record (SSN and birthday masked), where each value came from, why calls
 * stopped, the plan drawn and listed with each attempt's explanation, the call ledger with
 * transcripts and summaries, the loans, and "may we call now / then?" through the compliance API.
 * Every read goes through the typed client with the signed-in key, so another company's customer
 * is a 404 here as it is in the API. Actions are in actions.ts, the audit trail in audit-trail.ts.
 */
import type { CallwiseClient, components } from '@callwise/client';
import { actionsView } from './actions.ts';
import { auditTrailView } from './audit-trail.ts';
import { h } from './dom.ts';
import { readExplanation, type Reason } from './explanation.ts';
import { localTime, masked, provenanceLabel } from './format.ts';
import { chartRange, planChart, type LawfulStretch, type PlottedTask } from './plan-chart.ts';
import { KeyRefused } from './session.ts';
import { whatIfView } from './what-if.ts';

type Customer = components['schemas']['Customer'];
type Task = components['schemas']['Task'];
type Call = components['schemas']['Call'];
type Loan = components['schemas']['Loan'];

const RECORD_FIELDS: ReadonlyArray<readonly [keyof Customer, string]> = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['phoneNumber', 'Phone'],
  ['email', 'E-mail'],
  ['streetAddress1', 'Street'],
  ['streetAddress2', 'Street (2)'],
  ['city', 'City'],
  ['state', 'State'],
  ['zipCode', 'ZIP code'],
  ['timezone', 'Time zone'],
  ['taskType', 'Task type'],
  ['birthday', 'Birthday'],
  ['ssnLastFour', 'SSN last four'],
];
const MASKED = new Set<keyof Customer>(['birthday', 'ssnLastFour']);

function recordView(customer: Customer): HTMLElement {
  const provenance = (customer.provenance ?? {}) as Record<string, string | undefined>;
  return h(
    'section',
    { 'aria-labelledby': 'record-title' },
    h('h2', { id: 'record-title' }, 'Record'),
    h(
      'table',
      { class: 'record' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Source'))),
      h(
        'tbody',
        {},
        ...RECORD_FIELDS.map(([field, label]) => {
          const value = customer[field] as string | undefined;
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, label),
            h('td', { 'data-field': field }, MASKED.has(field) ? masked(value) : (value ?? '—')),
            h('td', {}, provenanceLabel(provenance[field])),
          );
        }),
      ),
    ),
  );
}

function statusView(customer: Customer): HTMLElement {
  const lines: HTMLElement[] = [];
  if (customer.doNotCall) lines.push(h('p', { class: 'stop' }, 'Do not call: no call is planned or placed while this is set.'));
  if (customer.stopReason !== undefined) lines.push(h('p', { class: 'stop' }, `Calls stopped: ${customer.stopReason}.`));
  if (customer.scheduleStoppedAt !== undefined) lines.push(h('p', { class: 'stop' }, 'Schedule stopped by an operator: nothing is planned or dialled.'));
  if (customer.isTest) lines.push(h('p', {}, 'Test customer: only ever dialled by the simulator.'));
  if (lines.length === 0) lines.push(h('p', {}, 'Calls may go ahead, at lawful times.'));
  return h('div', { class: 'customer-status', id: 'calling-status' }, ...lines);
}

function reasonItem(reason: Reason): HTMLElement {
  return h(
    'li',
    {},
    h('strong', {}, reason.code),
    reason.zone ? ` in ${reason.zone}` : '',
    reason.detail ? ` — ${reason.detail}` : '',
    h('br'),
    h('cite', {}, reason.rule),
  );
}

function explanationView(task: Task, zones: readonly string[]): HTMLElement {
  const explanation = readExplanation(task.explanation);
  return h(
    'div',
    { class: 'explanation', id: 'explanation', tabindex: -1, 'aria-labelledby': 'explanation-title' },
    h('h3', { id: 'explanation-title' }, `Why ${localTime(task.scheduledFor, zones[0] ?? 'UTC')}`),
    h('p', { class: 'summary' }, explanation.summary),
    h(
      'dl',
      {},
      h('dt', {}, 'Status'),
      h('dd', {}, task.status, task.cancelReason ? ` — ${task.cancelReason}` : ''),
      h('dt', {}, 'Local times'),
      h(
        'dd',
        {},
        Object.entries(task.localTimes)
          .map(([zone, text]) => `${text} ${zone}`)
          .join('; '),
      ),
      explanation.preferred && h('dt', {}, 'Wanted'),
      explanation.preferred && h('dd', {}, `${explanation.preferred.local} ${explanation.preferred.zone}`, explanation.moved ? ' (moved)' : ' (placed there)'),
      h('dt', {}, 'Candidate zones'),
      h('dd', {}, explanation.candidateZones.join(', ') || '—'),
      h('dt', {}, 'Jurisdictions'),
      h('dd', {}, explanation.jurisdictions.join(', ') || '—'),
    ),
    explanation.blockedBy.length > 0
      ? h('div', {}, h('h4', {}, 'Rules that moved it'), h('ul', { class: 'reasons' }, ...explanation.blockedBy.map(reasonItem)))
      : h('p', {}, 'No rule moved it.'),
    task.life.length > 0 &&
      h(
        'div',
        {},
        h('h4', {}, 'Life'),
        h('ul', {}, ...task.life.map((entry) => h('li', {}, `${entry.at} ${entry.event}${entry.detail ? ` — ${entry.detail}` : ''}`))),
      ),
  );
}

/** The longest span POST /compliance/check answers lawful windows for. */
const WINDOWS_SPAN_MS = 31 * 24 * 3_600_000;

/** Where the engine lets a call start over the chart's span; null when it could not say. */
async function lawfulStretches(api: CallwiseClient, customerId: string, start: number, end: number): Promise<LawfulStretch[] | null> {
  // A refusal (a key revoked meanwhile included) leaves the chart as drawn; the page's next
  // request meets it and signs the tab out.
  const { data } = await api.POST('/compliance/check', {
    body: { at: new Date(start).toISOString(), windowsUntil: new Date(Math.min(end, start + WINDOWS_SPAN_MS)).toISOString(), customerId },
  });
  return data?.lawfulWindows?.map((w) => ({ from: Date.parse(w.from), to: Date.parse(w.to) })) ?? null;
}

function planView(api: CallwiseClient, customer: Customer, tasks: Task[]): HTMLElement {
  const zones = [...new Set(tasks.flatMap((t) => readExplanation(t.explanation).candidateZones))];
  if (zones.length === 0 && customer.timezone) zones.push(customer.timezone);
  const detail = h('div', { class: 'explanation-slot' }, h('p', {}, 'Choose an attempt to see why it sits where it does.'));
  const show = (task: Task) => {
    const panel = explanationView(task, zones);
    detail.replaceChildren(panel);
    panel.focus();
  };
  const label = (task: Task) => `${task.kind === 'callback' ? 'Callback' : 'Attempt'} ${localTime(task.scheduledFor, zones[0] ?? 'UTC')}, ${task.status}`;
  const plotted: PlottedTask[] = tasks
    .filter((t) => t.status === 'scheduled' || t.status === 'dispatched')
    .map((t) => ({ id: t.id, at: Date.parse(t.scheduledFor), status: t.status, label: label(t), explanation: readExplanation(t.explanation) }));
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const select = (p: PlottedTask) => show(byId.get(p.id) as Task);
  const chart = h('div', { class: 'chart' }, planChart(plotted, zones, select));
  // Drawn at once from the plan; the engine's own row joins it when the API answers.
  const range = chartRange(plotted, zones);
  if (range !== null) {
    void lawfulStretches(api, customer.id, range.start, range.end).then(
      (lawful) => {
        if (lawful !== null) chart.replaceChildren(planChart(plotted, zones, select, lawful));
      },
      // A network failure leaves the chart as drawn from the plan.
      () => {},
    );
  }
  return h(
    'section',
    { 'aria-labelledby': 'plan-title' },
    h('h2', { id: 'plan-title' }, 'The plan'),
    chart,
    tasks.length === 0
      ? h('p', { id: 'no-attempts' }, 'No attempts are planned.')
      : h(
          'ol',
          { class: 'attempts' },
          ...tasks.map((task) => {
            const button = h('button', { type: 'button', class: `attempt-button ${task.status}` }, label(task));
            button.addEventListener('click', () => show(task));
            return h('li', {}, button);
          }),
        ),
    detail,
  );
}

function callsView(calls: Call[], zone: string): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'calls-title' },
    h('h2', { id: 'calls-title' }, 'Calls'),
    calls.length === 0
      ? h('p', {}, 'No calls recorded.')
      : h(
          'ul',
          { class: 'calls' },
          ...calls.map((call) =>
            h(
              'li',
              {},
              h(
                'details',
                {},
                h(
                  'summary',
                  {},
                  `${localTime(call.timestamp, zone)} — ${call.direction} ${call.outcome} to ${call.toPhoneNumber}`,
                  call.flags.length > 0 ? ` [${call.flags.join(', ')}]` : '',
                  call.durationSeconds !== undefined ? `, ${call.durationSeconds} s` : '',
                ),
                call.summarization !== undefined && h('div', {}, h('h4', {}, 'Summary'), h('p', {}, call.summarization)),
                call.transcript !== undefined && h('div', {}, h('h4', {}, 'Transcript'), h('pre', { class: 'transcript' }, call.transcript)),
                call.callbackAt !== undefined && h('p', {}, `Asked to be called back at ${localTime(call.callbackAt, zone)}.`),
              ),
            ),
          ),
        ),
  );
}

const money = (cents: number | null, currency: string | null) =>
  cents === null ? '—' : new Intl.NumberFormat('en-US', { style: 'currency', currency: currency ?? 'USD' }).format(cents / 100);

function loansView(loans: Loan[]): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'loans-title' },
    h('h2', { id: 'loans-title' }, 'Loans'),
    loans.length === 0
      ? h('p', {}, 'No loans.')
      : h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, ...['Loan', 'Source', 'Role', 'Status', 'Balance', 'Due', 'Days past due', 'Next due'].map((t) => h('th', { scope: 'col' }, t))),
          ),
          h(
            'tbody',
            {},
            ...loans.map((loan) =>
              h(
                'tr',
                {},
                h('td', {}, loan.displayId ?? loan.loanId),
                h('td', {}, loan.source),
                h('td', {}, loan.role ?? '—'),
                h('td', {}, loan.status ?? '—'),
                h('td', {}, money(loan.balanceCents, loan.currency)),
                h('td', {}, money(loan.amountDueCents, loan.currency)),
                h('td', {}, loan.daysPastDue ?? '—'),
                h('td', {}, loan.nextDueDate ?? '—'),
              ),
            ),
          ),
        ),
  );
}

/** `onChanged`: an action changed the customer; the page is drawn again from the API. */
export async function customerPageView(api: CallwiseClient, id: string, onChanged: () => void): Promise<HTMLElement> {
  const path = { params: { path: { id } } };
  const [customer, tasks, calls, loans] = await Promise.all([
    api.GET('/customers/{id}', path),
    api.GET('/customers/{id}/tasks', path),
    api.GET('/calls/customer/{customerId}', { params: { path: { customerId: id } } }),
    api.GET('/customers/{id}/loans', path),
  ]);
  if ([customer, tasks, calls, loans].some((r) => r.response.status === 401)) throw new KeyRefused();
  if (!customer.data) {
    return h(
      'section',
      { 'aria-labelledby': 'customer-title' },
      h('h1', { id: 'customer-title' }, 'Customer not found'),
      h(
        'p',
        { role: 'alert' },
        customer.response.status === 404 ? 'Your company has no customer with this id.' : `The customer could not be loaded (${customer.response.status}).`,
      ),
      h('p', {}, h('a', { href: '#/customers' }, 'Back to customers')),
    );
  }
  const c = customer.data;
  const audit = await auditTrailView(api, c.timezone ?? 'UTC', c.id);
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || c.id;
  const zone = c.timezone ?? 'UTC';
  return h(
    'article',
    { 'aria-labelledby': 'customer-title' },
    h('p', {}, h('a', { href: '#/customers' }, '← Customers')),
    h('h1', { id: 'customer-title' }, name, h('span', { class: 'customer-id' }, ` ${c.id}`)),
    statusView(c),
    h('div', { class: 'columns' }, recordView(c), h('div', {}, whatIfView(api, c), actionsView(api, c, onChanged))),
    planView(api, c, tasks.data ?? []),
    callsView(calls.data ?? [], zone),
    loansView(loans.data ?? []),
    audit,
  );
}
