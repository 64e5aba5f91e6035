/**
 * Property tests: the engine against the brute-force oracle (oracle.ts), on random customers,
 * histories, policies and instants, concentrated around the 2026 DST changes and holidays.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate, isAllowedPrepared, lawfulWindowsPrepared, nextAllowedAtPrepared, nextDisallowedAtPrepared, prepare } from '../../src/compliance/engine.ts';
import { DEFAULT_POLICY, type CallFacts, type ContactEvent, type Policy } from '../../src/compliance/types.ts';
import { instantOfLocal, zoneTable } from '../../src/compliance/index.ts';
import { localDay } from '../../src/compliance/local-time.ts';
import type { Cadence } from '../../src/scheduling/cadence.ts';
import { plannedEvent, planSchedule } from '../../src/scheduling/planner.ts';
import { oracle, oracleNextAllowed } from './oracle.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'America/Adak',
  'Pacific/Honolulu',
  'America/Indiana/Knox',
  'America/Boise',
  'America/Menominee',
  'America/Kentucky/Louisville',
  'Pacific/Guam',
  'America/Puerto_Rico',
];
const STATES = ['NY', 'MA', 'DC', 'WA', 'WV', 'CA', 'MD', 'TX', 'FL', 'AE', 'MN', 'IN', 'MS', 'MT', 'AL', 'LA', 'RI', 'UT'];
const PHONES = ['+12125550100', '+16175550100'];

/** Anchors where the rules are most likely to break: DST changes, holidays, NYC's start date. */
const ANCHORS = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-07-03T12:00:00Z',
  '2026-11-26T12:00:00Z',
  '2027-12-24T12:00:00Z',
  '2026-09-01T04:00:00Z',
  '2027-03-14T07:00:00Z',
  '2026-12-01T12:00:00Z',
].map((s) => Date.parse(s));

const minuteOffset = (maxMinutes: number) => fc.integer({ min: -maxMinutes, max: maxMinutes }).map((m) => m * MIN);

const anchorArb = fc.oneof(
  fc.constantFrom(...ANCHORS),
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / MIN, max: Date.parse('2027-12-31T00:00:00Z') / MIN }).map((m) => m * MIN),
);

/** Sparse histories exercise every field; dense ones push the counts past their caps. */
const eventArb = (anchor: number, dense: boolean): fc.Arbitrary<ContactEvent> =>
  fc
    .record({
      at: dense
        ? fc.integer({ min: -8 * 24 * 60, max: 1 * 24 * 60 }).map((m) => anchor + m * MIN)
        : fc.integer({ min: -12 * 24 * 60, max: 3 * 24 * 60 }).map((m) => anchor + m * MIN),
      direction: dense
        ? fc.constantFrom('outbound', 'outbound', 'outbound', 'outbound', 'inbound')
        : fc.constantFrom('outbound', 'outbound', 'outbound', 'inbound'),
      channel: dense ? fc.constantFrom('call', 'call', 'call', 'call', 'call', 'sms') : fc.constantFrom('call', 'call', 'call', 'sms', 'email'),
      loanIds: dense ? fc.constantFrom([], ['A'], ['A'], ['A', 'B']) : fc.constantFrom([], ['A'], ['B'], ['A', 'B']),
      phoneNumber: fc.constantFrom(null, ...PHONES),
      isWorkNumber: dense ? fc.constantFrom(false, false, false, true) : fc.boolean(),
      outcome: dense
        ? fc.constantFrom('no_answer', 'no_answer', 'voicemail', 'wrong_party', 'no_answer', 'voicemail', 'not_connected', 'conversation')
        : fc.constantFrom('not_connected', 'no_answer', 'voicemail', 'wrong_party', 'conversation', 'no_answer'),
      consented: dense ? fc.constantFrom(false, false, false, false, false, true) : fc.constantFrom(false, false, false, true),
      // Up to nine days before the contact (a consent that has run out), sometimes after it, or unknown.
      consentGrantGap: fc.option(fc.integer({ min: -60, max: 9 * 24 * 60 }), { nil: null, freq: 3 }),
      consentLoanIds: fc.constantFrom([], [], ['A'], ['B']),
    })
    .map(({ consentGrantGap, ...e }) => ({ ...e, consentGrantedAt: consentGrantGap === null ? null : e.at - consentGrantGap * MIN }));

