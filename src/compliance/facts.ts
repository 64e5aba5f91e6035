/**
 * Builds engine facts from what a lender knows about a customer: address ZIP and state, stated
 * timezone, the E.164 number to dial. The ZIP and the area code are resolved with the reference
 * data (src/reference/); the engine itself stays free of data files.
 *
 * Every location hint widens the candidate zones and jurisdictions, none narrows them
 * (call-compliance.md §3.2, §3.7): a stated timezone is added to the ZIP's zones, and when the
 * stated state disagrees with the ZIP's state both states' overlays apply.
 */
import { areaCodeOfE164, lookupAreaCode } from '../reference/area-codes.ts';
import { isNycAreaCode, isNycZip } from '../reference/nyc.ts';
import { normalizeStateCode } from '../reference/us-states.ts';
import { lookupZip } from '../reference/zip-codes.ts';
import type { BlockedWindow, CallFacts, ContactEvent, InstantInput, LineType } from './types.ts';

interface CallInput {
  /** Address ZIP ("10001", ZIP+4 accepted). */
  readonly zipCode?: string | null;
  /** Address state (USPS code). */
  readonly state?: string | null;
  /** IANA zone stated by the customer or the lender. */
  readonly timezone?: string | null;
  /** The number to dial, E.164 ("+12125550100"). */
  readonly phoneNumber?: string | null;
  /** Absent: 'unknown', which the TCPA gate treats as wireless. */
  readonly lineType?: LineType | null;
  /** Absent: no consent on record. */
  readonly tcpaConsent?: boolean | null;
  readonly isWorkNumber?: boolean | null;
  readonly doNotCall?: boolean | null;
  readonly consented?: boolean | null;
  /** When the consumer gave the direct prior consent this call is placed under. */
  readonly consentGrantedAt?: InstantInput | null;
  /** The debts that consent covers (absent: every debt the call is about). */
  readonly consentLoanIds?: readonly string[] | null;
  readonly blockedWindows?: readonly BlockedWindow[] | null;
  readonly loanId?: string | null;
  readonly loanIds?: readonly string[] | null;
  readonly history?: readonly ContactEvent[] | null;
}

/** Engine facts for one proposed call, with the ZIP and the number resolved to zones and states. */
export function callFacts(input: CallInput): CallFacts {
  const zip = input.zipCode ? lookupZip(input.zipCode) : null;
  const stated = input.state ? normalizeStateCode(input.state) : null;
  const zipState = zip?.state ?? null;
  const npa = input.phoneNumber ? areaCodeOfE164(input.phoneNumber) : null;
  const area = npa === null ? null : lookupAreaCode(npa);
  // Toll-free and other non-geographic numbers say nothing about where the consumer is.
  const geographic = area !== null && area.geographic;
  return {
    addressTimezones: zip?.timezones ?? [],
    timezone: input.timezone ?? null,
    phoneTimezones: geographic ? area.timezones : [],
    addressState: stated ?? zipState,
    addressInNyc: input.zipCode ? isNycZip(input.zipCode) : false,
    phoneState: geographic ? area.state : null,
    phoneInNyc: geographic && isNycAreaCode(area.areaCode),
    otherStates: stated !== null && zipState !== null && zipState !== stated ? [zipState] : [],
    phoneNumber: input.phoneNumber ?? null,
    lineType: input.lineType ?? 'unknown',
    tcpaConsent: input.tcpaConsent === true,
    isWorkNumber: input.isWorkNumber === true,
    doNotCall: input.doNotCall === true,
    consented: input.consented === true,
    consentGrantedAt: input.consentGrantedAt ?? null,
    consentLoanIds: input.consentLoanIds ?? [],
    blockedWindows: input.blockedWindows ?? [],
    loanId: input.loanId ?? null,
    loanIds: input.loanIds ?? [],
    history: input.history ?? [],
  };
}
