/**
 * The read-only LMS connector contract.
 *
 * Glossary
 * - LMS: the lender's loan management system (LoanPro, Apache Fineract, Mambu, the embedded demo).
 * - LMS customer id: the id the lender's caller sends as the customer's `id`; what it means per
 *   product is documented on each connector (LoanPro `id`, Fineract `id` or `externalId`).
 * - Canonical form: what every connector returns, whatever the wire looked like — E.164 phone,
 *   USPS state, 5-digit ZIP, `YYYY-MM-DD` dates, integer cents, SSN reduced to its last four.
 * - Perspective: a loan seen from one of its borrowers (`customerId` + `role`).
 *
 * Connectors only read and canonicalise. Merge policy ("caller-supplied values win"), timezone
 * resolution from the ZIP and persistence live in the sync service
 * (lms-connectors.md §4.1: "all merge policy lives in the sync service, not in connectors").
 */

export type LmsKind = 'demo' | 'loanpro' | 'fineract' | 'mambu';

/** Fields of the seed's customer contract an LMS may supply. */
export type LmsCustomerField =
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phoneNumber'
  | 'streetAddress1'
  | 'streetAddress2'
  | 'city'
  | 'state'
  | 'zipCode'
  | 'birthday'
  | 'ssnLastFour'
  | 'timezone';

export const LMS_CUSTOMER_FIELDS: readonly LmsCustomerField[] = [
  'firstName',
  'lastName',
  'email',
  'phoneNumber',
  'streetAddress1',
  'streetAddress2',
  'city',
  'state',
  'zipCode',
  'birthday',
  'ssnLastFour',
  'timezone',
];

/** Every field but the time zone: what LMS products without a per-borrower zone can supply. */
export const LMS_CUSTOMER_FIELDS_WITHOUT_TIMEZONE: readonly LmsCustomerField[] = LMS_CUSTOMER_FIELDS.filter((f) => f !== 'timezone');

/**
 * Why a value the LMS holds was left out of the canonical customer. Never carries the value
 * itself (lms-connectors.md §3 item 4: PII must not reach logs or errors).
 */
export type LmsWarningCode =
  | 'invalid_phone'
  | 'invalid_email'
  | 'invalid_state'
  | 'invalid_zip'
  | 'invalid_birthday'
  | 'invalid_ssn'
  | 'invalid_timezone'
  | 'non_us_address'
  | 'address_unavailable';

export interface LmsWarning {
  readonly code: LmsWarningCode;
  readonly field: LmsCustomerField;
}

export interface LmsCustomer {
  /** The id as the caller knows it (see each connector for which LMS id that is). */
  lmsCustomerId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  /** E.164, US and US territories only. */
  phoneNumber?: string;
  streetAddress1?: string;
  streetAddress2?: string;
  city?: string;
  /** USPS two-letter code, upper case. */
  state?: string;
  /** Five digits; a ZIP+4 suffix is dropped. */
  zipCode?: string;
  /** `YYYY-MM-DD`. */
  birthday?: string;
  /** Exactly four digits; the full SSN never leaves the parser. */
  ssnLastFour?: string;
  /** IANA name, only when the LMS itself stores one (none of the real products do). */
  timezone?: string;
  warnings: LmsWarning[];
}

export type LoanRole = 'primary' | 'co-borrower' | 'other';

/**
 * Lifecycle only. Delinquency is `daysPastDue > 0`, not a status, so the two never disagree.
 */
export type LoanStatus = 'pending' | 'active' | 'paid_off' | 'charged_off' | 'closed' | 'other';

export interface LmsLoanParty {
  customerId: string;
  role: LoanRole;
}

export interface LmsLoan {
  /** The LMS's own loan id, as a string (the seed sends `loanIds` as integers). */
  loanId: string;
  /** Human-facing number when the LMS has one (LoanPro `displayId`, Fineract `accountNo`). */
  displayId?: string;
  /** The borrower this loan is seen from: the one asked for, else the primary borrower. */
  customerId: string;
  role: LoanRole;
  /** Everyone on the loan the LMS knows of, primary first then by id. */
  borrowers: LmsLoanParty[];
  status: LoanStatus;
  /** The LMS's own status text, for display and for per-lender status maps. */
  rawStatus: string;
  /** ISO 4217; every product here is USD-only unless it says otherwise. */
  currency: string;
  /** Principal outstanding, integer cents. */
  balanceCents: number;
  /** Past-due amount plus the installment due on `nextDueDate`, integer cents. */
  amountDueCents: number;
  daysPastDue: number;
  /** `YYYY-MM-DD`, or null when nothing more is scheduled. */
  nextDueDate: string | null;
  /** `YYYY-MM-DD` the figures refer to (LoanPro: the status-archive row's date). */
  asOf?: string;
}

export interface LmsCallOptions {
  /** Cancels the call (e.g. the sync's overall deadline); an abort surfaces as kind `timeout`. */
  signal?: AbortSignal;
}

export interface ListLoansOptions extends LmsCallOptions {
  /**
   * Only these loans (the seed's `loanIds`). Each must belong to the customer, else the call
   * fails with `loan_not_found`; duplicates are ignored.
   */
  loanIds?: ReadonlyArray<string | number>;
}

export interface GetLoanOptions extends LmsCallOptions {
  /** See the loan from this borrower; fails with `loan_not_found` when they are not on it. */
  customerId?: string;
}

export interface LmsCustomerWithLoan {
  customer: LmsCustomer;
  /** The loan, seen from `customer` (its primary borrower). */
  loan: LmsLoan;
}

export interface LmsCapabilities {
  /** `listLoans` works; false for customer-only LMS integrations ("Tier 3", reference §1c). */
  readonly loansByCustomer: boolean;
  /** `findCustomerByLoan` works (the `/webhooks/lms/sync/loan` flow). */
  readonly customerByLoan: boolean;
  /** The LMS links several borrowers to one loan; false means only the primary is known. */
  readonly coBorrowers: boolean;
  /** Customer fields this LMS can ever supply; the rest are always absent. */
  readonly customerFields: readonly LmsCustomerField[];
}

export interface LmsConnector {
  readonly kind: LmsKind;
  readonly capabilities: LmsCapabilities;
  /** @throws LmsError (`customer_not_found`, `timeout`, `upstream`, `rate_limited`, `auth_failed`) */
  getCustomer(lmsCustomerId: string, options?: LmsCallOptions): Promise<LmsCustomer>;
  /** The loan's primary borrower plus the loan. @throws LmsError (`loan_not_found`, …) */
  findCustomerByLoan(loanId: string | number, options?: LmsCallOptions): Promise<LmsCustomerWithLoan>;
  /** Loans the customer is on (every role), sorted by loan id. @throws LmsError */
  listLoans(lmsCustomerId: string, options?: ListLoansOptions): Promise<LmsLoan[]>;
  /** @throws LmsError (`loan_not_found`, …) */
  getLoan(loanId: string | number, options?: GetLoanOptions): Promise<LmsLoan>;
}
