/**
 * Reg F 7-in-7, conversation prong: a collector is presumed to violate 1006.14(b)(1) if it calls a
 * person about a debt within seven consecutive days after a telephone conversation with that
 * person about that debt; the date of the conversation is day 1
 * (12 CFR 1006.14(b)(2)(i)(B), (ii)).
 *
 * Inbound conversations start the period too (CFPB Debt Collection Rule FAQs), and a
 * conversation about several debts starts it for each of them (comment 14(b)(4)-1.ii). Every
 * telephone conversation counts, whoever placed the call and with whatever consent; only the call
 * being proposed can be excluded (direct prior consent, see reg-f.ts). The day is judged in every
 * candidate zone, since a late conversation can fall on different dates in different zones;
 * strict mode also blocks for 168 hours (call-compliance.md §3.5).
 */
import { DAY, isoDateOfDay } from '../calendar.ts';
import { debtLabel, isAboutDebt } from '../context.ts';
import { pushExpiries, upperBound } from '../counting.ts';
import type { Reason } from '../types.ts';
import { regFRule } from './reg-f.ts';

const REG_F_CONVERSATION_RULE = '12 CFR 1006.14(b)(2)(i)(B)';
const PERIOD_MS = 7 * DAY;
/** No conversation older than this can still block: 7 local days plus any offset change. */
const LOOKBACK_MS = 8 * DAY;

interface DebtConversations {
  readonly debt: string | null;
  readonly times: readonly number[];
  /** days[zone][k]: local day of conversation k. */
  readonly days: readonly (readonly number[])[];
}

export const regFConversationsRule = regFRule((ctx, debts, suffix) => {
  const n = ctx.candidateCount;
  const strict = ctx.policy.mode === 'strict';
  const perDebt: DebtConversations[] = [];
  for (const debt of debts) {
    const times: number[] = [];
    const days: number[][] = [];
    for (let z = 0; z < n; z++) days.push([]);
    for (let i = 0; i < ctx.events.length; i++) {
      const e = ctx.events[i]!;
      if (e.channel !== 'call' || e.outcome !== 'conversation' || !isAboutDebt(e, debt)) continue;
      times.push(e.at);
      for (let z = 0; z < n; z++) days[z]!.push(ctx.eventDays[z]![i]!);
    }
    if (times.length > 0) perDebt.push({ debt, times, days });
  }
  if (perDebt.length === 0) return null;

  /** Index of a blocking conversation and the zone (-1: the 168-hour rule), or null. */
  function blocker(c: DebtConversations, t: number, day: readonly number[]): { k: number; zone: number } | null {
    for (let k = upperBound(c.times, t) - 1; k >= 0; k--) {
      const v = c.times[k]!;
      if (t - v >= LOOKBACK_MS) break;
      for (let z = 0; z < n; z++) {
        const d = c.days[z]![k]!;
        if (d <= day[z]! && day[z]! <= d + 6) return { k, zone: z };
      }
      if (strict && t - v < PERIOD_MS) return { k, zone: -1 };
    }
    return null;
  }

  return {
    permanent: false,
    test(m, out) {
      let ok = true;
      for (const c of perDebt) {
        const hit = blocker(c, m.t, m.day);
        if (hit === null) continue;
        ok = false;
        if (out === null) return false;
        const when = new Date(c.times[hit.k]!).toISOString();
        let reason: Reason;
        if (hit.zone >= 0) {
          const d = c.days[hit.zone]![hit.k]!;
          const zone = ctx.zoneNames[hit.zone]!;
          reason = {
            code: 'REG_F_7_IN_7_CONVERSATION',
            rule: REG_F_CONVERSATION_RULE + suffix,
            zone,
            detail: `A telephone conversation about ${debtLabel(c.debt)} on ${isoDateOfDay(d)} (${zone}, at ${when}) starts a 7-day period through ${isoDateOfDay(d + 6)} in which Reg F presumes any further call about it is harassment.`,
          };
        } else {
          reason = {
            code: 'REG_F_7_IN_7_CONVERSATION',
            rule: REG_F_CONVERSATION_RULE + suffix,
            detail: `A telephone conversation about ${debtLabel(c.debt)} at ${when} is less than 168 hours before this call (strict mode).`,
          };
        }
        out.push(reason);
      }
      return ok;
    },
    boundaries(sink) {
      sink.midnights();
      if (strict) for (const c of perDebt) pushExpiries(c.times, PERIOD_MS, sink.from, sink.to, sink.at);
    },
  };
});
