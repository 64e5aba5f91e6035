/**
 * Reading a customer's loans: imported from the LMS (with figures) or recorded as bare
 * references (ids the lender sent without an LMS).
 */
import type { Static } from 'typebox';
import type { LoanResponse } from '../schemas/loan.ts';
import type { Db } from '../store/database.ts';
import { listCustomerLoans } from '../store/repositories/loans.ts';
import type { CustomerService } from './customers.ts';

/** A loan as the API returns it; figures are null for a reference. Money is integer cents. */
export type LoanView = Static<typeof LoanResponse>;

export class LoanService {
  private readonly db: Db;
  private readonly customers: CustomerService;

  constructor(db: Db, customers: CustomerService) {
    this.db = db;
    this.customers = customers;
  }

  /** The customer's loans, in the order they were linked; 404 for another company's customer. */
  async listForCustomer(companyId: string, customerId: string): Promise<LoanView[]> {
    await this.customers.requireCustomer(companyId, customerId);
    const rows = await listCustomerLoans(this.db, companyId, customerId);
    return rows.map((r) => ({
      loanId: r.loan_id,
      displayId: r.display_id,
      source: r.source === 'lms' ? 'lms' : 'reference',
      role: r.role,
      status: r.status,
      rawStatus: r.raw_status,
      currency: r.currency,
      balanceCents: r.balance_cents,
      amountDueCents: r.amount_due_cents,
      daysPastDue: r.days_past_due,
      nextDueDate: r.next_due_date,
      asOf: r.as_of,
      updatedAt: r.updated_at.toISOString(),
    }));
  }
}
