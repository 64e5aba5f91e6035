/**
 * New York City (6 RCNY 5-77 as amended by the DCWP final rule of 2026-02-26, effective
 * 2026-09-01; call-compliance.md S5): at most 3 communications or attempts per account in 7 days
 * across all channels; binds creditors too once the account is in collection. Counted per account
 * (the loan): every outbound call, text or email, whatever its outcome. Applies to calls from
 * 2026-09-01 00:00 New York time.
 */
import { debtLabel, isAboutDebt } from '../context.ts';
import { makeSeries } from '../counting.ts';
import { NYC } from '../jurisdictions.ts';
import { capCheck } from './cap.ts';
import type { RuleFactory } from './rule.ts';

const NYC_RULE = '6 RCNY 5-77 (as amended, effective 2026-09-01)';
/** 2026-09-01T00:00 America/New_York (EDT, UTC−4). */
const NYC_EFFECTIVE_MS = Date.UTC(2026, 8, 1, 4, 0, 0);

export const newYorkCityRule: RuleFactory = (ctx) => {
  if (!ctx.jurisdictions.includes(NYC)) return null;
  const inner = capCheck(
    ctx,
    ctx.debts.map((debt) => ({
      code: 'NYC_CAP' as const,
      rule: NYC_RULE,
      series: makeSeries(ctx, `nyc:${debt}`, (e) => e.outbound && isAboutDebt(e, debt)),
      cap: 3,
      windowDays: 7,
      counted: `contact attempts about ${debtLabel(debt)} (all channels)`,
      why: 'New York City allows at most 3 communications or attempts per account in 7 days.',
    })),
  );
  if (inner === null) return null;
  return {
    permanent: inner.permanent,
    test: (m, out) => m.t < NYC_EFFECTIVE_MS || inner.test(m, out),
    boundaries: (sink) => inner.boundaries(sink),
    // The day the rule took effect is where a lawful stretch can end with no window closing and no
    // midnight in the borrower's own zones (it is New York's midnight): report it as a closing.
    closings: (sink) => sink.at(NYC_EFFECTIVE_MS),
  };
};
