/**
 * The customer contract's rules: validation beyond the schema, normalisation, task-type matching,
 * and the transactions that write a customer together with its call schedule. Rows are mapped to
 * API objects by CustomerMapper and never leave the services.
 */
import type { Customer, CustomerPage } from '../schemas/customer.ts';
import { type CustomerFields, normaliseCustomerFields, REQUIRED_SYNC_FIELDS } from '../domain/customer-fields.ts';
import { DomainError, type FieldError, ValidationError, pointerOf } from '../domain/errors.ts';
import { customerSearch } from '../domain/customer-search.ts';
import { recordChange, type Actor } from './audit.ts';
import { sameProvenance, withCallerFields, type ProvenanceMap } from '../domain/lms-merge.ts';
import type { Db, Trx } from '../store/database.ts';
import type { Transactions } from '../store/transactions.ts';
import * as customers from '../store/repositories/customers.ts';
import type { CustomerRow, NewCustomerRow } from '../store/repositories/customers.ts';
import { writeNewCustomer, writeNewCustomers, type NewCustomer } from '../store/repositories/customer-writes.ts';
import { isTakenKey, type NewClaim } from '../store/repositories/idempotency-keys.ts';
import { linkLoanReferences } from '../store/repositories/loans.ts';
import { annotateSyncErrors, linkLoans, lmsLoanWrite, writeLoans, type LmsImport, type LmsSyncService } from './lms-sync.ts';
import type { TaskTypeCatalog } from './task-type-catalog.ts';
import type { Clock } from './clock.ts';
import type { WebhookEvents } from './webhook-events.ts';
import { type CustomerMapper, SCHEDULE_FIELDS } from './customer-mapper.ts';
import { schedulableNewCustomer, type ScheduleResult, type ScheduleService } from './schedules.ts';
import { inheritInto, keptRecords, keptRecordsLookup, type KeptRecords } from './retained-records.ts';
import { applyStanding, ledgerStanding } from './consent-standing.ts';
import { idStanding } from '../store/repositories/consent-events.ts';

/** A request body as received, plus the structural errors its schema already found. */
export interface CheckedBody {
  readonly body: unknown;
  readonly schemaErrors: readonly FieldError[];
}

export interface ListCustomersQuery {
  readonly test?: boolean;
  readonly doNotCall?: boolean;
  readonly taskType?: string;
  readonly stopped?: boolean;
  /** Text to find in ids, names and phone numbers (domain/customer-search.ts). */
  readonly search?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export type SyncedCustomer = Customer & Omit<ScheduleResult, 'reason'>;

/**
 * A validated create, ready to be written: the customer with its planned tasks (and LMS loans), and
 * the customer as the API will return it — known before the write, since every stored value is
 * decided here.
 */
export interface PreparedCreate extends PreparedCustomer {
  readonly write: NewCustomer;
  readonly customer: Customer;
  /** Whether the id's kept records (a deleted customer's) were read into the write. */
  readonly inheritsKeptRecords?: boolean;
}

/**
 * What became of a create: the customer as stored, or why nothing was written — an id or an
 * Idempotency-Key already taken, or (only with a key to claim) records a deleted customer left
 * under the id, which the answer made with the key did not start from.
 */
export type CreateOutcome = { readonly outcome: 'created'; readonly customer: Customer } | { readonly outcome: 'id_taken' | 'key_taken' | 'kept_records' };

/** A validated create or sync, ready to be written. */
export interface PreparedCustomer {
  readonly companyId: string;
  readonly fields: CustomerFields & { id: string; taskType: string };
  /** With `sync: true`: provenance and the loans read from the LMS, written with the customer. */
  readonly lms?: LmsImport;
}

type ValidFields = CustomerFields & { id: string; taskType: string };

const DEFAULT_PAGE_SIZE = 20;

const UNKNOWN_TASK_TYPE = "is not one of your company's task types (see validTaskTypes)";

export class CustomerService {
  private readonly db: Db;
  private readonly tx: Transactions;
  private readonly mapper: CustomerMapper;
  private readonly schedules: ScheduleService;
  private readonly catalog: TaskTypeCatalog;
  private readonly clock: Clock;
  private readonly lms?: LmsSyncService;

