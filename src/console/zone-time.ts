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
