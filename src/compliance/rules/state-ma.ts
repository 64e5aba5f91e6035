/**
 * Massachusetts: per debt, at most 2 initiated communications (calls, texts) in 7 days to the
 * debtor's home, cell or other personal numbers, and at most 2 in 30 days to other numbers such as
 * work. Calls that ring or reach voicemail count even when no message is left (Armata v. Target,
 * 480 Mass. 14 (2018)); calls that never connect do not. Creditors: 940 CMR 7.04(1)(f);
 * licensed collectors and servicers: 209 CMR 18.16(1)(a), (d) (call-compliance.md S2, S3, §3.7).
 * Replies to the debtor's own request are excluded by AG guidance; the engine still counts them,
 * which only ever blocks more.
 */
import { debtLabel, isAboutDebt } from '../context.ts';
import { makeSeries } from '../counting.ts';
import { capCheck } from './cap.ts';
import type { RuleFactory } from './rule.ts';

const MA_CREDITOR_RULE = '940 CMR 7.04(1)(f)';
const MA_COLLECTOR_RULE = '209 CMR 18.16(1)(a), (d)';

export const massachusettsRule: RuleFactory = (ctx) => {
  if (!ctx.jurisdictions.includes('MA')) return null;
  const rule = ctx.policy.callerType === 'creditor' ? MA_CREDITOR_RULE : MA_COLLECTOR_RULE;
  const work = ctx.facts.isWorkNumber === true;
  return capCheck(
    ctx,
    ctx.debts.map((debt) => ({
      code: work ? ('MA_WORK_CAP' as const) : ('MA_HOME_CAP' as const),
      rule,
      series: makeSeries(
        ctx,
        `ma:${work}:${debt}`,
        (e) => e.outbound && (e.channel === 'call' || e.channel === 'sms') && e.outcome !== 'not_connected' && e.isWork === work && isAboutDebt(e, debt),
      ),
      cap: 2,
      windowDays: work ? 30 : 7,
      counted: `calls and texts about ${debtLabel(debt)} to ${work ? 'work or other non-personal numbers' : 'home, cell or personal numbers'}`,
      why: work
        ? 'Massachusetts allows at most 2 such communications per debt in 30 days to numbers other than home or cell.'
        : 'Massachusetts allows at most 2 such communications per debt in 7 days to home or cell numbers.',
    })),
  );
};
