/**
 * One way every action runs: the browser's own confirmation dialog (modal, focus-trapped and read
 * by screen readers without any code of ours) asks a question naming who is affected; "Cancel"
 * changes nothing and says so; "OK" sends the request with the signed-in key, and on success the
 * view is drawn again from the API, so what is shown is what the server now holds.
 */
import type { components } from '@callwise/client';
import { KeyRefused } from './session.ts';

type Problem = components['schemas']['Problem'];

/** What a typed-client call resolves to, as far as an action needs it. */
export interface Answer {
  readonly response: Response;
  readonly error?: Problem | undefined;
}

/** A refusal as the operator reads it: the problem's detail and every failing field. */
function problemText(error: Problem | undefined, status: number, labels: Record<string, string> = {}): string {
  if (!error) return `the server answered ${status}`;
  const fields = (error.errors ?? []).map((e) => `${labels[e.pointer] ?? e.pointer.replace(/^\//, '')} ${e.detail}`);
  return fields.length > 0 ? `${error.detail} ${fields.join('; ')}.` : error.detail;
}

export interface ConfirmedAction {
  /** The question the confirmation asks: who is affected, and what will happen. */
  readonly question: string;
  /** Where the outcome is said (a role="status" or role="alert" element). */
  readonly message: HTMLElement;
  /** Disabled while the request runs. */
  readonly control: HTMLButtonElement;
  readonly send: () => Promise<Answer>;
  /** Succeeded: redraw from the API. */
  readonly done: () => void;
  /** Field labels for the refusal's pointers. */
  readonly labels?: Record<string, string>;
}

export function runConfirmed(action: ConfirmedAction): void {
  const { question, message, control, send, done } = action;
  if (!confirm(question)) {
    message.textContent = 'Cancelled: nothing was changed.';
    return;
  }
  control.disabled = true;
  message.textContent = 'Working…';
  void send()
    .then(({ response, error }) => {
      if (response.status === 401) throw new KeyRefused();
      if (response.ok) return done();
      message.textContent = `Not changed: ${problemText(error, response.status, action.labels)}`;
      control.disabled = false;
    })
    .catch((e: unknown) => control.dispatchEvent(new CustomEvent('console-error', { bubbles: true, detail: e })));
}

/** How the console names a borrower in a question: their name and id. */
export function borrowerName(customer: components['schemas']['Customer']): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  return name ? `${name} (${customer.id})` : customer.id;
}
