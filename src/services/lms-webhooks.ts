/**
 * The LMS webhooks (finosu-api.md §2.7): `customer-full` re-syncs one customer and all their
 * loans; `loan` syncs one loan and the customer it belongs to. Both are safe to call again and
 * again: loans are upserted, a customer is only rewritten when a value changed, and its schedule
 * is only rebuilt when a fact that decides when it may be called changed.
 *
 * Decisions (docs/lms.md):
 * - A known customer keeps every value its lender sent; only values that came from the LMS (or a
 *   ZIP timezone) are refreshed, and nothing is erased.
 * - A customer Callwise does not know yet is created only when the LMS record makes a valid
 *   customer (the same rules as POST /customers) and a task type is known: the body's optional
 *   `taskType` (an extension), else the company's only task type. Otherwise → 400, nothing saved.
 * - `finosuCustomerId` / `finosuLoanId` are name-based UUIDs of (company, id): stable forever.
 */
import { customerIdProblem, normaliseCustomerFields, REQUIRED_CUSTOMER_FIELDS, type CustomerFields } from '../domain/customer-fields.ts';
import { DomainError, type FieldError, ValidationError } from '../domain/errors.ts';
import { mergeIntoRequest, mergeIntoStored, sameProvenance, SYNCABLE_FIELDS, type ProvenanceMap } from '../domain/lms-merge.ts';
import type { LmsKind, LmsLoan } from '../lms/index.ts';
import type { Trx } from '../store/database.ts';
import { writeNewCustomer } from '../store/repositories/customer-writes.ts';
import * as customers from '../store/repositories/customers.ts';
import type { CustomerRow } from '../store/repositories/customers.ts';
import type { Transactions } from '../store/transactions.ts';
import type { Clock } from './clock.ts';
import type { WebhookEvents } from './webhook-events.ts';
import { type CustomerMapper, SCHEDULE_FIELDS } from './customer-mapper.ts';
import { annotateSyncErrors, linkLoans, lmsLoanWrite, lmsValues, writeLoans, type LmsFetch, type LmsSyncService } from './lms-sync.ts';
import { inheritInto, keptRecords } from './retained-records.ts';
import { schedulableNewCustomer, type ScheduleService } from './schedules.ts';
import type { TaskTypeCatalog } from './task-type-catalog.ts';

export interface PreparedResync {
  readonly companyId: string;
  readonly fetched: LmsFetch;
  /** The task type a customer new to Callwise gets, if one could be chosen. */
  readonly taskTypeForNew: string | undefined;
  readonly validTaskTypes: readonly string[];
}

export interface ResyncOutcome {
  readonly kind: LmsKind;
  readonly customerId: string;
  readonly loans: readonly LmsLoan[];
  readonly customerCreated: boolean;
  readonly customerUpdated: boolean;
  readonly scheduleRebuilt: boolean;
}

export class LmsWebhookService {
  private readonly tx: Transactions;
  private readonly lms: LmsSyncService;
  private readonly mapper: CustomerMapper;
  private readonly schedules: ScheduleService;
  private readonly catalog: TaskTypeCatalog;
  private readonly clock: Clock;

  private readonly events: WebhookEvents;