const historyArb = (anchor: number, maxEvents: number) =>
  fc.oneof(
    fc.array(eventArb(anchor, false), { maxLength: maxEvents }),
    fc.array(eventArb(anchor, true), { minLength: 5, maxLength: Math.max(5, Math.round(maxEvents * 1.8)) }),
    // West Virginia's 30 calls a week.
    fc
      .array(eventArb(anchor, true), { minLength: 30, maxLength: 60 })
      .map((h) => h.map((e) => ({ ...e, at: anchor - ((anchor - (e.at as number)) % (6 * DAY)) }))),
  );

const hhmmArb = fc.integer({ min: 0, max: 95 }).map((q) => {
  const m = q * 15;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
});

const factsArb = (anchor: number, maxEvents: number): fc.Arbitrary<CallFacts> =>
  fc
    .record({
      addressTimezones: fc.subarray(ZONES, { maxLength: 2 }),
      timezone: fc.option(fc.constantFrom(...ZONES), { nil: null, freq: 2 }),
      phoneTimezones: fc.subarray(ZONES, { maxLength: 2 }),
      addressState: fc.option(fc.constantFrom(...STATES), { nil: null }),
      addressInNyc: fc.boolean(),
      phoneState: fc.option(fc.constantFrom(...STATES), { nil: null }),
      phoneInNyc: fc.boolean(),
      phoneNumber: fc.constantFrom(null, ...PHONES),
      lineType: fc.constantFrom('wireless', 'landline', 'landline', 'voip', 'unknown'),
      tcpaConsent: fc.constantFrom(true, true, true, false),
      isWorkNumber: fc.boolean(),
      doNotCall: fc.constantFrom(false, false, false, false, false, false, false, true),
      consented: fc.constantFrom(false, false, false, false, true),
      // Relative to the anchor: a consent given in the last nine days, or none on record.
      consentGrantGap: fc.option(fc.integer({ min: -3 * 24 * 60, max: 9 * 24 * 60 }), { nil: null, freq: 4 }),
      consentLoanIds: fc.constantFrom([], [], ['A'], ['B']),
      loanId: fc.constantFrom(null, 'A', 'B'),
      loanIds: fc.constantFrom([], [], [], ['B'], ['A', 'B']),
      blockedWindows: fc.oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        {
          weight: 1,
          arbitrary: fc.array(fc.record({ start: hhmmArb, end: hhmmArb, timezone: fc.option(fc.constantFrom(...ZONES), { nil: null, freq: 3 }) }), {
            minLength: 1,
            maxLength: 2,
          }),
        },
      ),
      history: historyArb(anchor, maxEvents),
      // Marketing calls get the telemarketing rules (and Florida's 3 in 24 hours needs dense histories).
      purpose: fc.constantFrom(null, 'collection', 'servicing', 'verification', 'marketing', 'marketing', 'marketing'),
      nationalDncRegistered: fc.constantFrom(null, true, false, false),
    })
    .map(({ consentGrantGap, ...f }) => ({
      ...f,
      addressInNyc: f.addressState === 'NY' && f.addressInNyc,
      phoneInNyc: f.phoneState === 'NY' && f.phoneInNyc,
      consentGrantedAt: consentGrantGap === null ? null : anchor - consentGrantGap * MIN,
    }));

const policyArb: fc.Arbitrary<Policy> = fc.record({
  callerType: fc.constantFrom('collector', 'creditor'),
  waLicensed: fc.boolean(),
  mode: fc.constantFrom('strict', 'calendar'),
  regFForCreditors: fc.boolean(),
  blockSundays: fc.boolean(),
  blockHolidays: fc.boolean(),
  startBufferMinutes: fc.constantFrom(0, 0, 15, 30, 45),
  endBufferMinutes: fc.constantFrom(0, 0, 10, 30),
  dailyCapPerPerson: fc.constantFrom(null, 1, 2, 3),
  minGapMinutes: fc.constantFrom(0, 0, 30, 120),
  artificialVoice: fc.constantFrom(true, true, true, false),
  liveOperatorIntro: fc.constantFrom(false, false, false, true),
  businessRelationship: fc.boolean(),
  marketingCalls: fc.constantFrom(false, true, true, true),
});

const caseArb = (maxEvents: number) =>
  anchorArb.chain((anchor) => fc.record({ facts: factsArb(anchor, maxEvents), policy: policyArb, t: minuteOffset(3 * 24 * 60).map((o) => anchor + o) }));

function explain(facts: CallFacts, t: number, policy: Policy): string {
  return JSON.stringify({ at: new Date(t).toISOString(), facts, policy }, null, 1);
}

