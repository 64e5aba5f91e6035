/**
 * Row types of every table, as Kysely sees them. Rows never leave the store/services layers:
 * services map them to API objects.
 */
import type { ColumnType, Generated } from 'kysely';
import type { CallPurpose } from '../compliance/types.ts';
import type { ConsentChannel, ConsentKind, ConsentScopeChannel, ConsentSource, ConsentStanding } from '../domain/consent.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `json` column: written and read as its text (type-parsers.ts). */
type JsonText = ColumnType<string, string, string>;

export interface CompaniesTable {
  id: string;
  name: string;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** New dials stop while set (the dispatcher's claim skips the company). */
  dispatch_paused_at: Date | null;
  /** Who paused: an API key id or `cli`. */
  dispatch_paused_by: string | null;
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
  /** What its calls are for; 'marketing' brings the telemarketing rules. */
  purpose: ColumnType<CallPurpose, CallPurpose | undefined, CallPurpose>;
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
  /** When an operator stopped the schedule (POST /customers/{id}/schedule/stop); null while it runs. */
  schedule_stopped_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** What the customer's consent events add up to (domain/consent.ts ConsentStanding); no API field maps to it. */
  consent: ColumnType<ConsentStanding, string | undefined, string>;
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

export type TaskStatus = 'scheduled' | 'dispatched' | 'completed' | 'cancelled' | 'skipped';

/** One event in a task's life (claimed, re-checked, dialled, outcome…). */
export interface TaskLifeEvent {
  readonly at: string;
  readonly event: string;
  readonly detail?: string;
}

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
  /** When that consent was given (migration 0013); null on tasks from before, which then count. */
  consent_granted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  kind: 'cadence' | 'callback';
  explanation: JsonText;
  cancel_reason: string | null;
  /** Dispatch: see migration 0009. */
  lease_until: Date | null;
  attempts: Generated<number>;
  provider: string | null;
  provider_call_id: string | null;
  dispatched_at: Date | null;
  call_id: string | null;
  life: ColumnType<TaskLifeEvent[], string | undefined, string>;
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
  /** When the consumer gave the consent the call was placed under (migration 0013); null: unknown,
   * and the call counts toward 7-in-7. */
  consent_granted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The debts that consent covers, JSON array; null: the debts the call was about. */
  consent_loan_ids: ColumnType<string[] | null, string | null | undefined, string | null>;
  duration_seconds: number | null;
  transcript: string | null;
  recording_url: string | null;
  summarization: string | null;
  callback_at: Date | null;
  flags: ColumnType<string[], string | undefined, string>;
  /** The dispatched task this call completed, if any. */
  task_id: string | null;
  created_at: CreatedAt;
}

/** One consent granted or revoked (migration 0012): never updated, kept after the customer is deleted. */
export interface ConsentEventsTable {
  company_id: string;
  id: string;
  /** The order events were recorded in. */
  seq: Generated<string>;
  /** Null: the company's own attestation, for every number it sends. */
  customer_id: string | null;
  /** E.164; null = every number of the customer. */
  phone_number: string | null;
  kind: ConsentKind;
  channel: ConsentChannel;
  effective_at: Date;
  scope_loan_id: string | null;
  scope_channel: ConsentScopeChannel;
  artificial_voice: boolean;
  source: ConsentSource;
  evidence: string | null;
  call_id: string | null;
  recorded_at: Date;
  /** The API key that recorded it, or `cli`, `system`, `migration`. */
  recorded_by: string | null;
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

export interface DispatchProvidersTable {
  company_id: string;
  kind: string;
  /** Calls in flight at once (the provider account's limit); null for the pull dialer. */
  concurrency: number | null;
  /** The company's dispatched tasks, kept by a trigger (migration 0009). */
  in_flight: Generated<number>;
  /** The whole validated provider config as JSON, sealed under `dispatch/<companyId>/provider`. */
  config_enc: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type BatchJobStatus = 'queued' | 'validating' | 'in_progress' | 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';

export interface BatchJobsTable {
  company_id: string;
  id: string;
  status: BatchJobStatus;
  total: number;
  /** Items checked so far; `invalid` of them failed validation. */
  validated: Generated<number>;
  invalid: Generated<number>;
  /** Items with a result; `succeeded` + `failed` = `processed`. */
  processed: Generated<number>;
  succeeded: Generated<number>;
  failed: Generated<number>;
  upsert: Generated<boolean>;
  /** While set and in the future, a runner is working the job. */
  lease_until: Date | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface BatchJobItemsTable {
  company_id: string;
  job_id: string;
  index: number;
  /** The item as sent, sealed under `batch/<companyId>/<jobId>/<index>`; null once it has a result. */
  body_enc: string | null;
  /** pending: not checked yet; valid: checked, to be written; done: has its result. */
  state: 'pending' | 'valid' | 'done';
  success: boolean | null;
  customer_id: string | null;
  message: string | null;
  errors: ColumnType<Array<{ pointer: string; detail: string }> | null, string | null, string | null>;
}

export interface WebhookEndpointsTable {
  company_id: string;
  id: string;
  url: string;
  description: string | null;
  /** The event types the endpoint receives (a JSON array of names). */
  event_types: ColumnType<string[], string, string>;
  /** `whsec_…`, sealed under `webhooks/<companyId>/<id>/secret`. */
  secret_enc: string;
  /** The secret before the last rotation, still signed with until `previous_secret_until`. */
  previous_secret_enc: string | null;
  previous_secret_until: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  /** Since when every attempt has failed; null after a success. Three days of it disable the endpoint. */
  failing_since: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WebhookEventsTable {
  company_id: string;
  id: string;
  seq: Generated<number>;
  type: string;
  customer_id: string | null;
  /** The envelope exactly as sent, sealed under `webhooks/<companyId>/events/<id>`. */
  body_enc: string;
  created_at: Date;
  /** The endpoints subscribed when the event happened, until the sender has queued its deliveries (then null). */
  fan_out_to: string[] | null;
}

export interface WebhookDeliveriesTable {
  company_id: string;
  endpoint_id: string;
  event_id: string;
  event_seq: number;
  customer_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  /** The head of its chain (endpoint, customer): only heads are sent; the rest wait their turn. */
  ready: Generated<boolean>;
  attempts: Generated<number>;
  round_attempts: Generated<number>;
  next_attempt_at: Date;
  lease_until: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

export interface WebhookAttemptsTable {
  company_id: string;
  endpoint_id: string;
  event_id: string;
  attempt: number;
  attempted_at: Date;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

export interface ProviderEventsTable {
  provider: string;
  dedupe_key: string;
  company_id: string;
  task_id: string | null;
  provider_call_id: string;
  type: string;
  /** The raw webhook body, sealed (it holds transcripts and numbers). */
  body_enc: string;
  received_at: CreatedAt;
  processed_at: Date | null;
}

/** Who (which API key) changed what, when: field names only, never values. */
export interface AuditEventsTable {
  company_id: string;
  id: string;
  at: Date;
  api_key_id: string;
  /** 'customer.updated', … */
  action: string;
  customer_id: string | null;
  /** The endpoint changed, for a `webhook_endpoint.*` action (migration 0019). */
  webhook_endpoint_id: ColumnType<string | null, string | null | undefined, never>;
  fields: ColumnType<string[], string[], never>;
}

export interface Tables {
  audit_events: AuditEventsTable;
  dispatch_providers: DispatchProvidersTable;
  provider_events: ProviderEventsTable;
  batch_jobs: BatchJobsTable;
  batch_job_items: BatchJobItemsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  idempotency_keys: IdempotencyKeysTable;
  consent_events: ConsentEventsTable;
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
