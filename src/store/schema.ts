/**
 * Row types of every table, as Kysely sees them. Rows never leave the store/services layers:
 * services map them to API objects.
 */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `json` column: written and read as its text (type-parsers.ts). */
type JsonText = ColumnType<string, string, string>;

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
  /** Requests per minute for this key; null = the deployment default. */
  rate_limit_per_minute: number | null;
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
  /** `json`, not `jsonb`: the metadata's text as we wrote it (numbers as sent), read back as text. */
  external_metadata: JsonText | null;
  loan_id: string | null;
  stop_reason: string | null;
  provenance: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** E.164 numbers a call flagged WRONG_NUMBER: never dialled again. */
  unusable_phone_numbers: ColumnType<string[], string | undefined, string>;
  stopped_at: Date | null;
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
  /** The LMS's human-facing number (LoanPro displayId, Fineract accountNo). */
  display_id: string | null;
  /** The LMS's own status text, beside the canonical `status`. */
  raw_status: string | null;
  /** ISO 4217 of the cents columns. */
  currency: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LmsConfigsTable {
  company_id: string;
  /** In clear so operators can see which product a company uses; everything else is sealed. */
  kind: string;
  /** The whole validated LmsConfig as JSON, AES-256-GCM under `lms/<companyId>/config`. */
  config_enc: string;
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

export type TaskStatus = 'scheduled' | 'dispatched' | 'completed' | 'cancelled';

export interface CallTasksTable {
  company_id: string;
  id: string;
  customer_id: string;
  loan_id: string | null;
  phone_number: string;
  scheduled_for: Date;
  /** The end of the schedule's horizon: a re-check never moves the task past it. */
  not_after: Date;
  status: TaskStatus;
  is_test: boolean;
  /** A callback the consumer asked for: placed with direct prior consent (Reg F 1006.14(b)(3)). */
  consented: boolean;
  kind: 'cadence' | 'callback';
  explanation: JsonText;
  cancel_reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CallsTable {
  company_id: string;
  id: string;
  customer_id: string;
  to_phone_number: string;
  occurred_at: Date;
  direction: 'outbound' | 'inbound';
  outcome: 'not_connected' | 'no_answer' | 'voicemail' | 'wrong_party' | 'conversation';
  loan_ids: ColumnType<string[], string | undefined, string>;
  consented: boolean;
  duration_seconds: number | null;
  transcript: string | null;
  recording_url: string | null;
  summarization: string | null;
  callback_at: Date | null;
  flags: ColumnType<string[], string | undefined, string>;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  company_id: string;
  route: string;
  key_hash: string;
  fingerprint: string;
  response_status: number | null;
  response_body: string | null;
  response_headers: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: CreatedAt;
  expires_at: Date;
}

/** Not a tenant table: one row per encryption key version, for the whole deployment. */
export interface EncryptionKeysTable {
  version: number;
  /** HMAC-SHA256 of a fixed label under the key, hex (Keyring.fingerprint); never the key. */
  fingerprint: string;
  recorded_at: CreatedAt;
}

export interface Tables {
  idempotency_keys: IdempotencyKeysTable;
  call_tasks: CallTasksTable;
  calls: CallsTable;
  companies: CompaniesTable;
  api_keys: ApiKeysTable;
  task_types: TaskTypesTable;
  customers: CustomersTable;
  loans: LoansTable;
  customer_loans: CustomerLoansTable;
  lms_configs: LmsConfigsTable;
  encryption_keys: EncryptionKeysTable;
}

export type { Generated };
