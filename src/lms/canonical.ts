import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { LmsCustomer, LmsCustomerField, LmsWarning } from './connector.ts';
import { isUspsCode, uspsFromName } from './us-states.ts';

/**
 * Canonicalisation shared by every connector. Each helper takes whatever the wire gave
 * (`unknown`) and returns the canonical value or `undefined`; none throws and none puts the
 * input into a message, so a dirty LMS record degrades into a warning, not a PII leak.
 */

/** null, undefined and blank strings: the LMS has no value (as opposed to a bad one). */
export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

function canonicalText(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

// Deliberately loose: the sync validates `format: email` on the merged customer; this only
// keeps obvious garbage (free-text notes in an email column) from being offered at all.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function canonicalEmail(raw: unknown): string | undefined {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  return text && EMAIL.test(text) ? text : undefined;
}

// ---------------------------------------------------------------------------------------------
// Phones — zip-tz-phone.md §6.1: libphonenumber-js/max, `{ defaultCountry: 'US', extract: false }`,
// US + territories only, toll-free/premium/personal numbers are not a borrower's phone.

const PHONE_COUNTRIES = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);
const NOT_A_BORROWER_PHONE = new Set(['TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER']);

export function canonicalPhone(raw: unknown): string | undefined {
  const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: 'US', extract: false });
  if (!parsed || !parsed.isValid()) return undefined;
  if (!parsed.country || !PHONE_COUNTRIES.has(parsed.country)) return undefined;
  const type = parsed.getType();
  if (type && NOT_A_BORROWER_PHONE.has(type)) return undefined;
  // `.number` drops any extension; a dialler cannot use one for an outbound AI call anyway.
  return parsed.number;
}

export type PhoneKind = 'mobile' | 'home' | 'work' | 'fax' | 'other';

export interface PhoneCandidate {
  raw: unknown;
  kind: PhoneKind;
  primary?: boolean;
  /** false when the LMS marks the number inactive. */
  active?: boolean;
}

/**
 * The rule of lms-connectors.md §3 item 5: LMS-primary → first mobile → first valid, skipping
 * faxes and inactive numbers. A warning only when numbers existed and none was usable, so the
 * same borrower gives the same result whether the LMS holds one phone or several.
 */
export function choosePhone(candidates: readonly PhoneCandidate[]): { phoneNumber?: string; warning?: LmsWarning } {
  const usable = candidates.filter((c) => c.kind !== 'fax' && c.active !== false && !isBlank(c.raw));
  const parsed = usable.map((c) => ({ ...c, e164: canonicalPhone(c.raw) }));
  const pick = parsed.find((c) => c.primary && c.e164) ?? parsed.find((c) => c.kind === 'mobile' && c.e164) ?? parsed.find((c) => c.e164);
  if (pick?.e164) return { phoneNumber: pick.e164 };
  return usable.length > 0 ? { warning: { code: 'invalid_phone', field: 'phoneNumber' } } : {};
}

// ---------------------------------------------------------------------------------------------
// Address

/** USPS code from `ID`, `id`, `Idaho`, LoanPro's `geo.state.ID` (reference §2.1, §3 item 8). */
export function canonicalState(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim().replace(/^geo\.state\./i, '');
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    return isUspsCode(code) ? code : undefined;
  }
  return text === '' ? undefined : uspsFromName(text);
}

/**
 * Five digits from `83702`, `83702-1234`, `83702 1234` or `837021234`. A number (a ZIP column
 * typed numeric) gets its lost leading zeros back; a 4-digit *string* is refused, because there
 * the zero was cut by a person and the rest may be wrong too.
 */
export function canonicalZip(raw: unknown): string | undefined {
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw > 0 && raw <= 99999 ? String(raw).padStart(5, '0') : undefined;
  }
  if (typeof raw !== 'string') return undefined;
  const match = /^(\d{5})(?:[-\s]?\d{4})?$/.exec(raw.trim());
  return match?.[1];
}

const US_COUNTRY = new Set([
  'us',
  'usa',
  'u.s.',
  'u.s.a.',
  'united states',
  'united states of america',
  'company.country.usa',
  // Territories sometimes travel as their own country (ISO 3166 gives them codes).
  'pr',
  'puerto rico',
  'vi',
  'gu',
  'guam',
  'as',
  'mp',
]);

