/**
 * The plan, drawn: one row per candidate zone, the days of the plan across, the lawful window
 * (08:00–21:00 local, Regulation F's convenient hours) of each day in each zone in green, Sundays
 * and federal holidays shaded, and each attempt a mark at its instant in every row — a call must
 * be lawful in all of them. A moved attempt also shows where it wanted to be, joined to where it
 * went. Marks are buttons: Enter, Space or a click selects the attempt.
 *
 * Above the zones, once the API has answered, a row "every rule" draws the stretches in which
 * the compliance engine lets a call start for this borrower (POST /compliance/check with
 * windowsUntil): the company's buffers and blocked windows, state hours and caps, and the calls
 * already recorded — what the green 08:00–21:00 bands alone cannot show.
 */
import { federalHolidayOnDay } from '../compliance/holidays.ts';
import { h, s } from './dom.ts';
import type { Explanation } from './explanation.ts';
import { DAY, instantOf, localDay } from './zone-time.ts';

export interface PlottedTask {
  readonly id: string;
  readonly at: number;
  readonly status: string;
  readonly label: string;
  readonly explanation: Explanation;
}

/** A stretch in which the engine lets a call start: [from, to), epoch ms. */
export interface LawfulStretch {
  readonly from: number;
  readonly to: number;
}

const LABEL_WIDTH = 190;
const ROW = 34;
const TOP = 26;
const WIDTH = 1180;

/** The instants the chart spans: whole days on the first zone's clock, at least a week. */
export function chartRange(tasks: readonly PlottedTask[], zones: readonly string[]): { start: number; end: number } | null {
  if (tasks.length === 0 || zones.length === 0) return null;
  const home = zones[0] as string;
  const instants = tasks.flatMap((t) => [t.at, ...(t.explanation.preferred ? [Date.parse(t.explanation.preferred.at)] : [])]);
  const firstDay = localDay(home, Math.min(...instants));
  const lastDay = Math.max(localDay(home, Math.max(...instants)), firstDay + 6);
  return { start: instantOf(home, firstDay, 0), end: instantOf(home, lastDay + 1, 0) };
}