  private readonly events: WebhookEvents;

  constructor(
    db: Db,
    tx: Transactions,
    mapper: CustomerMapper,
    schedules: ScheduleService,
    catalog: TaskTypeCatalog,
    clock: Clock,
    events: WebhookEvents,
    lms?: LmsSyncService,
  ) {
    this.events = events;
    this.db = db;
    this.tx = tx;
    this.mapper = mapper;
    this.schedules = schedules;
    this.catalog = catalog;
    this.clock = clock;
    this.lms = lms;
  }

  /**
   * Validates a create or sync body; throws ValidationError listing every failing field. With
   * `sync: true` the caller's own fields are checked first (a request that is wrong anyway costs
   * no LMS read), then the LMS fills the rest and the merged customer is validated exactly as a
   * request without sync would be.
   */
  private async validate(
    companyId: string,
    input: CheckedBody,
    required?: readonly string[],
    beforeLmsRead?: (fields: ValidFields) => Promise<void>,
  ): Promise<{ fields: ValidFields; lms?: LmsImport }> {
    const body = asRecord(input.body);
    const sync = body.sync === true;
    const { fields, errors } = normaliseCustomerFields(body, {
      requireAll: !sync,
      allowNull: false,
      now: this.clock(),
      skip: pointers(input.schemaErrors),
      ...(required ? { required } : {}),
    });
    const allErrors = [...input.schemaErrors, ...errors];
    const taskType = await this.resolveTaskType(companyId, fields.taskType, allErrors);
    if (allErrors.length > 0) throw await this.validationError(companyId, allErrors);
    const valid = { ...fields, taskType } as ValidFields;
    if (!sync) return { fields: valid };
    if (!this.lms) {
      throw new DomainError('lms_not_configured', 'sync: true needs a loan management system configured for your company; none is.');
    }
    await beforeLmsRead?.(valid);
    const synced = await this.lms.enrich(companyId, body, { id: valid.id, loanId: valid.loanId, loanIds: valid.loanIds });
    const merged = normaliseCustomerFields(synced.body, {
      requireAll: true,
      allowNull: false,
      now: this.clock(),
      skip: pointers(synced.errors),
      ...(required ? { required } : {}),
    });
    const mergedErrors = annotateSyncErrors([...synced.errors, ...merged.errors], synced.lms.provenance, synced.warnings);
    if (mergedErrors.length > 0) {
      const warnings = synced.warnings.map((w) => ({ field: w.field, code: w.code }));
      throw new ValidationError(mergedErrors, { lmsSystem: synced.lms.kind, ...(warnings.length > 0 ? { lmsWarnings: warnings } : {}) });
    }
    return { fields: { ...merged.fields, taskType } as ValidFields, lms: synced.lms };
  }

  /**
   * Everything about a create that needs no transaction: validation, task-type matching, with
   * `sync: true` the LMS read, and the plan itself (a new customer has no recorded calls, so
   * planning needs no database at all).
   */
  async prepareCreate(companyId: string, input: CheckedBody): Promise<PreparedCreate> {
    // An id already taken is refused before the LMS is asked anything (the insert re-checks).
    // The same round trip tells whether a deleted customer left records under the id: a create
    // must not wait on the database twice where once will do (a database outage answers 503
    // within a bound, test/faults/database-outage.test.ts).
    let checked: { id: string; keptRecords: boolean } | undefined;
    const { fields, lms } = await this.validate(companyId, input, undefined, async ({ id }) => {
      const standing = await idStanding(this.db, companyId, id);
      if (standing.taken) throw customerExists();
      checked = { id, keptRecords: standing.keptRecords };
    });
    // An id whose customer was deleted starts where it stopped (services/retained-records.ts).
    // Without sync the id was not looked at: the write itself refuses it if it has kept records,
    // and commitCreate plans again from them — so the many creates of new ids ask nothing first.
    const kept = checked?.id === fields.id && checked.keptRecords ? await keptRecords(this.db, companyId, fields.id) : null;
    return this.assembleCreate(this.db, companyId, fields, lms, kept);
  }

