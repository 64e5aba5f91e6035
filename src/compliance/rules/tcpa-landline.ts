/**
 * TCPA cap for AI-voice calls to a residential landline without consent: the debt-collection
 * exemption allows at most 3 artificial-voice calls within any 30 consecutive days
 * (47 CFR 64.1200(a)(3)(iii), FCC 20-186). Counted per line, every debt, every outcome: each call
 * made is a call, connected or not. Strict mode adds anything less than 720 hours old.
 */
import { makeSeries } from '../counting.ts';
import { capCheck } from './cap.ts';
import type { RuleFactory } from './rule.ts';

const TCPA_LANDLINE_RULE = '47 CFR 64.1200(a)(3)(iii); FCC 20-186';

export const tcpaLandlineRule: RuleFactory = (ctx) => {
  const { lineType, tcpaConsent, phoneNumber } = ctx.facts;
  if (lineType !== 'landline' || tcpaConsent) return null;
  const line = phoneNumber ?? null;
  // A contact with no number on record (or a call with no number) may have been to this line.
  const series = makeSeries(
    ctx,
    'tcpa-landline',
    (e) => e.outbound && e.channel === 'call' && (line === null || e.phoneNumber === null || e.phoneNumber === line),
  );
  return capCheck(ctx, [
    {
      code: 'TCPA_LANDLINE_CAP',
      rule: TCPA_LANDLINE_RULE,
      series,
      cap: 3,
      windowDays: 30,
      counted: `AI-voice calls to this landline${line === null ? '' : ` (${line})`}`,
      why: 'Without prior express consent the TCPA allows at most 3 artificial-voice calls to a residential line in 30 days.',
    },
  ]);
};
