/**
 * Builds the agent context (dispatch/agent-context.ts) of a customer: the record as the API shows
 * it, the loans with their figures, the company's disclosures and how long the call may last.
 * Reads only; the dispatcher calls it inside its claim transaction so the context matches what
 * the dial-time check saw.
 */
import { formatLocal, zoneTable } from '../compliance/index.ts';
import { parseExactJson } from '../domain/exact-json.ts';
import type { AgentContext, AgentLoan } from '../dispatch/agent-context.ts';
import type { Db } from '../store/database.ts';
import type { CallTaskRow } from '../store/repositories/call-tasks.ts';
import { findCompany } from '../store/repositories/companies.ts';
import type { CustomerRow } from '../store/repositories/customers.ts';
import { listLoansOfCustomers, type CustomerLoanRow } from '../store/repositories/loans.ts';
import type { CompanySettingsService, DispatchSettings } from './company-settings.ts';
import type { CustomerMapper } from './customer-mapper.ts';

/** Cents as a decimal string ("1234.50"): exact, and what a prompt reads aloud. */
function money(cents: number | null): string | null {
  if (cents === null) return null;
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function defaultDisclosures(companyName: string): string[] {
  return [
    `This is ${companyName}. This is an attempt to collect a debt, and any information obtained will be used for that purpose.`,
    'This call may be recorded.',
    'I am an automated assistant.',
  ];
}

export interface ContextInput {
  readonly companyId: string;
  readonly customer: CustomerRow;
  readonly task: CallTaskRow | null;
  /** The planning zone and the instant the call must be over by, when known. */
  readonly zone: string | null;
  readonly mustEndBy: number | null;
  /** Whether the customer may be offered a callback (callable, no stop). */
  readonly callable: boolean;
  /** The instant the context is for (the claim's), to bound the call's length. */
  readonly now: number;
}

export class AgentContextService {
  private readonly mapper: CustomerMapper;
  private readonly settings: CompanySettingsService;

  constructor(mapper: CustomerMapper, settings: CompanySettingsService) {
    this.mapper = mapper;
    this.settings = settings;
  }

  async build(executor: Db, input: ContextInput): Promise<AgentContext> {
    const { companyId, ...one } = input;
    return (await this.buildMany(executor, companyId, [one]))[0]!;
  }

  /** Contexts for several customers of one company: one read for all their loans. */
  async buildMany(executor: Db, companyId: string, inputs: ReadonlyArray<Omit<ContextInput, 'companyId'>>): Promise<AgentContext[]> {
    if (inputs.length === 0) return [];
    const dispatch = await this.settings.dispatch(companyId, executor);
    const company = dispatch.disclosures.length > 0 ? null : await findCompany(executor, companyId);
    const disclosures = dispatch.disclosures.length > 0 ? [...dispatch.disclosures] : defaultDisclosures(company?.name ?? 'your lender');
    const loans = await listLoansOfCustomers(
      executor,
      companyId,
      inputs.map((i) => i.customer.id),
    );
    return inputs.map((input) => this.#context(input, dispatch, disclosures, loans.get(input.customer.id) ?? []));
  }

  #context(
    input: Omit<ContextInput, 'companyId'>,
    dispatch: DispatchSettings,
    disclosures: readonly string[],
    loanRows: readonly CustomerLoanRow[],
  ): AgentContext {
    const { customer, task, zone, mustEndBy } = input;
    const { identityVerification } = dispatch;
    const untilLawfulEnds = mustEndBy === null ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor((mustEndBy - input.now) / 1000));
    // Sealed identity values are opened only for a company that sends them: not on every claim.
    const identity = identityVerification ? (this.mapper.toCustomer(customer) as unknown as Record<string, unknown>) : null;
    const loans: AgentLoan[] = loanRows.map((loan) => ({
      loanId: loan.loan_id,
      displayId: loan.display_id,
      status: loan.status,
      balance: money(loan.balance_cents),
      amountDue: money(loan.amount_due_cents),
      currency: loan.currency,
      daysPastDue: loan.days_past_due,
      nextDueDate: loan.next_due_date,
    }));
    return {
      customer: {
        id: customer.id,
        firstName: customer.first_name,
        lastName: customer.last_name,
        phoneNumber: task?.phone_number ?? customer.phone_number,
        timezone: zone,
        state: customer.state,
        // Its text as stored, numbers as they were sent (domain/exact-json.ts).
        externalMetadata: customer.external_metadata === null ? null : parseExactJson(customer.external_metadata),
        ...(identity
          ? { identity: { birthday: (identity.birthday as string | undefined) ?? null, ssnLastFour: (identity.ssnLastFour as string | undefined) ?? null } }
          : {}),
      },
      loans,
      disclosures,
      callMustEndBy:
        mustEndBy !== null && zone !== null ? { at: new Date(mustEndBy).toISOString(), local: formatLocal(zoneTable(zone), mustEndBy), zone } : null,
      callMaxSeconds: Math.min(dispatch.maxCallMinutes * 60, untilLawfulEnds),
      callbackRules: {
        offer: input.callable,
        localHours: '08:00–21:00',
        note: input.callable
          ? "A callback may be set at a time the borrower names between 08:00 and 21:00 their local time; report it as callback_at with its offset. Callwise places it only where every rule allows it, and with the borrower's consent it does not count toward 7-in-7 for seven days."
          : 'Do not offer a callback: the borrower may not be called.',
      },
      task: task ? { id: task.id, kind: task.kind, scheduledFor: task.scheduled_for.toISOString() } : null,
    };
  }
}
