/**
 * Candidate zones: every IANA zone the borrower may be in (call-compliance.md §3.2).
 *
 * When the address and the phone point to different zones, Reg F comment 6(b)(1)(i)-1 says a
 * collector complies by calling only at a time convenient in all of them; so this is a union and
 * is never narrowed (the stated timezone adds to the set, it does not replace it). A dialled
 * number without zones (toll-free, non-geographic, unknown area code) adds nothing.
 */
import { canonicalTimeZone } from '../reference/time-zones.ts';
import type { CallFacts } from './types.ts';

interface CandidateZones {
  /** Canonical IANA names, deduplicated, in the order address, stated, phone. */
  readonly zones: readonly string[];
  /** Inputs that are not IANA zones the runtime knows, as given. */
  readonly invalid: readonly string[];
}

type ZoneFacts = Pick<CallFacts, 'addressTimezones' | 'timezone' | 'phoneTimezones'>;

function add(zones: string[], invalid: string[], input: string | null | undefined): void {
  if (input === null || input === undefined || input.trim() === '') return;
  const canonical = canonicalTimeZone(input);
  if (canonical === null) {
    if (!invalid.includes(input)) invalid.push(input);
  } else if (!zones.includes(canonical)) {
    zones.push(canonical);
  }
}

export function candidateZones(facts: ZoneFacts): CandidateZones {
  const zones: string[] = [];
  const invalid: string[] = [];
  if (facts.addressTimezones) for (const z of facts.addressTimezones) add(zones, invalid, z);
  add(zones, invalid, facts.timezone);
  if (facts.phoneTimezones) for (const z of facts.phoneTimezones) add(zones, invalid, z);
  return { zones, invalid };
}
