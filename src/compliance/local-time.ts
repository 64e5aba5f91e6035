/**
 * Local time in IANA zones, fast.
 *
 * Local time always comes from the runtime's IANA database through Intl, never from a fixed
 * offset: a fixed offset is an hour wrong on DST days. But formatting a date through Intl costs
 * about a microsecond, far too slow for a decision budget of a few microseconds. So each zone is
 * turned once into a table of its UTC-offset transitions: Intl is sampled weekly over
 * [1970, 2100) and every change is bisected to the exact second. After that, the local date,
 * time of day and weekday of an instant are a binary search and integer arithmetic.
 *
 * Weekly sampling would miss two transitions less than a week apart that cancel out. No US zone
 * has ever done that since 1970; the closest cases worldwide (Ramadan suspensions of DST in Egypt
 * and Morocco) are three to five weeks apart.
 *
 * Instants outside the table range fall back to Intl directly: correct, only slower.
 */
import { DAY, SECOND, civilFromDays, clockOfMs, isoDateOfDay } from './calendar.ts';

const TABLE_FROM = Date.UTC(1970, 0, 1);
const TABLE_TO = Date.UTC(2100, 0, 1);
const SAMPLE_STEP = 7 * DAY;

export interface ZoneTable {
  /** The IANA name the table was built for. */
  readonly name: string;
  /** starts[i] is the first instant (epoch ms) of offsets[i]; starts[0] is -Infinity. */
  readonly starts: Float64Array;
  /** UTC offset in ms (local = utc + offset). */
  readonly offsets: Float64Array;
  /** Only used outside [TABLE_FROM, TABLE_TO). */
  readonly formatter: Intl.DateTimeFormat;
}

const DATE_TIME = /^(\d+)\/(\d+)\/(\d+),?\s+(\d+):(\d+):(\d+)$/;

function intlOffset(formatter: Intl.DateTimeFormat, t: number): number {
  const whole = Math.floor(t / SECOND) * SECOND;
  // ICU may put a narrow no-break space or similar between the parts; normalise before parsing.
  const text = formatter.format(whole).replace(/[\u200e\u202f\u00a0]/g, ' ');
  const m = DATE_TIME.exec(text);
  if (m === null) throw new Error(`unexpected Intl output for ${formatter.resolvedOptions().timeZone}: ${text}`);
  const local = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
  return local - whole;
}

function makeFormatter(name: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

function buildTable(name: string): ZoneTable {
  const formatter = makeFormatter(name);
  const starts: number[] = [-Infinity];
  const offsets: number[] = [intlOffset(formatter, TABLE_FROM)];
  let prevT = TABLE_FROM;
  let prevO = offsets[0]!;
  for (let t = TABLE_FROM + SAMPLE_STEP; prevT < TABLE_TO; t += SAMPLE_STEP) {
    const sample = Math.min(t, TABLE_TO - SECOND);
    // Several transitions inside one step are found one after the other.
    while (intlOffset(formatter, sample) !== prevO) {
      let lo = prevT;
      let hi = sample;
      while (hi - lo > SECOND) {
        const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
        if (intlOffset(formatter, mid) === prevO) lo = mid;
        else hi = mid;
      }
      prevT = hi;
      prevO = intlOffset(formatter, hi);
      starts.push(hi);
      offsets.push(prevO);
    }
    prevT = sample === TABLE_TO - SECOND ? TABLE_TO : sample;
  }
  return { name, starts: Float64Array.from(starts), offsets: Float64Array.from(offsets), formatter };
}

const tables = new Map<string, ZoneTable>();

/**
 * The transition table of an IANA zone, built on first use and kept for the life of the process
 * (about 13 ms per zone, a few kilobytes). Throws RangeError if the runtime does not know the zone.
 */
export function zoneTable(name: string): ZoneTable {
  let table = tables.get(name);
  if (table === undefined) {
    table = buildTable(name);
    tables.set(name, table);
  }
  return table;
}

function segmentIndex(table: ZoneTable, t: number): number {
  const starts = table.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** UTC offset (ms) in force at instant t. */
export function offsetAt(table: ZoneTable, t: number): number {
  if (t < TABLE_FROM || t >= TABLE_TO) return intlOffset(table.formatter, t);
  return table.offsets[segmentIndex(table, t)]!;
}

/** Milliseconds since 1970-01-01T00:00 of the local wall clock ("local epoch ms"). */
export function wallMs(table: ZoneTable, t: number): number {
  return t + offsetAt(table, t);
}

/** Local day number (days since 1970-01-01 on the local calendar) of instant t. */
export function localDay(table: ZoneTable, t: number): number {
  return Math.floor(wallMs(table, t) / DAY);
}

/**
 * Local day numbers of ascending instants, walking the transitions once instead of searching for
 * each instant. Returns whether the days came out ascending (they do unless a transition moves the
 * clock back across midnight).
 */
export function localDaysOfSorted(table: ZoneTable, times: readonly number[], out: number[]): boolean {
  const { starts, offsets } = table;
  let ascending = true;
  let i = times.length > 0 ? segmentIndex(table, times[0]!) : 0;
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    let d: number;
    if (t < TABLE_FROM || t >= TABLE_TO) {
      d = Math.floor((t + intlOffset(table.formatter, t)) / DAY);
    } else {
      while (i + 1 < starts.length && starts[i + 1]! <= t) i++;
      d = Math.floor((t + offsets[i]!) / DAY);
    }
    if (k > 0 && d < out[k - 1]!) ascending = false;
    out[k] = d;
  }
  return ascending;
}

interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** 0 = Sunday. */
  readonly weekday: number;
  readonly minuteOfDay: number;
  /** Local day number. */
  readonly dayNumber: number;
}

