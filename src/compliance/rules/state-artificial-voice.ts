/**
 * State statutes on automatic dialing-announcing devices (call-compliance.md §0.6, §3.8, S15): a
 * call that plays a prerecorded or synthesized voice — an AI voice is one (FCC 24-17) — may be
 * made to a consumer in these states only with the subscriber's consent, or when a live operator
 * first obtains that consent, or (Minnesota, Indiana) to someone the caller has a current business
 * relationship with. Unlike the TCPA, none of them spares a landline or a collection call, so an
 * AI-voice call without one of these is refused whatever the time: a permanent gate.
 *
 * Consent is the engine's `tcpaConsent`: the consumer's prior express consent to artificial-voice
 * calls to this number, which is also what the state statutes ask ("knowingly or voluntarily
 * requested, consented to, permitted, or authorized receipt of the message"). The live-operator
 * introduction and the business relationship are company policy (`liveOperatorIntro`,
 * `businessRelationship`); `artificialVoice: false` (a human agent) turns the gate off.
 *
 * Only the states the research names are modelled (confidence M: statutes paraphrased from
 * secondary sources); AFSA counts some 43 states and DC that regulate autodialers, an open item.
 */
import type { ReasonCode } from '../types.ts';
import { alwaysFail, type RuleFactory } from './rule.ts';

interface ArtificialVoiceStatute {
  readonly code: ReasonCode;
  readonly rule: string;
  readonly name: string;
  /** Whether a current business relationship exempts the call. */
  readonly businessRelationship: boolean;
}

const STATUTES: Readonly<Record<string, ArtificialVoiceStatute>> = Object.freeze({
  MN: { code: 'MN_ARTIFICIAL_VOICE', rule: 'Minn. Stat. 325E.27', name: 'Minnesota', businessRelationship: true },
  IN: { code: 'IN_ARTIFICIAL_VOICE', rule: 'Ind. Code 24-5-14-5', name: 'Indiana', businessRelationship: true },
  MS: { code: 'MS_ARTIFICIAL_VOICE', rule: 'Miss. Code 77-3-455', name: 'Mississippi', businessRelationship: false },
  MT: { code: 'MT_ARTIFICIAL_VOICE', rule: 'Mont. Code 45-8-216', name: 'Montana', businessRelationship: false },
});

export const stateArtificialVoiceRule: RuleFactory = (ctx) => {
  const { policy, facts } = ctx;
  if (!policy.artificialVoice || facts.tcpaConsent || policy.liveOperatorIntro) return null;
  const failing = ctx.jurisdictions.flatMap((j) => {
    const statute = STATUTES[j];
    return statute === undefined || (statute.businessRelationship && policy.businessRelationship) ? [] : [statute];
  });
  if (failing.length === 0) return null;
  return alwaysFail(() =>
    failing.map((s) => ({
      code: s.code,
      rule: s.rule,
      detail:
        `${s.name} allows a call with an artificial or synthesized voice only with the subscriber's consent or a live operator who first obtains it` +
        `${s.businessRelationship ? ', or to someone the caller has a current business relationship with' : ''}; none is recorded for this call.`,
    })),
  );
};