function isUsCountry(raw: unknown): boolean {
  return isBlank(raw) || (typeof raw === 'string' && US_COUNTRY.has(raw.trim().toLowerCase()));
}

export interface RawAddress {
  line1?: unknown;
  line2?: unknown;
  city?: unknown;
  state?: unknown;
  zip?: unknown;
  country?: unknown;
}

type AddressFields = Pick<LmsCustomer, 'streetAddress1' | 'streetAddress2' | 'city' | 'state' | 'zipCode'>;

/** A non-US address is dropped whole: half of a foreign address is worse than none. */
export function canonicalAddress(raw: RawAddress | undefined): { fields: AddressFields; warnings: LmsWarning[] } {
  if (!raw) return { fields: {}, warnings: [] };
  if (!isUsCountry(raw.country)) {
    return { fields: {}, warnings: [{ code: 'non_us_address', field: 'streetAddress1' }] };
  }
  const warnings: LmsWarning[] = [];
  const state = canonicalState(raw.state);
  if (state === undefined && !isBlank(raw.state)) warnings.push({ code: 'invalid_state', field: 'state' });
  const zipCode = canonicalZip(raw.zip);
  if (zipCode === undefined && !isBlank(raw.zip)) warnings.push({ code: 'invalid_zip', field: 'zipCode' });
  return {
    fields: compact({
      streetAddress1: canonicalText(raw.line1),
      streetAddress2: canonicalText(raw.line2),
      city: canonicalText(raw.city),
      state,
      zipCode,
    }),
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Dates — always calendar strings; the only `Date` used is a UTC instant, never local time
// (reference §3 item 7: "DOB is a calendar date: convert LoanPro's epoch at UTC").

function isoDate(year: number, month: number, day: number): string | undefined {
  if (![year, month, day].every(Number.isInteger) || year < 1000 || year > 9999) return undefined;
  const t = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC treats years 0–99 specially; the range check above rules them out.
  if (t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function utcDateOf(ms: number): string | undefined {
  const t = new Date(ms);
  return Number.isNaN(t.getTime()) ? undefined : isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/**
 * LoanPro `/Date(631152000)/` — unix **seconds**, UTC (developers.loanpro.io/docs/dates-and-times).
 * Negative values are pre-1970 birthdays. The optional `+hhmm` of classic MS-JSON is ignored
 * (LoanPro documents all times as UTC). Magnitudes only milliseconds can have are read as ms,
 * so a tenant on the older encoding does not produce year-50000 dates.
 */
export function dateFromLoanPro(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = /^\/Date\((-?\d{1,15})(?:[+-]\d{4})?\)\/$/.exec(raw.trim());
  if (!match?.[1]) return undefined;
  const n = Number(match[1]);
  return utcDateOf(Math.abs(n) >= 1e11 ? n : n * 1000);
}

/** Fineract `[2025, 1, 13]` (LocalDateAdapter, reference §2.2). */
export function dateFromParts(raw: unknown): string | undefined {
  if (!Array.isArray(raw) || raw.length !== 3) return undefined;
  const [y, m, d] = raw as unknown[];
  return typeof y === 'number' && typeof m === 'number' && typeof d === 'number' ? isoDate(y, m, d) : undefined;
}

/**
 * `2025-01-13` or a date-time such as `2025-01-13T04:59:59+00:00`; for a date-time the date
 * *as written* is kept, since LMSs stamp due dates in their own zone.
 */
export function dateFromIso(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw.trim());
  if (!match) return undefined;
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Any of the three encodings above. */
export function canonicalDate(raw: unknown): string | undefined {
  if (Array.isArray(raw)) return dateFromParts(raw);
  if (typeof raw === 'string' && raw.trim().startsWith('/Date(')) return dateFromLoanPro(raw);
  return dateFromIso(raw);
}

/** The calendar date at `now` in `timeZone` (DPD is counted in the tenant's zone, ref. §2.2). */
export function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  return utcDateOf((dayNumber(date) + days) * 86_400_000) ?? date;
}

// ---------------------------------------------------------------------------------------------
// Money — LoanPro sends decimal strings, Fineract floats (reference §3 item 8); both become
// integer cents by decimal arithmetic on the digits, never by multiplying a float.

const DECIMAL = /^(-)?(\d+)(?:\.(\d*))?$/;

export function toCents(raw: unknown): number | undefined {
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || Math.abs(raw) >= 1e15) return undefined;
    // toFixed(6) is the correctly rounded decimal of the float: 3120.55 → "3120.550000".
    text = raw.toFixed(6);
  } else if (typeof raw === 'string') {
    text = raw.trim();
  } else {
    return undefined;
  }
  const match = DECIMAL.exec(text);
  if (!match?.[2]) return undefined;
  const fraction = (match[3] ?? '').padEnd(3, '0');
  // Half away from zero on the third decimal, as a person reading the amount would round.
  let cents = Number(match[2]) * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(cents)) return undefined;
  if (match[1] && cents !== 0) cents = -cents;
  return cents;
}

// ---------------------------------------------------------------------------------------------
// Identity

/**
 * Last four of an SSN: from nine digits in any punctuation, or from an already-masked value
 * (`***-**-1234`, `XXX-XX-1234`) or bare four digits. Anything else — the wrong number of
 * digits — is refused rather than guessed.
 */
export function ssnLastFour(raw: unknown): string | undefined {
  const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw).padStart(9, '0') : raw;
  if (typeof text !== 'string') return undefined;
  const digits = text.replace(/\D/g, '');
  if (digits.length === 9) return digits.slice(5);
  if (digits.length === 4 && (/^\s*\d{4}\s*$/.test(text) || /[*xX•#]/.test(text))) return digits;
  return undefined;
}

/**
 * IANA names of the `Area/Location` shape that the runtime knows; `EST`, `EST5EDT`, offsets
 * and CLDR-only spellings are refused (zip-tz-phone.md §7). Kept as written, never replaced by
 * `resolvedOptions().timeZone`.
 */
export function canonicalTimezone(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw.trim();
  if (!/^(?:[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+|UTC|Etc\/UTC)$/.test(name)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Customer assembly

interface RawCustomer {
  lmsCustomerId: string;
  firstName?: unknown;
  lastName?: unknown;
  email?: unknown;
  phones?: readonly PhoneCandidate[];
  address?: RawAddress;
  birthday?: unknown;
  /** Parsed with `birthdayParser` (LoanPro `/Date()/`, Fineract parts, ISO). */
  birthdayParser?: (raw: unknown) => string | undefined;
  ssn?: unknown;
  timezone?: unknown;
  warnings?: readonly LmsWarning[];
}

/** One place where every connector's raw values become an `LmsCustomer`. */
export function buildCustomer(raw: RawCustomer): LmsCustomer {
  const warnings: LmsWarning[] = [...(raw.warnings ?? [])];
  const warnIf = (value: unknown, parsed: unknown, code: LmsWarning['code'], field: LmsCustomerField) => {
    if (parsed === undefined && !isBlank(value)) warnings.push({ code, field });
  };

  const email = canonicalEmail(raw.email);
  warnIf(raw.email, email, 'invalid_email', 'email');
  const phone = choosePhone(raw.phones ?? []);
  if (phone.warning) warnings.push(phone.warning);
  const address = canonicalAddress(raw.address);
  warnings.push(...address.warnings);
  const birthday = (raw.birthdayParser ?? canonicalDate)(raw.birthday);
  warnIf(raw.birthday, birthday, 'invalid_birthday', 'birthday');
  const ssn = ssnLastFour(raw.ssn);
  warnIf(raw.ssn, ssn, 'invalid_ssn', 'ssnLastFour');
  const timezone = canonicalTimezone(raw.timezone);
  warnIf(raw.timezone, timezone, 'invalid_timezone', 'timezone');

  return {
    lmsCustomerId: raw.lmsCustomerId,
    ...compact({
      firstName: canonicalText(raw.firstName),
      lastName: canonicalText(raw.lastName),
      email,
      phoneNumber: phone.phoneNumber,
      ...address.fields,
      birthday,
      ssnLastFour: ssn,
      timezone,
    }),
    warnings,
  };
}

/** Drops `undefined` members so absent fields are absent, not present-and-undefined. */
function compact<T extends Record<string, unknown>>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