  constructor(
    tx: Transactions,
    lms: LmsSyncService,
    mapper: CustomerMapper,
    schedules: ScheduleService,
    catalog: TaskTypeCatalog,
    clock: Clock,
    events: WebhookEvents,
  ) {
    this.events = events;
    this.tx = tx;
    this.lms = lms;
    this.mapper = mapper;
    this.schedules = schedules;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Reads the LMS (outside any transaction). */
  async prepareCustomerFull(companyId: string, customerId: string, taskType?: string): Promise<PreparedResync> {
    // The LMS id is the Callwise id too: one no URL can address is refused before the LMS is asked.
    const idProblem = customerIdProblem(customerId.trim());
    if (idProblem) throw new ValidationError([{ pointer: '/customerId', detail: idProblem }]);
    const choice = await this.taskTypeChoice(companyId, taskType);
    return { companyId, fetched: await this.lms.fetchCustomerFull(companyId, customerId.trim()), ...choice };
  }

  async prepareLoan(companyId: string, loanId: string, taskType?: string): Promise<PreparedResync> {
    const choice = await this.taskTypeChoice(companyId, taskType);
    return { companyId, fetched: await this.lms.fetchByLoan(companyId, loanId.trim()), ...choice };
  }

  /** Writes what was read, in one transaction; a refusal leaves nothing behind. */
  async commit(prepared: PreparedResync): Promise<ResyncOutcome> {
    const { companyId, fetched } = prepared;
    const id = fetched.customer.lmsCustomerId;
    const now = this.clock();
    // Joins the Idempotency-Key's transaction when the request sent one.
    return this.tx.join(async (trx) => {
      const current = await customers.lockCustomer(trx, companyId, id);
      const outcome =
        (current ? undefined : await this.create(trx, prepared, now)) ??
        (await this.refresh(trx, prepared, current ?? (await customers.lockCustomer(trx, companyId, id))!, now));
      return { kind: fetched.kind, customerId: id, loans: fetched.loans, ...outcome };
    });
  }

  /**
   * A customer new to Callwise, created as POST /customers with sync would: with its loans and
   * its schedule. Undefined when another request created it since the lock found nothing.
   */
  private async create(trx: Trx, prepared: PreparedResync, now: Date) {
    const { companyId, fetched } = prepared;
    const id = fetched.customer.lmsCustomerId;
    if (prepared.taskTypeForNew === undefined) {
      throw new ValidationError(
        [
          {
            pointer: '/taskType',
            detail: 'is required to create a customer Callwise does not have yet: send taskType, or create the customer with POST /customers and sync: true',
          },
        ],
        { validTaskTypes: [...prepared.validTaskTypes] },
      );
    }
    const { body, provenance } = mergeIntoRequest({ id, taskType: prepared.taskTypeForNew }, lmsValues(fetched.customer));
    const fields = this.validRecord(body, provenance, fetched);
    const kept = await keptRecords(trx, companyId, id);
    const row = inheritInto({ ...this.mapper.newRow(companyId, fields, now), provenance: JSON.stringify(provenance) }, kept);
    const planned = await this.schedules.plan(trx, companyId, schedulableNewCustomer(row), kept?.ledger ?? []);
    const created = await writeNewCustomer(trx, { row, loanIds: [], lmsLoans: lmsLoanWrite(id, fetched.loans), tasks: planned.tasks });
    return created ? { customerCreated: true, customerUpdated: false, scheduleRebuilt: true } : undefined;
  }

  /** A known customer: the loans' figures, the values that came from the LMS, and its plan if they moved it. */
  private async refresh(trx: Trx, prepared: PreparedResync, current: CustomerRow, now: Date) {
    const { companyId, fetched } = prepared;
    await writeLoans(trx, companyId, fetched.loans, now);
    await linkLoans(trx, companyId, current.id, fetched.loans);
    const stored = this.mapper.toCustomer(current) as unknown as Record<string, unknown>;
    const { values, provenance } = mergeIntoStored(stored, current.provenance, lmsValues(fetched.customer));
    const fields = this.validRecord({ ...values, id: current.id, taskType: current.task_type }, provenance, fetched);
    const changed: CustomerFields = {};
    for (const field of SYNCABLE_FIELDS) {
      if (fields[field] !== undefined && fields[field] !== stored[field]) (changed as Record<string, unknown>)[field] = fields[field];
    }
    const provenanceChanged = !sameProvenance(provenance, current.provenance);
    if (Object.keys(changed).length === 0 && !provenanceChanged) {
      return { customerCreated: false, customerUpdated: false, scheduleRebuilt: false };
    }
    const updated = (await customers.updateCustomer(trx, companyId, current.id, {
      ...this.mapper.changes(companyId, current.id, changed, now),
      provenance: JSON.stringify(provenance),
    }))!;
    await this.events.doNotCallChanged(trx, companyId, current, updated, { source: 'lms' });
    const rebuild = SCHEDULE_FIELDS.some((field) => changed[field] !== undefined);
    if (rebuild) await this.schedules.rebuild(trx, companyId, updated);
    return { customerCreated: false, customerUpdated: true, scheduleRebuilt: rebuild };
  }

  /** The merged record, validated exactly as POST /customers validates; 422 when it is not valid. */
  private validRecord(body: Record<string, unknown>, provenance: ProvenanceMap, fetched: LmsFetch): CustomerFields {
    const { fields, errors } = normaliseCustomerFields(body, { requireAll: true, required: REQUIRED_CUSTOMER_FIELDS, allowNull: false, now: this.clock() });
    if (errors.length === 0) return fields;
    throw invalidRecord(fetched.kind, annotateSyncErrors(errors, provenance, fetched.customer.warnings));
  }

  private async taskTypeChoice(companyId: string, requested: string | undefined) {
    const validTaskTypes = await this.catalog.names(companyId);
    if (requested !== undefined) {
      const found = await this.catalog.find(companyId, requested);
      if (!found) {
        throw Object.assign(
          new ValidationError([{ pointer: '/taskType', detail: "is not one of your company's task types (see validTaskTypes)" }], {
            validTaskTypes: [...validTaskTypes],
          }),
          { code: 'invalid_task_type' as const },
        );
      }
      return { taskTypeForNew: found.name, validTaskTypes };
    }
    // Only an unambiguous choice is made for the lender: its one and only task type.
    return { taskTypeForNew: validTaskTypes.length === 1 ? validTaskTypes[0] : undefined, validTaskTypes };
  }
}

function invalidRecord(kind: LmsKind, errors: FieldError[]): DomainError {
  const n = errors.length;
  return new DomainError(
    'lms_customer_invalid',
    `The ${kind} LMS record does not make a valid customer: ${n === 1 ? 'one field is' : `${n} fields are`} missing or invalid. Nothing was saved.`,
    { errors, lmsSystem: kind },
  );
}
