/**
 * The pure scheduling core: cadence validation, the planner and the re-check. No database.
 * Local times are checked against Intl directly (test/helpers/plan-check.ts), not against the
 * engine's own zone tables, and every plan is replayed through the compliance engine.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CallFacts, ContactEvent, Policy } from '../../src/compliance/index.ts';
import { DEFAULT_CADENCES, FALLBACK_CADENCE, defaultCadenceFor, validateCadence, type Cadence } from '../../src/scheduling/cadence.ts';
import { customerCallFacts, planningZone, type CustomerLocation } from '../../src/scheduling/customer-facts.ts';
import { explain, type Explanation, type Placement } from '../../src/scheduling/explanation.ts';
import { planSchedule, type Plan, type PlanInput } from '../../src/scheduling/planner.ts';
import { recheckPending, type PendingTask, type RecheckOutcome } from '../../src/scheduling/recheck.ts';
import { localDayNumber, minutesOfWall, replayViolations, wallClock } from '../helpers/plan-check.ts';

/** The explanation a planned attempt or a move reads as through the API. */
const explanationOf = (decided: { placement: Placement }): Explanation => explain(decided.placement);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ms(iso: string): number {
  const t = Date.parse(iso);
  assert.ok(Number.isFinite(t) && /(Z|[+-]\d\d:\d\d)$/.test(iso), `bad instant ${iso}`);
  return t;
}

function factsOf(location: CustomerLocation): CallFacts {
  return customerCallFacts(location, { lineType: 'unknown', tcpaConsent: true }, { doNotCall: false, purpose: 'collection' });
}

const LA_415: CustomerLocation = { zipCode: '94102', state: 'CA', timezone: 'America/Los_Angeles', phoneNumber: '+14155550123' };
const LA_212: CustomerLocation = { zipCode: '94102', state: 'CA', timezone: 'America/Los_Angeles', phoneNumber: '+12125550123' };
const NYC: CustomerLocation = { zipCode: '10001', state: 'NY', timezone: 'America/New_York', phoneNumber: '+12125550123' };
/** Eastern time without a state or city frequency cap (New York City caps 3 contacts in 7 days). */
const PHILLY: CustomerLocation = { zipCode: '19103', state: 'PA', timezone: 'America/New_York', phoneNumber: '+12155550123' };

function plan(location: CustomerLocation, over: Partial<PlanInput> & { now: number }): Plan {
  const facts = factsOf(location);
  return planSchedule({
    facts,
    ledger: [],
    cadence: DEFAULT_CADENCES.collections!,
    policy: {},
    zone: planningZone(facts)!,
    loanId: null,
    ...over,
  });
}

function cadence(over: Partial<Cadence>): Cadence {
  return { days: [0], timeRanges: [{ start: '10:00', end: '12:00' }], attemptsPerDay: 1, totalAttempts: 1, horizonDays: 7, ...over };
}

function call(iso: string, over: Partial<ContactEvent> = {}): ContactEvent {
  return { at: ms(iso), direction: 'outbound', channel: 'call', outcome: 'no_answer', phoneNumber: '+14155550123', ...over };
}

function assertLawful(location: CustomerLocation, ledger: readonly ContactEvent[], p: Plan, policy: Partial<Policy> = {}): void {
  const violations = replayViolations(
    factsOf(location),
    ledger,
    p.attempts.map((a) => ({ at: a.scheduledFor, loanId: a.loanId, consented: a.consented })),
    policy,
  );
  assert.deepEqual(
    violations.map((v) => ({ at: new Date(v.task.at).toISOString(), reasons: v.reasons })),
    [],
  );
}

