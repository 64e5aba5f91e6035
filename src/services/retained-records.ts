/**
 * What a deleted customer leaves behind, and what a customer created again with its id inherits.
 *
 * Deleting a customer keeps its calls and its consent events (12 CFR 1006.100: three years after
 * the last activity; `callwise records purge` removes them after that). A customer created again
 * with the same id is the same borrower to the lender's systems, so it starts where the deleted one
 * stopped: its plan counts the calls already made (7-in-7, the state caps), the consumer's
 * revocations stand, calls stopped by a recorded call stay stopped and wrong numbers stay retired.
 */
import { STOP_FLAGS, type CallFlag } from '../domain/call-fields.ts';
import { consentStanding, type ConsentEventFacts } from '../domain/consent.ts';
import type { Db } from '../store/database.ts';
import { listLedger, type CallRow } from '../store/repositories/calls.ts';
import { hasKeptRecords, idsWithKeptRecords, listConsentEvents, type ConsentEventRow } from '../store/repositories/consent-events.ts';
import type { NewCustomerRow } from '../store/repositories/customers.ts';

/** The kept records of an id, as a new row's inherited values and the ledger its plan counts. */
export interface KeptRecords {
  readonly inherited: Pick<NewCustomerRow, 'consent' | 'stop_reason' | 'stopped_at' | 'unusable_phone_numbers'>;
  readonly ledger: CallRow[];
}

export function consentEventFacts(row: ConsentEventRow): ConsentEventFacts {
  return {
    id: row.id,
    kind: row.kind,
    phoneNumber: row.phone_number,
    effectiveAt: row.effective_at,
    recordedAt: row.recorded_at,
    scopeLoanId: row.scope_loan_id,
    scopeChannel: row.scope_channel,
    artificialVoice: row.artificial_voice,
    source: row.source,
    evidence: row.evidence,
  };
}

/**
 * The records kept for `customerId` in the company, or null when there are none (the common case:
 * one indexed look, no more). Inside a transaction pass its handle.
 */
export async function keptRecords(executor: Db, companyId: string, customerId: string): Promise<KeptRecords | null> {
  if (!(await hasKeptRecords(executor, companyId, customerId))) return null;
  const ledger = await listLedger(executor, companyId, customerId);
  const events = await listConsentEvents(executor, companyId, customerId);
  const inherited: { consent?: string; stop_reason?: string; stopped_at?: Date; unusable_phone_numbers?: string } = {};
  if (events.length > 0) inherited.consent = JSON.stringify(consentStanding(events.map(consentEventFacts)));
  // The first stop a recorded call reported, as CallService would have set it (oldest first).
  for (const call of ledger) {
    const stop = call.flags.find((flag): flag is CallFlag => STOP_FLAGS.has(flag as CallFlag));
    if (stop) {
      inherited.stop_reason = `${stop} reported on call ${call.id}`;
      inherited.stopped_at = call.created_at;
      break;
    }
  }
  const wrong = [...new Set(ledger.filter((call) => call.flags.includes('WRONG_NUMBER')).map((call) => call.to_phone_number))];
  if (wrong.length > 0) inherited.unusable_phone_numbers = JSON.stringify(wrong);
  return { inherited, ledger };
}

/**
 * Which of many ids may have kept records, asked once for all of them (a chunk of a bulk import).
 * An id not asked about is always looked up: the answer is "maybe".
 */
export async function keptRecordsLookup(executor: Db, companyId: string, customerIds: readonly string[]): Promise<(customerId: string) => boolean> {
  const asked = new Set(customerIds);
  const kept = await idsWithKeptRecords(executor, companyId, [...asked]);
  return (customerId) => !asked.has(customerId) || kept.has(customerId);
}

/** The new row with what it inherits (unchanged without kept records). */
export function inheritInto(row: NewCustomerRow, kept: KeptRecords | null): NewCustomerRow {
  return kept ? { ...row, ...kept.inherited } : row;
}
