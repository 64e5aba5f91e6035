/**
 * Row types of every table, as Kysely sees them. Rows never leave the store/services layers:
 * services map them to API objects.
 */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface CompaniesTable {
  id: string;
  name: string;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: string;
  company_id: string;
  name: string | null;
  /** The first characters of the secret, shown in listings so an operator can tell keys apart. */
  prefix: string;
  /** SHA-256 of the whole secret, hex. The secret itself is never stored. */
  secret_hash: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface TaskTypesTable {
  company_id: string;
  name: string;
  /** lower(name): task types are matched case-insensitively, stored in the company's spelling. */
  name_key: string;
  cadence: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface CustomersTable {
  company_id: string;
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  /** AES-256-GCM envelopes (see security/encryption.ts); never plaintext. */
  birthday_enc: string | null;
  ssn_last_four_enc: string | null;
  timezone: string | null;
  phone_number: string | null;
  street_address1: string | null;
  street_address2: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  do_not_call: boolean;
  is_test: boolean;
  task_type: string;
  /** `json`, not `jsonb`: metadata is returned exactly as given, key order included. */
  external_metadata: Json | null;
  loan_id: string | null;
  stop_reason: string | null;
  provenance: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LoansTable {
  company_id: string;
  loan_id: string;
  /** 'reference' = an id the lender sent without an LMS; 'lms' = imported with its figures. */
  source: string;
  status: string | null;
  balance_cents: number | null;
  amount_due_cents: number | null;
  days_past_due: number | null;
  next_due_date: string | null;
  as_of: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CustomerLoansTable {
  company_id: string;
  customer_id: string;
  loan_id: string;
  role: string | null;
  created_at: CreatedAt;
}

export interface Tables {
  companies: CompaniesTable;
  api_keys: ApiKeysTable;
  task_types: TaskTypesTable;
  customers: CustomersTable;
  loans: LoansTable;
  customer_loans: CustomerLoansTable;
}

export type { Generated };
