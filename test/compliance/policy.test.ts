import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, evaluate, nextAllowedAt } from '../../src/compliance/engine.ts';
import { federalHolidayOnDay, federalHolidays } from '../../src/compliance/holidays.ts';
import { daysFromCivil } from '../../src/compliance/calendar.ts';
import { resolvePolicy } from '../../src/compliance/policy.ts';
import { ComplianceInputError, DEFAULT_POLICY } from '../../src/compliance/types.ts';
import { LEGAL_ONLY, at, call, codes, facts, iso } from './helpers.ts';

const ET = 'America/New_York';

describe('default policy', () => {
  it('is conservative: collector, strict, buffers, caps, Sundays and holidays off, an artificial voice with no exemption claimed, no marketing', () => {
    assert.deepEqual(
      { ...DEFAULT_POLICY },
      {
        callerType: 'collector',
        waLicensed: true,
        mode: 'strict',
        regFForCreditors: true,
        blockSundays: true,
        blockHolidays: true,
        startBufferMinutes: 0,
        endBufferMinutes: 10,
        dailyCapPerPerson: 2,
        minGapMinutes: 120,
        artificialVoice: true,
        liveOperatorIntro: false,
        businessRelationship: false,
        marketingCalls: false,
      },
    );
    assert.ok(Object.isFrozen(DEFAULT_POLICY));
    assert.equal(evaluate(facts(), at('2026-12-01T01:50:00Z')).allowed, false); // 20:50 EST
    assert.equal(evaluate(facts(), at('2026-12-01T01:49:00Z')).allowed, true);
  });
  it('partial overrides merge over the defaults; nonsense is refused', () => {
    assert.equal(resolvePolicy({ mode: 'calendar' }).minGapMinutes, 120);
    assert.equal(resolvePolicy({ mode: undefined }).mode, 'strict');
    assert.throws(() => resolvePolicy({ startBufferMinutes: -5 }), ComplianceInputError);
    assert.throws(() => resolvePolicy({ minGapMinutes: 1.5 }), ComplianceInputError);
    assert.throws(() => resolvePolicy({ mode: 'lenient' as 'strict' }), ComplianceInputError);
  });
});

describe('daily cap per person', () => {
  const p = { ...LEGAL_ONLY, dailyCapPerPerson: 2 };
  const today = [call('2026-12-01T14:00:00Z', { loanIds: ['A'] }), call('2026-12-01T15:00:00Z', { loanIds: ['B'], outcome: 'not_connected' })];
  it('counts every attempt of the local day, every debt, every outcome', () => {
    assert.equal(evaluate(facts({ history: today.slice(0, 1) }), at('2026-12-01T20:00:00Z'), p).allowed, true);
    const e = evaluate(facts({ history: today, loanId: 'C' }), at('2026-12-01T20:00:00Z'), p);
    assert.deepEqual(codes(e), ['DAILY_CAP']);
    assert.equal(e.reasons[0]!.zone, ET);
    assert.equal(iso(nextAllowedAt(facts({ history: today }), at('2026-12-01T20:00:00Z'), p)), '2026-12-02T13:00:00.000Z');
  });
  it('is judged on the local day of every candidate zone', () => {
    // Nov 30 19:00 PST = Dec 1 03:00Z = Nov 30 22:00 EST; two calls on Nov 30 in both zones.
    const yesterday = [call('2026-11-30T18:00:00Z'), call('2026-11-30T20:00:00Z')];
    const f = facts({ timezone: ET, phoneTimezones: ['America/Los_Angeles'], history: yesterday });
    // Dec 1 16:00Z is Dec 1 in both: allowed.
    assert.equal(evaluate(f, at('2026-12-01T16:00:00Z'), p).allowed, true);
    // Nov 30 23:00Z is Nov 30 in both: refused.
    assert.deepEqual(codes(evaluate(f, at('2026-11-30T23:00:00Z'), p)), ['DAILY_CAP']);
  });
});

describe('minimum gap between attempts', () => {
  const p = { ...LEGAL_ONLY, minGapMinutes: 120 };
  it('holds after a recorded attempt and before a planned one', () => {
    const f = facts({ history: [call('2026-12-01T15:00:00Z'), call('2026-12-01T21:00:00Z')] });
    assert.deepEqual(codes(evaluate(f, at('2026-12-01T16:59:59Z'), p)), ['MIN_GAP']);
    assert.equal(evaluate(f, at('2026-12-01T17:00:00Z'), p).allowed, true);
    assert.equal(evaluate(f, at('2026-12-01T19:00:00Z'), p).allowed, true);
    assert.equal(evaluate(f, at('2026-12-01T19:00:01Z'), p).allowed, false);
    assert.match(evaluate(f, at('2026-12-01T20:00:00Z'), p).reasons[0]!.detail, /is planned at 2026-12-01T21:00:00.000Z, 60 min after/);
    assert.equal(iso(nextAllowedAt(f, at('2026-12-01T15:30:00Z'), p)), '2026-12-01T17:00:00.000Z');
    assert.equal(iso(nextAllowedAt(f, at('2026-12-01T19:30:00Z'), p)), '2026-12-01T23:00:00.000Z');
  });
  it('ignores inbound contacts, texts and emails', () => {
    const f = facts({ history: [call('2026-12-01T15:00:00Z', { direction: 'inbound' }), call('2026-12-01T15:10:00Z', { channel: 'sms' })] });
    assert.equal(evaluate(f, at('2026-12-01T15:30:00Z'), p).allowed, true);
  });
});

