/**
 * West Virginia (W. Va. Code 46A-2-125(d); call-compliance.md S7): causing a telephone to ring or
 * engaging a person in conversation more than 30 times a week, or in more than 10 conversations a
 * week, is presumed abusive; it binds creditors collecting their own claims too. Per person,
 * every debt; rolling 7 days. Every outbound call counts toward the 30; every conversation,
 * inbound or outbound, toward the 10, and this call counts as a possible 11th.
 */
import { ATTEMPTS, isAttempt, makeSeries } from '../counting.ts';
import { capCheck } from './cap.ts';
import type { RuleFactory } from './rule.ts';

const WV_RULE = 'W. Va. Code 46A-2-125(d)';

export const westVirginiaRule: RuleFactory = (ctx) => {
  if (!ctx.jurisdictions.includes('WV')) return null;
  return capCheck(ctx, [
    {
      code: 'WV_CALL_CAP',
      rule: WV_RULE,
      series: makeSeries(ctx, ATTEMPTS, isAttempt),
      cap: 30,
      windowDays: 7,
      counted: 'calls to the person',
      why: 'West Virginia presumes more than 30 calls a week is abusive.',
    },
    {
      code: 'WV_CONVERSATION_CAP',
      rule: WV_RULE,
      series: makeSeries(ctx, 'conversations', (e) => e.channel === 'call' && e.outcome === 'conversation'),
      cap: 10,
      windowDays: 7,
      counted: 'telephone conversations with the person',
      why: 'West Virginia presumes more than 10 conversations a week is abusive.',
    },
  ]);
};
