/**
 * Counting contacts in rolling windows, the primitive behind every frequency rule.
 *
 * A cap "at most K in N consecutive days" is checked for the proposed call at t as: in every
 * window of N consecutive local days that contains t's local day (in every candidate zone), the
 * recorded contacts plus this call are at most K. In strict mode the same holds for every window
 * of N×24 hours containing t. Windows that extend after t matter only when the history holds
 * contacts after t (attempts already planned), so the common all-in-the-past case is one count.
 */
import type { CallContext, Moment, NormalizedEvent } from './context.ts';

/**
 * A filtered subset of a context's events: their instants (ascending) and their local days per
 * candidate zone (ascending). Plain arrays: for the few dozen contacts of a customer they are
 * cheaper to build than typed arrays, and building them is most of the cost of a decision.
 */
export interface Series {
  readonly times: readonly number[];
  /** days[zone]: sorted local day numbers of the events in candidate zone `zone`. */
  readonly days: readonly (readonly number[])[];
}

/**
 * The events that `keep` selects. `key` names the filter so that rules asking for the same one
 * (e.g. every outbound call attempt) share a single series.
 */
export function makeSeries(ctx: CallContext, key: string, keep: (e: NormalizedEvent) => boolean): Series {
  const cached = ctx.seriesCache.get(key) as Series | undefined;
  if (cached !== undefined) return cached;
  const { events, eventDays, eventDaysAscending, candidateCount } = ctx;
  const times: number[] = [];
  const days: number[][] = [];
  for (let z = 0; z < candidateCount; z++) days.push([]);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (!keep(e)) continue;
    times.push(e.at);
    for (let z = 0; z < candidateCount; z++) days[z]!.push(eventDays[z]![i]!);
  }
  for (let z = 0; z < candidateCount; z++) if (!eventDaysAscending[z]) days[z]!.sort((a, b) => a - b);
  const series: Series = { times, days };
  ctx.seriesCache.set(key, series);
  return series;
}

/** Index of the first element > x. */
export function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element >= x. */
function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Elements in [lo, hi]. */
export function countBetween(a: ArrayLike<number>, lo: number, hi: number): number {
  return upperBound(a, hi) - lowerBound(a, lo);
}

interface RollingHit {
  readonly count: number;
  /** The window is (end − width, end]. */
  readonly end: number;
}

/** The fullest window of `width` ms containing t: (end − width, end] with end ∈ {t} ∪ later events. */
export function worstRolling(times: readonly number[], t: number, width: number): RollingHit {
  let end = t;
  let best = upperBound(times, t) - upperBound(times, t - width);
  // A window that ends at a later contact holds that contact and loses only older ones.
  for (let i = upperBound(times, t); i < times.length && times[i]! < t + width; i++) {
    const c = times[i]!;
    const n = i + 1 - upperBound(times, c - width);
    if (n > best) {
      best = n;
      end = c;
    }
  }
  return { count: best, end };
}

/** The most events in any window of `width` ms, (end − width, end], that contains t. */
export function rollingMax(times: readonly number[], t: number, width: number): number {
  const n = times.length;
  const hi = upperBound(times, t);
  const best = hi - upperBound(times, t - width);
  if (hi === n || times[hi]! >= t + width) return best;
  return Math.max(best, worstRolling(times, t, width).count);
}

interface CalendarHit {
  readonly count: number;
  /** The window is local days [endDay − days + 1, endDay]. */
  readonly endDay: number;
}

/** The fullest run of `n` consecutive local days containing day D. */
function worstCalendar(days: readonly number[], D: number, n: number): CalendarHit {
  let endDay = D;
  let best = countBetween(days, D - n + 1, D);
  for (let i = upperBound(days, D); i < days.length && days[i]! <= D + n - 1; i++) {
    const end = days[i]!;
    const c = countBetween(days, end - n + 1, end);
    if (c > best) {
      best = c;
      endDay = end;
    }
  }
  return { count: best, endDay };
}

function calendarMax(days: readonly number[], D: number, n: number): number {
  const hi = upperBound(days, D);
  const best = hi - lowerBound(days, D - n + 1);
  if (hi === days.length || days[hi]! > D + n - 1) return best;
  return Math.max(best, worstCalendar(days, D, n).count);
}

/**
 * The most contacts of `s` in any window of `windowDays` local days (every candidate zone) or,
 * when `strictMs` is given, of `strictMs` ms, that contains the moment.
 */
export function maxInWindows(s: Series, m: Moment, candidateCount: number, windowDays: number, strictMs: number | null): number {
  if (s.times.length === 0) return 0;
  let best = strictMs === null ? 0 : rollingMax(s.times, m.t, strictMs);
  for (let z = 0; z < candidateCount; z++) {
    const c = calendarMax(s.days[z]!, m.day[z]!, windowDays);
    if (c > best) best = c;
  }
  return best;
}

type WindowHit =
  | { readonly kind: 'calendar'; readonly count: number; readonly zone: number; readonly endDay: number }
  | { readonly kind: 'rolling'; readonly count: number; readonly end: number };

/** Which window holds the most contacts, for explanations. Calendar windows win ties. */
export function worstWindow(s: Series, m: Moment, candidateCount: number, windowDays: number, strictMs: number | null): WindowHit {
  let hit: WindowHit = { kind: 'calendar', count: -1, zone: 0, endDay: m.day[0] ?? 0 };
  for (let z = 0; z < candidateCount; z++) {
    const c = worstCalendar(s.days[z]!, m.day[z]!, windowDays);
    if (c.count > hit.count) hit = { kind: 'calendar', count: c.count, zone: z, endDay: c.endDay };
  }
  if (strictMs !== null) {
    const r = worstRolling(s.times, m.t, strictMs);
    if (r.count > hit.count) hit = { kind: 'rolling', count: r.count, end: r.end };
  }
  return hit;
}

/** Pushes c + width for every contact c whose expiry falls in (from, to]. */
export function pushExpiries(times: readonly number[], width: number, from: number, to: number, push: (t: number) => void): void {
  for (let i = upperBound(times, from - width); i < times.length; i++) {
    const t = times[i]! + width;
    if (t > to) break;
    push(t);
  }
}

/** Outbound call attempts, whatever their outcome (min gap, daily cap, WV). */
export const ATTEMPTS = 'attempts';
export function isAttempt(e: NormalizedEvent): boolean {
  return e.outbound && e.channel === 'call';
}