describe('Sundays', () => {
  const p = { ...LEGAL_ONLY, blockSundays: true };
  it('blocks the local Sunday in every candidate zone', () => {
    assert.deepEqual(codes(evaluate(facts(), at('2026-11-29T17:00:00Z'), p)), ['SUNDAY']);
    assert.equal(iso(nextAllowedAt(facts(), at('2026-11-29T17:00:00Z'), p)), '2026-11-30T13:00:00.000Z');
    // Saturday 17:00 EST is Sunday 08:00 in Guam.
    const e = evaluate(facts({ phoneTimezones: ['Pacific/Guam'] }), at('2026-11-28T22:00:00Z'), p);
    assert.deepEqual(
      e.reasons.map((r) => [r.code, r.zone]),
      [['SUNDAY', 'Pacific/Guam']],
    );
  });
});

describe('US federal holidays', () => {
  it('computes the 2026 calendar with observed days', () => {
    assert.deepEqual(
      federalHolidays(2026).map((h) => `${h.date}/${h.observed}`),
      [
        '2026-01-01/2026-01-01',
        '2026-01-19/2026-01-19',
        '2026-02-16/2026-02-16',
        '2026-05-25/2026-05-25',
        '2026-06-19/2026-06-19',
        '2026-07-04/2026-07-03',
        '2026-09-07/2026-09-07',
        '2026-10-12/2026-10-12',
        '2026-11-11/2026-11-11',
        '2026-11-26/2026-11-26',
        '2026-12-25/2026-12-25',
      ],
    );
  });
  it('shifts Saturday holidays to Friday and Sunday ones to Monday, across years', () => {
    const name = (y: number, m: number, d: number) => federalHolidayOnDay(daysFromCivil(y, m, d));
    assert.equal(name(2026, 7, 3), 'Independence Day (observed)');
    assert.equal(name(2026, 7, 4), 'Independence Day');
    assert.equal(name(2027, 12, 24), 'Christmas Day (observed)');
    assert.equal(name(2027, 12, 31), "New Year's Day (observed)");
    assert.equal(name(2027, 7, 5), 'Independence Day (observed)');
    assert.equal(name(2027, 6, 18), 'Juneteenth National Independence Day (observed)');
    assert.equal(name(2028, 11, 10), 'Veterans Day (observed)');
    assert.equal(name(2026, 11, 26), 'Thanksgiving Day');
    assert.equal(name(2026, 11, 27), null);
    assert.equal(name(2020, 6, 19), null); // before Juneteenth became a holiday
    assert.equal(name(2027, 5, 31), 'Memorial Day');
  });
  it('blocks them when the policy says so, on the local date of every zone', () => {
    const p = { ...LEGAL_ONLY, blockHolidays: true };
    for (const [instant, expected] of [
      ['2026-07-03T15:00:00Z', false],
      ['2026-11-26T15:00:00Z', false],
      ['2027-12-24T15:00:00Z', false],
      ['2026-11-27T15:00:00Z', true],
    ] as const) {
      assert.equal(evaluate(facts(), at(instant), p).allowed, expected, instant);
    }
    assert.match(evaluate(facts(), at('2026-11-26T15:00:00Z'), p).reasons[0]!.detail, /Thanksgiving Day/);
    assert.equal(evaluate(facts(), at('2026-11-26T15:00:00Z'), LEGAL_ONLY).allowed, true);
    // Wednesday 17:00 EST is Thanksgiving morning in Guam.
    assert.equal(evaluate(facts({ phoneTimezones: ['Pacific/Guam'] }), at('2026-11-25T22:00:00Z'), p).allowed, false);
  });
});

describe('all the company rules together', () => {
  it('finds the next instant that satisfies every rule at once', () => {
    // Thanksgiving week with the default policy: Thursday is a holiday, then 2 attempts on Friday.
    const history = [call('2026-11-27T14:00:00Z'), call('2026-11-27T16:00:00Z')];
    const d = decide(facts({ history }), at('2026-11-26T15:00:00Z'));
    assert.deepEqual(codes(d), ['FEDERAL_HOLIDAY']);
    // Friday: daily cap reached; Saturday 08:00 EST = 13:00Z.
    assert.equal(iso(d.nextAllowedAt), '2026-11-28T13:00:00.000Z');
  });
});
