/**
 * State bans on telephone solicitations on Sundays and legal holidays: Alabama, Louisiana,
 * Mississippi, Rhode Island and Utah (research S16, "telemarketers only", confidence M). Only
 * marketing calls are checked, when the state is an active jurisdiction (address, area code or
 * stated state); the day is judged on the local date in every candidate zone, as the company's
 * own Sunday and holiday blocks are.
 *
 * The research names the states, not their statutes or holiday lists. What is modelled:
 * - Sundays, in all five (research S16; industry tables agree, confidence M);
 * - the federal holidays (5 USC 6103) and their observed weekdays, which each of the five keeps
 *   as a legal holiday (industry restricted-date lists name New Year's Day, Martin Luther King Jr.
 *   Day, Independence Day and Christmas for all five; confidence M). The statutes move a holiday
 *   that falls on a weekend as federal law does (Ala. Code 1-3-8(a); Miss. Code 3-3-7), and
 *   blocking both the holiday and its observed day covers either reading.
 * Not modelled (open items, for counsel): each state's own holidays (e.g. Louisiana's Mardi Gras,
 * Utah's Pioneer Day, Rhode Island's Victory Day, Alabama's and Mississippi's Confederate
 * Memorial Day), holidays a governor proclaims, and the exemptions some of these laws grant
 * (prior consent, an established business relationship) — without them the ban only refuses
 * more. Citations name the statute where it was found; elsewhere they point to the research row.
 */
import { isoDateOfDay, weekdayOfDay } from '../calendar.ts';
import { federalHolidayOnDay } from '../holidays.ts';
import { isMarketing } from '../context.ts';
import type { RuleFactory } from './rule.ts';

interface DayBan {
  readonly state: string;
  readonly name: string;
  readonly rule: string;
}

const BANS: readonly DayBan[] = [
  { state: 'AL', name: 'Alabama', rule: 'Alabama telephone solicitation rules (call-compliance.md S16; holidays: Ala. Code 1-3-8)' },
  { state: 'LA', name: 'Louisiana', rule: 'La. R.S. 45:811; La. PSC General Order R-29617 § V(A)(2)' },
  { state: 'MS', name: 'Mississippi', rule: 'Mississippi telephone solicitation law (call-compliance.md S16; holidays: Miss. Code 3-3-7)' },
  { state: 'RI', name: 'Rhode Island', rule: 'R.I. Gen. Laws 5-61-3.6, 5-61-2 (hours of operation)' },
  { state: 'UT', name: 'Utah', rule: 'Utah telephone solicitation law (call-compliance.md S16)' },
];

export const stateTelemarketingDaysRule: RuleFactory = (ctx) => {
  const n = ctx.candidateCount;
  if (!isMarketing(ctx) || n === 0) return null;
  const bans = BANS.filter((b) => ctx.jurisdictions.includes(b.state));
  if (bans.length === 0) return null;
  return {
    permanent: false,
    test(m, out) {
      let ok = true;
      for (let z = 0; z < n; z++) {
        const day = m.day[z]!;
        const sunday = weekdayOfDay(day) === 0;
        const holiday = federalHolidayOnDay(day);
        if (!sunday && holiday === null) continue;
        ok = false;
        if (out === null) return false;
        for (const ban of bans) {
          if (sunday) {
            out.push({
              code: 'STATE_TELEMARKETING_SUNDAY',
              rule: ban.rule,
              zone: ctx.zoneNames[z]!,
              detail: `It is Sunday ${isoDateOfDay(day)} in ${ctx.zoneNames[z]}, and ${ban.name} forbids telephone solicitations on Sundays.`,
            });
          }
          if (holiday !== null) {
            out.push({
              code: 'STATE_TELEMARKETING_HOLIDAY',
              rule: ban.rule,
              zone: ctx.zoneNames[z]!,
              detail: `${isoDateOfDay(day)} in ${ctx.zoneNames[z]} is ${holiday}, and ${ban.name} forbids telephone solicitations on legal holidays.`,
            });
          }
        }
      }
      return ok;
    },
    boundaries(sink) {
      sink.midnights();
    },
  };
};
