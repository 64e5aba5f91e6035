/**
 * Wall-clock time in IANA zones, with the browser's Intl (the same IANA data the server uses
 * through its runtime): offsets, the instant of a local time, the local day of an instant.
 */
export const DAY = 86_400_000;

/** The offset of a zone from UTC at an instant, in ms. */
function offsetAt(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000;
}

/** The instant of a wall-clock time in a zone (days since 1970-01-01 and minutes into the day). */
export function instantOf(zone: string, day: number, minutes: number): number {
  const wall = day * DAY + minutes * 60_000;
  const first = wall - offsetAt(zone, wall);
  return wall - offsetAt(zone, first);
}

/** The local calendar day (days since 1970-01-01) of an instant in a zone. */
export function localDay(zone: string, instant: number): number {
  return Math.floor((instant + offsetAt(zone, instant)) / DAY);
}

/** A datetime-local value ('2026-12-01T08:05') read on the zone's wall clock; null if it is not one. */
export function instantFromLocal(value: string, zone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, hh, mm] = match.map(Number) as [number, number, number, number, number, number];
  return instantOf(zone, Date.UTC(y, mo - 1, d) / DAY, hh * 60 + mm);
}

/** An instant as a datetime-local value on the zone's wall clock ('2026-12-01T08:05'). */
export function localInputValue(instant: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
