/**
 * District of Columbia: at most 4 telephone calls per account in 7 days, for creditors and
 * collectors of consumer debt (D.C. Code 28-3814; call-compliance.md S6). Counted per account
 * (the loan), every outbound call attempt whatever its outcome: the statute says "calls", and the
 * 2021 exclusions (consumer-initiated calls, requested callbacks) are unconfirmed for the
 * permanent act, so only inbound calls are left out.
 */
import { debtLabel, isAboutDebt } from '../context.ts';
import { makeSeries } from '../counting.ts';
import { capCheck } from './cap.ts';
import type { RuleFactory } from './rule.ts';

const DC_RULE = 'D.C. Code 28-3814';

export const districtOfColumbiaRule: RuleFactory = (ctx) => {
  if (!ctx.jurisdictions.includes('DC')) return null;
  return capCheck(
    ctx,
    ctx.debts.map((debt) => ({
      code: 'DC_CAP' as const,
      rule: DC_RULE,
      series: makeSeries(ctx, `dc:${debt}`, (e) => e.outbound && e.channel === 'call' && isAboutDebt(e, debt)),
      cap: 4,
      windowDays: 7,
      counted: `call attempts about ${debtLabel(debt)}`,
      why: 'The District of Columbia allows at most 4 calls per account in 7 days.',
    })),
  );
};
