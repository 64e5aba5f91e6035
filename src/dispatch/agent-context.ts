/**
 * What an AI agent needs to talk to one borrower on one attempt (issue: dispatch, item 4): who they
 * are, what they owe, what the call must say, until when it may last and how a callback may be
 * offered. The same object goes to every provider and answers `GET /customers/{id}/agent-context`.
 * Identity values (date of birth, SSN last four) are included only when the company turned
 * identity verification on. Pure types and a flattening for providers that take string variables.
 */

export interface AgentLoan {
  readonly loanId: string;
  readonly displayId: string | null;
  readonly status: string | null;
  /** Decimal strings in the loan's currency ("1234.50"); null when unknown. */
  readonly balance: string | null;
  readonly amountDue: string | null;
  readonly currency: string | null;
  readonly daysPastDue: number | null;
  readonly nextDueDate: string | null;
}

export interface AgentContext {
  readonly customer: {
    readonly id: string;
    readonly firstName: string | null;
    readonly lastName: string | null;
    /** The number this attempt dials, E.164. */
    readonly phoneNumber: string | null;
    /** The zone the plan was made in (the borrower's, or the earliest-closing of several). */
    readonly timezone: string | null;
    readonly state: string | null;
    /** The lender's own fields as sent (employer, pay day, alternate phones…). */
    readonly externalMetadata: unknown;
    /** Only with identity verification on. */
    readonly identity?: { readonly birthday: string | null; readonly ssnLastFour: string | null };
  };
  readonly loans: readonly AgentLoan[];
  /** Sentences the agent must say (the mini-Miranda, the recording notice…). */
  readonly disclosures: readonly string[];
  /**
   * The call must be over by this instant: the end of the lawful window today in every candidate
   * zone (the earliest), as an instant and in the borrower's local time. Null when no window
   * bounds it now (the check failed, or the customer cannot be called).
   */
  readonly callMustEndBy: { readonly at: string; readonly local: string; readonly zone: string } | null;
  /**
   * The longest this call may last, in seconds: the company's maxCallMinutes, less if lawful time
   * ends sooner. Providers that take a limit are given it (Retell, Vapi; Twilio's TimeLimit).
   */
  readonly callMaxSeconds: number;
  readonly callbackRules: {
    /** A callback may be offered: the customer can be called and has not asked to stop. */
    readonly offer: boolean;
    /** Local hours a callback may be set in (the federal 8:00–21:00 unless a state narrows them). */
    readonly localHours: string;
    readonly note: string;
  };
  /** The attempt itself, when the context is for a dispatched task. */
  readonly task: { readonly id: string; readonly kind: string; readonly scheduledFor: string } | null;
}

/**
 * The context as flat string variables, for providers whose prompt variables are strings only
 * (Retell `retell_llm_dynamic_variables`; Vapi `variableValues` takes the same for symmetry).
 * Loans are summarised; the full object travels in the provider's metadata where it fits.
 */
export function agentVariables(context: AgentContext): Record<string, string> {
  const first = context.loans[0];
  const vars: Record<string, string> = {
    customer_id: context.customer.id,
    first_name: context.customer.firstName ?? '',
    last_name: context.customer.lastName ?? '',
    timezone: context.customer.timezone ?? '',
    state: context.customer.state ?? '',
    loan_count: String(context.loans.length),
    loan_id: first?.loanId ?? '',
    balance: first?.balance ?? '',
    amount_due: first?.amountDue ?? '',
    currency: first?.currency ?? '',
    days_past_due: first?.daysPastDue === null || first?.daysPastDue === undefined ? '' : String(first.daysPastDue),
    next_due_date: first?.nextDueDate ?? '',
    disclosures: context.disclosures.join(' '),
    call_must_end_by: context.callMustEndBy?.local ?? '',
    call_max_minutes: String(Math.floor(context.callMaxSeconds / 60)),
    callback_hours: context.callbackRules.localHours,
    callback_offer: context.callbackRules.offer ? 'yes' : 'no',
    external_metadata:
      context.customer.externalMetadata === null || context.customer.externalMetadata === undefined ? '' : JSON.stringify(context.customer.externalMetadata),
  };
  if (context.customer.identity) {
    vars.birthday = context.customer.identity.birthday ?? '';
    vars.ssn_last_four = context.customer.identity.ssnLastFour ?? '';
  }
  return vars;
}