describe('validateCadence', () => {
  const errorsOf = (input: unknown) => validateCadence(input).errors;
  const pointersOf = (input: unknown) =>
    errorsOf(input)
      .map((e) => e.pointer)
      .sort();
  const valid = cadence({ days: [0, 2], totalAttempts: 2, horizonDays: 5 });

  it('accepts every built-in cadence unchanged, and a minimal one', () => {
    for (const [name, c] of Object.entries(DEFAULT_CADENCES)) {
      const result = validateCadence(JSON.parse(JSON.stringify(c)));
      assert.deepEqual(result.errors, [], name);
      assert.deepEqual(result.cadence, c, name);
    }
    assert.deepEqual(validateCadence(valid), { cadence: valid, errors: [] });
    const widest = cadence({ timeRanges: [{ start: '00:00', end: '24:00' }] });
    assert.deepEqual(validateCadence(widest).errors, []);
  });

  it('maps task types to their default cadence, case-insensitively, and others to the fallback', () => {
    assert.equal(defaultCadenceFor('Collections'), DEFAULT_CADENCES.collections);
    assert.equal(defaultCadenceFor('VERIFICATION'), DEFAULT_CADENCES.verification);
    assert.equal(defaultCadenceFor('servicing'), DEFAULT_CADENCES.servicing);
    assert.equal(defaultCadenceFor('early-stage'), FALLBACK_CADENCE);
  });

  it('the defaults can reach their totals and stay within Reg F 7-in-7 by construction', () => {
    for (const [name, c] of Object.entries(DEFAULT_CADENCES)) {
      assert.ok(c.days.length * c.attemptsPerDay >= c.totalAttempts, `${name}: totalAttempts is reachable`);
      for (const first of c.days) {
        const inWeek = c.days.filter((d) => d >= first && d < first + 7).length * c.attemptsPerDay;
        assert.ok(inWeek <= 7, `${name}: at most 7 attempts in the 7 days from day ${first}`);
      }
      assert.ok(c.days.at(-1)! < c.horizonDays, `${name}: every day inside the horizon`);
    }
  });

  it('refuses anything but an object, at the root pointer', () => {
    for (const input of [null, undefined, [], 'collections', 7, true]) {
      assert.deepEqual(validateCadence(input), { cadence: null, errors: [{ pointer: '', detail: 'must be a JSON object' }] }, String(input));
    }
  });

  it('reports every missing field at once', () => {
    assert.deepEqual(
      errorsOf({}).sort((a, b) => a.pointer.localeCompare(b.pointer)),
      [
        { pointer: '/attemptsPerDay', detail: 'is required' },
        { pointer: '/days', detail: 'is required' },
        { pointer: '/horizonDays', detail: 'is required' },
        { pointer: '/timeRanges', detail: 'is required' },
        { pointer: '/totalAttempts', detail: 'is required' },
      ],
    );
  });

  it('refuses unknown fields by name', () => {
    assert.deepEqual(errorsOf({ ...valid, maxPerWeek: 7 }), [{ pointer: '/maxPerWeek', detail: 'is not a known field' }]);
    assert.deepEqual(errorsOf({ ...valid, timeRanges: [{ start: '10:00', end: '11:00', zone: 'UTC' }] }), [
      { pointer: '/timeRanges/0/zone', detail: 'is not a known field' },
    ]);
  });

  const integerCases: Array<[keyof Cadence, unknown, string]> = [
    ['horizonDays', 0, 'must be an integer from 1 to 60'],
    ['horizonDays', 61, 'must be an integer from 1 to 60'],
    ['horizonDays', 2.5, 'must be an integer from 1 to 60'],
    ['horizonDays', '14', 'must be an integer from 1 to 60'],
    ['horizonDays', null, 'must be an integer from 1 to 60'],
    ['attemptsPerDay', 0, 'must be an integer from 1 to 6'],
    ['attemptsPerDay', 7, 'must be an integer from 1 to 6'],
    ['attemptsPerDay', -1, 'must be an integer from 1 to 6'],
    ['totalAttempts', 0, 'must be an integer from 1 to 60'],
    ['totalAttempts', 61, 'must be an integer from 1 to 60'],
    ['totalAttempts', Number.NaN, 'must be an integer from 1 to 60'],
  ];
  for (const [field, value, detail] of integerCases) {
    it(`refuses ${field} = ${JSON.stringify(value) ?? String(value)}`, () => {
      assert.deepEqual(errorsOf({ ...valid, [field]: value }), [{ pointer: `/${field}`, detail }]);
    });
  }

  const dayCases: Array<[string, unknown, Array<{ pointer: string; detail: string }>]> = [
    ['not an array', 3, [{ pointer: '/days', detail: 'must be an array of day offsets' }]],
    ['empty', [], [{ pointer: '/days', detail: 'must list 1 to 60 day offsets' }]],
    ['too long', Array.from({ length: 61 }, (_, i) => i), [{ pointer: '/days', detail: 'must list 1 to 60 day offsets' }]],
    ['negative', [0, -1], [{ pointer: '/days/1', detail: 'must be a whole number of days, 0 or more' }]],
    ['fractional', [0.5], [{ pointer: '/days/0', detail: 'must be a whole number of days, 0 or more' }]],
    ['a string', ['1'], [{ pointer: '/days/0', detail: 'must be a whole number of days, 0 or more' }]],
    ['at the horizon', [0, 5], [{ pointer: '/days/1', detail: 'must be less than horizonDays (5)' }]],
    ['descending', [0, 3, 2], [{ pointer: '/days/2', detail: 'must be greater than the day before it (ascending, no repeats)' }]],
    ['repeated', [0, 1, 1], [{ pointer: '/days/2', detail: 'must be greater than the day before it (ascending, no repeats)' }]],
  ];
  for (const [label, days, expected] of dayCases) {
    it(`refuses days ${label}`, () => {
      assert.deepEqual(errorsOf({ ...valid, days }), expected);
    });
  }

  const rangeCases: Array<[string, unknown, Array<{ pointer: string; detail: string }>]> = [
    ['not an array', { start: '10:00', end: '11:00' }, [{ pointer: '/timeRanges', detail: 'must be an array of {start, end}' }]],
    ['empty', [], [{ pointer: '/timeRanges', detail: 'must list 1 to 6 ranges' }]],
    ['too many', Array.from({ length: 7 }, () => ({ start: '10:00', end: '11:00' })), [{ pointer: '/timeRanges', detail: 'must list 1 to 6 ranges' }]],
    ['an item not an object', ['10:00-11:00'], [{ pointer: '/timeRanges/0', detail: 'must be an object {start, end}' }]],
    ['a null item', [null], [{ pointer: '/timeRanges/0', detail: 'must be an object {start, end}' }]],
    [
      'start without a leading zero',
      [{ start: '9:00', end: '11:00' }],
      [{ pointer: '/timeRanges/0/start', detail: 'must be a local time HH:MM (00:00–23:59)' }],
    ],
    ['start 24:00', [{ start: '24:00', end: '24:00' }], [{ pointer: '/timeRanges/0/start', detail: 'must be a local time HH:MM (00:00–23:59)' }]],
    ['minute 60', [{ start: '10:60', end: '11:00' }], [{ pointer: '/timeRanges/0/start', detail: 'must be a local time HH:MM (00:00–23:59)' }]],
    ['end hour 25', [{ start: '10:00', end: '25:00' }], [{ pointer: '/timeRanges/0/end', detail: 'must be a local time HH:MM (00:01–24:00)' }]],
    ['end with seconds', [{ start: '10:00', end: '11:00:00' }], [{ pointer: '/timeRanges/0/end', detail: 'must be a local time HH:MM (00:01–24:00)' }]],
    ['a missing end', [{ start: '10:00' }], [{ pointer: '/timeRanges/0/end', detail: 'must be a local time HH:MM (00:01–24:00)' }]],
    ['end equal to start', [{ start: '10:00', end: '10:00' }], [{ pointer: '/timeRanges/0/end', detail: 'must be later than start' }]],
    ['end before start', [{ start: '10:00', end: '09:00' }], [{ pointer: '/timeRanges/0/end', detail: 'must be later than start' }]],
    [
      'the second item bad',
      [
        { start: '10:00', end: '11:00' },
        { start: '18:00', end: '17:00' },
      ],
      [{ pointer: '/timeRanges/1/end', detail: 'must be later than start' }],
    ],
  ];
  for (const [label, timeRanges, expected] of rangeCases) {
    it(`refuses timeRanges ${label}`, () => {
      assert.deepEqual(errorsOf({ ...valid, timeRanges }), expected);
    });
  }

  it('lists every problem of a cadence that is wrong in several places', () => {
    const result = validateCadence({
      days: [3, 1, -2],
      timeRanges: [{ start: '7', end: '08:00' }],
      attemptsPerDay: 0,
      totalAttempts: 1,
      horizonDays: 90,
      extra: true,
    });
    assert.equal(result.cadence, null);
    assert.deepEqual(
      result.errors.map((e) => e.pointer).sort(),
      ['/attemptsPerDay', '/days/1', '/days/2', '/extra', '/horizonDays', '/timeRanges/0/start'].sort(),
    );
    assert.deepEqual(pointersOf({ ...valid, days: [0, 9], horizonDays: 5 }), ['/days/1']);
  });
});

