/**
 * Optional company block on Sundays, judged on the local date in every candidate zone. No federal
 * rule forbids collection calls on Sundays (FTC staff commentary; call-compliance.md §1.4), but
 * calls concentrated on Sundays are a factor that can rebut Reg F's presumption of compliance.
 */
import { weekdayOfDay, isoDateOfDay } from '../calendar.ts';
import type { RuleFactory } from './rule.ts';

const SUNDAY_RULE = 'Company policy (12 CFR 1006.14(b)(2)(i) rebuttal factor: calls concentrated on Sundays)';

export const sundaysRule: RuleFactory = (ctx) => {
  const n = ctx.candidateCount;
  if (!ctx.policy.blockSundays || n === 0) return null;
  return {
    permanent: false,
    test(m, out) {
      let ok = true;
      for (let z = 0; z < n; z++) {
        if (weekdayOfDay(m.day[z]!) !== 0) continue;
        ok = false;
        if (out === null) return false;
        out.push({
          code: 'SUNDAY',
          rule: SUNDAY_RULE,
          zone: ctx.zoneNames[z]!,
          detail: `It is Sunday ${isoDateOfDay(m.day[z]!)} in ${ctx.zoneNames[z]}, and the company does not call on Sundays.`,
        });
      }
      return ok;
    },
    boundaries(sink) {
      sink.midnights();
    },
  };
};
