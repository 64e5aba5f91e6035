/**
 * Florida's cap on telephone solicitations: no more than three commercial telephone sales calls to
 * a person over a 24-hour period on the same subject matter or issue, whatever number is used
 * (Fla. Stat. 501.616(6)(b), as amended in 2021; research S1b, confidence H). It binds commercial
 * telephone sellers, not collections, so only marketing calls are checked, when Florida is an
 * active jurisdiction (address, area code or stated state).
 *
 * The window is rolling: this call and the calls in any 24 hours containing it — (end − 24 h, end]
 * — are at most three, so a call exactly 24 hours after the first of three is allowed again.
 * What counts is every outbound call attempt to the person, whatever its outcome, number or
 * purpose: the ledger does not record a call's subject, and counting a collection call as if it
 * were on the same subject only ever refuses more (the reading that cannot be too permissive).
 */
import { DAY } from '../calendar.ts';
import { isMarketing } from '../context.ts';
import { ATTEMPTS, isAttempt, makeSeries, pushExpiries, rollingMax, worstRolling } from '../counting.ts';
import type { RuleFactory } from './rule.ts';

const FL_CAP_RULE = 'Fla. Stat. 501.616(6)(b)';
const FL_CAP = 3;
const FL_WINDOW_MS = DAY;

export const floridaTelemarketingCapRule: RuleFactory = (ctx) => {
  if (!isMarketing(ctx) || !ctx.jurisdictions.includes('FL')) return null;
  const { times } = makeSeries(ctx, ATTEMPTS, isAttempt);
  if (times.length + 1 <= FL_CAP) return null;
  return {
    permanent: false,
    test(m, out) {
      if (rollingMax(times, m.t, FL_WINDOW_MS) + 1 <= FL_CAP) return true;
      if (out !== null) {
        const hit = worstRolling(times, m.t, FL_WINDOW_MS);
        out.push({
          code: 'FL_TELEMARKETING_CAP',
          rule: FL_CAP_RULE,
          detail: `${hit.count} call attempts to the person in the 24 hours up to ${new Date(hit.end).toISOString()}; this call would make ${hit.count + 1}, over Florida's limit of ${FL_CAP} telephone solicitations in 24 hours.`,
        });
      }
      return false;
    },
    boundaries(sink) {
      pushExpiries(times, FL_WINDOW_MS, sink.from, sink.to, sink.at);
    },
  };
};
