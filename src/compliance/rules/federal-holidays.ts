/**
 * Optional company block on US federal holidays (5 USC 6103: the holiday and its observed
 * weekday), judged on the local date in every candidate zone. Not a legal requirement for
 * collection calls (call-compliance.md §1.4); calls concentrated on holidays can rebut Reg F's
 * presumption of compliance.
 */
import { isoDateOfDay } from '../calendar.ts';
import { federalHolidayOnDay } from '../holidays.ts';
import type { RuleFactory } from './rule.ts';

const HOLIDAY_RULE = 'Company policy (5 USC 6103; 12 CFR 1006.14(b)(2)(i) rebuttal factor: calls concentrated on holidays)';

export const federalHolidaysRule: RuleFactory = (ctx) => {
  const n = ctx.candidateCount;
  if (!ctx.policy.blockHolidays || n === 0) return null;
  return {
    permanent: false,
    test(m, out) {
      let ok = true;
      for (let z = 0; z < n; z++) {
        const name = federalHolidayOnDay(m.day[z]!);
        if (name === null) continue;
        ok = false;
        if (out === null) return false;
        out.push({
          code: 'FEDERAL_HOLIDAY',
          rule: HOLIDAY_RULE,
          zone: ctx.zoneNames[z]!,
          detail: `${isoDateOfDay(m.day[z]!)} in ${ctx.zoneNames[z]} is ${name}, and the company does not call on federal holidays.`,
        });
      }
      return ok;
    },
    boundaries(sink) {
      sink.midnights();
    },
  };
};
