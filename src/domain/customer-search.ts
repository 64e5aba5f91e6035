/**
 * What a customer search (`GET /customers?search=…`) looks for, decided once from the text an
 * operator typed: an id or a name that starts with it (case-insensitive), and, when it reads as a
 * phone number, the stored number equal to it or containing its digits. Names and numbers are
 * stored as written (only SSN digits and birthdays are encrypted), so the database can match them.
 */
import { normalizePhoneNumber } from './phone.ts';

/** Fewer digits than this match too many numbers to be a search by phone. */
const MIN_PHONE_DIGITS = 4;

export interface CustomerSearch {
  /** A LIKE pattern: the lower-cased text, its wildcards escaped, followed by `%`. */
  readonly prefixPattern: string;
  /** The text as an E.164 number, when it is a valid US number. */
  readonly e164: string | null;
  /** A LIKE pattern `%digits%` when the text is only a phone number's characters, with enough digits. */
  readonly digitsPattern: string | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function customerSearch(text: string): CustomerSearch {
  const trimmed = text.trim();
  const phone = normalizePhoneNumber(trimmed);
  const digits = /^[0-9+()\-.\s]+$/.test(trimmed) ? trimmed.replace(/\D/g, '') : '';
  return {
    prefixPattern: `${escapeLike(trimmed.toLowerCase())}%`,
    e164: phone.ok ? phone.e164 : null,
    digitsPattern: digits.length >= MIN_PHONE_DIGITS ? `%${digits}%` : null,
  };
}
