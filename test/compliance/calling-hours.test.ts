import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, evaluate, nextAllowedAt } from '../../src/compliance/engine.ts';
import { LEGAL_ONLY, at, codes, facts, iso } from './helpers.ts';

const ET = 'America/New_York';
const CT = 'America/Chicago';
const MT = 'America/Denver';
const PT = 'America/Los_Angeles';

describe('calling hours: [08:00, 21:00) local', () => {
  const f = facts({ timezone: ET });
  it('08:00:00.000 is allowed, 07:59:59.999 is not', () => {
    assert.equal(evaluate(f, at('2026-12-01T13:00:00Z'), LEGAL_ONLY).allowed, true);
    const before = evaluate(f, at('2026-12-01T13:00:00Z') - 1, LEGAL_ONLY);
    assert.equal(before.allowed, false);
    assert.deepEqual(codes(before), ['OUTSIDE_CALLING_HOURS']);
    assert.equal(before.reasons[0]!.zone, ET);
    assert.equal(before.reasons[0]!.rule, '15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i)');
  });
  it('20:59:59.999 is allowed, 21:00:00.000 is not', () => {
    assert.equal(evaluate(f, at('2026-12-02T02:00:00Z') - 1, LEGAL_ONLY).allowed, true);
    assert.equal(evaluate(f, at('2026-12-02T02:00:00Z'), LEGAL_ONLY).allowed, false);
  });
  it('the next allowed instant after hours is the next local 08:00', () => {
    assert.equal(iso(nextAllowedAt(f, at('2026-12-02T02:00:00Z'), LEGAL_ONLY)), '2026-12-02T13:00:00.000Z');
    assert.equal(iso(nextAllowedAt(f, at('2026-12-01T13:00:00Z'), LEGAL_ONLY)), '2026-12-01T13:00:00.000Z');
  });
  it('buffers narrow the window: start +30 min, end -10 min (no call starts after 20:50)', () => {
    const p = { ...LEGAL_ONLY, startBufferMinutes: 30, endBufferMinutes: 10 };
    assert.equal(evaluate(f, at('2026-12-01T13:29:59Z'), p).allowed, false);
    assert.equal(evaluate(f, at('2026-12-01T13:30:00Z'), p).allowed, true);
    assert.equal(evaluate(f, at('2026-12-02T01:49:59Z'), p).allowed, true);
    assert.equal(evaluate(f, at('2026-12-02T01:50:00Z'), p).allowed, false);
    assert.match(evaluate(f, at('2026-12-02T01:50:00Z'), p).reasons[0]!.detail, /08:30–20:50/);
  });
  it('buffers that leave no window block for good', () => {
    const p = { ...LEGAL_ONLY, startBufferMinutes: 400, endBufferMinutes: 400 };
    const d = decide(f, at('2026-12-01T15:00:00Z'), p);
    assert.equal(d.allowed, false);
    assert.equal(d.nextAllowedAt, null);
  });
});

