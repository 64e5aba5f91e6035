/**
 * Record a call that happened (POST /calls): the number, when (on the borrower's clock), the
 * direction, the outcome, the flags, a requested callback, the duration and a summary. What the
 * call changes — do not call, a stop, a callback, attempts moved — is the server's to decide; the
 * page is drawn again from the API once it is recorded. A refusal names every failing field.
 */
import type { CallwiseClient, components, paths } from '@callwise/client';
import { borrowerName, runConfirmed } from './confirmed.ts';
import { h } from './dom.ts';
import { localTime } from './format.ts';
import { instantFromLocal, localInputValue } from './zone-time.ts';

type Customer = components['schemas']['Customer'];
type CreateCall = NonNullable<paths['/calls']['post']['requestBody']>['content']['application/json'];

const OUTCOMES = [
  ['', 'From the flags'],
  ['conversation', 'Conversation'],
  ['no_answer', 'No answer'],
  ['voicemail', 'Voicemail'],
  ['not_connected', 'Not connected'],
  ['wrong_party', 'Wrong party'],
] as const;

/** Flags, with what each does to the plan (docs/schedules.md). */
const FLAGS = [
  ['RPC', 'Right party contact'],
  ['CALLBACK_REQUEST', 'Asked to be called back'],
  ['DNC', 'Asked not to be called (do not call)'],
  ['ATTORNEY_REP', 'Represented by an attorney (stops calls)'],
  ['BANKRUPTCY', 'Bankruptcy (stops calls)'],
  ['DEBT_DISPUTE', 'Disputes the debt (stops calls)'],
  ['FRAUD_CLAIM', 'Claims fraud (stops calls)'],
  ['DECEASED', 'Deceased (stops calls)'],
  ['WRONG_NUMBER', 'Wrong number (never dialled again)'],
] as const;

/** The form's labels, for the fields a refusal names. */
const LABELS: Record<string, string> = {
  '/toPhoneNumber': 'Number called:',
  '/timestamp': 'When:',
  '/direction': 'Direction:',
  '/outcome': 'Outcome:',
  '/flags': 'Flags:',
  '/callbackAt': 'Call back at:',
  '/durationSeconds': 'Duration:',
  '/summarization': 'Summary:',
};

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

export function recordCallView(api: CallwiseClient, customer: Customer, onChanged: () => void): HTMLElement {
  const zone = customer.timezone ?? 'UTC';
  const number = h('input', { id: 'call-number', name: 'toPhoneNumber', type: 'tel', value: customer.phoneNumber ?? '', autocomplete: 'off' });
  const when = h('input', { id: 'call-when', name: 'timestamp', type: 'datetime-local', value: localInputValue(Date.now(), zone) });
  const direction = h(
    'select',
    { id: 'call-direction', name: 'direction' },
    h('option', { value: 'outbound' }, 'Outbound'),
    h('option', { value: 'inbound' }, 'Inbound'),
  );
  const outcome = h('select', { id: 'call-outcome', name: 'outcome' }, ...OUTCOMES.map(([value, text]) => h('option', { value }, text)));
  const flags = FLAGS.map(([flag, text]) => {
    const box = h('input', { type: 'checkbox', id: `call-flag-${flag}`, name: 'flags', value: flag });
    return { flag, box, item: h('div', { class: 'check' }, box, h('label', { for: `call-flag-${flag}` }, `${text} — ${flag}`)) };
  });
  const callbackAt = h('input', { id: 'call-callback-at', name: 'callbackAt', type: 'datetime-local' });
  const duration = h('input', { id: 'call-duration', name: 'durationSeconds', type: 'number', min: 0, max: 86400, step: 1, inputmode: 'numeric' });
  const summary = h('textarea', { id: 'call-summary', name: 'summarization', rows: 3 });
  const submit = h('button', { type: 'submit', id: 'record-call' }, 'Record the call');
  const message = h('p', { role: 'status', id: 'record-call-message' });

  const form = h(
    'form',
    { class: 'record-call', 'aria-labelledby': 'record-call-title', novalidate: true },
    field('call-number', 'Number called', number),
    field('call-when', `When (${zone})`, when),
    field('call-direction', 'Direction', direction),
    field('call-outcome', 'Outcome', outcome),
    h('fieldset', { class: 'flags' }, h('legend', {}, 'Flags'), ...flags.map((f) => f.item)),
    field('call-callback-at', `Call back at (${zone}), with “Asked to be called back”`, callbackAt),
    field('call-duration', 'Duration (seconds)', duration),
    field('call-summary', 'Summary', summary),
    submit,
    message,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const errors: string[] = [];
    const at = instantFromLocal(when.value, zone);
    if (at === null) errors.push('When: enter a date and a time');
    const callback = callbackAt.value === '' ? undefined : instantFromLocal(callbackAt.value, zone);
    if (callback === null) errors.push('Call back at: enter a date and a time, or leave it empty');
    const seconds = duration.value === '' ? undefined : Number(duration.value);
    if (seconds !== undefined && !Number.isInteger(seconds)) errors.push('Duration: whole seconds');
    if (errors.length > 0 || at === null || callback === null) {
      message.textContent = `Not recorded: ${errors.join('; ')}.`;
      return;
    }
    const chosen = flags.filter((f) => f.box.checked).map((f) => f.flag);
    const body: CreateCall = {
      customerId: customer.id,
      toPhoneNumber: number.value,
      timestamp: new Date(at).toISOString(),
      direction: direction.value as 'outbound' | 'inbound',
      ...(outcome.value === '' ? {} : { outcome: outcome.value as NonNullable<CreateCall['outcome']> }),
      ...(chosen.length > 0 ? { flags: chosen } : {}),
      ...(callback === undefined ? {} : { callbackAt: new Date(callback).toISOString() }),
      ...(seconds === undefined ? {} : { durationSeconds: seconds }),
      ...(summary.value.trim() === '' ? {} : { summarization: summary.value }),
    };
    const what = [body.outcome ?? 'outcome from the flags', ...chosen].join(', ');
    runConfirmed({
      question: `Record a call with ${borrowerName(customer)} at ${localTime(body.timestamp, zone)} (${what})?\n\nThe call joins the ledger the rules count, and the plan changes with it. The call is recorded with your key.`,
      message,
      control: submit,
      send: () => api.POST('/calls', { body }),
      done: onChanged,
      labels: LABELS,
    });
  });

  return h('details', { class: 'record-call-panel' }, h('summary', {}, h('span', { id: 'record-call-title' }, 'Record a call')), form);
}
