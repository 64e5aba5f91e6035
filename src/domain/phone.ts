/**
 * Phone numbers: every common way of writing a US number is accepted and stored as E.164.
 *
 * libphonenumber-js with its full ("max") metadata is used because its per-type patterns tell
 * toll-free, premium and personal numbers apart, and its metadata is the newest on npm.
 * `extract: false` makes the parser reject text around the number ("call me at …"), which the
 * default parser would silently strip.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** US and the territories that share its country code and our compliance data. */
const US_REGIONS = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);
const NON_CALLABLE_TYPES = new Map([
  ['TOLL_FREE', 'toll-free numbers are not accepted'],
  ['PREMIUM_RATE', 'premium-rate numbers are not accepted'],
  ['PERSONAL_NUMBER', 'personal (500-series) numbers are not accepted'],
  ['SHARED_COST', 'shared-cost numbers are not accepted'],
  ['UAN', 'non-geographic numbers are not accepted'],
  ['VOICEMAIL', 'voicemail access numbers are not accepted'],
]);

export type PhoneResult = { ok: true; e164: string } | { ok: false; problem: string };

export function normalizePhoneNumber(input: string): PhoneResult {
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'must not be empty' };
  if (!/^[0-9+()\-.\s]+$/.test(text)) {
    return { ok: false, problem: 'must contain only a phone number (digits, spaces, +, -, ., parentheses)' };
  }
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: 'US', extract: false });
  if (!parsed || !parsed.isValid()) return { ok: false, problem: 'must be a valid US phone number' };
  if (parsed.countryCallingCode !== '1' || !parsed.country || !US_REGIONS.has(parsed.country)) {
    return { ok: false, problem: 'must be a US phone number (country code +1, US or territories)' };
  }
  const typeProblem = NON_CALLABLE_TYPES.get(parsed.getType() ?? '');
  if (typeProblem) return { ok: false, problem: typeProblem };
  return { ok: true, e164: parsed.number };
}
