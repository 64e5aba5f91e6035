/**
 * US federal holidays (5 U.S.C. 6103), computed from the calendar so no year is ever typed in.
 *
 * Fixed-date holidays that fall on a Saturday are observed the Friday before and those on a
 * Sunday the Monday after (5 U.S.C. 6103(b); Executive Order 11582). New Year's Day on a Saturday
 * is therefore observed on December 31 of the previous year. Juneteenth exists from 2021
 * (Pub. L. 117-17). Inauguration Day is left out: it is a holiday only for federal employees in
 * the Washington area.
 *
 * Collection calls on holidays are not unlawful (call-compliance.md §1.4); blocking them is a
 * company policy that guards against the Reg F rebuttal factor "calls concentrated on holidays".
 * The policy blocks both the holiday itself and its observed weekday.
 */
import { civilFromDays, daysFromCivil, isoDateOfDay, weekdayOfDay } from './calendar.ts';

interface FederalHoliday {
  readonly name: string;
  /** The holiday's own date, 'YYYY-MM-DD'. */
  readonly date: string;
  /** The weekday it is observed on (equal to `date` unless that is a Saturday or Sunday). */
  readonly observed: string;
}

interface HolidayDays {
  readonly name: string;
  readonly day: number;
  readonly observedDay: number;
}

/** Day number of the n-th (1-based) given weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((weekday - weekdayOfDay(first) + 7) % 7) + (n - 1) * 7;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - ((weekdayOfDay(last) - weekday + 7) % 7);
}

function fixed(name: string, day: number): HolidayDays {
  const wd = weekdayOfDay(day);
  return { name, day, observedDay: wd === 6 ? day - 1 : wd === 0 ? day + 1 : day };
}

function floating(name: string, day: number): HolidayDays {
  return { name, day, observedDay: day };
}

function holidaysOf(year: number): HolidayDays[] {
  const list = [
    fixed("New Year's Day", daysFromCivil(year, 1, 1)),
    floating('Birthday of Martin Luther King, Jr.', nthWeekday(year, 1, 1, 3)),
    floating("Washington's Birthday", nthWeekday(year, 2, 1, 3)),
    floating('Memorial Day', lastWeekday(year, 5, 1)),
    fixed('Independence Day', daysFromCivil(year, 7, 4)),
    floating('Labor Day', nthWeekday(year, 9, 1, 1)),
    floating('Columbus Day', nthWeekday(year, 10, 1, 2)),
    fixed('Veterans Day', daysFromCivil(year, 11, 11)),
    floating('Thanksgiving Day', nthWeekday(year, 11, 4, 4)),
    fixed('Christmas Day', daysFromCivil(year, 12, 25)),
  ];
  if (year >= 2021) list.splice(4, 0, fixed('Juneteenth National Independence Day', daysFromCivil(year, 6, 19)));
  return list;
}

/** The federal holidays whose own date falls in `year`, in calendar order. */
export function federalHolidays(year: number): FederalHoliday[] {
  return holidaysOf(year).map((h) => ({ name: h.name, date: isoDateOfDay(h.day), observed: isoDateOfDay(h.observedDay) }));
}

/** Day number → holiday name, filled one year at a time on first use. */
const byDay = new Map<number, string>();
const filledYears = new Set<number>();
/** Days in [coveredFrom, coveredTo] are fully known: a lookup there is one Map read. */
let coveredFrom = 0;
let coveredTo = -1;

function fillYear(year: number): void {
  if (filledYears.has(year)) return;
  filledYears.add(year);
  for (const h of holidaysOf(year)) {
    byDay.set(h.day, h.name);
    if (h.observedDay !== h.day) byDay.set(h.observedDay, `${h.name} (observed)`);
  }
}

/**
 * The name of the federal holiday on local day number `day` (the holiday itself or its observed
 * weekday), or null.
 */
export function federalHolidayOnDay(day: number): string | null {
  if (day < coveredFrom || day > coveredTo) {
    const year = civilFromDays(day).year;
    fillYear(year);
    // An observed day can belong to the neighbouring year (New Year's Day observed on December 31).
    fillYear(year + 1);
    if (coveredTo < coveredFrom) {
      coveredFrom = daysFromCivil(year, 1, 1);
      coveredTo = daysFromCivil(year + 1, 1, 1) - 1;
    } else if (year === civilFromDays(coveredTo).year + 1) {
      coveredTo = daysFromCivil(year + 1, 1, 1) - 1;
    } else if (year === civilFromDays(coveredFrom).year - 1) {
      coveredFrom = daysFromCivil(year, 1, 1);
    }
  }
  return byDay.get(day) ?? null;
}
