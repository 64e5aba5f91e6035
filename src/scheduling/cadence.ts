/**
 * Cadences: how a task type turns into call attempts. A cadence names the days (offsets from the
 * day the schedule starts) that get attempts, the preferred local time ranges, how many attempts a
 * day, the total, and how far ahead the plan may reach. The planner then moves every attempt to
 * the earliest lawful instant; the cadence only says what the lender would like.
 */
import { type FieldError, pointerOf } from '../domain/errors.ts';

export interface TimeRange {
  /** 'HH:MM' local, inclusive. */
  readonly start: string;
  /** 'HH:MM' local, exclusive; later than start. */
  readonly end: string;
}

export interface Cadence {
  /** Day offsets from the start day (0 = the day the schedule is built), ascending. */
  readonly days: readonly number[];
  /** Preferred local time ranges; attempt n of the schedule prefers range n mod length. */
  readonly timeRanges: readonly TimeRange[];
  readonly attemptsPerDay: number;
  readonly totalAttempts: number;
  /** No attempt is planned at or after start day + horizonDays. */
  readonly horizonDays: number;
}

/**
 * Defaults shaped by Regulation F and its rebuttal factors: at most 7 attempts in any 7 days,
 * spread over mornings and early evenings (when people answer), never two in a row at one time.
 */
export const DEFAULT_CADENCES: Readonly<Record<string, Cadence>> = Object.freeze({
  collections: {
    days: [0, 1, 2, 3, 5, 7, 8, 9, 10, 12],
    timeRanges: [
      { start: '10:00', end: '12:00' },
      { start: '17:30', end: '19:30' },
    ],
    attemptsPerDay: 1,
    totalAttempts: 10,
    horizonDays: 14,
  },
  servicing: {
    days: [0, 3, 7],
    timeRanges: [
      { start: '10:00', end: '12:00' },
      { start: '14:00', end: '17:00' },
    ],
    attemptsPerDay: 1,
    totalAttempts: 3,
    horizonDays: 10,
  },
  verification: {
    days: [0, 1, 2],
    timeRanges: [
      { start: '10:00', end: '12:00' },
      { start: '16:00', end: '19:00' },
    ],
    attemptsPerDay: 2,
    totalAttempts: 4,
    horizonDays: 3,
  },
});

/** A task type without a cadence of its own (one the operator added) plans like this. */
export const FALLBACK_CADENCE: Cadence = DEFAULT_CADENCES.collections!;

export function defaultCadenceFor(taskType: string): Cadence {
  return DEFAULT_CADENCES[taskType.toLowerCase()] ?? FALLBACK_CADENCE;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export function minutesOfClock(text: string): number {
  if (text === '24:00') return 24 * 60;
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

const LIMITS = { maxDays: 60, maxRanges: 6, maxPerDay: 6, maxTotal: 60, maxHorizon: 60 } as const;

/** Checks an untrusted cadence; every problem is reported with a pointer into it. */
export function validateCadence(input: unknown): { cadence: Cadence | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (pointer: string, detail: string) => errors.push({ pointer, detail });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { cadence: null, errors: [{ pointer: '', detail: 'must be a JSON object' }] };
  }
  const c = input as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!['days', 'timeRanges', 'attemptsPerDay', 'totalAttempts', 'horizonDays'].includes(key)) fail(pointerOf(key), 'is not a known field');
  }
  const int = (name: string, min: number, max: number): number | null => {
    const v = c[name];
    if (v === undefined) fail(pointerOf(name), 'is required');
    else if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) fail(pointerOf(name), `must be an integer from ${min} to ${max}`);
    else return v as number;
    return null;
  };
  const horizonDays = int('horizonDays', 1, LIMITS.maxHorizon);
  const attemptsPerDay = int('attemptsPerDay', 1, LIMITS.maxPerDay);
  const totalAttempts = int('totalAttempts', 1, LIMITS.maxTotal);

  let days: number[] | null = null;
  if (!Array.isArray(c.days)) fail('/days', c.days === undefined ? 'is required' : 'must be an array of day offsets');
  else if (c.days.length === 0 || c.days.length > LIMITS.maxDays) fail('/days', `must list 1 to ${LIMITS.maxDays} day offsets`);
  else {
    days = [];
    c.days.forEach((d, i) => {
      if (!Number.isInteger(d) || (d as number) < 0) fail(`/days/${i}`, 'must be a whole number of days, 0 or more');
      else if (horizonDays !== null && (d as number) >= horizonDays) fail(`/days/${i}`, `must be less than horizonDays (${horizonDays})`);
      else if (i > 0 && (d as number) <= (c.days as number[])[i - 1]!) fail(`/days/${i}`, 'must be greater than the day before it (ascending, no repeats)');
      else days!.push(d as number);
    });
  }

  let timeRanges: TimeRange[] | null = null;
  if (!Array.isArray(c.timeRanges)) fail('/timeRanges', c.timeRanges === undefined ? 'is required' : 'must be an array of {start, end}');
  else if (c.timeRanges.length === 0 || c.timeRanges.length > LIMITS.maxRanges) fail('/timeRanges', `must list 1 to ${LIMITS.maxRanges} ranges`);
  else {
    timeRanges = [];
    c.timeRanges.forEach((r, i) => {
      const range = r as Record<string, unknown> | null;
      if (typeof range !== 'object' || range === null) return fail(`/timeRanges/${i}`, 'must be an object {start, end}');
      for (const key of Object.keys(range)) if (key !== 'start' && key !== 'end') fail(`/timeRanges/${i}/${key}`, 'is not a known field');
      const { start, end } = range;
      const startOk = typeof start === 'string' && CLOCK.test(start) && start !== '24:00';
      const endOk = typeof end === 'string' && CLOCK.test(end);
      if (!startOk) fail(`/timeRanges/${i}/start`, 'must be a local time HH:MM (00:00–23:59)');
      if (!endOk) fail(`/timeRanges/${i}/end`, 'must be a local time HH:MM (00:01–24:00)');
      if (startOk && endOk && minutesOfClock(end) <= minutesOfClock(start)) {
        fail(`/timeRanges/${i}/end`, 'must be later than start');
      } else if (startOk && endOk) timeRanges!.push({ start, end });
    });
  }
  if (errors.length > 0 || days === null || timeRanges === null || horizonDays === null || attemptsPerDay === null || totalAttempts === null) {
    return { cadence: null, errors };
  }
  return { cadence: { days, timeRanges, attemptsPerDay, totalAttempts, horizonDays }, errors };
}