export function localDateTime(table: ZoneTable, t: number): LocalDateTime {
  const w = wallMs(table, t);
  const dayNumber = Math.floor(w / DAY);
  const civil = civilFromDays(dayNumber);
  return {
    ...civil,
    weekday: (((dayNumber + 4) % 7) + 7) % 7,
    minuteOfDay: Math.floor((w - dayNumber * DAY) / 60_000),
    dayNumber,
  };
}

/** 'YYYY-MM-DD HH:MM' on the local wall clock: for explanations and task listings, not decisions. */
export function formatLocal(table: ZoneTable, t: number): string {
  const w = wallMs(table, t);
  const dayNumber = Math.floor(w / DAY);
  return `${isoDateOfDay(dayNumber)} ${clockOfMs(w - dayNumber * DAY)}`;
}

/**
 * The UTC instant at which the local wall clock in `table` shows `msOfDay` on local day `day`.
 * When that wall time occurs twice (the repeated hour when DST ends) the earlier instant is
 * returned; when it does not occur at all (the skipped hour when DST starts) the instant the
 * clock jumps over it is returned, i.e. always the first instant whose wall clock is at or past it.
 */
export function instantOfLocal(table: ZoneTable, day: number, msOfDay: number): number {
  const wall = day * DAY + msOfDay;
  if (wall - 2 * DAY < TABLE_FROM || wall + 2 * DAY >= TABLE_TO) {
    // Fixed-point iteration is enough here; it is never on a hot path.
    let t = wall - intlOffset(table.formatter, wall);
    t = wall - intlOffset(table.formatter, t);
    return t;
  }
  const { starts, offsets } = table;
  const guess = segmentIndex(table, wall - offsets[segmentIndex(table, wall)]!);
  let best = Infinity;
  const first = Math.max(0, guess - 2);
  const last = Math.min(starts.length - 1, guess + 2);
  for (let j = first; j <= last; j++) {
    const t = wall - offsets[j]!;
    const end = j + 1 < starts.length ? starts[j + 1]! : Infinity;
    if (t >= starts[j]! && t < end && t < best) best = t;
  }
  if (best !== Infinity) return best;
  // In a gap: the transition at which the wall clock jumps from before `wall` to after it.
  for (let j = Math.max(1, first); j <= last; j++) {
    const s = starts[j]!;
    if (s + offsets[j - 1]! <= wall && s + offsets[j]! > wall && s < best) best = s;
  }
  return best;
}

/**
 * Every instant in (from, to] at which the local wall clock reaches one of `msOfDays` (including
 * the instants it jumps over one at a DST change), plus every offset transition in (from, to].
 * These are the only instants at which a rule that depends on the local time of day or the local
 * date can change its verdict. Results are pushed unsorted into `out`. The search is limited to
 * the table range.
 */
export function wallClockCrossings(table: ZoneTable, from: number, to: number, msOfDays: readonly number[], out: number[]): void {
  const lo = Math.max(from, TABLE_FROM);
  const hi = Math.min(to, TABLE_TO - 1);
  if (hi <= lo) return;
  const { starts, offsets } = table;
  for (let i = segmentIndex(table, lo); i < starts.length; i++) {
    const segStart = starts[i]!;
    if (segStart > hi) break;
    const segEnd = i + 1 < starts.length ? starts[i + 1]! : Infinity;
    if (segStart > from) out.push(segStart);
    const o = offsets[i]!;
    const a = Math.max(segStart, lo);
    const b = Math.min(segEnd, hi);
    const firstDay = Math.floor((a + o) / DAY);
    const lastDay = Math.floor((b + o) / DAY);
    for (let d = firstDay; d <= lastDay; d++) {
      for (const m of msOfDays) {
        const t = d * DAY + m - o;
        if (t > from && t <= to && t >= segStart && t < segEnd) out.push(t);
      }
    }
  }
}
