/**
 * Recorded calls: each enters the contact ledger the compliance engine counts, and changes the plan
 * in the same transaction — a DNC request ends calling, attorney/bankruptcy/death/dispute/fraud stop
 * the schedule, a wrong number is never dialled again, a callback request becomes a consented task,
 * and every remaining pending task is re-checked (a conversation pushes tasks past its quiet period).
 */
import { recordChange, type Actor } from './audit.ts';
import { hasConsent, parseStanding } from '../domain/consent.ts';
import { candidateZones, evaluatePrepared, instantOfLocal, nextAllowedAtPrepared, prepare, zoneTable } from '../compliance/index.ts';
import { localDay } from '../compliance/local-time.ts';
import { type CallFields, type CallFlag, normaliseCallFields, STOP_FLAGS } from '../domain/call-fields.ts';
import { type FieldError, ValidationError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { customerCallFacts, planningZone } from '../scheduling/customer-facts.ts';
import type { Placement } from '../scheduling/explanation.ts';
import type { Static } from 'typebox';
import type { CallResponse } from '../schemas/call.ts';
import type { Db, Trx } from '../store/database.ts';
import type { Transactions } from '../store/transactions.ts';
import * as tasks from '../store/repositories/call-tasks.ts';
import type { NewCallTaskRow } from '../store/repositories/call-tasks.ts';
import { findCallOfTask, insertCall, listCalls, listLedger, type CallRow } from '../store/repositories/calls.ts';
import { completeTask, lockTask } from '../store/repositories/dispatch.ts';
import * as customers from '../store/repositories/customers.ts';
import type { CustomerRow } from '../store/repositories/customers.ts';
import type { Clock } from './clock.ts';
import type { CompanySettingsService } from './company-settings.ts';
import type { ConsentService } from './consent.ts';
import type { CustomerService } from './customers.ts';
import { customerNotFound } from './customers.ts';
import { ledgerEvent, ScheduleService } from './schedules.ts';
import { newTaskRow } from './task-rows.ts';
import type { CheckedBody } from './customers.ts';
import type { WebhookEvents } from './webhook-events.ts';

/** A recorded call as the API returns it (the call object of GET /calls/customer/{id}, plus ledger fields). */
/** A recorded call as the API returns it. */
export type CallView = Static<typeof CallResponse>;

export interface PreparedCall {
  readonly companyId: string;
  readonly fields: CallFields;
  /** The names of the fields a request sent, for the audit trail. */
  readonly sent?: readonly string[];
}

/** A requested callback is honoured within this long of the requested time, or not at all. */
const CALLBACK_WINDOW_MS = 7 * 24 * 3_600_000;

export class CallService {
  private readonly db: Db;
  private readonly tx: Transactions;
  private readonly customerService: CustomerService;
  private readonly schedules: ScheduleService;
  private readonly settings: CompanySettingsService;
  private readonly clock: Clock;
  private readonly events: WebhookEvents;
  private readonly consent: ConsentService;

  constructor(
    db: Db,
    tx: Transactions,
    customerService: CustomerService,
    schedules: ScheduleService,
    settings: CompanySettingsService,
    clock: Clock,
    events: WebhookEvents,
    consent: ConsentService,
  ) {
    this.events = events;
    this.consent = consent;
    this.db = db;
    this.tx = tx;
    this.customerService = customerService;
    this.schedules = schedules;
    this.settings = settings;
    this.clock = clock;
  }

  /** Validation, outside any transaction. */
  prepare(companyId: string, input: CheckedBody): PreparedCall {
    const body = typeof input.body === 'object' && input.body !== null && !Array.isArray(input.body) ? (input.body as Record<string, unknown>) : {};
    const { fields, errors } = normaliseCallFields(body, this.clock());
    const skip = new Set(input.schemaErrors.map((e) => e.pointer));
    const all: FieldError[] = [...input.schemaErrors, ...errors.filter((e) => !skip.has(e.pointer))];
    if (all.length > 0 || !fields) throw new ValidationError(all);
    return { companyId, fields, sent: Object.keys(body) };
  }

  async record(companyId: string, input: CheckedBody): Promise<CallView> {
    return this.commit(this.prepare(companyId, input));
  }

  /**
   * The call, its effects on the customer and the re-check of the plan, in one transaction; with an
   * actor (an API request), on the audit trail too.
   */
  async commit(prepared: PreparedCall, actor?: Actor): Promise<CallView> {
    const { companyId, fields } = prepared;
    const now = this.clock();
    // Joins the Idempotency-Key's transaction when the request sent one.
    return this.tx.join(async (trx) => {
      const customer = await customers.lockCustomer(trx, companyId, fields.customerId);
      if (!customer) throw customerNotFound();
      if (fields.taskId !== null) {
        // A task is one attempt: its call is recorded once, however often the outcome is reported
        // (a provider's redelivery, a retried request).
        const recorded = await findCallOfTask(trx, companyId, fields.taskId);
        if (recorded) return toView(recorded);
        const task = await lockTask(trx, companyId, fields.taskId);
        if (!task || task.customer_id !== customer.id) throw new ValidationError([{ pointer: '/taskId', detail: 'is not a task of this customer' }]);
      }
      const call = await insertCall(trx, {
        company_id: companyId,
        id: newId('call'),
        customer_id: customer.id,
        to_phone_number: fields.toPhoneNumber,
        occurred_at: fields.timestamp,
        direction: fields.direction,
        outcome: fields.outcome,
        loan_ids: JSON.stringify(fields.loanIds),
        consented: fields.consented,
        consent_granted_at: fields.consentGrantedAt,
        consent_loan_ids: fields.consentLoanIds.length > 0 ? JSON.stringify(fields.consentLoanIds) : null,
        duration_seconds: fields.durationSeconds,
        transcript: fields.transcript,
        recording_url: fields.recordingUrl,
        summarization: fields.summarization,
        callback_at: fields.callbackAt,
        flags: JSON.stringify(fields.flags),
        task_id: fields.taskId,
        created_at: now,
      });
      if (actor) await recordChange(trx, { companyId, actor, action: 'call.recorded', customerId: customer.id, fields: prepared.sent ?? [], at: now });
      if (fields.taskId !== null) {
        await completeTask(trx, companyId, fields.taskId, call.id, {
          at: now.toISOString(),
          event: 'completed',
          detail: `call ${call.id} recorded: ${call.outcome}`,
        });
      }
      const view = toView(call);
      // The call first, then what it changed: a receiver reading in order sees cause before effect.
      await this.events.emit(trx, companyId, 'call.completed', customer.id, view);
      const updated = await this.applyFlags(trx, companyId, customer, call.id, fields, now);
      if (fields.flags.includes('CALLBACK_REQUEST') && fields.callbackAt) {
        const task = await this.addCallback(trx, companyId, updated, fields.callbackAt, now, fields.timestamp);
        await this.events.emit(trx, companyId, 'customer.callback_requested', customer.id, {
          customerId: customer.id,
          callId: call.id,
          requestedFor: fields.callbackAt.toISOString(),
          // Null when no lawful time within the week after the request was left to place it.
          task: task ? { id: task.id, scheduledFor: task.scheduled_for.toISOString(), consented: task.consented } : null,
        });
      }
      await this.schedules.recheck(trx, companyId, updated);
      return view;
    });
  }

  /** Customer-level effects of the flags; returns the customer as it now stands. */
  private async applyFlags(trx: Trx, companyId: string, customer: CustomerRow, callId: string, fields: CallFields, now: Date): Promise<CustomerRow> {
    let current = customer;
    if (fields.flags.includes('DNC') && !current.do_not_call) {
      const before = current;
      current = (await customers.updateCustomer(trx, companyId, current.id, { do_not_call: true, updated_at: now }))!;
      await this.schedules.cancelAll(trx, companyId, current.id, `the customer asked not to be called (DNC on call ${callId})`);
      await this.events.doNotCallChanged(trx, companyId, before, current, { source: 'call', callId });
    }
    if (fields.flags.includes('DNC')) {
      // The consumer's revocation, in the consent ledger: unlike doNotCall (the lender's to set and
      // clear), only a newer consent with its evidence undoes it, and it outlives the customer.
      // Recorded even when doNotCall was already set: that flag may be cleared later.
      current =
        (await this.consent.record(trx, companyId, current.id, current, {
          kind: 'revoked',
          phone_number: null,
          channel: 'call',
          effective_at: fields.timestamp,
          scope_loan_id: null,
          scope_channel: 'all',
          artificial_voice: true,
          source: 'call',
          evidence: `The consumer asked not to be called (DNC flag on call ${callId}).`,
          call_id: callId,
          recorded_by: 'system',
        })) ?? current;
    }
    const stop = fields.flags.find((flag): flag is CallFlag => STOP_FLAGS.has(flag));
    if (stop && !current.stop_reason) {
      const reason = `${stop} reported on call ${callId}`;
      current = (await customers.updateCustomer(trx, companyId, current.id, { stop_reason: reason, stopped_at: now, updated_at: now }))!;
      const cancelled = await this.schedules.cancelAll(trx, companyId, current.id, `schedule stopped: ${reason}`);
      await this.events.emit(trx, companyId, 'customer.calls_stopped', current.id, {
        customerId: current.id,
        reason: stop,
        detail: reason,
        callId,
        stoppedAt: now.toISOString(),
        tasksCancelled: cancelled,
      });
    }
    if (fields.flags.includes('WRONG_NUMBER') && !current.unusable_phone_numbers.includes(fields.toPhoneNumber)) {
      const unusable = [...current.unusable_phone_numbers, fields.toPhoneNumber];
      current = (await customers.updateCustomer(trx, companyId, current.id, { unusable_phone_numbers: JSON.stringify(unusable), updated_at: now }))!;
      const toThatNumber = (await tasks.listPendingTasks(trx, companyId, current.id)).filter((t) => t.phone_number === fields.toPhoneNumber);
      await tasks.cancelTasks(
        trx,
        companyId,
        toThatNumber.map((t) => t.id),
        `wrong number (reported on call ${callId})`,
        now,
      );
    }
    return current;
  }

  /**
   * A callback the consumer asked for: a task at the requested time, placed with their direct prior
   * consent (excluded from the 7-in-7 counts, Reg F 1006.14(b)(3)) but still inside calling hours
   * and every other rule; if the requested time is not lawful, the earliest lawful time after it.
   */
  private async addCallback(trx: Trx, companyId: string, customer: CustomerRow, requested: Date, now: Date, grantedAt: Date): Promise<NewCallTaskRow | null> {
    if (ScheduleService.notCallable(customer)) return null;
    const settings = await this.settings.compliance(companyId, trx);
    const purpose = await this.schedules.purposeOf(trx, companyId, customer.task_type);
    const ledger = (await listLedger(trx, companyId, customer.id)).map(ledgerEvent);
    const facts = customerCallFacts(
      { zipCode: customer.zip_code, state: customer.state, timezone: customer.timezone, phoneNumber: customer.phone_number },
      {
        lineType: settings.defaultLineType,
        tcpaConsent: hasConsent(parseStanding(customer.consent), customer.phone_number, customer.loan_id, settings.attestation),
      },
      { doNotCall: customer.do_not_call, purpose, history: ledger },
    );
    const zone = planningZone(facts);
    if (!zone) return null;
    const from = Math.max(requested.getTime(), now.getTime());
    // Direct prior consent lasts 7 days, the day it is given being day 1 (call-compliance.md §3.6):
    // it ends at the first local midnight after that seventh day in any candidate zone. A callback
    // that cannot be placed before then is placed like any other call (it counts toward 7-in-7).
    const consentEnds = Math.min(
      ...candidateZones(facts).zones.map((name) => {
        const table = zoneTable(name);
        return instantOfLocal(table, localDay(table, grantedAt.getTime()) + 7, 0);
      }),
    );
    const place = (consented: boolean) => {
      const notAfter = consented ? Math.min(from + CALLBACK_WINDOW_MS, consentEnds) : from + CALLBACK_WINDOW_MS;
      const prepared = prepare({ ...facts, consented, consentGrantedAt: consented ? grantedAt.getTime() : null, loanId: customer.loan_id }, settings.policy);
      const evaluation = evaluatePrepared(prepared, from);
      const at = evaluation.allowed ? from : nextAllowedAtPrepared(prepared, from, notAfter - from);
      return at === null || at >= notAfter ? null : { at, atRequested: evaluation, consented, notAfter };
    };
    const placed = (from < consentEnds ? place(true) : null) ?? place(false);
    if (!placed) return null;
    const { at, atRequested, consented, notAfter } = placed;
    const owner = { companyId, customerId: customer.id, phoneNumber: customer.phone_number!, isTest: customer.is_test };
    const task = newTaskRow(
      owner,
      {
        kind: 'callback',
        loanId: customer.loan_id,
        scheduledFor: at,
        notAfter,
        consented,
        consentGrantedAt: consented ? grantedAt.getTime() : null,
        placement: {
          label: 'Requested callback',
          preferred: requested.getTime(),
          zone,
          at,
          pastPreferred: from > requested.getTime(),
          reasons: atRequested.allowed ? [] : atRequested.reasons,
          candidateZones: atRequested.candidateZones,
          jurisdictions: atRequested.jurisdictions,
          note: consented
            ? "Placed with the consumer's direct prior consent (12 CFR 1006.14(b)(3)): excluded from the 7-in-7 counts."
            : "The consumer's consent (given more than 7 days before this time) no longer covers it (12 CFR 1006.14(b)(3)): it counts like any other call.",
        } satisfies Placement,
      },
      now,
    );
    await tasks.insertTasks(trx, [task]);
    return task;
  }

  async list(companyId: string, customerId: string, limit: number, offset: number): Promise<CallView[]> {
    await this.customerService.requireCustomer(companyId, customerId);
    return (await listCalls(this.db, companyId, customerId, limit, offset)).map(toView);
  }
}

function toView(row: CallRow): CallView {
  const view: CallView = {
    id: row.id,
    customerId: row.customer_id,
    toPhoneNumber: row.to_phone_number,
    timestamp: row.occurred_at.toISOString(),
    direction: row.direction,
    outcome: row.outcome,
    loanIds: row.loan_ids,
    flags: row.flags,
  };
  if (row.duration_seconds !== null) view.durationSeconds = row.duration_seconds;
  if (row.transcript !== null) view.transcript = row.transcript;
  if (row.recording_url !== null) view.recordingUrl = row.recording_url;
  if (row.summarization !== null) view.summarization = row.summarization;
  if (row.callback_at !== null) view.callbackAt = row.callback_at.toISOString();
  if (row.task_id !== null) view.taskId = row.task_id;
  // Why the call may not count toward 7-in-7 (12 CFR 1006.14(b)(3)): shown only when it was consented.
  if (row.consented) {
    view.consented = true;
    if (row.consent_granted_at !== null) view.consentGrantedAt = row.consent_granted_at.toISOString();
    if (row.consent_loan_ids !== null && row.consent_loan_ids.length > 0) view.consentLoanIds = row.consent_loan_ids;
  }
  return view;
}
