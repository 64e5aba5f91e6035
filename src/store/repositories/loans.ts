import type { Db } from '../database.ts';
import { sql } from 'kysely';

/**
 * Records loan ids the lender sent without an LMS: the loan exists as a reference (no figures)
 * linked to the customer. An id already known (e.g. imported from the LMS) keeps its data.
 */
export async function linkLoanReferences(db: Db, companyId: string, customerId: string, loanIds: readonly string[]): Promise<void> {
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

const customerLoanColumns = [
  'cl.customer_id',
  'l.loan_id',
  'l.source',
  'l.status',
  'l.balance_cents',
  'l.amount_due_cents',
  'l.days_past_due',
  'l.next_due_date',
  'l.as_of',
  'l.display_id',
  'l.raw_status',
  'l.currency',
  'l.updated_at',
  'cl.role',
] as const;

function customerLoansQuery(db: Db, companyId: string) {
  return db
    .selectFrom('customer_loans as cl')
    .innerJoin('loans as l', (join) => join.onRef('l.company_id', '=', 'cl.company_id').onRef('l.loan_id', '=', 'cl.loan_id'))
    .select(customerLoanColumns)
    .where('cl.company_id', '=', companyId)
    .orderBy('cl.created_at')
    .orderBy('l.loan_id');
}

export async function listCustomerLoans(db: Db, companyId: string, customerId: string) {
  return customerLoansQuery(db, companyId).where('cl.customer_id', '=', customerId).execute();
}

export type CustomerLoanRow = Awaited<ReturnType<typeof listCustomerLoans>>[number];

/** The loans of several customers of one company in one read (the dispatcher's agent contexts). */
export async function listLoansOfCustomers(db: Db, companyId: string, customerIds: readonly string[]): Promise<Map<string, CustomerLoanRow[]>> {
  const loans = new Map<string, CustomerLoanRow[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return loans;
  const rows = await customerLoansQuery(db, companyId)
    .where(sql<boolean>`cl.customer_id = any(${[...customerIds]}::text[])`)
    .execute();
  for (const row of rows) loans.get(row.customer_id)?.push(row);
  return loans;
}

/** A loan's figures as an LMS import writes them (cents, `YYYY-MM-DD` dates). */
export interface LmsLoanRow {
  readonly loanId: string;
  readonly displayId: string | null;
  readonly status: string;
  readonly rawStatus: string;
  readonly currency: string;
  readonly balanceCents: number;
  readonly amountDueCents: number;
  readonly daysPastDue: number;
  readonly nextDueDate: string | null;
  readonly asOf: string | null;
}

/**
 * Inserts or refreshes imported loans. A loan first recorded as a bare reference becomes an LMS
 * loan. The row is only rewritten when a figure changed, so a repeated sync (a webhook retried)
 * leaves it byte-for-byte as it was, `updated_at` included.
 */
export async function upsertLmsLoans(db: Db, companyId: string, loans: readonly LmsLoanRow[], now: Date): Promise<void> {
  if (loans.length === 0) return;
  await db
    .insertInto('loans')
    .values(
      loans.map((l) => ({
        company_id: companyId,
        loan_id: l.loanId,
        source: 'lms',
        status: l.status,
        raw_status: l.rawStatus,
        currency: l.currency,
        balance_cents: l.balanceCents,
        amount_due_cents: l.amountDueCents,
        days_past_due: l.daysPastDue,
        next_due_date: l.nextDueDate,
        as_of: l.asOf,
        display_id: l.displayId,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['company_id', 'loan_id']).doUpdateSet((eb) => ({
        source: eb.ref('excluded.source'),
        status: eb.ref('excluded.status'),
        raw_status: eb.ref('excluded.raw_status'),
        currency: eb.ref('excluded.currency'),
        balance_cents: eb.ref('excluded.balance_cents'),
        amount_due_cents: eb.ref('excluded.amount_due_cents'),
        days_past_due: eb.ref('excluded.days_past_due'),
        next_due_date: eb.ref('excluded.next_due_date'),
        as_of: eb.ref('excluded.as_of'),
        display_id: eb.ref('excluded.display_id'),
        updated_at: eb.ref('excluded.updated_at'),
      })).where(sql<boolean>`(loans.source, loans.status, loans.raw_status, loans.currency, loans.balance_cents, loans.amount_due_cents,
        loans.days_past_due, loans.next_due_date, loans.as_of, loans.display_id)
        is distinct from (excluded.source, excluded.status, excluded.raw_status, excluded.currency, excluded.balance_cents,
        excluded.amount_due_cents, excluded.days_past_due, excluded.next_due_date, excluded.as_of, excluded.display_id)`),
    )
    .execute();
}

/**
 * Links loans to every one of their borrowers that is a customer of the company, with their role
 * (a co-borrower already in Callwise sees the loan too). Borrowers Callwise does not know are
 * skipped; an existing link only changes when the role did. One statement for all loans.
 */
/** A borrower of a loan, with their role on it (borrower, co-borrower…). */
export interface LoanParty {
  readonly loanId: string;
  readonly customerId: string;
  readonly role: string;
}

export async function linkLoanParties(db: Db, companyId: string, links: readonly LoanParty[]): Promise<void> {
  if (links.length === 0) return;
  await sql`
    insert into customer_loans (company_id, customer_id, loan_id, role)
    select c.company_id, c.id, p."loanId", p.role
    from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as p("loanId" text, "customerId" text, role text)
    join customers c on c.company_id = ${companyId} and c.id = p."customerId"
    on conflict (company_id, customer_id, loan_id)
    do update set role = excluded.role where customer_loans.role is distinct from excluded.role`.execute(db);
}