  /** A validated create planned and made ready to write, from the id's kept records if it has any. */
  private async assembleCreate(
    executor: Db,
    companyId: string,
    fields: ValidFields,
    lms: LmsImport | undefined,
    kept: KeptRecords | null,
  ): Promise<PreparedCreate> {
    const row = inheritInto(this.newRow(companyId, fields, lms, this.clock()), kept);
    const { tasks } = await this.schedules.plan(executor, companyId, schedulableNewCustomer(row), kept?.ledger ?? []);
    // With sync, the LMS's loans are imported instead of references (only loanIds when given).
    const references = lms ? { loanIds: [], lmsLoans: lmsLoanWrite(fields.id, lms.loans) } : { loanIds: loanReferences(fields) };
    const write: NewCustomer = { row, ...references, tasks, unlessKeptRecords: kept === null };
    const customer = this.mapper.toNewCustomer(row, fields, lms?.provenance);
    return { companyId, fields, write, customer, ...(lms ? { lms } : {}), ...(kept ? { inheritsKeptRecords: true } : {}) };
  }

  /**
   * One item of a bulk import, exactly as a create would take it, without the LMS (a bulk import
   * would be one LMS read per row: use the sync webhooks for that) and without the early look for
   * a taken id (the write reports it, for a whole chunk in one statement). `mayHaveKeptRecords`
   * answers for the chunk's ids at once (`keptRecordsLookup`); the records of an id it says may
   * have some are read here.
   */
  async prepareImport(companyId: string, input: CheckedBody, mayHaveKeptRecords: (customerId: string) => boolean = () => true): Promise<PreparedCreate> {
    if (asRecord(input.body).sync === true)
      throw new ValidationError([{ pointer: '/sync', detail: 'is not available in bulk imports: create the customers, then use the LMS sync webhooks' }]);
    const { fields } = await this.validate(companyId, input);
    const kept = mayHaveKeptRecords(fields.id) ? await keptRecords(this.db, companyId, fields.id) : null;
    const row = inheritInto(this.newRow(companyId, fields, undefined, this.clock()), kept);
    const { tasks } = await this.schedules.plan(this.db, companyId, schedulableNewCustomer(row), kept?.ledger ?? []);
    return {
      companyId,
      fields,
      write: { row, loanIds: loanReferences(fields), tasks },
      customer: this.mapper.toNewCustomer(row, fields, undefined),
      ...(kept ? { inheritsKeptRecords: true } : {}),
    };
  }

  /**
   * The transactional half of a create: the customer, its loans and its schedule — with `claim`,
   * the Idempotency-Key with the response the caller made of `prepared.customer` too — written
   * by the one customer-writing operation, in statements shared with concurrent creates.
   */
  async commitCreate(prepared: PreparedCreate, claim?: NewClaim): Promise<CreateOutcome> {
    try {
      const written = await this.tx.runBulk(writeNewCustomers, claim ? { ...prepared.write, claim } : prepared.write);
      if (written === undefined) return { outcome: 'id_taken' };
      // Rare: a deleted customer left records under the id. The answer made with a key was not
      // this customer's (the caller then answers under the key's lock, without a claim).
      if (written === 'kept_records') return claim ? { outcome: 'kept_records' } : await this.createFromKeptRecords(prepared);
      // A revocation recorded for the deleted customer's id after the kept records were read
      // must not be lost: the new customer is brought in line with the whole ledger now. Inside
      // the key's unit of work when the request holds one (a keyed create with sync: true).
      if (prepared.inheritsKeptRecords) await this.tx.join((trx) => this.alignWithLedger(trx, prepared.companyId, prepared.fields.id));
      return { outcome: 'created', customer: prepared.customer };
    } catch (error) {
      if (claim && isTakenKey(error)) return { outcome: 'key_taken' };
      throw error;
    }
  }

