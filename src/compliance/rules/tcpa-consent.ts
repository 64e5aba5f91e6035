/**
 * TCPA gate for AI voices. An AI voice is an "artificial or prerecorded voice" (FCC 24-17, 2024),
 * so a call to a wireless number needs the called party's prior express consent
 * (47 USC 227(b)(1)(A)(iii); 47 CFR 64.1200(a)(1)(iii)). An unknown line type is treated as
 * wireless (call-compliance.md §3.8). VoIP is treated as wireless too: whether a VoIP line is
 * "a service for which the called party is charged for the call" depends on the service, which
 * the engine cannot know, and the consent requirement is the safe reading.
 */
import { alwaysFail, type RuleFactory } from './rule.ts';

const TCPA_WIRELESS_RULE = '47 USC 227(b)(1)(A)(iii); 47 CFR 64.1200(a)(1)(iii); FCC 24-17';

export const tcpaConsentRule: RuleFactory = (ctx) => {
  const { lineType, tcpaConsent } = ctx.facts;
  if (tcpaConsent || lineType === 'landline') return null;
  const what =
    lineType === 'wireless'
      ? 'a wireless number'
      : lineType === 'voip'
        ? 'a VoIP number (treated as wireless)'
        : 'a number of unknown line type (treated as wireless)';
  return alwaysFail(() => [
    {
      code: 'TCPA_NO_CONSENT_WIRELESS',
      rule: TCPA_WIRELESS_RULE,
      detail: `An AI-voice call to ${what} needs the consumer's prior express consent, and none is recorded.`,
    },
  ]);
};
