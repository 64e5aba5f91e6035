/**
 * The consent ledger: recording consent granted or revoked (the API, a recorded call's DNC), the
 * standing each customer's events add up to (kept on the customer row, in the same transaction,
 * for planning and dialling to read), and the history GET /customers/{id}/consent shows.
 * The rules themselves are pure: domain/consent.ts.
 */
import { recordChange } from './audit.ts';
import { callingStopped, consentFrom, consentStanding, parseStanding } from '../domain/consent.ts';
import { normaliseConsentFields, type ConsentFields } from '../domain/consent-fields.ts';
import { type FieldError, ValidationError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { ConsentEventView, ConsentView } from '../schemas/consent.ts';
import type { Db, Trx } from '../store/database.ts';
import type { Transactions } from '../store/transactions.ts';
import {
  hasKeptRecords,
  insertConsentEvent,
  latestCompanyAttestation,
  listConsentEvents,
  purgeExpiredRecords,
  type ConsentEventRow,
  type NewConsentEventRow,
} from '../store/repositories/consent-events.ts';
import { listLedger } from '../store/repositories/calls.ts';
import * as customers from '../store/repositories/customers.ts';
import type { CustomerRow } from '../store/repositories/customers.ts';
import type { Clock } from './clock.ts';
import { customerNotFound, type CheckedBody } from './customers.ts';
import { consentEventFacts } from './retained-records.ts';
import { applyStanding, ledgerStanding } from './consent-standing.ts';
import type { ScheduleService } from './schedules.ts';
import type { WebhookEvents } from './webhook-events.ts';

interface PreparedConsent {
  readonly companyId: string;
  readonly customerId: string;
  readonly fields: ConsentFields;
  /** The API key that sends it. */
  readonly recordedBy: string;
  /** The names of the fields the request sent, for the audit trail. */
  readonly sent: readonly string[];
}

/** A revocation or grant as the ledger stores it, before its id and record time. */
type ConsentEventInput = Omit<NewConsentEventRow, 'id' | 'recorded_at' | 'company_id' | 'customer_id'>;

export class ConsentService {
  private readonly db: Db;
  private readonly tx: Transactions;
  private readonly schedules: ScheduleService;
  private readonly clock: Clock;
  private readonly events: WebhookEvents;

  constructor(db: Db, tx: Transactions, schedules: ScheduleService, clock: Clock, events: WebhookEvents) {
    this.db = db;
    this.tx = tx;
    this.schedules = schedules;
    this.clock = clock;
    this.events = events;
  }

  /** Validation, outside any transaction: every failing field at once. */
  prepare(companyId: string, customerId: string, input: CheckedBody, recordedBy: string): PreparedConsent {
    const body = typeof input.body === 'object' && input.body !== null && !Array.isArray(input.body) ? (input.body as Record<string, unknown>) : {};
    const { fields, errors } = normaliseConsentFields(body, this.clock());
    const reported = new Set(input.schemaErrors.map((e) => e.pointer));
    const all: FieldError[] = [...input.schemaErrors, ...errors.filter((e) => !reported.has(e.pointer))];
    if (all.length > 0 || !fields) throw new ValidationError(all);
    return { companyId, customerId, fields, recordedBy, sent: Object.keys(body) };
  }

  /**
   * Records the event and answers with the history. A deleted customer's id takes events too
   * while its records are kept: a stop request that arrives after the delete is honoured by the
   * customer created again. An id with no customer and no records is a 404.
   */
  async commit(prepared: PreparedConsent): Promise<ConsentView> {
    const { companyId, customerId, fields, recordedBy } = prepared;
    // Joins the Idempotency-Key's transaction when the request sent one.
    return this.tx.join(async (trx) => {
      const customer = await customers.lockCustomer(trx, companyId, customerId);
      if (!customer && !(await hasKeptRecords(trx, companyId, customerId))) throw customerNotFound();
      await this.record(trx, companyId, customerId, customer, {
        kind: fields.kind,
        phone_number: fields.phoneNumber,
        channel: fields.channel,
        effective_at: fields.effectiveAt,
        scope_loan_id: fields.scopeLoanId,
        scope_channel: fields.scopeChannel,
        artificial_voice: fields.artificialVoice,
        source: fields.source,
        evidence: fields.evidence,
        call_id: null,
        recorded_by: recordedBy,
      });
      const action = fields.kind === 'granted' ? 'consent.granted' : 'consent.revoked';
      await recordChange(trx, { companyId, actor: { keyId: recordedBy }, action, customerId, fields: prepared.sent, at: this.clock() });
      return (await this.view(trx, companyId, customerId))!;
    });
  }

  /**
   * Appends an event inside the caller's transaction and brings the customer (when it exists) in
   * line with its ledger (services/consent-standing.ts). Returns the customer as it now stands.
   */
  async record(trx: Trx, companyId: string, customerId: string, customer: CustomerRow | undefined, event: ConsentEventInput): Promise<CustomerRow | undefined> {
    const now = this.clock();
    const id = newId('cns');
    await insertConsentEvent(trx, { ...event, company_id: companyId, id, customer_id: customerId, recorded_at: now });
    const standing = await ledgerStanding(trx, companyId, customerId);
    // The lender hears of every consent event, in the same transaction (the outbox).
    await this.events.emit(trx, companyId, 'customer.consent_changed', customerId, {
      customerId,
      consentEventId: id,
      kind: event.kind,
      phoneNumber: event.phone_number ?? null,
      channel: event.channel,
      scopeChannel: event.scope_channel,
      scopeLoanId: event.scope_loan_id ?? null,
      artificialVoice: event.artificial_voice,
      source: event.source,
      callId: event.call_id ?? null,
      effectiveAt: new Date(event.effective_at).toISOString(),
      callingStopped: callingStopped(standing, customer?.phone_number ?? null) !== undefined,
      customerExists: customer !== undefined,
    });
    return customer ? applyStanding(trx, this.schedules, customer, standing, now) : undefined;
  }

  /**
   * Deletes the kept records (calls, consent events) of deleted customers whose last activity is
   * more than `years` calendar years before now; returns what went and the cut-off.
   */
  async purgeExpired(years: number, companyId?: string): Promise<{ calls: number; consentEvents: number; before: Date }> {
    const before = new Date(this.clock().getTime());
    before.setUTCFullYear(before.getUTCFullYear() - years);
    return { ...(await purgeExpiredRecords(this.db, before, companyId)), before };
  }

  /** GET /customers/{id}/consent; 404 for an id with neither a customer nor kept records. */
  async history(companyId: string, customerId: string): Promise<ConsentView> {
    const view = await this.view(this.db, companyId, customerId);
    if (!view) throw customerNotFound();
    return view;
  }

  private async view(executor: Db, companyId: string, customerId: string): Promise<ConsentView | undefined> {
    const customer = await customers.findCustomer(executor, companyId, customerId);
    const events = await listConsentEvents(executor, companyId, customerId);
    if (!customer && events.length === 0 && !(await hasKeptRecords(executor, companyId, customerId))) return undefined;
    const attestationEvent = await latestCompanyAttestation(executor, companyId);
    const attestation = attestationEvent?.kind === 'granted' ? attestationEvent : null;
    // A deleted customer's standing is what a customer created again would inherit.
    const standing = customer ? parseStanding(customer.consent) : consentStanding(events.map(consentEventFacts));
    // The customer's number and every number an event names; a deleted customer's, the numbers it was called on.
    const called = customer ? [] : (await listLedger(executor, companyId, customerId)).map((call) => call.to_phone_number);
    const numbers = [...new Set([customer?.phone_number, ...events.map((e) => e.phone_number), ...called].filter((n): n is string => typeof n === 'string'))];
    const loanId = customer?.loan_id ?? null;
    return {
      customerId,
      customerExists: customer !== undefined,
      standing: numbers.map((phoneNumber) => {
        const from = consentFrom(standing, phoneNumber, loanId, attestation !== null);
        return { phoneNumber, aiVoiceConsent: from !== null, consentFrom: from, callingStopped: callingStopped(standing, phoneNumber) ?? null };
      }),
      companyAttestation: attestation ? { since: attestation.effective_at.toISOString(), eventId: attestation.id, evidence: attestation.evidence } : null,
      events: events.map(toEventView),
    };
  }
}

function toEventView(row: ConsentEventRow): ConsentEventView {
  return {
    id: row.id,
    kind: row.kind,
    phoneNumber: row.phone_number,
    channel: row.channel,
    effectiveAt: row.effective_at.toISOString(),
    scope: { loanId: row.scope_loan_id, channel: row.scope_channel, artificialVoice: row.artificial_voice },
    source: row.source,
    evidence: row.evidence,
    callId: row.call_id,
    recordedAt: row.recorded_at.toISOString(),
    recordedBy: row.recorded_by,
  };
}
