/**
 * Company minimum gap between outbound call attempts to the person (any number, any debt, any
 * outcome). Calls in rapid succession are a factor that can rebut Reg F's presumption of
 * compliance (CFPB FAQ: e.g. two unanswered calls within 5 minutes); the reference recommends 2 h.
 * Attempts already planned after the instant count too: the gap holds on both sides.
 */
import { MINUTE } from '../calendar.ts';
import { ATTEMPTS, isAttempt, makeSeries, pushExpiries, upperBound } from '../counting.ts';
import type { RuleFactory } from './rule.ts';

const MIN_GAP_RULE = 'Company policy (12 CFR 1006.14(b)(2)(i) rebuttal factor: calls in rapid succession)';

export const minGapRule: RuleFactory = (ctx) => {
  const gap = ctx.policy.minGapMinutes * MINUTE;
  if (gap <= 0) return null;
  const { times } = makeSeries(ctx, ATTEMPTS, isAttempt);
  if (times.length === 0) return null;
  return {
    permanent: false,
    test(m, out) {
      const t = m.t;
      // Attempts within (t - gap, t + gap): the first with time > t - gap.
      const i = upperBound(times, t - gap);
      if (i === times.length || times[i]! >= t + gap) return true;
      if (out !== null) {
        let other = times[i]!;
        for (let j = i + 1; j < times.length && times[j]! < t + gap; j++) {
          if (Math.abs(times[j]! - t) < Math.abs(other - t)) other = times[j]!;
        }
        const minutes = Math.round(Math.abs(other - t) / MINUTE);
        out.push({
          code: 'MIN_GAP',
          rule: MIN_GAP_RULE,
          detail: `Another call attempt ${other <= t ? 'was made' : 'is planned'} at ${new Date(other).toISOString()}, ${minutes} min ${other <= t ? 'before' : 'after'} this one; the company requires ${ctx.policy.minGapMinutes} min between attempts.`,
        });
      }
      return false;
    },
    boundaries(sink) {
      pushExpiries(times, gap, sink.from, sink.to, sink.at);
    },
  };
};
