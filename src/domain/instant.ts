/**
 * Strict RFC 3339 instants for the compliance API. `Date.parse` alone is too lenient for a legal
 * decision: it rolls 2026-02-30 over into March and reads 24:00 as the next midnight, so a typo
 * would silently become another instant. Here every field is range-checked and an offset is
 * required (a bare local time would be read in the server's zone).
 */
import { daysFromCivil } from '../compliance/calendar.ts';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * The range the API accepts. The engine's zone tables cover 1970–2099 (outside it local time is
 * slower and, for years before 100, misread by Date.UTC); no collection call is decided outside it.
 */
const EARLIEST_INSTANT_MS = Date.UTC(1970, 0, 1);
const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1) - 1;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export type InstantResult = { ok: true; ms: number } | { ok: false; problem: string };

const INSTANT_HINT = 'must be an RFC 3339 instant with an offset, e.g. 2026-12-01T13:00:00Z or 2026-12-01T08:00:00-05:00';

/** Epoch ms of a strict RFC 3339 date-time with offset, within [1970, 2100). */
export function parseRfc3339(text: string): InstantResult {
  const m = RFC3339.exec(text);
  if (m === null) return { ok: false, problem: INSTANT_HINT };
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!) || hour! > 23 || minute! > 59 || second! > 59) {
    return { ok: false, problem: `${INSTANT_HINT}; this date or time does not exist` };
  }
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return { ok: false, problem: `${INSTANT_HINT}; the offset is out of range` };
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const local = daysFromCivil(year!, month!, day!) * 86_400_000 + ((hour! * 60 + minute!) * 60 + second!) * 1000 + fraction;
  const ms = local - offsetMinutes * 60_000;
  if (ms < EARLIEST_INSTANT_MS || ms > LATEST_INSTANT_MS) return { ok: false, problem: 'must be between 1970-01-01 and 2099-12-31' };
  return { ok: true, ms };
}