describe('engine agrees with the brute-force oracle', () => {
  it('allowed and the set of failed rules match at random instants', () => {
    fc.assert(
      fc.property(caseArb(25), ({ facts, policy, t }) => {
        const engine = evaluate(facts, t, policy);
        const truth = oracle(facts, t, policy);
        const got = [...new Set(engine.reasons.map((r) => r.code))].sort();
        assert.deepEqual(got, [...truth.codes].sort(), explain(facts, t, policy));
        assert.equal(engine.allowed, truth.allowed);
        for (const r of engine.reasons) assert.ok(r.rule.length > 0 && r.detail.length > 0);
      }),
      { numRuns: 1500 },
    );
  });

  it('an allowed answer never breaks a rule, near rule boundaries too', () => {
    // Instants a few ms and minutes around recorded contacts and their expiries.
    const nearArb = anchorArb.chain((anchor) =>
      fc.record({
        facts: factsArb(anchor, 20),
        policy: policyArb,
        pick: fc.nat(),
        shift: fc.constantFrom(-MIN, -1, 0, 1, MIN, DAY - 1, DAY, 7 * DAY - 1, 7 * DAY, 30 * DAY),
      }),
    );
    fc.assert(
      fc.property(nearArb, ({ facts, policy, pick, shift }) => {
        const h = facts.history ?? [];
        if (h.length === 0) return;
        const t = (h[pick % h.length]!.at as number) + shift;
        const engine = evaluate(facts, t, policy);
        if (engine.allowed) assert.equal(oracle(facts, t, policy).allowed, true, explain(facts, t, policy));
        else assert.ok(engine.reasons.length > 0);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('the consent window (12 CFR 1006.14(b)(3)(i))', () => {
  it('engine and oracle agree on the days around the end of a consent, for the call and for the contacts it excuses', () => {
    const edgeArb = anchorArb.chain((anchor) =>
      fc.record({
        facts: factsArb(anchor, 20),
        policy: policyArb,
        edge: fc.constantFrom(6 * DAY, 7 * DAY - HOUR, 7 * DAY - MIN, 7 * DAY - 1, 7 * DAY, 7 * DAY + 1, 7 * DAY + HOUR, 8 * DAY),
        hours: fc.integer({ min: -26, max: 2 }),
      }),
    );
    fc.assert(
      fc.property(edgeArb, ({ facts, policy, edge, hours }) => {
        const granted = facts.consentGrantedAt;
        if (typeof granted !== 'number') return;
        const f = { ...facts, consented: true };
        const t = granted + edge + hours * HOUR;
        const engine = evaluate(f, t, policy);
        assert.deepEqual([...new Set(engine.reasons.map((r) => r.code))].sort(), [...oracle(f, t, policy).codes].sort(), explain(f, t, policy));
      }),
      { numRuns: 800 },
    );
  });
});

describe('nextAllowedAt', () => {
  it('is the first allowed minute of a brute-force scan over 2–3 days', () => {
    // Histories dense enough that most searches have to skip past several rules.
    fc.assert(
      fc.property(caseArb(25), fc.constantFrom(2, 3), ({ facts, policy, t }, days) => {
        const lean = { ...facts, doNotCall: false, lineType: 'landline' as const };
        const horizon = days * DAY;
        const got = nextAllowedAtPrepared(prepare(lean, policy), t, horizon);
        const want = oracleNextAllowed(lean, t, policy, horizon);
        assert.equal(got, want, explain(lean, t, policy));
        if (got !== null) assert.equal(oracle(lean, got, policy).allowed, true);
      }),
      { numRuns: 60 },
    );
  });

  it('is allowed, is exact to the millisecond, and nothing earlier is allowed (engine scan, 30 days)', () => {
    fc.assert(
      fc.property(caseArb(25), ({ facts, policy, t }) => {
        const p = prepare(facts, policy);
        const got = nextAllowedAtPrepared(p, t);
        if (got === null) {
          for (let u = t; u <= t + 30 * DAY; u += MIN) assert.equal(isAllowedPrepared(p, u), false);
          return;
        }
        assert.equal(isAllowedPrepared(p, got), true);
        assert.equal(evaluate(facts, got, policy).allowed, true);
        if (got > t) assert.equal(isAllowedPrepared(p, got - 1), false);
        for (let u = t; u < got; u += MIN) assert.equal(isAllowedPrepared(p, u), false, `allowed earlier at ${new Date(u).toISOString()}`);
      }),
      { numRuns: 150 },
    );
  });

  it('handles instants and contacts that are not on a minute', () => {
    const msArb = anchorArb.chain((anchor) =>
      fc.record({
        facts: factsArb(anchor, 15).map((f) => ({
          ...f,
          history: (f.history ?? []).map((e, i) => ({ ...e, at: (e.at as number) + ((i * 7919) % 60_000) })),
        })),
        policy: policyArb,
        t: fc.integer({ min: -3 * DAY, max: 3 * DAY }).map((o) => anchor + o),
      }),
    );
    fc.assert(
      fc.property(msArb, ({ facts, policy, t }) => {
        const p = prepare(facts, policy);
        const got = nextAllowedAtPrepared(p, t, 3 * DAY);
        if (got === null) return;
        assert.equal(oracle(facts, got, policy).allowed, true, explain(facts, got, policy));
        if (got > t) assert.equal(oracle(facts, got - 1, policy).allowed, false, explain(facts, got - 1, policy));
      }),
      { numRuns: 300 },
    );
  });

  it('with the default policy too', () => {
    fc.assert(
      fc.property(caseArb(20), ({ facts, t }) => {
        const got = nextAllowedAtPrepared(prepare(facts, DEFAULT_POLICY), t, 2 * DAY);
        assert.equal(got, oracleNextAllowed(facts, t, DEFAULT_POLICY, 2 * DAY));
      }),
      { numRuns: 20 },
    );
  });
});

describe('lawfulWindows', () => {
  // What the console draws: the stretches of a span in which a call may start, with the contacts
  // already made (all in the past of the span).
  it('covers exactly the minutes a brute-force scan finds allowed over two days', () => {
    fc.assert(
      fc.property(caseArb(25), ({ facts, policy, t }) => {
        const past = { ...facts, history: (facts.history ?? []).filter((e) => (e.at as number) <= t) };
        const p = prepare(past, policy);
        const until = t + 2 * DAY;
        const windows = lawfulWindowsPrepared(p, t, until);
        const inside = (u: number) => windows.some((w) => w.fromMs <= u && u < w.toMs);
        for (let u = t; u < until; u += MIN) assert.equal(inside(u), isAllowedPrepared(p, u), `${new Date(u).toISOString()}: ${explain(past, t, policy)}`);
        for (const [i, w] of windows.entries()) {
          assert.ok(w.fromMs < w.toMs && (i === 0 || windows[i - 1]!.toMs < w.fromMs), 'ordered, disjoint, not touching');
          assert.equal(isAllowedPrepared(p, w.fromMs), true);
          if (w.fromMs > t) assert.equal(isAllowedPrepared(p, w.fromMs - 1), false, 'starts exactly where calls become lawful');
          if (w.toMs < until) assert.equal(isAllowedPrepared(p, w.toMs), false, 'ends exactly where they stop');
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('nextDisallowedAt', () => {
  // The dial-time check's question (scheduling/dial-check.ts): from a lawful instant, with every
  // recorded contact in the past, when does the lawful time end? A window closing included.
  it('is the first disallowed minute of a brute-force scan over a day', () => {
    fc.assert(
      fc.property(caseArb(25), ({ facts, policy, t }) => {
        const past = { ...facts, history: (facts.history ?? []).filter((e) => (e.at as number) <= t) };
        const p = prepare(past, policy);
        fc.pre(isAllowedPrepared(p, t));
        let want: number | null = null;
        for (let u = t + MIN; u <= t + DAY && want === null; u += MIN) if (!isAllowedPrepared(p, u)) want = u;
        assert.equal(nextDisallowedAtPrepared(p, t, DAY), want, explain(past, t, policy));
      }),
      { numRuns: 150 },
    );
  });

  it("ends a lawful stretch where New York City's cap took effect, at New York's midnight, not the borrower's", () => {
    // Found by the property above: a borrower in Guam with an NYC address and three attempts
    // already made; the city's 3-in-7 cap starts to bind at 2026-09-01 00:00 New York time.
    const t = Date.parse('2026-09-01T03:59:00Z');
    const attempt: ContactEvent = { at: t, direction: 'outbound', channel: 'call', outcome: 'not_connected' };
    const facts: CallFacts = {
      phoneTimezones: ['Pacific/Guam'],
      addressState: 'NY',
      addressInNyc: true,
      lineType: 'wireless',
      tcpaConsent: true,
      history: [attempt, attempt, attempt],
    };
    const policy: Policy = { ...DEFAULT_POLICY, dailyCapPerPerson: null, minGapMinutes: 0 };
    const p = prepare(facts, policy);
    assert.equal(isAllowedPrepared(p, t), true, explain(facts, t, policy));
    assert.equal(nextDisallowedAtPrepared(p, t, DAY), Date.parse('2026-09-01T04:00:00Z'));
  });
});

describe('marketing calls (call-compliance.md F3, S1b, S16; 47 CFR 64.1200(c)(2))', () => {
  /** Marketing calls a company has enabled, to numbers it may call, where the telemarketing rules bind. */
  const marketingArb = anchorArb.chain((anchor) =>
    fc.record({
      facts: factsArb(anchor, 25).map((f) => ({ ...f, purpose: 'marketing' as const, nationalDncRegistered: false })),
      policy: policyArb.map((p) => ({ ...p, marketingCalls: true })),
      state: fc.constantFrom('FL', 'FL', 'AL', 'LA', 'MS', 'RI', 'UT', null),
    }),
  );

  it('engine and oracle agree on the minutes around 08:00, 20:00 and 21:00 local and 24 hours after each contact', () => {
    const edgeArb = marketingArb.chain(({ facts, policy, state }) =>
      fc.record({
        facts: fc.constant({ ...facts, addressState: state ?? facts.addressState }),
        policy: fc.constant(policy),
        pick: fc.nat(),
        hour: fc.constantFrom(8, 20, 21),
        shift: fc.constantFrom(-MIN, -1, 0, 1, MIN),
        afterContact: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(edgeArb, ({ facts, policy, pick, hour, shift, afterContact }) => {
        const zones = [...(facts.addressTimezones ?? []), ...(facts.timezone ? [facts.timezone] : []), ...(facts.phoneTimezones ?? [])];
        const h = facts.history ?? [];
        if (zones.length === 0 || h.length === 0) return;
        const base = h[pick % h.length]!.at as number;
        // 24 hours after a contact (Florida's 3 in 24), or `hour`:00 on the contact's local date
        // in one of the candidate zones (the telemarketing windows' edges).
        const table = zoneTable(zones[pick % zones.length]!);
        const t = afterContact ? base + DAY + shift : instantOfLocal(table, localDay(table, base), hour * HOUR) + shift;
        const engine = evaluate(facts, t, policy);
        const truth = oracle(facts, t, policy);
        assert.deepEqual([...new Set(engine.reasons.map((r) => r.code))].sort(), [...truth.codes].sort(), explain(facts, t, policy));
      }),
      { numRuns: 1500 },
    );
  });

  it('a marketing plan never places an attempt the telemarketing rules forbid, given the attempts before it', () => {
    // Four attempts a day, preferred near Florida's and the TCPA's closing times and before 08:00,
    // so the plan has to be pushed by every telemarketing rule, Florida's 3 in 24 hours included.
    const cadence: Cadence = {
      days: [0, 1, 2, 3],
      timeRanges: [
        { start: '19:45', end: '20:15' },
        { start: '20:30', end: '21:00' },
        { start: '07:30', end: '08:30' },
        { start: '12:00', end: '13:00' },
      ],
      attemptsPerDay: 4,
      totalAttempts: 12,
      horizonDays: 6,
    };
    fc.assert(
      fc.property(marketingArb, ({ facts, policy, state }) => {
        const f: CallFacts = { ...facts, addressState: state ?? facts.addressState, doNotCall: false, history: [] };
        const zone = f.timezone ?? f.addressTimezones?.[0] ?? f.phoneTimezones?.[0];
        if (!zone) return;
        const ledger = facts.history ?? [];
        const now = Math.max(...ledger.map((e) => e.at as number), Date.parse('2026-01-01T00:00:00Z')) + MIN;
        const plan = planSchedule({ facts: f, ledger, cadence, policy, now, zone, loanId: f.loanId ?? null });
        const history: ContactEvent[] = [...ledger];
        for (const attempt of plan.attempts) {
          const verdict = oracle({ ...f, history }, attempt.scheduledFor, policy);
          assert.equal(verdict.allowed, true, `${[...verdict.codes].join(', ')}\n${explain({ ...f, history }, attempt.scheduledFor, policy)}`);
          history.push(plannedEvent(f, attempt.scheduledFor, attempt.loanId, false));
        }
      }),
      { numRuns: 150 },
    );
  });
});
