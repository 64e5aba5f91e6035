/**
 * Every rule, in the order checks run. Gates that no time can cure come first, then the cheap
 * time-of-day checks that reject most instants during a search, then the counts. The marketing
 * rules (marketing-enabled, national-dnc, telemarketing-hours, state-telemarketing-days,
 * state-fl-telemarketing) return no check unless the call's purpose is marketing.
 */
import { blockedWindowsRule } from './blocked-windows.ts';
import { callingHoursRule } from './calling-hours.ts';
import { dailyCapRule } from './daily-cap.ts';
import { doNotCallRule } from './do-not-call.ts';
import { federalHolidaysRule } from './federal-holidays.ts';
import { locationRule } from './location.ts';
import { marketingEnabledRule } from './marketing-enabled.ts';
import { minGapRule } from './min-gap.ts';
import { nationalDncRule } from './national-dnc.ts';
import { regFCallsRule } from './reg-f-calls.ts';
import { regFConversationsRule } from './reg-f-conversations.ts';
import type { RuleFactory } from './rule.ts';
import { districtOfColumbiaRule } from './state-dc.ts';
import { floridaTelemarketingCapRule } from './state-fl-telemarketing.ts';
import { massachusettsRule } from './state-ma.ts';
import { stateArtificialVoiceRule } from './state-artificial-voice.ts';
import { newYorkCityRule } from './state-nyc.ts';
import { stateTelemarketingDaysRule } from './state-telemarketing-days.ts';
import { washingtonRule } from './state-wa.ts';
import { westVirginiaRule } from './state-wv.ts';
import { sundaysRule } from './sundays.ts';
import { tcpaConsentRule } from './tcpa-consent.ts';
import { tcpaLandlineRule } from './tcpa-landline.ts';
import { telemarketingHoursRule } from './telemarketing-hours.ts';

export const RULES: readonly RuleFactory[] = [
  locationRule,
  doNotCallRule,
  marketingEnabledRule,
  nationalDncRule,
  tcpaConsentRule,
  stateArtificialVoiceRule,
  callingHoursRule,
  telemarketingHoursRule,
  blockedWindowsRule,
  sundaysRule,
  federalHolidaysRule,
  stateTelemarketingDaysRule,
  minGapRule,
  dailyCapRule,
  regFConversationsRule,
  regFCallsRule,
  tcpaLandlineRule,
  massachusettsRule,
  districtOfColumbiaRule,
  washingtonRule,
  newYorkCityRule,
  westVirginiaRule,
  floridaTelemarketingCapRule,
];
