/**
 * The plan, drawn: one row per candidate zone, the days of the plan across, the lawful window
 * (08:00–21:00 local, Regulation F's convenient hours) of each day in each zone in green, Sundays
 * and federal holidays shaded, and each attempt a mark at its instant in every row — a call must
 * be lawful in all of them. A moved attempt also shows where it wanted to be, joined to where it
 * went. Marks are buttons: Enter, Space or a click selects the attempt.
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

const LABEL_WIDTH = 190;
const ROW = 34;
const TOP = 26;
const WIDTH = 1180;

export function planChart(tasks: readonly PlottedTask[], zones: readonly string[], onSelect: (task: PlottedTask) => void): SVGSVGElement | HTMLElement {
  if (tasks.length === 0 || zones.length === 0) return h('p', {}, 'Nothing to draw: the plan has no attempts.');
  const home = zones[0] as string;
  const instants = tasks.flatMap((t) => [t.at, ...(t.explanation.preferred ? [Date.parse(t.explanation.preferred.at)] : [])]);
  const firstDay = localDay(home, Math.min(...instants));
  const lastDay = Math.max(localDay(home, Math.max(...instants)), firstDay + 6);
  const start = instantOf(home, firstDay, 0);
  const end = instantOf(home, lastDay + 1, 0);
  const x = (instant: number) => LABEL_WIDTH + ((instant - start) / (end - start)) * (WIDTH - LABEL_WIDTH - 10);
  const height = TOP + zones.length * ROW + 40;
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

  zones.forEach((zone, row) => {
    const top = TOP + row * ROW;
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
      const bottom = TOP + zones.length * ROW;
      group.append(
        s('line', { x1: x(preferred), x2: px, y1: bottom + 8, y2: bottom + 8, class: 'moved-path' }),
        s('circle', { cx: x(preferred), cy: bottom + 8, r: 4, class: 'preferred' }),
      );
    }
    zones.forEach((_zone, row) => group.append(s('rect', { x: px - 3, y: TOP + row * ROW + 4, width: 6, height: ROW - 8, class: 'mark' })));
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
  );
  return svg;
}