  /** A create whose write found kept records under its id: read, planned from and written in one unit of work. */
  private async createFromKeptRecords(prepared: PreparedCreate): Promise<CreateOutcome> {
    const { companyId, fields, lms } = prepared;
    return this.tx.join(async (trx) => {
      const again = await this.assembleCreate(trx, companyId, fields, lms, await keptRecords(trx, companyId, fields.id));
      const row = await writeNewCustomer(trx, again.write);
      if (!row) return { outcome: 'id_taken' };
      if (again.inheritsKeptRecords) await this.alignWithLedger(trx, companyId, fields.id);
      return { outcome: 'created', customer: again.customer };
    });
  }

  /**
   * Brings a customer just created from kept records in line with the whole consent ledger, in
   * `trx`: an event recorded for the deleted customer's id after the create read those records
   * is honoured too.
   */
  async alignWithLedger(trx: Trx, companyId: string, id: string): Promise<void> {
    const customer = await customers.lockCustomer(trx, companyId, id);
    if (customer) await applyStanding(trx, this.schedules, customer, await ledgerStanding(trx, companyId, id), this.clock());
  }

  /** A create outside HTTP (tests, scripts): the stored customer, or 409 when the id is taken. */
  async create(companyId: string, input: CheckedBody): Promise<Customer> {
    const result = await this.commitCreate(await this.prepareCreate(companyId, input));
    if (result.outcome !== 'created') throw customerExists();
    return result.customer;
  }

  /** The row of a new customer: its fields, sealed where they are PII, and where they came from. */
  private newRow(companyId: string, fields: ValidFields, lms: LmsImport | undefined, now: Date): NewCustomerRow {
    const row = this.mapper.newRow(companyId, fields, now);
    return lms ? { ...row, provenance: JSON.stringify(lms.provenance) } : row;
  }

  /**
   * POST /customers/schedule/sync: create or update the customer with the given fields (an omitted
   * doNotCall keeps the stored value), drop its pending tasks and plan anew — all in one
   * transaction, so a retry of the same request reaches the same end state.
   */
  async prepareSync(companyId: string, input: CheckedBody): Promise<PreparedCustomer> {
    const { fields, lms } = await this.validate(companyId, input, REQUIRED_SYNC_FIELDS);
    return { companyId, fields, ...(lms ? { lms } : {}) };
  }

  /** With an actor (an API request), the sync is on the audit trail. */
  async commitSync(prepared: PreparedCustomer, actor?: Actor): Promise<SyncedCustomer> {
    const { companyId, fields, lms } = prepared;
    const now = this.clock();
    // Joins the Idempotency-Key's transaction when the request sent one.
    const { row, result } = await this.tx.join(async (trx) => {
      if (actor) {
        const sent = Object.keys(fields).filter((field) => field !== 'id' && fields[field as keyof CustomerFields] !== undefined);
        await recordChange(trx, { companyId, actor, action: 'customer.synced', customerId: fields.id, fields: sent, at: now });
      }
      let current = await customers.lockCustomer(trx, companyId, fields.id);
      if (!current) {
        const created = await this.createForSync(trx, prepared, now);
        if (created) return created;
        // A concurrent sync inserted it first: update what it wrote.
        current = await customers.lockCustomer(trx, companyId, fields.id);
      }
      if (lms) await writeLoans(trx, companyId, lms.loans, now);
      const updated = await customers.updateCustomer(trx, companyId, fields.id, this.mapper.changes(companyId, fields.id, fields, now));
      if (!updated) throw customerNotFound();
      await this.events.doNotCallChanged(trx, companyId, current!, updated, { source: 'api' });
      return this.finishSync(trx, companyId, updated, fields, lms);
    });
    return { ...this.mapper.toCustomer(row), ...withoutReason(result) };
  }

  /** A sync meeting a customer for the first time creates it as a create would; undefined if its id was taken meanwhile. */
  private async createForSync(trx: Trx, prepared: PreparedCustomer, now: Date) {
    const { companyId, fields, lms } = prepared;
    const kept = await keptRecords(trx, companyId, fields.id);
    const row = inheritInto(this.newRow(companyId, fields, lms, now), kept);
    const planned = await this.schedules.plan(trx, companyId, schedulableNewCustomer(row), kept?.ledger ?? []);
    const inserted = await writeNewCustomer(trx, {
      row,
      loanIds: loanReferences(fields),
      ...(lms ? { lmsLoans: lmsLoanWrite(fields.id, lms.loans) } : {}),
      tasks: planned.tasks,
    });
    return inserted ? { row: inserted, result: planned.result } : undefined;
  }

