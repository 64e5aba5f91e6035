/**
 * Schedules: building a customer's call plan from its task type's cadence, re-checking it when
 * contacts are recorded, and reading it back. Every write here runs inside the caller's
 * transaction, so a customer and its schedule are committed together or not at all.
 */
import type { WebhookEvents } from './webhook-events.ts';
import type { Static } from 'typebox';
import { DEFAULT_PURPOSE, type CallPurpose, type ContactEvent } from '../compliance/index.ts';
import type { TaskResponse } from '../schemas/schedule.ts';
import { formatLocal, zoneTable } from '../compliance/index.ts';
import { EMPTY_STANDING, hasConsent, parseStanding, stopFor } from '../domain/consent.ts';
import { defaultCadenceFor } from '../scheduling/cadence.ts';
import { customerCallFacts, planningZone } from '../scheduling/customer-facts.ts';
import { readExplanation, taskLabel } from '../scheduling/explanation.ts';
import { plannedEvent, planSchedule } from '../scheduling/planner.ts';
import { recheckPending } from '../scheduling/recheck.ts';
import type { Db, Trx } from '../store/database.ts';
import * as tasks from '../store/repositories/call-tasks.ts';
import type { CallTaskRow } from '../store/repositories/call-tasks.ts';
import { listLedger, type CallRow } from '../store/repositories/calls.ts';
import type { CustomerRow, NewCustomerRow } from '../store/repositories/customers.ts';
import type { TaskTypeCatalog } from './task-type-catalog.ts';
import type { NewCallTaskRow } from '../store/repositories/call-tasks.ts';
import { newTaskRow } from './task-rows.ts';
import type { Clock } from './clock.ts';
import type { CompanySettingsService } from './company-settings.ts';

export interface ScheduleResult {
  /** A plan was built: the customer is callable (phone, time zone, not do-not-call or stopped). */
  readonly scheduleCreated: boolean;
  readonly tasksCreated: number;
  readonly existingTasksRemoved: number;
  /** Why no plan was built, when none was. */
  readonly reason?: string;
}

/** A scheduled call as the API returns it. */
export type TaskView = Static<typeof TaskResponse>;

/** What planning needs to know about a customer (a stored row, or one about to be inserted). */
export type SchedulableCustomer = Pick<
  CustomerRow,
  | 'id'
  | 'phone_number'
  | 'zip_code'
  | 'state'
  | 'timezone'
  | 'do_not_call'
  | 'stop_reason'
  | 'schedule_stopped_at'
  | 'unusable_phone_numbers'
  | 'task_type'
  | 'loan_id'
  | 'is_test'
  | 'consent'
>;

/**
 * A customer about to be created: nothing recorded yet — or, created again with a deleted
 * customer's id, what it inherits from the records kept (services/retained-records.ts).
 */
export function schedulableNewCustomer(row: NewCustomerRow): SchedulableCustomer {
  return {
    id: row.id,
    phone_number: row.phone_number,
    zip_code: row.zip_code,
    state: row.state,
    timezone: row.timezone,
    do_not_call: row.do_not_call,
    stop_reason: row.stop_reason ?? null,
    // An operator's stop belongs to the customer it was put on: one created again starts without it.
    schedule_stopped_at: null,
    unusable_phone_numbers: row.unusable_phone_numbers === undefined ? [] : (JSON.parse(row.unusable_phone_numbers) as string[]),
    task_type: row.task_type,
    loan_id: row.loan_id,
    is_test: row.is_test,
    consent: row.consent === undefined ? EMPTY_STANDING : parseStanding(JSON.parse(row.consent)),
  };
}

export interface PlannedSchedule {
  readonly result: ScheduleResult;
  readonly tasks: NewCallTaskRow[];
}

export function ledgerEvent(row: CallRow): ContactEvent {
  return {
    at: row.occurred_at.getTime(),
    direction: row.direction,
    channel: 'call',
    loanIds: row.loan_ids,
    phoneNumber: row.to_phone_number,
    outcome: row.outcome,
    consented: row.consented,
    consentGrantedAt: row.consent_granted_at?.getTime() ?? null,
    consentLoanIds: row.consent_loan_ids ?? [],
  };
}

