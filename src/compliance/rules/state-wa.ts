/**
 * Washington, licensed collection agencies only (RCW 19.16.250, harassment subsection; call-
 * compliance.md S4): more than 3 communications with the debtor in a week, in any form, or more
 * than 1 at the debtor's workplace, is presumed harassment. Counted per person across every debt
 * and channel; "week" is read as any 7 consecutive days; every outbound contact except one that
 * never connected counts (whether an unanswered call is a "communication" is open, so it counts).
 * Applies only when the policy says the company is WA-licensed.
 */
import { makeSeries } from '../counting.ts';
import { capCheck, type Cap } from './cap.ts';
import type { RuleFactory } from './rule.ts';

const WA_RULE = 'RCW 19.16.250';

export const washingtonRule: RuleFactory = (ctx) => {
  if (!ctx.policy.waLicensed || !ctx.jurisdictions.includes('WA')) return null;
  const caps: Cap[] = [
    {
      code: 'WA_CAP',
      rule: WA_RULE,
      series: makeSeries(ctx, 'wa', (e) => e.outbound && e.outcome !== 'not_connected'),
      cap: 3,
      windowDays: 7,
      counted: 'communications with the person (calls, texts, emails; all debts)',
      why: 'Washington presumes more than 3 communications with the debtor in a week is harassment.',
    },
  ];
  if (ctx.facts.isWorkNumber === true) {
    caps.push({
      code: 'WA_WORK_CAP',
      rule: WA_RULE,
      series: makeSeries(ctx, 'wa-work', (e) => e.outbound && e.channel === 'call' && e.isWork && e.outcome !== 'not_connected'),
      cap: 1,
      windowDays: 7,
      counted: 'calls to the person at work',
      why: "Washington presumes more than 1 communication a week at the debtor's place of employment is harassment.",
    });
  }
  return capCheck(ctx, caps);
};