  async syncSchedule(companyId: string, input: CheckedBody): Promise<SyncedCustomer> {
    return this.commitSync(await this.prepareSync(companyId, input));
  }

  private async finishSync(trx: Trx, companyId: string, row: CustomerRow, fields: CustomerFields, lms?: LmsImport) {
    await linkLoanReferences(trx, companyId, row.id, loanReferences(fields));
    if (lms) await linkLoans(trx, companyId, row.id, lms.loans);
    // Values sent now are the caller's; with sync, the merge says where each one came from.
    const provenance: ProvenanceMap | null = lms ? { ...row.provenance, ...lms.provenance } : withCallerFields(row.provenance, fields);
    if (provenance !== null && !sameProvenance(provenance, row.provenance)) {
      row = (await customers.updateCustomer(trx, companyId, row.id, { provenance: JSON.stringify(provenance) })) ?? row;
    }
    return { row, result: await this.schedules.rebuild(trx, companyId, row) };
  }

  async get(companyId: string, id: string): Promise<Customer> {
    const row = await customers.findCustomer(this.db, companyId, id);
    if (!row) throw notFound();
    return this.mapper.toCustomer(row);
  }

  async list(companyId: string, query: ListCustomersQuery): Promise<CustomerPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await customers.listCustomers(this.db, {
      companyId,
      limit,
      ...(query.test === undefined ? {} : { isTest: query.test }),
      ...(query.doNotCall === undefined ? {} : { doNotCall: query.doNotCall }),
      ...(query.taskType === undefined ? {} : { taskType: query.taskType }),
      ...(query.stopped === undefined ? {} : { stopped: query.stopped }),
      ...(query.search === undefined ? {} : { search: customerSearch(query.search) }),
      ...(after ? { after } : {}),
    });
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page.at(-1);
    return {
      data: page.map((row) => this.mapper.toCustomer(row)),
      hasMore,
      nextCursor: hasMore && last ? encodeCursor(last) : null,
    };
  }

  /** Changes a customer; with an actor (an API request), the change is on the audit trail. */
  async update(companyId: string, id: string, input: CheckedBody, actor?: Actor): Promise<Customer> {
    const body = asRecord(input.body);
    const { fields, errors } = normaliseCustomerFields(body, {
      requireAll: false,
      allowNull: true,
      now: this.clock(),
      skip: pointers(input.schemaErrors),
    });
    const allErrors = [...input.schemaErrors, ...errors];
    if (fields.id !== undefined && fields.id !== id) {
      allErrors.push({ pointer: '/id', detail: 'cannot be changed: a customer keeps the id it was created with' });
    }
    const taskType = await this.resolveTaskType(companyId, fields.taskType, allErrors);
    if (allErrors.length > 0) throw await this.validationError(companyId, allErrors);
    const changed: CustomerFields = { ...fields, ...(taskType ? { taskType } : {}) };
    const stored = await this.tx.run(async (trx) => {
      const current = await customers.lockCustomer(trx, companyId, id);
      if (!current) return undefined;
      const changes = this.mapper.changes(companyId, id, changed, this.clock());
      // A synced customer's changed values are the caller's from now on (see docs/lms.md).
      const provenance = withCallerFields(current.provenance, changed);
      if (provenance !== null) changes.provenance = JSON.stringify(provenance);
      const updated = await customers.updateCustomer(trx, companyId, id, changes);
      if (updated) await this.events.doNotCallChanged(trx, companyId, current, updated, { source: 'api' });
      if (updated && actor) {
        const fieldsSent = Object.keys(changed).filter((field) => field !== 'id' && changed[field as keyof CustomerFields] !== undefined);
        await recordChange(trx, { companyId, actor, action: 'customer.updated', customerId: id, fields: fieldsSent, at: updated.updated_at });
      }
      if (updated && SCHEDULE_FIELDS.some((field) => changed[field] !== undefined)) {
        await this.schedules.rebuild(trx, companyId, updated);
      }
      return updated;
    });
    if (!stored) throw notFound();
    return this.mapper.toCustomer(stored);
  }

