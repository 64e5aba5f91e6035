import { readFileSync } from 'node:fs';
import type {
  GetLoanOptions,
  ListLoansOptions,
  LmsCallOptions,
  LmsCapabilities,
  LmsConnector,
  LmsCustomer,
  LmsCustomerWithLoan,
  LmsLoan,
} from './connector.ts';
import { LMS_CUSTOMER_FIELDS } from './connector.ts';
import { customerNotFound, LmsError, loanNotFound } from './errors.ts';
import { customerFromSource, loanFactsFromSource, partiesFromSource, validateDataset, type SourceDataset, type SourceLoan } from './dataset.ts';
import { normaliseLoanId, normaliseLoanIds, sortLoans, withPerspective } from './loan-selection.ts';

/**
 * The embedded demo LMS: a JSON file of fictitious borrowers (`demo-1001` … `demo-1020`) and
 * their loans, read through the same canonicalisation as the real connectors, so `sync: true`
 * works out of the box with no network (issue 5 §1).
 */

const DEMO_CAPABILITIES: LmsCapabilities = {
  loansByCustomer: true,
  customerByLoan: true,
  coBorrowers: true,
  customerFields: LMS_CUSTOMER_FIELDS,
};

const DEMO_FILE = new URL('./demo/demo-lms.json', import.meta.url);
let shipped: SourceDataset | undefined;

/** The shipped dataset, read and validated once. */
export function loadDemoDataset(): SourceDataset {
  shipped ??= validateDataset(JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as unknown);
  return shipped;
}

interface DemoOptions {
  /** Another dataset in the same format (tests use the shared fake scenario). */
  dataset?: SourceDataset;
}

export function createDemoConnector(options: DemoOptions = {}): LmsConnector {
  return new DemoConnector(options.dataset ? validateDataset(options.dataset) : loadDemoDataset());
}

class DemoConnector implements LmsConnector {
  readonly kind = 'demo' as const;
  readonly capabilities = DEMO_CAPABILITIES;

  private readonly data: SourceDataset;

  constructor(data: SourceDataset) {
    this.data = data;
  }

  async getCustomer(lmsCustomerId: string, options: LmsCallOptions = {}): Promise<LmsCustomer> {
    checkSignal(options.signal);
    const id = String(lmsCustomerId).trim();
    const source = this.data.customers.find((c) => c.id === id);
    if (!source) throw customerNotFound('demo', id);
    return customerFromSource(source);
  }

  async findCustomerByLoan(loanId: string | number, options: LmsCallOptions = {}): Promise<LmsCustomerWithLoan> {
    const loan = await this.getLoan(loanId, options);
    return { customer: await this.getCustomer(loan.customerId, options), loan };
  }

  async listLoans(lmsCustomerId: string, options: ListLoansOptions = {}): Promise<LmsLoan[]> {
    const customer = await this.getCustomer(lmsCustomerId, options);
    const id = customer.lmsCustomerId;
    if (options.loanIds) {
      const ids = normaliseLoanIds('demo', options.loanIds);
      return sortLoans(await Promise.all(ids.map((loanId) => this.getLoan(loanId, { customerId: id, signal: options.signal }))));
    }
    const mine = this.data.loans.filter((l) => l.borrowers.some((b) => b.customerId === id));
    return sortLoans(mine.map((l) => this.toLoan(l, id)));
  }

  async getLoan(loanId: string | number, options: GetLoanOptions = {}): Promise<LmsLoan> {
    checkSignal(options.signal);
    const id = normaliseLoanId('demo', loanId);
    const source = this.data.loans.find((l) => l.id === id);
    if (!source) throw loanNotFound('demo', id);
    return this.toLoan(source, options.customerId);
  }

  private toLoan(source: SourceLoan, customerId: string | undefined): LmsLoan {
    return withPerspective('demo', loanFactsFromSource(source, this.data.asOf), partiesFromSource(source), customerId);
  }
}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LmsError({ kind: 'timeout', system: 'demo', reason: 'deadline', message: 'cancelled by the caller (deadline reached)' });
}
