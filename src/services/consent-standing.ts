/**
 * A customer's consent standing as its ledger's events add up to, and the customer brought in line
 * with it: the standing stored on its row (what planning and dialling read) and its plan —
 * cancelled when the consumer's revocation now stops calls to its number, planned anew when a
 * change lets calls go ahead. The consent ledger (services/consent.ts) applies it after each event;
 * a create that inherited kept records applies it again after its write, in case an event arrived
 * between its read of those records and its write.
 */
import { consentStanding, parseStanding, type ConsentStanding } from '../domain/consent.ts';
import type { Trx } from '../store/database.ts';
import { listConsentEvents } from '../store/repositories/consent-events.ts';
import * as customers from '../store/repositories/customers.ts';
import type { CustomerRow } from '../store/repositories/customers.ts';
import { consentEventFacts } from './retained-records.ts';
import { ScheduleService } from './schedules.ts';

export async function ledgerStanding(trx: Trx, companyId: string, customerId: string): Promise<ConsentStanding> {
  return consentStanding((await listConsentEvents(trx, companyId, customerId)).map(consentEventFacts));
}

/** Returns the customer as it now stands (unchanged when its stored standing already agrees). */
export async function applyStanding(trx: Trx, schedules: ScheduleService, customer: CustomerRow, standing: ConsentStanding, now: Date): Promise<CustomerRow> {
  if (JSON.stringify(standing) === JSON.stringify(parseStanding(customer.consent))) return customer;
  const { company_id: companyId, id } = customer;
  const updated = (await customers.updateCustomer(trx, companyId, id, { consent: JSON.stringify(standing), updated_at: now }))!;
  const blocked = ScheduleService.notCallable(updated);
  if (blocked) await schedules.cancelAll(trx, companyId, id, blocked);
  else await schedules.rebuild(trx, companyId, updated);
  return updated;
}
