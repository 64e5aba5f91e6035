/**
 * Every rule, in the order checks run. Gates that no time can cure come first, then the cheap
 * time-of-day checks that reject most instants during a search, then the counts.
 */
import { blockedWindowsRule } from './blocked-windows.js';
import { callingHoursRule } from './calling-hours.js';
import { dailyCapRule } from './daily-cap.js';
import { doNotCallRule } from './do-not-call.js';
import { federalHolidaysRule } from './federal-holidays.js';
import { locationRule } from './location.js';
import { minGapRule } from './min-gap.js';
import { regFCallsRule } from './reg-f-calls.js';
import { regFConversationsRule } from './reg-f-conversations.js';
import type { RuleFactory } from './rule.js';
import { districtOfColumbiaRule } from './state-dc.js';
import { massachusettsRule } from './state-ma.js';
import { newYorkCityRule } from './state-nyc.js';
import { washingtonRule } from './state-wa.js';
import { westVirginiaRule } from './state-wv.js';
import { sundaysRule } from './sundays.js';
import { tcpaConsentRule } from './tcpa-consent.js';
import { tcpaLandlineRule } from './tcpa-landline.js';

export const RULES: readonly RuleFactory[] = [
  locationRule,
  doNotCallRule,
  tcpaConsentRule,
  callingHoursRule,
  blockedWindowsRule,
  sundaysRule,
  federalHolidaysRule,
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
];
