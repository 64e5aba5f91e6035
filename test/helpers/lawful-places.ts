/**
 * Places across every US zone, and which of them may be called on the real clock: for tests that
 * run real server or dispatcher processes, whose clock a test cannot set. The check is the
 * dispatcher's own dial-time check for a customer with no calls yet. NYC, MA, WA and DC are left
 * out: their caps limit attempts.
 */
import { prepare, type Policy } from '../../src/compliance/index.ts';
import { customerCallFacts } from '../../src/scheduling/customer-facts.ts';
import { dialTimeDecision } from '../../src/scheduling/dial-check.ts';

export const US_PLACES = [
  { timezone: 'America/New_York', state: 'NY', zipCode: '12207', city: 'Albany', areaCode: '518' },
  { timezone: 'America/Puerto_Rico', state: 'PR', zipCode: '00901', city: 'San Juan', areaCode: '787' },
  { timezone: 'America/Chicago', state: 'IL', zipCode: '60601', city: 'Chicago', areaCode: '312' },
  { timezone: 'America/Denver', state: 'CO', zipCode: '80202', city: 'Denver', areaCode: '303' },
  { timezone: 'America/Los_Angeles', state: 'CA', zipCode: '94102', city: 'San Francisco', areaCode: '415' },
  { timezone: 'America/Anchorage', state: 'AK', zipCode: '99501', city: 'Anchorage', areaCode: '907' },
  { timezone: 'Pacific/Honolulu', state: 'HI', zipCode: '96813', city: 'Honolulu', areaCode: '808' },
  { timezone: 'Pacific/Guam', state: 'GU', zipCode: '96910', city: 'Hagatna', areaCode: '671' },
] as const;

export type Place = (typeof US_PLACES)[number];

export interface LawfulOptions {
  /** Calling must stay lawful this long from now. */
  readonly marginMs: number;
  readonly maxCallMs: number;
  readonly policy?: Partial<Policy>;
  readonly tcpaConsent?: boolean;
  readonly lineType?: 'wireless' | 'landline' | 'voip' | 'unknown';
}

/** The places where a call may be dialled now and still `marginMs` from now (none from about 10:50 to 12:00 UTC, nor 06:45–22:00 UTC on Sundays). */
export function lawfulPlaces(options: LawfulOptions): Place[] {
  const now = Date.now();
  return US_PLACES.filter((place) => {
    const facts = customerCallFacts(
      { zipCode: place.zipCode, state: place.state, timezone: place.timezone, phoneNumber: `+1${place.areaCode}5552000` },
      { lineType: options.lineType ?? 'unknown', tcpaConsent: options.tcpaConsent ?? true },
      { doNotCall: false, purpose: 'collection', history: [] },
    );
    const prepared = prepare({ ...facts, loanId: null, consented: false }, options.policy ?? {});
    return [now, now + options.marginMs].every((at) => dialTimeDecision(prepared, at, options.maxCallMs, at + 86_400_000).dial);
  });
}
