/**
 * Where is the consumer? 12 CFR 1006.6(b)(1)(i) and comment 6(b)(1)(i)-1: the convenient time is
 * judged at the consumer's location; with no location at all there is no time the collector can
 * know to be convenient, so the call is blocked (call-compliance.md §3.2). A zone hint that is not
 * a real IANA zone blocks too: silently dropping it could drop the only zone in which the call is
 * inconvenient.
 */
import type { Reason } from '../types.ts';
import { alwaysFail, type RuleFactory } from './rule.ts';

const LOCATION_RULE = '12 CFR 1006.6(b)(1)(i); comment 6(b)(1)(i)-1';

export const locationRule: RuleFactory = (ctx) => {
  const reasons: Reason[] = [];
  for (const zone of ctx.invalidZones) {
    reasons.push({
      code: 'INVALID_TIMEZONE',
      rule: LOCATION_RULE,
      detail: `"${zone}" is not an IANA time zone, so the consumer's local time there cannot be known.`,
    });
  }
  if (ctx.candidateCount === 0 && ctx.invalidZones.length === 0) {
    reasons.push({
      code: 'UNKNOWN_LOCATION',
      rule: LOCATION_RULE,
      detail: 'No candidate time zone: no address ZIP zone, no stated timezone and no geographic area code, so no time can be known to be convenient.',
    });
  }
  return reasons.length === 0 ? null : alwaysFail(() => reasons.slice());
};