  /** Which of a chunk's ids may have records kept from a deleted customer (services/retained-records.ts). */
  keptRecordsLookup(companyId: string, customerIds: readonly string[]): Promise<(customerId: string) => boolean> {
    return keptRecordsLookup(this.db, companyId, customerIds);
  }

  /**
   * Deletes the customer, its loan links and its pending plan. Its calls and consent events stay
   * (12 CFR 1006.100; `callwise records purge` removes them once expired): a customer created
   * again with this id inherits them. With an actor (an API request), the delete is on the audit trail.
   */
  async delete(companyId: string, id: string, actor?: Actor): Promise<void> {
    const deleted = await this.tx.run(async (trx) => {
      if (!(await customers.deleteCustomer(trx, companyId, id))) return false;
      if (actor) await recordChange(trx, { companyId, actor, action: 'customer.deleted', customerId: id, fields: [], at: this.clock() });
      return true;
    });
    if (!deleted) throw notFound();
  }

  /** 404 unless the customer exists in this company. */
  async requireCustomer(companyId: string, id: string): Promise<CustomerRow> {
    const row = await customers.findCustomer(this.db, companyId, id);
    if (!row) throw notFound();
    return row;
  }

  /** The company's spelling of `requested`, or undefined with an error added to `errors`. */
  private async resolveTaskType(companyId: string, requested: string | undefined, errors: FieldError[]) {
    if (requested === undefined) return undefined;
    const found = await this.catalog.find(companyId, requested);
    if (found) return found.name;
    errors.push({ pointer: '/taskType', detail: UNKNOWN_TASK_TYPE });
    return undefined;
  }

  private async validationError(companyId: string, errors: FieldError[]): Promise<ValidationError> {
    const taskTypeFailed = errors.some((e) => e.pointer === '/taskType');
    if (!taskTypeFailed) return new ValidationError(errors);
    const validTaskTypes = [...(await this.catalog.names(companyId))];
    const error = new ValidationError(errors, { validTaskTypes });
    // A lone unknown task type keeps the dedicated code integrations written for the seed expect;
    // a taskType of the wrong type (null, a number) is an ordinary validation failure.
    if (errors.length === 1 && errors[0]!.detail === UNKNOWN_TASK_TYPE) return Object.assign(error, { code: 'invalid_task_type' as const });
    return error;
  }
}

function loanReferences(fields: CustomerFields): string[] {
  return [...new Set([...(fields.loanIds ?? []), ...(fields.loanId ? [fields.loanId] : [])])];
}

function withoutReason(result: ScheduleResult): Omit<ScheduleResult, 'reason'> {
  const { reason: _reason, ...rest } = result;
  return rest;
}

export function customerExists(): DomainError {
  return new DomainError(
    'customer_exists',
    'A customer with this id already exists in your company. Use PATCH /customers/{id} or POST /customers/schedule/sync to change it.',
  );
}

export function customerNotFound(): DomainError {
  return new DomainError('customer_not_found', 'No customer with this id exists in your company.');
}
const notFound = customerNotFound;

function asRecord(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function pointers(errors: readonly FieldError[]): Set<string> {
  return new Set(errors.map((e) => e.pointer));
}

function encodeCursor(row: CustomerRow): string {
  return Buffer.from(JSON.stringify([row.created_at_key, row.id]), 'utf8').toString('base64url');
}

/** The shape alone lets "2020-02-30T…" or year 0000 through, which PostgreSQL refuses to cast (a 500). */
function isRealInstant(text: string): boolean {
  const millis = `${text.slice(0, 23)}Z`;
  const date = new Date(millis);
  return !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.toISOString() === millis;
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value[0]) &&
      isRealInstant(value[0]) &&
      // An id with NUL is not one we could have returned, and PostgreSQL refuses it (500).
      typeof value[1] === 'string' &&
      !value[1].includes('\u0000')
    ) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // fall through: any undecodable cursor is the same client error
  }
  throw new ValidationError([{ pointer: pointerOf('cursor'), detail: 'is not a cursor this API returned' }]);
}
