import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysFromCivil, civilFromDays, weekdayOfDay, isoDateOfDay, dayOfIsoDate, minutesOfHhMm } from '../../src/compliance/calendar.ts';
import { formatLocal, instantOfLocal, localDateTime, localDay, offsetAt, wallClockCrossings, zoneTable } from '../../src/compliance/local-time.ts';
import { at, iso } from './helpers.ts';

const HOUR = 3_600_000;

function intlLocal(zone: string, t: number): string {
  const p: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const x of f.formatToParts(t)) p[x.type] = x.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

describe('calendar arithmetic', () => {
  it('round-trips day numbers and knows weekdays', () => {
    assert.equal(daysFromCivil(1970, 1, 1), 0);
    assert.equal(weekdayOfDay(0), 4); // Thursday
    assert.equal(isoDateOfDay(daysFromCivil(2026, 3, 8)), '2026-03-08');
    assert.equal(weekdayOfDay(daysFromCivil(2026, 3, 8)), 0);
    for (let d = -1000; d < 60_000; d += 17) {
      const c = civilFromDays(d);
      assert.equal(daysFromCivil(c.year, c.month, c.day), d);
      assert.equal(d, Date.UTC(c.year, c.month - 1, c.day) / 86_400_000);
    }
    assert.equal(dayOfIsoDate('2026-02-29'), null);
    assert.equal(dayOfIsoDate('2028-02-29'), daysFromCivil(2028, 2, 29));
    assert.equal(minutesOfHhMm('24:00'), 1440);
    assert.equal(minutesOfHhMm('24:01'), null);
    assert.equal(minutesOfHhMm('8:00'), null);
  });
});

describe('zone tables agree with Intl', () => {
  const zones = [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Phoenix',
    'America/Los_Angeles',
    'America/Anchorage',
    'America/Adak',
    'Pacific/Honolulu',
    'America/Indiana/Indianapolis',
    'America/Indiana/Knox',
    'America/Indiana/Tell_City',
    'America/Kentucky/Louisville',
    'America/Kentucky/Monticello',
    'America/Boise',
    'America/Menominee',
    'America/Detroit',
    'America/North_Dakota/Center',
    'America/North_Dakota/Beulah',
    'America/Puerto_Rico',
    'Pacific/Guam',
    'Pacific/Pago_Pago',
    'Europe/London',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
  ];
  for (const zone of zones) {
    it(zone, () => {
      const table = zoneTable(zone);
      // Every transition and the minutes either side of it, plus a deterministic spread of instants.
      for (let i = 1; i < table.starts.length; i++) {
        const s = table.starts[i]!;
        for (const t of [s - 60_000, s - 1, s, s + 60_000]) assert.equal(formatLocal(table, t).slice(0, 16), intlLocal(zone, t), `${zone} at ${iso(t)}`);
      }
      for (let t = at('1971-01-01T00:00:00Z'); t < at('2099-12-01T00:00:00Z'); t += 9_876_543_210) {
        assert.equal(formatLocal(table, t).slice(0, 16), intlLocal(zone, t));
      }
    });
  }

  it('falls back to Intl outside the table range', () => {
    const ny = zoneTable('America/New_York');
    assert.equal(offsetAt(ny, at('2150-07-01T12:00:00Z')), -4 * HOUR);
    assert.equal(offsetAt(ny, at('1960-01-01T12:00:00Z')), -5 * HOUR);
  });
});

describe('DST days in 2026', () => {
  const ny = zoneTable('America/New_York');
  it('2026-03-08: 02:00 EST jumps to 03:00 EDT', () => {
    assert.equal(offsetAt(ny, at('2026-03-08T06:59:59Z')), -5 * HOUR);
    assert.equal(offsetAt(ny, at('2026-03-08T07:00:00Z')), -4 * HOUR);
    const d = daysFromCivil(2026, 3, 8);
    assert.equal(iso(instantOfLocal(ny, d, 8 * HOUR)), '2026-03-08T12:00:00.000Z');
    assert.equal(iso(instantOfLocal(ny, d, 1.5 * HOUR)), '2026-03-08T06:30:00.000Z');
    // 02:30 does not exist: the first instant at or past it is the jump itself.
    assert.equal(iso(instantOfLocal(ny, d, 2.5 * HOUR)), '2026-03-08T07:00:00.000Z');
    assert.equal(localDateTime(ny, at('2026-03-08T07:00:00Z')).minuteOfDay, 180);
  });
  it('2026-11-01: 01:00–02:00 happens twice', () => {
    const d = daysFromCivil(2026, 11, 1);
    // The earlier of the two 01:30s is returned.
    assert.equal(iso(instantOfLocal(ny, d, 1.5 * HOUR)), '2026-11-01T05:30:00.000Z');
    assert.equal(formatLocal(ny, at('2026-11-01T05:30:00Z')), '2026-11-01 01:30');
    assert.equal(formatLocal(ny, at('2026-11-01T06:30:00Z')), '2026-11-01 01:30');
    assert.equal(iso(instantOfLocal(ny, d, 8 * HOUR)), '2026-11-01T13:00:00.000Z');
    const out: number[] = [];
    wallClockCrossings(ny, at('2026-11-01T04:00:00Z'), at('2026-11-01T12:00:00Z'), [1.5 * HOUR], out);
    // Both 01:30s, and the transition at which the clock goes back to 01:00.
    assert.deepEqual(out.sort((a, b) => a - b).map(iso), ['2026-11-01T05:30:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T06:30:00.000Z']);
  });
  it('local days follow the zone, not the process', () => {
    assert.equal(process.env.TZ === undefined || process.env.TZ !== 'America/New_York', true);
    const t = at('2026-12-01T04:30:00Z');
    assert.equal(isoDateOfDay(localDay(ny, t)), '2026-11-30');
    assert.equal(isoDateOfDay(localDay(zoneTable('Pacific/Honolulu'), t)), '2026-11-30');
    assert.equal(isoDateOfDay(localDay(zoneTable('Etc/UTC'), t)), '2026-12-01');
  });
  it('Arizona has no DST while the Navajo Nation (America/Denver) does', () => {
    const phx = zoneTable('America/Phoenix');
    const den = zoneTable('America/Denver');
    assert.equal(offsetAt(phx, at('2026-07-01T12:00:00Z')), -7 * HOUR);
    assert.equal(offsetAt(den, at('2026-07-01T12:00:00Z')), -6 * HOUR);
    assert.equal(offsetAt(phx, at('2026-12-01T12:00:00Z')), offsetAt(den, at('2026-12-01T12:00:00Z')));
    assert.equal(phx.starts.length, 1);
  });
});
