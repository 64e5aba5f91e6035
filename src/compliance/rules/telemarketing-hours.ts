/**
 * Telemarketing hours, for marketing calls only:
 * - federal: no telephone solicitation before 8:00 a.m. or after 9:00 p.m. local time at the
 *   called party's location (47 CFR 64.1200(c)(1); research F3, confidence H);
 * - Florida: no commercial telephone solicitation before 8:00 a.m. or after 8:00 p.m. in the time
 *   zone of the purchaser's location (Fla. Stat. 501.616(6)(a), as amended in 2021; research S1b,
 *   confidence H). Florida applies when it is an active jurisdiction (address, area code or
 *   stated state).
 *
 * Both windows are half-open, [08:00, 21:00) and [08:00, 20:00), as for collection calls: a call
 * starting at the closing minute would run past it. They are checked in every candidate zone: the
 * called party may be in any of them. The collection calling hours (calling-hours.ts, with the
 * company's buffers) still apply to a marketing call too; this rule adds the telemarketing
 * statutes' own reasons and Florida's earlier close, and takes no buffer.
 */
import { MINUTE, clockOfMs, hhMmOfMinutes } from '../calendar.ts';
import { isMarketing } from '../context.ts';
import type { Reason, ReasonCode } from '../types.ts';
import type { RuleFactory } from './rule.ts';

interface HoursRule {
  readonly code: ReasonCode;
  readonly rule: string;
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const FEDERAL: HoursRule = {
  code: 'TCPA_TELEMARKETING_HOURS',
  rule: '47 CFR 64.1200(c)(1)',
  name: 'telephone solicitations',
  start: 8 * 60 * MINUTE,
  end: 21 * 60 * MINUTE,
};
const FLORIDA: HoursRule = {
  code: 'FL_TELEMARKETING_HOURS',
  rule: 'Fla. Stat. 501.616(6)(a)',
  name: 'Florida telephone solicitations',
  start: 8 * 60 * MINUTE,
  end: 20 * 60 * MINUTE,
};

function window(h: HoursRule): string {
  return `${hhMmOfMinutes(h.start / MINUTE)}–${hhMmOfMinutes(h.end / MINUTE)}`;
}

export const telemarketingHoursRule: RuleFactory = (ctx) => {
  const n = ctx.candidateCount;
  if (!isMarketing(ctx) || n === 0) return null;
  const rules = ctx.jurisdictions.includes('FL') ? [FEDERAL, FLORIDA] : [FEDERAL];
  return {
    permanent: false,
    test(m, out) {
      let ok = true;
      for (const h of rules) {
        for (let z = 0; z < n; z++) {
          const local = m.msOfDay[z]!;
          if (local >= h.start && local < h.end) continue;
          ok = false;
          if (out === null) return false;
          const reason: Reason = {
            code: h.code,
            rule: h.rule,
            zone: ctx.zoneNames[z]!,
            detail: `It is ${clockOfMs(local)} in ${ctx.zoneNames[z]}, outside the hours for ${h.name}, ${window(h)}.`,
          };
          out.push(reason);
        }
      }
      return ok;
    },
    boundaries(sink) {
      for (let z = 0; z < n; z++) sink.wall(z, FEDERAL.start);
    },
    closings(sink) {
      for (const h of rules) for (let z = 0; z < n; z++) sink.wall(z, h.end);
    },
  };
};
