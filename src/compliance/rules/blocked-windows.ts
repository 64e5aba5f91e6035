/**
 * Consumer-designated inconvenient times. When the collector knows or should know that a time is
 * inconvenient to the consumer, it may not call then, whatever the 8–21 window says
 * (15 USC 1692c(a)(1) "absent knowledge of circumstances to the contrary"; 12 CFR 1006.6(b)(1)(i);
 * comments 6(b)(1)-1 and -2; CFPB FAQ "Unusual or Inconvenient Times" Q1, Q5).
 *
 * A window is evaluated in its own zone when it names one, otherwise in every candidate zone
 * (call-compliance.md §3.3). A window whose zone is not a real IANA zone is applied in every
 * candidate zone, which only ever blocks more.
 */
import { DAY, MINUTE, hhMmOfMinutes, minutesOfHhMm, clockOfMs } from '../calendar.ts';
import { canonicalTimeZone } from '../../reference/time-zones.ts';
import { extraZoneIndex } from '../context.ts';
import { ComplianceInputError, type Reason } from '../types.ts';
import { alwaysFail, type RuleFactory } from './rule.ts';

const BLOCKED_WINDOW_RULE = '15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i); comment 6(b)(1)-1';

interface Window {
  readonly start: number;
  readonly end: number;
  readonly zones: readonly number[];
  readonly label: string;
}

function isBlocked(w: Window, local: number): boolean {
  if (w.start === w.end) return true;
  return w.start < w.end ? local >= w.start && local < w.end : local >= w.start || local < w.end;
}

export const blockedWindowsRule: RuleFactory = (ctx) => {
  const given = ctx.facts.blockedWindows ?? [];
  if (given.length === 0) return null;
  const all = Array.from({ length: ctx.candidateCount }, (_, i) => i);
  const windows: Window[] = given.map((w, i) => {
    const startMin = minutesOfHhMm(w.start);
    const endMin = minutesOfHhMm(w.end);
    if (startMin === null || startMin === 1440) {
      throw new ComplianceInputError(`blockedWindows[${i}].start must be HH:MM (00:00–23:59)`, `blockedWindows[${i}].start`);
    }
    if (endMin === null) throw new ComplianceInputError(`blockedWindows[${i}].end must be HH:MM (00:00–24:00)`, `blockedWindows[${i}].end`);
    const canonical = w.timezone ? canonicalTimeZone(w.timezone) : null;
    const zones = canonical === null ? all : [extraZoneIndex(ctx, canonical)];
    const end = endMin % 1440;
    return {
      start: startMin * MINUTE,
      end: end * MINUTE,
      zones,
      label: `${hhMmOfMinutes(startMin)}–${hhMmOfMinutes(endMin)}${canonical === null ? '' : ` ${canonical}`}`,
    };
  });
  // A window of a full day can never be waited out.
  const fullDay = windows.find((w) => w.start === w.end && w.zones.length > 0);
  if (fullDay !== undefined) {
    return alwaysFail((): Reason[] => [
      {
        code: 'CONSUMER_BLOCKED_TIME',
        rule: BLOCKED_WINDOW_RULE,
        detail: `The consumer designated the whole day (${fullDay.label}) as inconvenient.`,
      },
    ]);
  }
  return {
    permanent: false,
    test(m, out) {
      let ok = true;
      for (const w of windows) {
        for (const z of w.zones) {
          const local = m.msOfDay[z]!;
          if (!isBlocked(w, local)) continue;
          ok = false;
          if (out === null) return false;
          out.push({
            code: 'CONSUMER_BLOCKED_TIME',
            rule: BLOCKED_WINDOW_RULE,
            zone: ctx.zoneNames[z]!,
            detail: `It is ${clockOfMs(local)} in ${ctx.zoneNames[z]}, inside the consumer's inconvenient time ${w.label}.`,
          });
          break;
        }
      }
      return ok;
    },
    boundaries(sink) {
      for (const w of windows) for (const z of w.zones) sink.wall(z, w.end % DAY);
    },
    closings(sink) {
      for (const w of windows) for (const z of w.zones) sink.wall(z, w.start % DAY);
    },
  };
};
