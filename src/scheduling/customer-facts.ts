/**
 * A stored customer, as the compliance engine sees a call to them: every zone their address ZIP,
 * stated time zone and phone area code point to, the jurisdictions in force, and the line's
 * consent. The engine itself stays pure and knows nothing of customers or reference tables.
 */
import type { CallFacts, CallPurpose, ContactEvent, LineType } from '../compliance/index.ts';
import { areaCodeOfE164, lookupAreaCode } from '../reference/area-codes.ts';
import { isNycAreaCode, isNycZip } from '../reference/nyc.ts';
import { lookupZip } from '../reference/zip-codes.ts';

export interface CustomerLocation {
  readonly zipCode?: string | null;
  readonly state?: string | null;
  readonly timezone?: string | null;
  readonly phoneNumber?: string | null;
}

interface LineFacts {
  readonly lineType: LineType;
  readonly tcpaConsent: boolean;
  readonly isWorkNumber?: boolean;
}

/** Zone and jurisdiction facts of a location (address ZIP, stated zone, dialled number). */
function locationFacts(
  location: CustomerLocation,
): Pick<CallFacts, 'addressTimezones' | 'timezone' | 'phoneTimezones' | 'addressState' | 'addressInNyc' | 'phoneState' | 'phoneInNyc' | 'phoneNumber'> {
  const zip5 = location.zipCode ? location.zipCode.slice(0, 5) : null;
  const zip = zip5 ? lookupZip(zip5) : null;
  const npa = location.phoneNumber ? areaCodeOfE164(location.phoneNumber) : null;
  const areaCode = npa ? lookupAreaCode(npa) : null;
  return {
    addressTimezones: zip ? [...zip.timezones] : [],
    timezone: location.timezone ?? null,
    phoneTimezones: areaCode ? [...areaCode.timezones] : [],
    addressState: location.state ?? zip?.state ?? null,
    addressInNyc: zip5 ? isNycZip(zip5) : false,
    phoneState: areaCode?.state ?? null,
    phoneInNyc: npa ? isNycAreaCode(npa) : false,
    phoneNumber: location.phoneNumber ?? null,
  };
}

/**
 * The facts of a call to a stored customer. `purpose` is its task type's: a marketing call gets the
 * telemarketing rules. A customer record does not carry the number's National Do-Not-Call Registry
 * status, so it is left unstated, which the registry rule reads as registered (docs/compliance.md).
 */
export function customerCallFacts(
  location: CustomerLocation,
  line: LineFacts,
  extra: { doNotCall: boolean; purpose: CallPurpose; history?: readonly ContactEvent[] },
): CallFacts {
  return {
    ...locationFacts(location),
    lineType: line.lineType,
    tcpaConsent: line.tcpaConsent,
    isWorkNumber: line.isWorkNumber ?? false,
    doNotCall: extra.doNotCall,
    purpose: extra.purpose,
    history: extra.history ?? [],
  };
}

/**
 * The zone whose wall clock a cadence is read on: the customer's stated zone, else the address
 * ZIP's, else the phone's. Every candidate zone still has to allow the call; this only decides what
 * "10:00 on day 2" means.
 */
export function planningZone(facts: CallFacts): string | null {
  return facts.timezone ?? facts.addressTimezones?.[0] ?? facts.phoneTimezones?.[0] ?? null;
}