describe('2026 DST days (America/New_York)', () => {
  const f = facts({ timezone: ET });
  it('2026-03-08: 08:00 EDT is 12:00Z (a fixed EST offset would say 07:00)', () => {
    assert.equal(evaluate(f, at('2026-03-08T12:00:00Z') - 1, LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(f, at('2026-03-08T12:00:00Z'), LEGAL_ONLY).allowed, true);
    assert.equal(evaluate(f, at('2026-03-09T01:00:00Z') - 1, LEGAL_ONLY).allowed, true);
    assert.equal(evaluate(f, at('2026-03-09T01:00:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(iso(nextAllowedAt(f, at('2026-03-08T05:00:00Z'), LEGAL_ONLY)), '2026-03-08T12:00:00.000Z');
    // The day before is still EST.
    assert.equal(iso(nextAllowedAt(f, at('2026-03-07T05:00:00Z'), LEGAL_ONLY)), '2026-03-07T13:00:00.000Z');
  });
  it('2026-11-01: 08:00 EST is 13:00Z; the repeated 01:00 hour is outside the window both times', () => {
    assert.equal(evaluate(f, at('2026-11-01T05:30:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(f, at('2026-11-01T06:30:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(f, at('2026-11-01T12:30:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(iso(nextAllowedAt(f, at('2026-11-01T04:00:00Z'), LEGAL_ONLY)), '2026-11-01T13:00:00.000Z');
    assert.equal(evaluate(f, at('2026-11-02T02:00:00Z') - 1, LEGAL_ONLY).allowed, true);
    assert.equal(evaluate(f, at('2026-11-02T02:00:00Z'), LEGAL_ONLY).allowed, false);
    // The evening before is still EDT: 21:00 EDT = 01:00Z.
    assert.equal(evaluate(f, at('2026-11-01T01:00:00Z') - 1, LEGAL_ONLY).allowed, true);
    assert.equal(evaluate(f, at('2026-11-01T01:00:00Z'), LEGAL_ONLY).allowed, false);
  });
});

/**
 * Expected windows worked out by hand from the zones' UTC offsets: open = the latest local 08:00,
 * close = the earliest local 21:00. Winter date 2026-12-01 (Tue), summer date 2026-07-14 (Tue).
 */
const CASES: Array<{ name: string; zones: string[]; date: 'winter' | 'summer'; open: string; close: string }> = [
  { name: 'Arizona (Phoenix, no DST), summer', zones: ['America/Phoenix'], date: 'summer', open: '15:00', close: '04:00' },
  { name: 'Navajo Nation (America/Denver, DST), summer', zones: [MT], date: 'summer', open: '14:00', close: '03:00' },
  { name: '928 area code: Phoenix + Navajo, summer', zones: ['America/Phoenix', MT], date: 'summer', open: '15:00', close: '03:00' },
  { name: '928 area code: Phoenix + Navajo, winter', zones: ['America/Phoenix', MT], date: 'winter', open: '15:00', close: '04:00' },
  { name: 'Hawaii', zones: ['Pacific/Honolulu'], date: 'winter', open: '18:00', close: '07:00' },
  { name: 'Hawaii, summer (no DST)', zones: ['Pacific/Honolulu'], date: 'summer', open: '18:00', close: '07:00' },
  { name: 'Alaska (Anchorage)', zones: ['America/Anchorage'], date: 'winter', open: '17:00', close: '06:00' },
  { name: 'Adak', zones: ['America/Adak'], date: 'winter', open: '18:00', close: '07:00' },
  { name: '907 area code: Anchorage + Adak, winter', zones: ['America/Anchorage', 'America/Adak'], date: 'winter', open: '18:00', close: '06:00' },
  { name: '907 area code: Anchorage + Adak, summer', zones: ['America/Anchorage', 'America/Adak'], date: 'summer', open: '17:00', close: '05:00' },
  { name: 'Indiana 812: Indianapolis + Chicago', zones: ['America/Indiana/Indianapolis', CT], date: 'winter', open: '14:00', close: '02:00' },
  { name: 'Indiana Knox (Central)', zones: ['America/Indiana/Knox'], date: 'winter', open: '14:00', close: '03:00' },
  { name: 'Indiana Tell City (Central), summer', zones: ['America/Indiana/Tell_City'], date: 'summer', open: '13:00', close: '02:00' },
  { name: 'Florida panhandle 850: Chicago + New York, summer', zones: [CT, ET], date: 'summer', open: '13:00', close: '01:00' },
  { name: 'Florida panhandle address only (Pensacola, Central)', zones: [CT], date: 'winter', open: '14:00', close: '03:00' },
  { name: 'Tennessee 931: Chicago + New York', zones: [CT, ET], date: 'winter', open: '14:00', close: '02:00' },
  { name: 'Kentucky: Louisville + Chicago', zones: ['America/Kentucky/Louisville', CT], date: 'winter', open: '14:00', close: '02:00' },
  { name: 'Kentucky: Monticello (Eastern)', zones: ['America/Kentucky/Monticello'], date: 'summer', open: '12:00', close: '01:00' },
  { name: 'El Paso address (Mountain)', zones: [MT], date: 'winter', open: '15:00', close: '04:00' },
  { name: 'El Paso 915 kept as NANPA CM: Denver + Chicago', zones: [MT, CT], date: 'winter', open: '15:00', close: '03:00' },
  { name: 'Idaho 208: Boise + Los Angeles', zones: ['America/Boise', PT], date: 'winter', open: '16:00', close: '04:00' },
  { name: 'Malheur County OR (Boise) with a 541 number (LA + Boise)', zones: ['America/Boise', PT], date: 'summer', open: '15:00', close: '03:00' },
  { name: 'Nebraska 308: Chicago + Denver', zones: [CT, MT], date: 'winter', open: '15:00', close: '03:00' },
  { name: 'Kansas 620: Chicago + Denver, summer', zones: [CT, MT], date: 'summer', open: '14:00', close: '02:00' },
  { name: 'North Dakota 701: Chicago + Denver + ND/Center', zones: [CT, MT, 'America/North_Dakota/Center'], date: 'winter', open: '15:00', close: '03:00' },
  { name: 'South Dakota 605: Chicago + Denver', zones: [CT, MT], date: 'winter', open: '15:00', close: '03:00' },
  { name: 'Michigan UP 906: Detroit + Menominee', zones: ['America/Detroit', 'America/Menominee'], date: 'winter', open: '14:00', close: '02:00' },
  { name: '212 number + San Francisco address: 11:00–21:00 ET', zones: [PT, ET], date: 'winter', open: '16:00', close: '02:00' },
];

describe('calling window over candidate-zone sets', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const day = c.date === 'winter' ? '2026-12-01' : '2026-07-14';
      const next = c.date === 'winter' ? '2026-12-02' : '2026-07-15';
      const open = at(`${day}T${c.open}:00Z`);
      const close = at(`${c.close < c.open ? next : day}T${c.close}:00Z`);
      // Split the zones over the three inputs to exercise the union.
      const f = facts({
        timezone: null,
        addressTimezones: c.zones.slice(0, 1),
        phoneTimezones: c.zones.slice(1),
      });
      assert.equal(evaluate(f, open - 1, LEGAL_ONLY).allowed, false, 'just before open');
      assert.equal(evaluate(f, open, LEGAL_ONLY).allowed, true, 'at open');
      assert.equal(evaluate(f, close - 1, LEGAL_ONLY).allowed, true, 'just before close');
      assert.equal(evaluate(f, close, LEGAL_ONLY).allowed, false, 'at close');
      assert.equal(nextAllowedAt(f, open - 6 * 3_600_000, LEGAL_ONLY), open);
      assert.equal(nextAllowedAt(f, close, LEGAL_ONLY), open + 86_400_000);
      assert.deepEqual(evaluate(f, open, LEGAL_ONLY).candidateZones, c.zones);
    });
  }

  it('212 + SF: before 11:00 ET only the Pacific zone objects', () => {
    const f = facts({ timezone: null, addressTimezones: [PT], phoneTimezones: [ET] });
    const e = evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(
      e.reasons.map((r) => r.zone),
      [PT],
    );
    assert.match(e.reasons[0]!.detail, /It is 07:00 in America\/Los_Angeles/);
  });
});

describe('location', () => {
  it('no candidate zone at all blocks for good', () => {
    const d = decide(facts({ timezone: null }), at('2026-12-01T17:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(codes(d), ['UNKNOWN_LOCATION']);
    assert.equal(d.nextAllowedAt, null);
    assert.match(d.reasons[0]!.rule, /1006\.6\(b\)\(1\)\(i\)/);
  });
  it('a toll-free number without other facts has no zones', () => {
    const d = decide(facts({ timezone: null, phoneTimezones: [] }), at('2026-12-01T17:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(codes(d), ['UNKNOWN_LOCATION']);
  });
  it('an invalid zone blocks rather than being ignored', () => {
    const d = decide(facts({ timezone: 'Mars/Olympus', addressTimezones: [ET] }), at('2026-12-01T17:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(codes(d), ['INVALID_TIMEZONE']);
    assert.equal(d.nextAllowedAt, null);
  });
  it('links are canonicalised and duplicates merged', () => {
    const e = evaluate(facts({ timezone: 'US/Eastern', addressTimezones: [ET], phoneTimezones: ['America/New_York'] }), at('2026-12-01T17:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(e.candidateZones, [ET]);
  });
});