export class ScheduleService {
  private readonly db: Db;
  private readonly settings: CompanySettingsService;
  private readonly catalog: TaskTypeCatalog;
  private readonly clock: Clock;
  private readonly onPlanned: (seconds: number) => void;

  private readonly events: WebhookEvents;

  constructor(
    db: Db,
    settings: CompanySettingsService,
    catalog: TaskTypeCatalog,
    clock: Clock,
    events: WebhookEvents,
    onPlanned: (seconds: number) => void = () => {},
  ) {
    this.events = events;
    this.db = db;
    this.settings = settings;
    this.catalog = catalog;
    this.clock = clock;
    this.onPlanned = onPlanned;
  }

  /** Why this customer cannot be called at all, or null if it can. */
  static notCallable(customer: SchedulableCustomer): string | null {
    if (customer.do_not_call) return 'the customer is marked doNotCall';
    const revoked = stopFor(parseStanding(customer.consent), customer.phone_number);
    if (revoked) return `the consumer revoked consent to be called (${revoked.source}, effective ${revoked.since})`;
    if (customer.stop_reason) return `calls are stopped: ${customer.stop_reason}`;
    if (customer.schedule_stopped_at) return 'an operator stopped the schedule';
    if (!customer.phone_number) return 'the customer has no phone number';
    if (customer.unusable_phone_numbers.includes(customer.phone_number)) return "the customer's phone number was reported as a wrong number";
    return null;
  }

  /**
   * What the customer's calls are for: its task type's purpose. A task type no longer in the
   * catalogue plans with the built-in cadence for its name (plan below) and the collection rules.
   */
  async purposeOf(executor: Db, companyId: string, taskType: string): Promise<CallPurpose> {
    return (await this.catalog.find(companyId, taskType, executor))?.purpose ?? DEFAULT_PURPOSE;
  }

  private async callFacts(executor: Db, companyId: string, customer: SchedulableCustomer, ledgerRows?: CallRow[]) {
    const settings = await this.settings.compliance(companyId, executor);
    const purpose = await this.purposeOf(executor, companyId, customer.task_type);
    ledgerRows ??= await listLedger(executor, companyId, customer.id);
    const facts = customerCallFacts(
      { zipCode: customer.zip_code, state: customer.state, timezone: customer.timezone, phoneNumber: customer.phone_number },
      {
        lineType: settings.defaultLineType,
        tcpaConsent: hasConsent(parseStanding(customer.consent), customer.phone_number, customer.loan_id, settings.attestation),
      },
      { doNotCall: customer.do_not_call, purpose },
    );
    return { facts, ledger: ledgerRows.map(ledgerEvent), policy: settings.policy, zone: planningZone(facts) };
  }

  /**
   * Plans a schedule for the customer without writing anything. With `ledger` given (a new
   * customer has none) and the settings and cadence cached, it does no I/O at all.
   */
  async plan(
    executor: Db,
    companyId: string,
    customer: SchedulableCustomer,
    ledger?: CallRow[],
    alsoPlanned: readonly ContactEvent[] = [],
  ): Promise<PlannedSchedule> {
    const none = (reason: string): PlannedSchedule => ({ result: { scheduleCreated: false, tasksCreated: 0, existingTasksRemoved: 0, reason }, tasks: [] });
    const blocked = ScheduleService.notCallable(customer);
    if (blocked) return none(blocked);
    const { facts, ledger: events, policy, zone } = await this.callFacts(executor, companyId, customer, ledger);
    if (!zone) return none('no time zone is known for the customer');
    const cadence = (await this.catalog.find(companyId, customer.task_type, executor))?.cadence ?? defaultCadenceFor(customer.task_type);
    const now = this.clock();
    const started = performance.now();
    // Tasks that stay (kept callbacks) enter as planned contacts: the engine weighs contacts after
    // an instant too, so every attempt is placed around them without making them unlawful.
    const history = alsoPlanned.length > 0 ? [...events, ...alsoPlanned] : events;
    const plan = planSchedule({ facts, ledger: history, cadence, policy, now: now.getTime(), zone, loanId: customer.loan_id });
    this.onPlanned((performance.now() - started) / 1000);
    const owner = { companyId, customerId: customer.id, phoneNumber: customer.phone_number!, isTest: customer.is_test };
    const tasks = plan.attempts.map((attempt) =>
      newTaskRow(
        owner,
        {
          kind: 'cadence',
          loanId: attempt.loanId,
          scheduledFor: attempt.scheduledFor,
          notAfter: plan.notAfter,
          consented: false,
          placement: attempt.placement,
        },
        now,
      ),
    );
    return { result: { scheduleCreated: true, tasksCreated: tasks.length, existingTasksRemoved: 0 }, tasks };
  }