describe('planSchedule: placement', () => {
  // Monday 2026-11-30, 07:00 in Los Angeles.
  const monday = ms('2026-11-30T15:00:00Z');

  it('places attempts at their preferred local times when those are lawful', () => {
    const c = cadence({
      days: [0, 1, 2],
      timeRanges: [
        { start: '10:00', end: '12:00' },
        { start: '17:30', end: '19:30' },
      ],
      totalAttempts: 3,
    });
    const p = plan(LA_415, { now: monday, cadence: c });
    assert.deepEqual(
      p.attempts.map((a) => wallClock('America/Los_Angeles', a.scheduledFor)),
      ['2026-11-30 10:00', '2026-12-01 17:30', '2026-12-02 10:00'],
    );
    for (const a of p.attempts) {
      assert.equal(explanationOf(a).moved, false);
      assert.deepEqual(explanationOf(a).blockedBy, []);
      assert.equal(explanationOf(a).preferred?.at, new Date(a.scheduledFor).toISOString());
      assert.equal(a.consented, false);
      assert.equal(a.loanId, null);
    }
    assertLawful(LA_415, [], p);
  });

  it('plans the default collections cadence in full, in order, inside the horizon', () => {
    const p = plan(LA_415, { now: monday });
    assert.equal(p.attempts.length, DEFAULT_CADENCES.collections!.totalAttempts);
    for (let i = 1; i < p.attempts.length; i++)
      assert.ok(p.attempts[i]!.scheduledFor > p.attempts[i - 1]!.scheduledFor, 'p.attempts[i]!.scheduledFor > p.attempts[i - 1]!.scheduledFor');
    assert.ok(
      p.attempts.every((a) => a.scheduledFor >= monday && a.scheduledFor < p.notAfter),
      'p.attempts.every((a) => a.scheduledFor >= monday && a.scheduledFor < p.notAfter)',
    );
    assert.equal(wallClock('America/Los_Angeles', p.notAfter), '2026-12-14 00:00', 'the horizon is local midnight 14 days after the start day');
    assertLawful(LA_415, [], p);
  });

  it('moves an attempt preferred on Thanksgiving (2026-11-26) to the earliest lawful instant after it', () => {
    const wednesday = ms('2026-11-25T15:00:00Z');
    const p = plan(LA_415, { now: wednesday, cadence: cadence({ days: [1] }) });
    assert.equal(p.attempts.length, 1);
    const [a] = p.attempts;
    assert.equal(wallClock('America/Los_Angeles', a!.scheduledFor), '2026-11-27 08:00');
    assert.equal(explanationOf(a!).moved, true);
    assert.equal(explanationOf(a!).preferred?.local, '2026-11-26 10:00');
    assert.ok(explanationOf(a!).blockedBy.length > 0, 'explanationOf(a!).blockedBy.length > 0');
    for (const reason of explanationOf(a!).blockedBy) {
      assert.equal(reason.code, 'FEDERAL_HOLIDAY');
      assert.match(reason.rule, /5 USC 6103/);
    }
    assert.match(explanationOf(a!).summary, /moved to 2026-11-27 08:00 America\/Los_Angeles.*FEDERAL_HOLIDAY/);
  });

  it('moves an attempt preferred on a Sunday to Monday morning', () => {
    const saturday = ms('2026-11-28T15:00:00Z');
    const p = plan(LA_415, { now: saturday, cadence: cadence({ days: [1] }) });
    const [a] = p.attempts;
    assert.equal(wallClock('America/Los_Angeles', a!.scheduledFor), '2026-11-30 08:00');
    assert.deepEqual([...new Set(explanationOf(a!).blockedBy.map((r) => r.code))], ['SUNDAY']);
  });

  it('a Sunday attempt stays on Sunday when the company allows Sundays', () => {
    const saturday = ms('2026-11-28T15:00:00Z');
    const policy = { blockSundays: false };
    const p = plan(LA_415, { now: saturday, cadence: cadence({ days: [1] }), policy });
    assert.equal(wallClock('America/Los_Angeles', p.attempts[0]!.scheduledFor), '2026-11-29 10:00');
    assertLawful(LA_415, [], p, policy);
  });

  it('keeps a Los Angeles customer with a 212 number inside New York hours too', () => {
    const c = cadence({
      days: [0, 1],
      timeRanges: [
        { start: '10:00', end: '12:00' },
        { start: '18:30', end: '19:30' },
      ],
      totalAttempts: 2,
    });
    const p = plan(LA_212, { now: monday, cadence: c });
    const [morning, evening] = p.attempts;
    assert.equal(wallClock('America/Los_Angeles', morning!.scheduledFor), '2026-11-30 10:00', '10:00 in LA is 13:00 in New York: lawful');
    assert.equal(explanationOf(morning!).moved, false);
    // 18:30 in LA is 21:30 in New York: moved to the next morning, 08:00 LA = 11:00 New York.
    assert.equal(wallClock('America/Los_Angeles', evening!.scheduledFor), '2026-12-02 08:00');
    assert.equal(explanationOf(evening!).moved, true);
    const hours = explanationOf(evening!).blockedBy.filter((r) => r.code === 'OUTSIDE_CALLING_HOURS');
    assert.deepEqual(
      hours.map((r) => r.zone),
      ['America/New_York'],
    );
    assert.match(hours[0]!.rule, /1692c\(a\)\(1\)/);
    for (const a of p.attempts) {
      assert.deepEqual([...explanationOf(a).candidateZones].sort(), ['America/Los_Angeles', 'America/New_York']);
      for (const zone of ['America/Los_Angeles', 'America/New_York']) {
        const minute = minutesOfWall(zone, a.scheduledFor);
        assert.ok(minute >= 8 * 60 && minute < 20 * 60 + 50, `${zone} ${wallClock(zone, a.scheduledFor)}`);
      }
    }
    assertLawful(LA_212, [], p);
  });

  it("a number under a New York City-only area code brings the city's cap into the plan: at most 3 attempts in 7 days", () => {
    const philly718: CustomerLocation = { ...PHILLY, phoneNumber: '+17185550123' };
    const c = cadence({ days: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], totalAttempts: 14, horizonDays: 14 });
    const p = plan(philly718, { now: monday, cadence: c });
    assert.ok(explanationOf(p.attempts[0]!).jurisdictions.includes('NYC'));
    const times = p.attempts.map((a) => a.scheduledFor);
    for (const t of times) assert.ok(times.filter((u) => u <= t && t - u < 7 * DAY).length <= 3, new Date(t).toISOString());
    assert.ok(plan(PHILLY, { now: monday, cadence: c }).attempts.length > p.attempts.length, 'a 215 number: no city cap');
    assertLawful(philly718, [], p);
  });

  it('plans no AI-voice attempt to a Minnesota landline without consent, and a full plan with it (Minn. Stat. 325E.27)', () => {
    const minneapolis: CustomerLocation = { zipCode: '55401', state: 'MN', timezone: 'America/Chicago', phoneNumber: '+16125550123' };
    const facts = customerCallFacts(minneapolis, { lineType: 'landline', tcpaConsent: false }, { doNotCall: false, purpose: 'collection' });
    const input = { ledger: [], cadence: DEFAULT_CADENCES.collections!, zone: 'America/Chicago', loanId: null, now: monday };
    assert.deepEqual(planSchedule({ ...input, facts, policy: {} }).attempts, []);
    assert.ok(planSchedule({ ...input, facts, policy: { liveOperatorIntro: true } }).attempts.length > 0, 'a live operator first');
    assert.ok(planSchedule({ ...input, facts: { ...facts, tcpaConsent: true }, policy: {} }).attempts.length > 0, 'with consent');
  });

  it('starts no attempt before now: a preferred time already past today moves on', () => {
    const lateMorning = ms('2026-11-30T19:15:00Z'); // 11:15 in LA
    const p = plan(LA_415, { now: lateMorning, cadence: cadence({ days: [0, 1], totalAttempts: 2 }) });
    assert.equal(p.attempts[0]!.scheduledFor, lateMorning, 'the earliest lawful instant at or after now');
    assert.equal(explanationOf(p.attempts[0]!).moved, true);
    assert.ok(
      p.attempts.every((a) => a.scheduledFor >= lateMorning),
      'p.attempts.every((a) => a.scheduledFor >= lateMorning)',
    );
  });

  it('every attempt is lawful given the ledger and the attempts before it, for customers all over the map', () => {
    const locations: CustomerLocation[] = [
      LA_415,
      LA_212,
      NYC,
      { zipCode: '85004', state: 'AZ', timezone: 'America/Phoenix', phoneNumber: '+16025550123' },
      { zipCode: '86515', state: 'AZ', timezone: 'America/Denver', phoneNumber: '+19285550123' },
      { zipCode: '46204', state: 'IN', timezone: 'America/Indiana/Indianapolis', phoneNumber: '+13175550123' },
      { zipCode: '79901', state: 'TX', timezone: 'America/Denver', phoneNumber: '+19155550123' },
      { zipCode: '02134', state: 'MA', timezone: 'America/New_York', phoneNumber: '+16175550123' },
      { zipCode: '20001', state: 'DC', timezone: 'America/New_York', phoneNumber: '+12025550123' },
      { zipCode: '98101', state: 'WA', timezone: 'America/Los_Angeles', phoneNumber: '+12065550123' },
      { zipCode: '25301', state: 'WV', timezone: 'America/New_York', phoneNumber: '+13045550123' },
      { zipCode: '96813', state: 'HI', timezone: 'Pacific/Honolulu', phoneNumber: '+18085550123' },
      { zipCode: '99501', state: 'AK', timezone: 'America/Anchorage', phoneNumber: '+19075550123' },
    ];
    const ledger = [
      call('2026-11-27T17:00:00Z'),
      call('2026-11-28T18:00:00Z', { outcome: 'voicemail' }),
      call('2026-11-29T20:00:00Z', { outcome: 'not_connected' }),
      call('2026-11-30T14:10:00Z', { direction: 'inbound', outcome: 'wrong_party' }),
    ];
    for (const location of locations) {
      for (const [name, c] of Object.entries(DEFAULT_CADENCES)) {
        const p = plan(location, { now: monday, cadence: c, ledger });
        // The state caps (NYC 3, MA 2, WA 3 contacts in 7 days) may leave no room in a short horizon
        // after this ledger; a 14-day collections plan always finds some.
        if (name === 'collections') assert.ok(p.attempts.length > 0, `${location.zipCode} ${name} plans something`);
        assert.ok(
          p.attempts.every((a) => a.scheduledFor >= monday && a.scheduledFor < p.notAfter),
          'p.attempts.every((a) => a.scheduledFor >= monday && a.scheduledFor < p.notAfter)',
        );
        assertLawful(location, ledger, p);
      }
    }
  });

  it('a Washington customer gets at most 3 attempts in any 7 days (WA overlay)', () => {
    const wa: CustomerLocation = { zipCode: '98101', state: 'WA', timezone: 'America/Los_Angeles', phoneNumber: '+12065550123' };
    const p = plan(wa, { now: monday });
    assert.ok(
      p.attempts.some((a) => explanationOf(a).blockedBy.some((r) => r.code === 'WA_CAP')),
      'the WA cap moved an attempt',
    );
    for (const a of p.attempts) {
      const inWeek = p.attempts.filter((b) => b.scheduledFor <= a.scheduledFor && a.scheduledFor - b.scheduledFor < 7 * DAY);
      assert.ok(inWeek.length <= 3, wallClock('America/Los_Angeles', a.scheduledFor));
    }
    assertLawful(wa, [], p);
  });

  it('respects Reg F 7-in-7 across the plan, counting the ledger (168 hours and 7 local days)', () => {
    const policy: Partial<Policy> = { blockSundays: false, blockHolidays: false };
    const c = cadence({
      days: Array.from({ length: 14 }, (_, i) => i),
      timeRanges: [
        { start: '09:00', end: '10:00' },
        { start: '15:00', end: '16:00' },
      ],
      attemptsPerDay: 2,
      totalAttempts: 28,
      horizonDays: 14,
    });
    const ledger = [
      call('2026-11-28T17:00:00Z'),
      call('2026-11-29T17:00:00Z'),
      call('2026-11-29T22:00:00Z', { outcome: 'not_connected' }),
      call('2026-11-30T14:00:00Z', { consented: true, consentGrantedAt: ms('2026-11-29T17:00:00Z') }),
    ];
    const p = plan(PHILLY, { now: monday, cadence: c, ledger, policy });
    assert.ok(p.attempts.length < 28, 'the cadence asks for more than Reg F allows');
    assert.ok(
      p.attempts.some((a) => explanationOf(a).blockedBy.some((r) => r.code === 'REG_F_7_IN_7_CALLS' && r.rule === '12 CFR 1006.14(b)(2)(i)(A)')),
      'the call-count prong moved at least one attempt',
    );
    // Countable: outbound, connected (not not_connected), not consented.
    const countable = [
      ...ledger.filter((e) => e.outcome !== 'not_connected' && !e.consented).map((e) => e.at as number),
      ...p.attempts.map((a) => a.scheduledFor),
    ].sort((a, b) => a - b);
    for (const a of p.attempts) {
      const t = a.scheduledFor;
      const within168h = countable.filter((c2) => c2 < t && t - c2 < 7 * DAY).length;
      assert.ok(within168h + 1 <= 7, `168 h before ${new Date(t).toISOString()}: ${within168h} earlier calls`);
      const day = localDayNumber('America/New_York', t);
      const sameWeek = countable.filter((c2) => c2 < t && localDayNumber('America/New_York', c2) >= day - 6).length;
      assert.ok(sameWeek + 1 <= 7, `7 local days to ${wallClock('America/New_York', t)}: ${sameWeek} earlier calls`);
    }
    assertLawful(PHILLY, ledger, p, policy);
  });

  it('plans nothing at or after the horizon: an attempt with no lawful time left is dropped, not pushed past it', () => {
    // Friday 2026-11-20; day 2 is Sunday 11-22 and the horizon ends at Monday 00:00.
    const friday = ms('2026-11-20T15:00:00Z');
    const p = plan(LA_415, { now: friday, cadence: cadence({ days: [0, 2], totalAttempts: 2, horizonDays: 3 }) });
    assert.equal(wallClock('America/Los_Angeles', p.notAfter), '2026-11-23 00:00');
    assert.deepEqual(
      p.attempts.map((a) => wallClock('America/Los_Angeles', a.scheduledFor)),
      ['2026-11-20 10:00'],
    );
    // A day after the horizon's last lawful instant plans nothing at all.
    const sunday = ms('2026-11-22T15:00:00Z');
    assert.deepEqual(plan(LA_415, { now: sunday, cadence: cadence({ days: [0], horizonDays: 1 }) }).attempts, []);
  });

  it('stops at totalAttempts even when more days are listed', () => {
    const p = plan(LA_415, {
      now: monday,
      cadence: cadence({
        days: [0, 1, 2, 3, 4],
        attemptsPerDay: 2,
        timeRanges: [
          { start: '09:00', end: '10:00' },
          { start: '14:00', end: '15:00' },
        ],
        totalAttempts: 3,
      }),
    });
    assert.equal(p.attempts.length, 3);
    assert.deepEqual(
      p.attempts.map((a) => explanationOf(a).summary.split(':')[0]),
      ['Attempt 1 of 3', 'Attempt 2 of 3', 'Attempt 3 of 3'],
    );
  });

  it('carries the loan id into every attempt', () => {
    const p = plan(LA_415, { now: monday, loanId: 'LN-7', cadence: DEFAULT_CADENCES.servicing! });
    assert.ok(p.attempts.length > 0 && p.attempts.every((a) => a.loanId === 'LN-7'), 'p.attempts.length > 0 && p.attempts.every((a) => a.loanId === LN-7)');
  });

  it('is deterministic: the same input gives the identical plan, and the input is not changed', () => {
    const ledger = [call('2026-11-29T17:00:00Z', { outcome: 'conversation' })];
    const frozen = JSON.stringify(ledger);
    const input = { now: ms('2026-11-30T15:00:00Z'), ledger, cadence: DEFAULT_CADENCES.collections! };
    const first = plan(LA_212, input);
    const second = plan(LA_212, input);
    assert.deepEqual(second, first);
    assert.equal(JSON.stringify(second), JSON.stringify(first));
    assert.equal(JSON.stringify(ledger), frozen);
  });

  it('does not depend on the process time zone', () => {
    const input = { now: ms('2026-10-30T12:00:00Z'), cadence: DEFAULT_CADENCES.collections! };
    const here = plan(LA_212, input);
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Kolkata'; // Node applies a changed TZ to Date at once
      assert.equal(new Date(Date.UTC(2026, 0, 1)).getHours(), 5, 'the process zone did change');
      assert.deepEqual(plan(LA_212, input), here);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('planSchedule: DST days (the process runs in America/Denver)', () => {
  const policy = { blockSundays: false };
  const daily = cadence({ days: [0, 1, 2, 3], totalAttempts: 4, horizonDays: 5, timeRanges: [{ start: '10:00', end: '12:00' }] });

  it('2026-11-01 (clocks go back): 10:00 stays 10:00 local on every day around it', () => {
    const friday = ms('2026-10-30T12:00:00Z'); // 08:00 EDT
    const p = plan(PHILLY, { now: friday, cadence: daily, policy });
    assert.deepEqual(
      p.attempts.map((a) => wallClock('America/New_York', a.scheduledFor)),
      ['2026-10-30 10:00', '2026-10-31 10:00', '2026-11-01 10:00', '2026-11-02 10:00'],
    );
    assert.deepEqual(
      p.attempts.map((a) => new Date(a.scheduledFor).toISOString()),
      ['2026-10-30T14:00:00.000Z', '2026-10-31T14:00:00.000Z', '2026-11-01T15:00:00.000Z', '2026-11-02T15:00:00.000Z'],
    );
    assert.ok(
      p.attempts.every((a) => !explanationOf(a).moved),
      'p.attempts.every((a) => !explanationOf(a).moved)',
    );
    assert.equal(wallClock('America/New_York', p.notAfter), '2026-11-04 00:00');
    assertLawful(PHILLY, [], p, policy);
  });

  it('2026-03-08 (clocks go forward): 10:00 stays 10:00 local, in Philadelphia and in Denver', () => {
    const friday = ms('2026-03-06T13:00:00Z'); // 08:00 EST
    const p = plan(PHILLY, { now: friday, cadence: daily, policy });
    assert.deepEqual(
      p.attempts.map((a) => new Date(a.scheduledFor).toISOString()),
      ['2026-03-06T15:00:00.000Z', '2026-03-07T15:00:00.000Z', '2026-03-08T14:00:00.000Z', '2026-03-09T14:00:00.000Z'],
    );
    const denver: CustomerLocation = { zipCode: '80202', state: 'CO', timezone: 'America/Denver', phoneNumber: '+13035550123' };
    const q = plan(denver, { now: ms('2026-03-06T15:00:00Z'), cadence: daily, policy });
    assert.deepEqual(
      q.attempts.map((a) => wallClock('America/Denver', a.scheduledFor)),
      ['2026-03-06 10:00', '2026-03-07 10:00', '2026-03-08 10:00', '2026-03-09 10:00'],
    );
    assertLawful(denver, [], q, policy);
  });

  it('Arizona does not change its clocks: the same UTC instant every day across 2026-03-08', () => {
    const az: CustomerLocation = { zipCode: '85004', state: 'AZ', timezone: 'America/Phoenix', phoneNumber: '+16025550123' };
    const p = plan(az, { now: ms('2026-03-06T14:00:00Z'), cadence: daily, policy });
    assert.deepEqual(
      p.attempts.map((a) => new Date(a.scheduledFor).toISOString().slice(11)),
      Array(4).fill('17:00:00.000Z'),
    );
  });

  it('an evening range on the day the clocks go forward keeps a Mountain customer with an Eastern number inside both windows', () => {
    const mixed: CustomerLocation = { zipCode: '80202', state: 'CO', timezone: 'America/Denver', phoneNumber: '+12125550123' };
    const evening = cadence({ days: [0, 1, 2], totalAttempts: 3, horizonDays: 4, timeRanges: [{ start: '18:30', end: '19:00' }] });
    const p = plan(mixed, { now: ms('2026-03-07T15:00:00Z'), cadence: evening, policy });
    for (const a of p.attempts) {
      for (const zone of ['America/Denver', 'America/New_York']) {
        const minute = minutesOfWall(zone, a.scheduledFor);
        assert.ok(minute >= 8 * 60 && minute < 20 * 60 + 50, `${zone} ${wallClock(zone, a.scheduledFor)}`);
      }
    }
    assertLawful(mixed, [], p, policy);
  });
});

describe('planSchedule: explanations', () => {
  it('carry a summary, the preferred time, whether and why the attempt moved, the candidate zones and jurisdictions', () => {
    const p = plan(LA_212, { now: ms('2026-11-25T15:00:00Z') });
    assert.ok(p.attempts.length > 0, 'p.attempts.length > 0');
    let moved = 0;
    p.attempts.forEach((a, i) => {
      const e = explanationOf(a);
      assert.equal(typeof e.summary, 'string');
      assert.ok(e.summary.startsWith(`Attempt ${i + 1} of 10:`), e.summary);
      assert.ok(e.preferred, 'e.preferred');
      assert.match(e.preferred.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(e.preferred.zone, 'America/Los_Angeles');
      assert.equal(e.preferred.local, wallClock('America/Los_Angeles', Date.parse(e.preferred.at)));
      assert.equal(e.moved, a.scheduledFor !== Date.parse(e.preferred.at));
      assert.deepEqual([...e.candidateZones].sort(), ['America/Los_Angeles', 'America/New_York']);
      assert.deepEqual([...e.jurisdictions].sort(), ['CA', 'NY', 'NYC'], 'a 212 number brings the city overlay');
      for (const reason of e.blockedBy) {
        assert.equal(typeof reason.code, 'string');
        assert.ok(reason.rule.length > 0, 'every reason cites its rule');
        assert.ok(reason.detail.length > 0, 'reason.detail.length > 0');
      }
      if (e.moved) {
        moved++;
        assert.match(e.summary, /moved to|had passed or was taken/);
      } else assert.match(e.summary, /placed at that time, lawful under every rule in America\/Los_Angeles, America\/New_York\./);
    });
    assert.ok(moved > 0, 'Thanksgiving moved at least one attempt');
  });
});

describe('recheckPending', () => {
  const monday = ms('2026-11-30T13:00:00Z'); // 08:00 in New York
  const facts = factsOf(PHILLY);

  function pendingFrom(p: Plan, label = 'Attempt'): PendingTask[] {
    return p.attempts.map((a, i) => ({
      id: `t${String(i).padStart(2, '0')}`,
      scheduledFor: a.scheduledFor,
      notAfter: p.notAfter,
      loanId: a.loanId,
      consented: a.consented,
      consentGrantedAt: null,
      label: `${label} ${i + 1}`,
    }));
  }

  function apply(tasks: readonly PendingTask[], outcomes: readonly RecheckOutcome[]): PendingTask[] {
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    assert.equal(byId.size, tasks.length, 'one outcome per task');
    const kept: PendingTask[] = [];
    for (const task of tasks) {
      const o = byId.get(task.id)!;
      if (o.action === 'keep') kept.push(task);
      else if (o.action === 'move') kept.push({ ...task, scheduledFor: o.scheduledFor });
    }
    return kept;
  }

  function lawful(ledger: readonly ContactEvent[], tasks: readonly PendingTask[]) {
    const violations = replayViolations(
      facts,
      ledger,
      tasks.map((t) => ({ at: t.scheduledFor, loanId: t.loanId, consented: t.consented, consentGrantedAt: t.consentGrantedAt })),
      {},
    );
    assert.deepEqual(
      violations.map((v) => ({ at: new Date(v.task.at).toISOString(), reasons: v.reasons })),
      [],
    );
  }

  it('keeps every task that is still lawful', () => {
    const p = plan(PHILLY, { now: monday });
    const tasks = pendingFrom(p);
    const outcomes = recheckPending({ tasks, facts, ledger: [], policy: {}, now: monday + HOUR, zone: 'America/New_York' });
    assert.deepEqual(
      outcomes.map((o) => o.action),
      tasks.map(() => 'keep'),
    );
  });

  it("moves tasks inside a conversation's 7-day quiet period to after it (168 hours and the 7 local days)", () => {
    const p = plan(PHILLY, { now: monday });
    const tasks = pendingFrom(p);
    // A conversation on Monday 2026-11-30 at 22:30 New York time (late: the next day in UTC).
    const conversation = ms('2026-12-01T03:30:00Z');
    const ledger = [call('2026-12-01T03:30:00Z', { outcome: 'conversation', phoneNumber: PHILLY.phoneNumber! })];
    const outcomes = recheckPending({ tasks, facts, ledger, policy: {}, now: conversation + 60_000, zone: 'America/New_York' });
    const after = apply(tasks, outcomes);
    const quietDay = localDayNumber('America/New_York', conversation);
    let moved = 0;
    for (const o of outcomes) {
      const task = tasks.find((t) => t.id === o.id)!;
      const when = new Date(task.scheduledFor).toISOString();
      const inside = task.scheduledFor - conversation < 7 * DAY || localDayNumber('America/New_York', task.scheduledFor) <= quietDay + 6;
      if (inside) {
        assert.notEqual(o.action, 'keep', `the task at ${when} is in the quiet period (or already past)`);
        if (o.action === 'move') {
          assert.ok(
            explanationOf(o).blockedBy.some((r) => r.code === 'REG_F_7_IN_7_CONVERSATION' && r.rule === '12 CFR 1006.14(b)(2)(i)(B)'),
            `the move of ${when} cites the conversation prong`,
          );
        }
      }
      if (o.action === 'move') {
        moved++;
        assert.ok(o.scheduledFor - conversation >= 7 * DAY, `${when} moved to 168 hours after the conversation or later`);
        assert.ok(localDayNumber('America/New_York', o.scheduledFor) >= quietDay + 7, `${when} moved to the 8th local day or later`);
        assert.equal(explanationOf(o).moved, true);
        assert.equal(explanationOf(o).preferred?.at, when, 'the explanation names the time it was moved from');
      }
    }
    assert.ok(moved > 0, 'moved > 0');
    for (const task of after) assert.ok(task.scheduledFor < task.notAfter, 'never past the horizon');
    lawful(ledger, after);
  });

  it('cancels the tasks that have no lawful time left before their horizon', () => {
    const p = plan(PHILLY, { now: monday, cadence: DEFAULT_CADENCES.verification! });
    const tasks = pendingFrom(p);
    assert.equal(tasks.length, 4);
    const ledger = [call('2026-11-30T13:30:00Z', { outcome: 'conversation' })];
    const outcomes = recheckPending({ tasks, facts, ledger, policy: {}, now: ms('2026-11-30T13:31:00Z'), zone: 'America/New_York' });
    assert.deepEqual(
      outcomes.map((o) => o.action),
      ['cancel', 'cancel', 'cancel', 'cancel'],
    );
    for (const o of outcomes) {
      assert.ok(o.action === 'cancel', 'o.action === cancel');
      assert.match(o.reason, /no lawful time left before the schedule's horizon \(.*REG_F_7_IN_7_CONVERSATION/);
    }
  });

  it('moves a task whose time has passed to now or later, never into the past', () => {
    const p = plan(PHILLY, { now: monday, cadence: cadence({ days: [0, 1], totalAttempts: 2 }) });
    const tasks = pendingFrom(p);
    const later = ms('2026-11-30T18:00:00Z'); // 13:00 New York, after the 10:00 attempt
    const outcomes = recheckPending({ tasks, facts, ledger: [], policy: {}, now: later, zone: 'America/New_York' });
    const after = apply(tasks, outcomes);
    assert.ok(
      after.every((t) => t.scheduledFor >= later),
      'after.every((t) => t.scheduledFor >= later)',
    );
    assert.equal(outcomes[0]!.action, 'move');
    lawful([], after);
  });

  it('keeps a consented callback at its requested time even when earlier tasks must move past it', () => {
    const p = plan(PHILLY, { now: monday, cadence: cadence({ days: [1, 2], totalAttempts: 2, horizonDays: 14 }) });
    const conversation = ms('2026-11-30T14:00:00Z');
    const requested = ms('2026-12-02T19:00:00Z'); // Wednesday 14:00 New York, inside the quiet period
    const tasks: PendingTask[] = [
      ...pendingFrom(p),
      {
        id: 'cb',
        scheduledFor: requested,
        notAfter: requested + 7 * DAY,
        loanId: null,
        consented: true,
        consentGrantedAt: conversation,
        label: 'Requested callback',
      },
    ];
    const ledger = [call('2026-11-30T14:00:00Z', { outcome: 'conversation' })];
    const outcomes = recheckPending({ tasks, facts, ledger, policy: {}, now: conversation + 60_000, zone: 'America/New_York' });
    assert.deepEqual(
      outcomes.find((o) => o.id === 'cb'),
      { id: 'cb', action: 'keep' },
      'the consumer asked for this time and consented to it',
    );
    for (const o of outcomes.filter((x) => x.id !== 'cb')) {
      assert.notEqual(o.action, 'keep', 'cadence attempts inside the quiet period do not stay');
    }
    lawful(ledger, apply(tasks, outcomes));
  });

  it('is deterministic and ignores the order tasks are given in', () => {
    const p = plan(PHILLY, { now: monday });
    const tasks = pendingFrom(p);
    const ledger = [call('2026-12-02T15:00:00Z', { outcome: 'voicemail' })];
    const input = { facts, ledger, policy: {}, now: ms('2026-12-02T15:01:00Z'), zone: 'America/New_York' };
    const a = recheckPending({ ...input, tasks });
    const b = recheckPending({ ...input, tasks: [...tasks].reverse() });
    const byId = (x: RecheckOutcome[]) => [...x].sort((m, n) => m.id.localeCompare(n.id));
    assert.deepEqual(byId(b), byId(a));
    lawful(ledger, apply(tasks, a));
  });
});
