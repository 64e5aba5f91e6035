import type { Kysely } from 'kysely';
import type { Tables } from '../schema.js';

type Executor = Kysely<Tables>;

/**
 * Records loan ids the lender sent without an LMS: the loan exists as a reference (no figures)
 * linked to the customer. An id already known (e.g. imported from the LMS) keeps its data.
 */
export async function linkLoanReferences(
  db: Executor,
  companyId: string,
  customerId: string,
  loanIds: readonly string[],
): Promise<void> {
  if (loanIds.length === 0) return;
  await db
    .insertInto('loans')
    .values(loanIds.map((loanId) => ({ company_id: companyId, loan_id: loanId, source: 'reference' })))
    .onConflict((oc) => oc.columns(['company_id', 'loan_id']).doNothing())
    .execute();
  await db
    .insertInto('customer_loans')
    .values(loanIds.map((loanId) => ({ company_id: companyId, customer_id: customerId, loan_id: loanId })))
    .onConflict((oc) => oc.columns(['company_id', 'customer_id', 'loan_id']).doNothing())
    .execute();
}

export async function listCustomerLoans(db: Executor, companyId: string, customerId: string) {
  return db
    .selectFrom('customer_loans as cl')
    .innerJoin('loans as l', (join) => join.onRef('l.company_id', '=', 'cl.company_id').onRef('l.loan_id', '=', 'cl.loan_id'))
    .select([
      'l.loan_id', 'l.source', 'l.status', 'l.balance_cents', 'l.amount_due_cents', 'l.days_past_due',
      'l.next_due_date', 'l.as_of', 'l.updated_at', 'cl.role',
    ])
    .where('cl.company_id', '=', companyId)
    .where('cl.customer_id', '=', customerId)
    .orderBy('cl.created_at')
    .orderBy('l.loan_id')
    .execute();
}