  /**
   * Replaces the customer's pending cadence tasks with a fresh plan (one active schedule per
   * customer). Callbacks the consumer asked for are theirs, not the cadence's: they stay, and the
   * new plan is placed around them (see keepCallbacks).
   */
  async rebuild(trx: Trx, companyId: string, customer: CustomerRow): Promise<ScheduleResult> {
    const removed = await tasks.deletePendingTasks(trx, companyId, customer.id, 'cadence');
    const callbacks = await this.keepCallbacks(trx, companyId, customer);
    const planned = await this.plan(trx, companyId, customer, undefined, callbacks.staying);
    await tasks.insertTasks(trx, planned.tasks);
    const result = { ...planned.result, existingTasksRemoved: removed + callbacks.cancelled };
    const pending = await tasks.listPendingTasks(trx, companyId, customer.id);
    await this.events.emit(trx, companyId, 'schedule.rebuilt', customer.id, {
      customerId: customer.id,
      ...result,
      tasks: pending.map((t) => ({ id: t.id, kind: t.kind, loanId: t.loan_id, scheduledFor: t.scheduled_for.toISOString(), status: t.status })),
    });
    return result;
  }

  /**
   * The customer's pending callbacks across a rebuild. All are cancelled when the customer can no
   * longer be called; one for a number the customer no longer has is cancelled (the consent was
   * given on that line); the rest are re-checked against the recorded contacts, as after a
   * recorded call — kept, moved to the earliest lawful instant, or cancelled. Returns those that
   * stay as planned contacts, for the new plan to fit around.
   */
  private async keepCallbacks(trx: Trx, companyId: string, customer: CustomerRow): Promise<{ staying: ContactEvent[]; cancelled: number }> {
    const pending = await tasks.listPendingTasks(trx, companyId, customer.id);
    if (pending.length === 0) return { staying: [], cancelled: 0 };
    const now = this.clock();
    const cancel = async (rows: readonly CallTaskRow[], reason: string) => {
      if (rows.length > 0)
        await tasks.cancelTasks(
          trx,
          companyId,
          rows.map((t) => t.id),
          reason,
          now,
        );
      return rows.length;
    };
    const blocked = ScheduleService.notCallable(customer);
    if (blocked) return { staying: [], cancelled: await cancel(pending, blocked) };
    let cancelled = await cancel(
      pending.filter((t) => t.phone_number !== customer.phone_number),
      "the customer's phone number changed after the callback was requested",
    );
    const kept = pending.filter((t) => t.phone_number === customer.phone_number);
    if (kept.length === 0) return { staying: [], cancelled };
    const { facts, ledger, policy, zone } = await this.callFacts(trx, companyId, customer);
    if (!zone) return { staying: [], cancelled: cancelled + (await cancel(kept, 'no time zone is known for the customer')) };
    const outcomes = recheckPending({
      tasks: kept.map((t) => ({
        id: t.id,
        scheduledFor: t.scheduled_for.getTime(),
        notAfter: t.not_after.getTime(),
        loanId: t.loan_id,
        consented: t.consented,
        consentGrantedAt: t.consent_granted_at?.getTime() ?? null,
        label: 'Requested callback',
      })),
      facts,
      ledger,
      policy,
      now: now.getTime(),
      zone,
      trigger: 'the schedule was rebuilt',
    });
    const staying: ContactEvent[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const task = kept[i]!;
      if (outcome.action === 'cancel') {
        cancelled += await cancel([task], outcome.reason);
        continue;
      }
      if (outcome.action === 'move') await tasks.moveTask(trx, companyId, outcome.id, new Date(outcome.scheduledFor), outcome.placement, now);
      const at = outcome.action === 'move' ? outcome.scheduledFor : task.scheduled_for.getTime();
      staying.push(plannedEvent(facts, at, task.loan_id, task.consented, task.consent_granted_at?.getTime() ?? null));
    }
    return { staying, cancelled };
  }

