/** How the console shows values: masked personal data, instants in a zone, field names. */

/** SSN digits and birthdays are never shown: only whether one is on file. */
export function masked(value: string | undefined): string {
  return value === undefined || value === '' ? '—' : '•••• on file';
}

/** An instant on the wall clock of a zone, e.g. "Tue 1 Dec, 10:00 (America/Chicago)". */
export function localTime(instant: string, zone: string, withZone = true): string {
  const text = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
  return withZone ? `${text} (${zone})` : text;
}

const PROVENANCE: Record<string, string> = { caller: 'sent by you', lms: 'from the LMS', zip: 'derived from the ZIP code' };

export function provenanceLabel(source: string | undefined): string {
  return source === undefined ? '' : (PROVENANCE[source] ?? source);
}
