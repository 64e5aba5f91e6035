/**
 * Glossary
 * - company: a lender (tenant). Every record belongs to exactly one; API keys identify it.
 * - customer: a borrower the lender wants called, keyed by the lender's own reference (`id`).
 * - task type: a company's named kind of call schedule (collections, servicing, verification…).
 * - loan: a debt of the customer; a "reference" until its figures are imported from an LMS.
 * - test customer: never called for real (`isTest`); filterable in listings.
 */

/** A customer as the API returns it: the seed contract's response fields plus timestamps. */
export interface Customer {
  id: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  birthday?: string;
  ssnLastFour?: string;
  timezone?: string;
  phoneNumber?: string;
  streetAddress1?: string;
  streetAddress2?: string;
  city?: string;
  state?: string;
  zipCode?: string;
  doNotCall: boolean;
  isTest: boolean;
  taskType: string;
  externalMetadata?: Record<string, unknown>;
  /** Why calls to this customer stopped (a DNC, attorney, bankruptcy… flag on a recorded call). */
  stopReason?: string;
  /** Synced customers only: where each value came from (`caller`, `lms` or `zip`). */
  provenance?: Partial<Record<string, 'caller' | 'lms' | 'zip'>>;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerPage {
  data: Customer[];
  hasMore: boolean;
  nextCursor: string | null;
}
