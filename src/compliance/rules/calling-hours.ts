/**
 * Calling hours. Without the consumer's consent, a time before 8:00 a.m. or after 9:00 p.m. local
 * time at the consumer's location is inconvenient (15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i));
 * the states that extend the window to creditors (FL, CA, PA, MA, DC, WV, CT) and the TCPA use the
 * same hours, and WA's 07:30 is overridden by the federal 08:00. When the location is ambiguous
 * the call must be convenient in every candidate zone (comment 6(b)(1)(i)-1).
 *
 * The allowed interval is half-open, [08:00, 21:00): Reg F deems "before 8:00" and "after 9:00"
 * inconvenient, and a call starting at exactly 21:00 would run past it. The company's buffers
 * narrow it (call-compliance.md §1.1, §3.3).
 */
import { DAY, MINUTE, clockOfMs, hhMmOfMinutes } from '../calendar.ts';
import { alwaysFail, type RuleFactory } from './rule.ts';

const CALLING_HOURS_RULE = '15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i)';
const LEGAL_START_MIN = 8 * 60;
const LEGAL_END_MIN = 21 * 60;

export const callingHoursRule: RuleFactory = (ctx) => {
  const n = ctx.candidateCount;
  if (n === 0) return null;
  const startMin = LEGAL_START_MIN + ctx.policy.startBufferMinutes;
  const endMin = LEGAL_END_MIN - ctx.policy.endBufferMinutes;
  const window = `${hhMmOfMinutes(startMin)}–${hhMmOfMinutes(Math.max(endMin, 0))}`;
  const buffered = startMin !== LEGAL_START_MIN || endMin !== LEGAL_END_MIN ? ' (08:00–21:00 narrowed by the company buffers)' : '';
  if (startMin >= endMin) {
    return alwaysFail(() => [
      {
        code: 'OUTSIDE_CALLING_HOURS',
        rule: CALLING_HOURS_RULE,
        detail: `The company buffers (start +${ctx.policy.startBufferMinutes} min, end −${ctx.policy.endBufferMinutes} min) leave no calling window.`,
      },
    ]);
  }
  const start = startMin * MINUTE;
  const end = endMin * MINUTE;
  return {
    permanent: false,
    test(m, out) {
      let ok = true;
      for (let z = 0; z < n; z++) {
        const local = m.msOfDay[z]!;
        if (local >= start && local < end) continue;
        ok = false;
        if (out === null) return false;
        out.push({
          code: 'OUTSIDE_CALLING_HOURS',
          rule: CALLING_HOURS_RULE,
          zone: ctx.zoneNames[z]!,
          detail: `It is ${clockOfMs(local)} in ${ctx.zoneNames[z]}, outside the calling window ${window}${buffered}.`,
        });
      }
      return ok;
    },
    boundaries(sink) {
      for (let z = 0; z < n; z++) sink.wall(z, start);
    },
    closings(sink) {
      for (let z = 0; z < n; z++) sink.wall(z, end % DAY);
    },
  };
};
