/**
 * Reg F 7-in-7, call-count prong: a collector is presumed to violate 1006.14(b)(1) if it places a
 * call to a person about a debt after more than seven calls to that person about that debt within
 * seven consecutive days (12 CFR 1006.14(b)(2)(i)(A), (ii)).
 *
 * Counted per debt, across every number of the person: outbound calls that connected to the
 * number, including ring-no-answer, voicemail and wrong-party answers. Excluded (1006.14(b)(3)):
 * calls not connected to the dialled number, calls placed with direct prior consent inside its
 * seven-day window and for a debt it covers, and inbound calls. Texts and emails are not calls. A
 * call about several debts counts for each of them. Days are local days in every candidate zone;
 * strict mode also counts calls less than 168 hours old (call-compliance.md §3.4).
 */
import { consentCovers, debtLabel, isAboutDebt } from '../context.ts';
import { makeSeries } from '../counting.ts';
import { capCheck } from './cap.ts';
import { regFRule } from './reg-f.ts';

const REG_F_CALLS_RULE = '12 CFR 1006.14(b)(2)(i)(A)';

export const regFCallsRule = regFRule((ctx, debts, suffix) =>
  capCheck(
    ctx,
    debts.map((debt) => ({
      code: 'REG_F_7_IN_7_CALLS' as const,
      rule: REG_F_CALLS_RULE + suffix,
      series: makeSeries(
        ctx,
        `reg-f:${debt}`,
        (e) =>
          e.outbound && e.channel === 'call' && e.outcome !== 'not_connected' && !(e.consented && consentCovers(e.consentScope, debt)) && isAboutDebt(e, debt),
      ),
      cap: 7,
      windowDays: 7,
      counted: `countable calls about ${debtLabel(debt)}`,
      why: 'Reg F presumes that more than 7 calls about a debt within 7 consecutive days is harassment.',
    })),
  ),
);
