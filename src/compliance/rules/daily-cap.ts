/**
 * Company cap on outbound call attempts per person per local day, judged in every candidate zone
 * (any number, any debt, any outcome). Highly concentrated calls (e.g. 7 in one day) can rebut
 * Reg F's presumption of compliance; the reference recommends at most 2 per day.
 */
import { isoDateOfDay } from '../calendar.ts';
import { ATTEMPTS, countBetween, isAttempt, makeSeries } from '../counting.ts';
import type { RuleFactory } from './rule.ts';
import { alwaysFail } from './rule.ts';

const DAILY_CAP_RULE = 'Company policy (12 CFR 1006.14(b)(2)(i) rebuttal factor: highly concentrated calls)';

export const dailyCapRule: RuleFactory = (ctx) => {
  const cap = ctx.policy.dailyCapPerPerson;
  const n = ctx.candidateCount;
  if (cap === null || n === 0) return null;
  if (cap <= 0) {
    return alwaysFail(() => [{ code: 'DAILY_CAP', rule: DAILY_CAP_RULE, detail: 'The company allows no call attempts per day.' }]);
  }
  const series = makeSeries(ctx, ATTEMPTS, isAttempt);
  if (series.times.length + 1 <= cap) return null;
  return {
    permanent: false,
    test(m, out) {
      let ok = true;
      for (let z = 0; z < n; z++) {
        const D = m.day[z]!;
        const count = countBetween(series.days[z]!, D, D);
        if (count + 1 <= cap) continue;
        ok = false;
        if (out === null) return false;
        out.push({
          code: 'DAILY_CAP',
          rule: DAILY_CAP_RULE,
          zone: ctx.zoneNames[z]!,
          detail: `${count} call attempt${count === 1 ? '' : 's'} already on ${isoDateOfDay(D)} in ${ctx.zoneNames[z]}; the company allows ${cap} per person per day.`,
        });
      }
      return ok;
    },
    boundaries(sink) {
      sink.midnights();
    },
  };
};
