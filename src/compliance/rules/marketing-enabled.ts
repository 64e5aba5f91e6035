/**
 * A marketing call (a telephone solicitation) is placed only for a company that has enabled
 * marketing calls. Callwise is built for collection calls; the telemarketing rules it applies to a
 * marketing call (telemarketing-hours.ts, national-dnc.ts, state-fl-telemarketing.ts,
 * state-telemarketing-days.ts) are the ones the research lists, not every state's, so a company
 * takes them on knowingly. Refused whatever the time: a permanent gate.
 */
import { isMarketing } from '../context.ts';
import { alwaysFail, type RuleFactory } from './rule.ts';

const MARKETING_NOT_ENABLED_RULE = 'Company policy (marketing calls not enabled)';

export const marketingEnabledRule: RuleFactory = (ctx) =>
  isMarketing(ctx) && !ctx.policy.marketingCalls
    ? alwaysFail(() => [
        {
          code: 'MARKETING_NOT_ENABLED',
          rule: MARKETING_NOT_ENABLED_RULE,
          detail: 'This is a marketing call and the company has not enabled marketing calls (compliance setting marketingCalls).',
        },
      ])
    : null;
