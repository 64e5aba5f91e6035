/**
 * Shared shape of the count caps (Reg F count prong, state overlays, TCPA landline cap): "this
 * call plus the contacts already in any window of N days containing it must not exceed K".
 */
import { DAY, isoDateOfDay } from '../calendar.ts';
import type { CallContext } from '../context.ts';
import { maxInWindows, pushExpiries, worstWindow, type Series } from '../counting.ts';
import type { Reason, ReasonCode } from '../types.ts';
import type { Check } from './rule.ts';

export interface Cap {
  readonly code: ReasonCode;
  readonly rule: string;
  readonly series: Series;
  /** Maximum contacts in the window, this call included. */
  readonly cap: number;
  readonly windowDays: number;
  /** What is counted, e.g. "countable calls about loan A". */
  readonly counted: string;
  /** Why the cap binds, e.g. "Reg F presumes more than 7 calls in 7 consecutive days violates 1006.14(b)". */
  readonly why: string;
}

function windowText(ctx: CallContext, cap: Cap, hit: ReturnType<typeof worstWindow>): { text: string; zone?: string } {
  if (hit.kind === 'calendar') {
    const zone = ctx.zoneNames[hit.zone]!;
    const first = isoDateOfDay(hit.endDay - cap.windowDays + 1);
    return { text: `in the ${cap.windowDays} local days ${first} to ${isoDateOfDay(hit.endDay)} (${zone})`, zone };
  }
  const hours = cap.windowDays * 24;
  return { text: `in the ${hours} hours up to ${new Date(hit.end).toISOString()} (strict mode)` };
}

/** One check over several caps (e.g. one per debt); null when there is nothing to cap. */
export function capCheck(ctx: CallContext, caps: readonly Cap[]): Check | null {
  if (caps.length === 0) return null;
  const strict = ctx.policy.mode === 'strict';
  const n = ctx.candidateCount;
  return {
    permanent: caps.some((c) => c.cap <= 0),
    test(m, out) {
      let ok = true;
      for (const cap of caps) {
        const total = cap.series.times.length;
        if (total + 1 <= cap.cap) continue;
        const strictMs = strict ? cap.windowDays * DAY : null;
        const count = maxInWindows(cap.series, m, n, cap.windowDays, strictMs);
        if (count + 1 <= cap.cap) continue;
        ok = false;
        if (out === null) return false;
        const hit = worstWindow(cap.series, m, n, cap.windowDays, strictMs);
        const where = windowText(ctx, cap, hit);
        const reason: Reason = {
          code: cap.code,
          rule: cap.rule,
          ...(where.zone !== undefined ? { zone: where.zone } : {}),
          detail: `${hit.count} ${cap.counted} ${where.text}; this call would make ${hit.count + 1}, over the limit of ${cap.cap}. ${cap.why}`,
        };
        out.push(reason);
      }
      return ok;
    },
    boundaries(sink) {
      for (const cap of caps) {
        if (cap.series.times.length + 1 <= cap.cap) continue;
        sink.midnights();
        if (strict) pushExpiries(cap.series.times, cap.windowDays * DAY, sink.from, sink.to, sink.at);
      }
    },
  };
}
