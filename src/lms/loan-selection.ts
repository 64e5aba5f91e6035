import type { LmsKind, LmsLoan, LmsLoanParty, LoanRole } from './connector.ts';
import { loanNotFound } from './errors.ts';

/**
 * Connector-independent loan plumbing: seeing a loan from one borrower, normalising the seed's
 * `loanIds`, and fetching several loans at once.
 */

export type LoanFacts = Omit<LmsLoan, 'customerId' | 'role' | 'borrowers'>;

const ROLE_ORDER: Readonly<Record<LoanRole, number>> = { primary: 0, 'co-borrower': 1, other: 2 };

function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function sortParties(parties: readonly LmsLoanParty[]): LmsLoanParty[] {
  return [...parties].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || compareIds(a.customerId, b.customerId));
}

export function sortLoans(loans: readonly LmsLoan[]): LmsLoan[] {
  return [...loans].sort((a, b) => compareIds(a.loanId, b.loanId));
}

/**
 * The loan as seen by `customerId` (or by its primary borrower). Throws `loan_not_found` when
 * that customer is not on the loan — for the sync, someone else's loan does not exist.
 */
export function withPerspective(system: LmsKind, facts: LoanFacts, parties: readonly LmsLoanParty[], customerId?: string): LmsLoan {
  const borrowers = sortParties(parties);
  const party = customerId === undefined ? borrowers[0] : borrowers.find((p) => p.customerId === customerId);
  if (!party) {
    throw loanNotFound(system, facts.loanId, customerId === undefined ? 'no customer is linked to it' : 'it does not belong to this customer');
  }
  return { ...facts, customerId: party.customerId, role: party.role, borrowers };
}

/**
 * The seed sends `loanIds` as integers and `loanId` as a string; both become trimmed strings,
 * de-duplicated in order. An id no LMS could hold (a fraction, a blank) is not found.
 */
export function normaliseLoanIds(system: LmsKind, ids: ReadonlyArray<string | number>): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const text = normaliseLoanId(system, id);
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

export function normaliseLoanId(system: LmsKind, id: string | number): string {
  if (typeof id === 'number') {
    if (!Number.isSafeInteger(id) || id < 0) throw loanNotFound(system, String(id), 'not a valid loan id');
    return String(id);
  }
  const text = typeof id === 'string' ? id.trim() : '';
  if (text === '') throw loanNotFound(system, '', 'empty loan id');
  return text;
}

/**
 * Runs `fn` over all items concurrently (the HTTP client's gate bounds real concurrency) and
 * cancels the siblings on the first failure, so a failed sync stops talking to the LMS.
 */
export async function mapAll<T, R>(items: readonly T[], signal: AbortSignal | undefined, fn: (item: T, signal: AbortSignal) => Promise<R>): Promise<R[]> {
  const controller = new AbortController();
  const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
  // Promise.all settles with the first failure; siblings' later "cancelled" errors are ignored.
  return Promise.all(
    items.map((item) =>
      fn(item, combined).catch((err: unknown) => {
        controller.abort();
        throw err;
      }),
    ),
  );
}