  /** Cancels every pending task of the customer, recording why. */
  async cancelAll(trx: Trx, companyId: string, customerId: string, reason: string): Promise<number> {
    const pending = await tasks.listPendingTasks(trx, companyId, customerId);
    await tasks.cancelTasks(
      trx,
      companyId,
      pending.map((t) => t.id),
      reason,
      this.clock(),
    );
    return pending.length;
  }

  /** Moves or cancels pending tasks so each is lawful given everything recorded so far. */
  async recheck(trx: Trx, companyId: string, customer: CustomerRow, trigger?: string): Promise<void> {
    const blocked = ScheduleService.notCallable(customer);
    if (blocked) {
      await this.cancelAll(trx, companyId, customer.id, blocked);
      return;
    }
    const pending = await tasks.listPendingTasks(trx, companyId, customer.id);
    if (pending.length === 0) return;
    const { facts, ledger, policy, zone } = await this.callFacts(trx, companyId, customer);
    const now = this.clock();
    if (!zone) {
      await tasks.cancelTasks(
        trx,
        companyId,
        pending.map((t) => t.id),
        'no time zone is known for the customer',
        now,
      );
      return;
    }
    const outcomes = recheckPending({
      tasks: pending.map((t) => ({
        id: t.id,
        scheduledFor: t.scheduled_for.getTime(),
        notAfter: t.not_after.getTime(),
        loanId: t.loan_id,
        consented: t.consented,
        consentGrantedAt: t.consent_granted_at?.getTime() ?? null,
        label: taskLabel(t),
      })),
      facts,
      ledger,
      policy,
      now: now.getTime(),
      zone,
      ...(trigger ? { trigger } : {}),
    });
    for (const outcome of outcomes) {
      if (outcome.action === 'move') await tasks.moveTask(trx, companyId, outcome.id, new Date(outcome.scheduledFor), outcome.placement, now);
      else if (outcome.action === 'cancel') await tasks.cancelTasks(trx, companyId, [outcome.id], outcome.reason, now);
    }
  }

  toView(row: CallTaskRow): TaskView {
    // A `json` column comes back as its text (store/type-parsers.ts).
    const explanation = readExplanation(JSON.parse(row.explanation));
    const localTimes: Record<string, string> = {};
    for (const zone of explanation.candidateZones ?? []) {
      try {
        localTimes[zone] = formatLocal(zoneTable(zone), row.scheduled_for.getTime());
      } catch {
        // a zone the runtime no longer knows: leave it out rather than fail the listing
      }
    }
    return {
      id: row.id,
      customerId: row.customer_id,
      loanId: row.loan_id,
      phoneNumber: row.phone_number,
      scheduledFor: row.scheduled_for.toISOString(),
      localTimes,
      status: row.status,
      kind: row.kind,
      isTest: row.is_test,
      explanation,
      ...(row.cancel_reason ? { cancelReason: row.cancel_reason } : {}),
      attempts: row.attempts,
      ...(row.provider ? { provider: row.provider } : {}),
      ...(row.provider_call_id ? { providerCallId: row.provider_call_id } : {}),
      ...(row.lease_until && row.status === 'dispatched' ? { leaseUntil: row.lease_until.toISOString() } : {}),
      ...(row.call_id ? { callId: row.call_id } : {}),
      life: row.life,
    };
  }

  async listTasks(companyId: string, customerId: string, status?: string): Promise<TaskView[]> {
    return (await tasks.listTasks(this.db, companyId, customerId, status)).map((row) => this.toView(row));
  }
}
