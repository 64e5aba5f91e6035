/**
 * The contract every rule module implements. A rule is compiled once per call (its factory sees
 * the whole context and returns null when it does not apply), then tested at many instants.
 */
import type { CallContext, Moment } from '../context.ts';
import type { Reason } from '../types.ts';

export interface BoundarySink {
  /** Start of the search interval (exclusive). */
  readonly from: number;
  /** End of the search interval (inclusive). */
  readonly to: number;
  /** A local time of day (ms after midnight) in zone index `zone` at which the verdict may change. */
  wall(zone: number, msOfDay: number): void;
  /** Local midnight in every candidate zone: where day-based verdicts change. */
  midnights(): void;
  /** An instant at which the verdict may change. Rules pass it on detached, so it must not rely on `this`. */
  at(this: void, t: number): void;
}

export interface Check {
  /** True when the check, once failed, fails at every instant (no later time cures it). */
  readonly permanent: boolean;
  /** Whether the call may be placed at the moment; failed checks push their reasons into `out`. */
  test(m: Moment, out: Reason[] | null): boolean;
  /** Reports every instant in (from, to] at which this check may turn from failing to passing. */
  boundaries(sink: BoundarySink): void;
  /**
   * Reports the local times at which this check may turn from passing to failing: where a lawful
   * stretch ends (a window closes, a blocked window starts). Local midnights are always
   * considered, so day-based rules need none. Count rules need none either for a ledger of past
   * contacts: time passing only lets contacts leave their windows. A rule that starts to bind on a
   * date reports that instant.
   */
  closings?(sink: BoundarySink): void;
}

export type RuleFactory = (ctx: CallContext) => Check | null;

/** A check that fails whatever the time. */
export function alwaysFail(reasons: () => Reason[]): Check {
  return {
    permanent: true,
    test(_m, out) {
      if (out !== null) out.push(...reasons());
      return false;
    },
    boundaries() {},
  };
}
