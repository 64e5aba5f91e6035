/**
 * Proleptic-Gregorian day arithmetic on plain integers.
 *
 * A "day number" is the count of days since 1970-01-01 (day 0, a Thursday) of a *local* calendar
 * date. Working on integers instead of Date objects keeps the hot path free of allocation and of
 * any dependence on the process time zone.
 */

export const SECOND = 1_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** Day number of a civil date (month 1–12). Howard Hinnant's days_from_civil. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Civil date of a day number. Howard Hinnant's civil_from_days. */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday … 6 = Saturday (day 0 was a Thursday). */
export function weekdayOfDay(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 'YYYY-MM-DD' of a day number. Only used when writing explanations, never when deciding. */
export function isoDateOfDay(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of 'YYYY-MM-DD', or null when the text is not a real calendar date. */
export function dayOfIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const n = daysFromCivil(year, month, day);
  const back = civilFromDays(n);
  return back.month === month && back.day === day ? n : null;
}

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Minutes after local midnight of 'HH:MM' (00:00–23:59, and 24:00 for "end of day"), or null. */
export function minutesOfHhMm(text: string): number | null {
  if (typeof text !== 'string' || text.length !== 5 || text.charCodeAt(2) !== 58) return null;
  const h1 = digit(text, 0);
  const h2 = digit(text, 1);
  const m1 = digit(text, 3);
  const m2 = digit(text, 4);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0 || m1 > 5) return null;
  const minutes = (h1 * 10 + h2) * 60 + m1 * 10 + m2;
  return minutes <= 1440 ? minutes : null;
}

/** 'HH:MM' of a minute of the day (1440 → '24:00'). */
export function hhMmOfMinutes(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** 'HH:MM' (or 'HH:MM:SS' when not on a minute) of milliseconds after local midnight. */
export function clockOfMs(msOfDay: number): string {
  const totalSeconds = Math.floor(msOfDay / SECOND);
  const base = hhMmOfMinutes(Math.floor(totalSeconds / 60));
  const seconds = totalSeconds % 60;
  return seconds === 0 ? base : `${base}:${pad2(seconds)}`;
}
