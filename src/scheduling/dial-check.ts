/**
 * The dial-time check (issue: dispatch, item 2): at the instant a due attempt is claimed, the
 * compliance engine runs again with the latest facts and ledger, and the whole call — not only its
 * first second — must fit in lawful time: a call may not run past the local window's close (or
 * into a blocked window). Pure; the caller fails closed on any exception.
 */
import { evaluatePrepared, nextAllowedAtPrepared, nextDisallowedAtPrepared, type PreparedCall, type Reason } from '../compliance/index.ts';

/** How far ahead the end of the lawful time is looked for: beyond it the agent needs no bound. */
const END_SEARCH_MS = 24 * 3_600_000;

export type DialDecision =
  /** Dial now; the call must be over by `mustEndBy` (null: no bound within a day). */
  | { readonly dial: true; readonly mustEndBy: number | null }
  /**
   * Not now. `nextAt` is the earliest instant before `notAfter` at which a whole call fits, or null
   * when there is none; `reasons` say why not now.
   */
  | { readonly dial: false; readonly reasons: readonly Reason[]; readonly nextAt: number | null };

/**
 * Why a call may not start now although it is lawful now. It cites the rules that take over when
 * the lawful time ends — Florida's telemarketing hours for a marketing call closing at 20:00, the
 * collection calling hours at 21:00 — or the calling-hours rule when none is named there.
 */
function windowClosesDuringCall(prepared: PreparedCall, now: number, mustEndBy: number, maxCallMs: number): Reason {
  const rules = [...new Set(evaluatePrepared(prepared, mustEndBy).reasons.map((r) => r.rule))];
  return {
    code: 'WINDOW_CLOSES_DURING_CALL',
    rule: rules.length > 0 ? rules.join('; ') : '15 U.S.C. 1692c(a)(1); 12 CFR 1006.6(b)(1)(i)',
    detail: `the lawful time ends in ${Math.floor((mustEndBy - now) / 60_000)} minutes, before a call of up to ${Math.round(maxCallMs / 60_000)} minutes would: calling now could run into an inconvenient time`,
  };
}

/** Whether a call of up to `maxCallMs` may start at `at`, and when it must end. */
function fits(prepared: PreparedCall, at: number, maxCallMs: number): { ok: boolean; mustEndBy: number | null } {
  const mustEndBy = nextDisallowedAtPrepared(prepared, at, END_SEARCH_MS);
  return { ok: mustEndBy === null || mustEndBy >= at + maxCallMs, mustEndBy };
}

export function dialTimeDecision(prepared: PreparedCall, now: number, maxCallMs: number, notAfter: number): DialDecision {
  const evaluation = evaluatePrepared(prepared, now);
  if (evaluation.allowed) {
    const here = fits(prepared, now, maxCallMs);
    if (here.ok) return { dial: true, mustEndBy: here.mustEndBy };
    return {
      dial: false,
      reasons: [windowClosesDuringCall(prepared, now, here.mustEndBy!, maxCallMs)],
      nextAt: nextFit(prepared, here.mustEndBy!, maxCallMs, notAfter),
    };
  }
  return { dial: false, reasons: evaluation.reasons, nextAt: nextFit(prepared, now, maxCallMs, notAfter) };
}

/** The earliest instant from `from` before `notAfter` at which a whole call fits. */
function nextFit(prepared: PreparedCall, from: number, maxCallMs: number, notAfter: number): number | null {
  let at = from;
  // Each round skips at least one lawful stretch too short for a call; a handful is plenty.
  for (let round = 0; round < 64 && at < notAfter; round++) {
    const start = nextAllowedAtPrepared(prepared, at, notAfter - at);
    if (start === null || start >= notAfter) return null;
    const here = fits(prepared, start, maxCallMs);
    if (here.ok) return start;
    at = here.mustEndBy!;
  }
  return null;
}