export function planChart(
  tasks: readonly PlottedTask[],
  zones: readonly string[],
  onSelect: (task: PlottedTask) => void,
  lawful: readonly LawfulStretch[] | null = null,
): SVGSVGElement | HTMLElement {
  const range = chartRange(tasks, zones);
  if (range === null) return h('p', {}, 'Nothing to draw: the plan has no attempts.');
  const home = zones[0] as string;
  const { start, end } = range;
  const firstDay = localDay(home, start);
  const lastDay = localDay(home, end - 1);
  const x = (instant: number) => LABEL_WIDTH + ((instant - start) / (end - start)) * (WIDTH - LABEL_WIDTH - 10);
  // The engine's row, when it has answered, sits above the zones.
  const rows = lawful === null ? zones.length : zones.length + 1;
  const zonesTop = lawful === null ? TOP : TOP + ROW;
  const height = TOP + rows * ROW + 40;
  const svg = s('svg', {
    class: 'plan-chart',
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: 'group',
    'aria-label': `Planned attempts from ${new Date(start).toDateString()} against the lawful window in ${zones.join(', ')}`,
  });

  // Day columns, labelled on the wall clock of the first zone.
  for (let day = firstDay; day <= lastDay; day++) {
    const left = x(instantOf(home, day, 0));
    const label = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' }).format(day * DAY);
    svg.append(s('text', { x: left + 4, y: 14, class: 'day-label' }, label), s('line', { x1: left, x2: left, y1: 18, y2: height - 30, class: 'day-line' }));
  }

  if (lawful !== null) {
    svg.append(s('text', { x: 4, y: TOP + ROW / 2 + 4, class: 'zone-label' }, 'every rule'));
    if (lawful.length === 0) svg.append(s('text', { x: LABEL_WIDTH, y: TOP + ROW / 2 + 4, class: 'legend' }, 'no lawful time in this span'));
    for (const stretch of lawful) {
      const from = Math.max(start, stretch.from);
      const to = Math.min(end, stretch.to);
      if (to <= from) continue;
      svg.append(
        s(
          'rect',
          { x: x(from), y: TOP + 8, width: Math.max(1, x(to) - x(from)), height: ROW - 16, class: 'engine-lawful' },
          s('title', {}, `A call may start from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} (every rule, the calls already recorded)`),
        ),
      );
    }
  }

  zones.forEach((zone, row) => {
    const top = zonesTop + row * ROW;
    svg.append(s('text', { x: 4, y: top + ROW / 2 + 4, class: 'zone-label' }, zone));
    for (let day = localDay(zone, start) - 1; day <= localDay(zone, end) + 1; day++) {
      const dayStart = Math.max(start, instantOf(zone, day, 0));
      const dayEnd = Math.min(end, instantOf(zone, day + 1, 0));
      if (dayEnd <= dayStart) continue;
      const weekday = new Date(day * DAY).getUTCDay();
      const holiday = federalHolidayOnDay(day);
      if (weekday === 0 || holiday) {
        svg.append(
          s(
            'rect',
            { x: x(dayStart), y: top + 2, width: x(dayEnd) - x(dayStart), height: ROW - 4, class: 'blocked-day' },
            s('title', {}, `${holiday ?? 'Sunday'} in ${zone}: no calls when the company blocks ${holiday ? 'federal holidays' : 'Sundays'} (the default)`),
          ),
        );
      }
      const open = Math.max(start, instantOf(zone, day, 8 * 60));
      const close = Math.min(end, instantOf(zone, day, 21 * 60));
      if (close > open) {
        svg.append(
          s('rect', { x: x(open), y: top + 8, width: x(close) - x(open), height: ROW - 16, class: 'lawful' }, s('title', {}, `08:00–21:00 in ${zone}`)),
        );
      }
    }
  });

  for (const task of tasks) {
    const px = x(task.at);
    const group = s('g', {
      class: `attempt ${task.status}${task.explanation.moved ? ' moved' : ''}`,
      tabindex: 0,
      role: 'button',
      'aria-label': task.label,
      'data-task': task.id,
    });
    const preferred = task.explanation.preferred ? Date.parse(task.explanation.preferred.at) : null;
    if (task.explanation.moved && preferred !== null && preferred >= start && preferred <= end) {
      const bottom = TOP + rows * ROW;
      group.append(
        s('line', { x1: x(preferred), x2: px, y1: bottom + 8, y2: bottom + 8, class: 'moved-path' }),
        s('circle', { cx: x(preferred), cy: bottom + 8, r: 4, class: 'preferred' }),
      );
    }
    for (let row = 0; row < rows; row++) group.append(s('rect', { x: px - 3, y: TOP + row * ROW + 4, width: 6, height: ROW - 8, class: 'mark' }));
    group.append(s('title', {}, task.label));
    const select = () => onSelect(task);
    group.addEventListener('click', select);
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select();
      }
    });
    svg.append(group);
  }
  const legendY = height - 10;
  svg.append(
    s('rect', { x: 4, y: legendY - 9, width: 14, height: 10, class: 'lawful' }),
    s('text', { x: 22, y: legendY, class: 'legend' }, '08:00–21:00 local'),
    s('rect', { x: 150, y: legendY - 9, width: 14, height: 10, class: 'blocked-day' }),
    s('text', { x: 168, y: legendY, class: 'legend' }, 'Sunday or federal holiday'),
    s('circle', { cx: 350, cy: legendY - 4, r: 4, class: 'preferred' }),
    s('text', { x: 358, y: legendY, class: 'legend' }, 'where a moved attempt wanted to be'),
    s('rect', { x: 600, y: legendY - 9, width: 14, height: 10, class: 'engine-lawful' }),
    s('text', { x: 618, y: legendY, class: 'legend' }, lawful === null ? 'every rule: asking the engine…' : 'a call may start (every rule)'),
  );
  return svg;
}
