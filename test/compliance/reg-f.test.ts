import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, evaluate, nextAllowedAt } from '../../src/compliance/engine.ts';
import { CALENDAR, LEGAL_ONLY, at, call, codes, dailyCalls, facts, iso } from './helpers.ts';

const ET = 'America/New_York';
const HOUR = 3_600_000;

/** Seven ring-no-answer calls at 10:00 EST on 2026-11-24 … 2026-11-30. */
const SEVEN = dailyCalls('2026-11-24T15:00:00Z', 7);

describe('Reg F count prong (12 CFR 1006.14(b)(2)(i)(A))', () => {
  it('the 7th call in 7 days is allowed, the 8th is not', () => {
    const six = dailyCalls('2026-11-25T15:00:00Z', 6); // Nov 25 … Nov 30
    const t = at('2026-11-30T20:00:00Z'); // 15:00 on Nov 30
    assert.equal(evaluate(facts({ history: six }), t, LEGAL_ONLY).allowed, true);
    assert.equal(evaluate(facts({ history: six }), t, CALENDAR).allowed, true);
    const seven = dailyCalls('2026-11-24T15:00:00Z', 7); // Nov 24 … Nov 30
    const e = evaluate(facts({ history: seven }), t, LEGAL_ONLY);
    assert.deepEqual(codes(e), ['REG_F_7_IN_7_CALLS']);
    assert.equal(e.reasons[0]!.rule, '12 CFR 1006.14(b)(2)(i)(A)');
    assert.match(
      e.reasons[0]!.detail,
      /^7 countable calls about the customer's debt in the 7 local days 2026-11-24 to 2026-11-30 \(America\/New_York\); this call would make 8/,
    );
    assert.equal(evaluate(facts({ history: seven }), t, CALENDAR).allowed, false);
  });

  it('calendar mode frees the 8th day at local midnight; strict mode only 168 h after the oldest call', () => {
    const f = facts({ history: SEVEN });
    // Dec 1 08:00 EST = 13:00Z: Nov 24 has left the calendar window, but is only 166 h old.
    assert.equal(evaluate(f, at('2026-12-01T13:00:00Z'), CALENDAR).allowed, true);
    const strict = evaluate(f, at('2026-12-01T13:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(codes(strict), ['REG_F_7_IN_7_CALLS']);
    assert.match(strict.reasons[0]!.detail, /168 hours up to 2026-12-01T13:00:00.000Z \(strict mode\)/);
    assert.equal(strict.reasons[0]!.zone, undefined);
    assert.equal(evaluate(f, at('2026-12-01T15:00:00Z') - 1, LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY).allowed, true);
    assert.equal(iso(nextAllowedAt(f, at('2026-11-30T20:00:00Z'), CALENDAR)), '2026-12-01T13:00:00.000Z');
    assert.equal(iso(nextAllowedAt(f, at('2026-11-30T20:00:00Z'), LEGAL_ONLY)), '2026-12-01T15:00:00.000Z');
  });

  it('excludes not-connected, consented, inbound calls, texts and emails', () => {
    const excluded = [
      ...dailyCalls('2026-11-24T15:00:00Z', 3, { outcome: 'not_connected' }),
      ...dailyCalls('2026-11-24T16:00:00Z', 3, { consented: true }),
      ...dailyCalls('2026-11-24T17:00:00Z', 3, { direction: 'inbound' }),
      ...dailyCalls('2026-11-24T18:00:00Z', 3, { channel: 'sms', outcome: 'no_answer' }),
      ...dailyCalls('2026-11-24T19:00:00Z', 3, { channel: 'email', outcome: 'no_answer' }),
    ];
    const six = dailyCalls('2026-11-25T15:30:00Z', 6);
    assert.equal(evaluate(facts({ history: [...excluded, ...six] }), at('2026-11-30T20:00:00Z'), LEGAL_ONLY).allowed, true);
  });

  it('counts voicemail, ring-no-answer, wrong-party answers and answered calls', () => {
    const outcomes = ['voicemail', 'no_answer', 'wrong_party', 'voicemail', 'no_answer', 'wrong_party', 'voicemail'] as const;
    const seven = outcomes.map((outcome, i) => call(at('2026-11-24T15:00:00Z') + i * 86_400_000, { outcome }));
    assert.deepEqual(codes(evaluate(facts({ history: seven }), at('2026-11-30T20:00:00Z'), LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS']);
  });

  it('counts per debt, across every number of the person', () => {
    const aboutA = dailyCalls('2026-11-24T15:00:00Z', 7, { loanIds: ['A'] }).map((c, i) => ({ ...c, phoneNumber: i % 2 ? '+12125550100' : '+19175550100' }));
    const t = at('2026-11-30T20:00:00Z');
    assert.equal(evaluate(facts({ history: aboutA, loanId: 'B' }), t, LEGAL_ONLY).allowed, true);
    const e = evaluate(facts({ history: aboutA, loanId: 'A' }), t, LEGAL_ONLY);
    assert.deepEqual(codes(e), ['REG_F_7_IN_7_CALLS']);
    assert.match(e.reasons[0]!.detail, /about loan A/);
    // Without a loan id the customer counts as one debt: every call counts.
    assert.equal(evaluate(facts({ history: aboutA }), t, LEGAL_ONLY).allowed, false);
    // A call about A and C must be allowed for each.
    assert.equal(evaluate(facts({ history: aboutA, loanIds: ['C', 'A'] }), t, LEGAL_ONLY).allowed, false);
  });

  it('a call about two debts counts toward both; a contact with no loan ids counts toward every debt', () => {
    const history = [...dailyCalls('2026-11-24T15:00:00Z', 4, { loanIds: ['A', 'B'] }), ...dailyCalls('2026-11-28T15:00:00Z', 3, { loanIds: [] })];
    const t = at('2026-11-30T20:00:00Z');
    assert.equal(evaluate(facts({ history, loanId: 'A' }), t, LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(facts({ history, loanId: 'B' }), t, LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(facts({ history, loanId: 'C' }), t, LEGAL_ONLY).allowed, true);
  });

  it('planned attempts after the instant count in the windows that contain both', () => {
    // Nov 29 and 30, one planned later on Dec 1, and four planned Dec 2 … Dec 5: the window
    // Nov 29 … Dec 5 would hold 8 with this call.
    const history = [...dailyCalls('2026-11-29T15:00:00Z', 2), call('2026-12-01T20:00:00Z'), ...dailyCalls('2026-12-02T15:00:00Z', 4)];
    const t = at('2026-12-01T15:00:00Z');
    assert.deepEqual(codes(evaluate(facts({ history }), t, CALENDAR)), ['REG_F_7_IN_7_CALLS']);
    assert.deepEqual(codes(evaluate(facts({ history }), t, LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS']);
    // Spread over 13 days, no 7-day window holds more than 6 others.
    const spread = [...dailyCalls('2026-11-25T15:00:00Z', 3), ...dailyCalls('2026-12-05T15:00:00Z', 4)];
    assert.equal(evaluate(facts({ history: spread }), t, LEGAL_ONLY).allowed, true);
  });

  it('FC16: strict mode absorbs the extra hour when DST ends (2026-11-01)', () => {
    // 10:00 local on Oct 26 … Nov 1 (EDT until Oct 31, EST on Nov 1).
    const history = [...dailyCalls('2026-10-26T14:00:00Z', 6), call('2026-11-01T15:00:00Z')];
    const f = facts({ history });
    // Nov 2 08:30 EST = 13:30Z: the Oct 26 call is 167.5 h old.
    assert.equal(evaluate(f, at('2026-11-02T13:30:00Z'), CALENDAR).allowed, true);
    assert.equal(evaluate(f, at('2026-11-02T13:30:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(iso(nextAllowedAt(f, at('2026-11-02T05:00:00Z'), CALENDAR)), '2026-11-02T13:00:00.000Z');
    assert.equal(iso(nextAllowedAt(f, at('2026-11-02T05:00:00Z'), LEGAL_ONLY)), '2026-11-02T14:00:00.000Z');
  });

  it('FC17: strict mode absorbs the missing hour when DST starts (2026-03-08)', () => {
    // 10:00 local on Mar 2 … Mar 8 (EST until Mar 7, EDT on Mar 8).
    const history = [...dailyCalls('2026-03-02T15:00:00Z', 6), call('2026-03-08T14:00:00Z')];
    const f = facts({ history });
    assert.equal(iso(nextAllowedAt(f, at('2026-03-09T04:00:00Z'), CALENDAR)), '2026-03-09T12:00:00.000Z');
    // 168 h after Mar 2 15:00Z is Mar 9 15:00Z = 11:00 EDT.
    assert.equal(iso(nextAllowedAt(f, at('2026-03-09T04:00:00Z'), LEGAL_ONLY)), '2026-03-09T15:00:00.000Z');
  });

  it('days are counted in every candidate zone', () => {
    // 10:00Z is 05:00 in New York and 20:00 in Guam: the same date in both.
    const history = dailyCalls('2026-11-24T10:00:00Z', 7); // Nov 24 … Nov 30
    const t = at('2026-11-30T22:00:00Z'); // 17:00 Nov 30 in New York, 08:00 Dec 1 in Guam
    // Guam's window Nov 25 … Dec 1 holds 6; New York's Nov 24 … Nov 30 holds 7.
    assert.equal(evaluate(facts({ timezone: 'Pacific/Guam', history }), t, CALENDAR).allowed, true);
    assert.equal(evaluate(facts({ timezone: ET, history }), t, CALENDAR).allowed, false);
    const both = evaluate(facts({ timezone: 'Pacific/Guam', phoneTimezones: [ET], history }), t, CALENDAR);
    assert.deepEqual(codes(both), ['REG_F_7_IN_7_CALLS']);
    assert.equal(both.reasons[0]!.zone, ET);
  });
});

describe('Reg F conversation prong (12 CFR 1006.14(b)(2)(i)(B))', () => {
  // A conversation at 10:00 EST on Nov 24: day 1 is Nov 24, day 7 is Nov 30.
  const conv = call('2026-11-24T15:00:00Z', { outcome: 'conversation', loanIds: ['A'] });

  for (let day = 1; day <= 7; day++) {
    it(`blocks on day ${day}`, () => {
      const t = at('2026-11-24T15:30:00Z') + (day - 1) * 86_400_000;
      const e = evaluate(facts({ history: [conv], loanId: 'A' }), t, CALENDAR);
      assert.deepEqual(codes(e), ['REG_F_7_IN_7_CONVERSATION']);
      assert.equal(e.reasons[0]!.rule, '12 CFR 1006.14(b)(2)(i)(B)');
    });
  }
  it('day 8 is free at local midnight in calendar mode, 168 h later in strict mode', () => {
    const f = facts({ history: [conv], loanId: 'A' });
    assert.equal(evaluate(f, at('2026-11-30T20:59:00Z'), CALENDAR).allowed, false);
    assert.equal(iso(nextAllowedAt(f, at('2026-11-30T20:00:00Z'), CALENDAR)), '2026-12-01T13:00:00.000Z');
    assert.equal(iso(nextAllowedAt(f, at('2026-11-30T20:00:00Z'), LEGAL_ONLY)), '2026-12-01T15:00:00.000Z');
    assert.match(evaluate(f, at('2026-12-01T14:00:00Z'), LEGAL_ONLY).reasons[0]!.detail, /less than 168 hours/);
  });
  it('the day of the conversation counts from the conversation on, not before it', () => {
    const f = facts({ history: [conv], loanId: 'A' });
    assert.equal(evaluate(f, at('2026-11-24T14:59:59Z'), CALENDAR).allowed, true);
    assert.equal(evaluate(f, at('2026-11-24T15:00:00Z'), CALENDAR).allowed, false);
  });
  it('an inbound conversation starts the period too', () => {
    const inbound = call('2026-11-24T15:00:00Z', { direction: 'inbound', outcome: 'conversation' });
    assert.deepEqual(codes(evaluate(facts({ history: [inbound] }), at('2026-11-27T15:00:00Z'), LEGAL_ONLY)), ['REG_F_7_IN_7_CONVERSATION']);
  });
  it('a consented call that became a conversation still starts the period', () => {
    const c = call('2026-11-24T15:00:00Z', { outcome: 'conversation', consented: true });
    assert.equal(evaluate(facts({ history: [c] }), at('2026-11-27T15:00:00Z'), LEGAL_ONLY).allowed, false);
  });
  it('texts, emails, voicemails and wrong-party answers do not start it', () => {
    const history = [
      call('2026-11-24T15:00:00Z', { channel: 'sms', outcome: 'conversation' }),
      call('2026-11-24T16:00:00Z', { channel: 'email', outcome: 'conversation' }),
      call('2026-11-24T17:00:00Z', { outcome: 'voicemail' }),
      call('2026-11-24T18:00:00Z', { outcome: 'wrong_party' }),
    ];
    assert.equal(evaluate(facts({ history }), at('2026-11-27T15:00:00Z'), LEGAL_ONLY).allowed, true);
  });
  it('is per debt, and a conversation about several debts blocks each', () => {
    const multi = call('2026-11-24T15:00:00Z', { outcome: 'conversation', loanIds: ['A', 'B'] });
    const t = at('2026-11-27T15:00:00Z');
    assert.equal(evaluate(facts({ history: [multi], loanId: 'A' }), t, LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(facts({ history: [multi], loanId: 'B' }), t, LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(facts({ history: [multi], loanId: 'C' }), t, LEGAL_ONLY).allowed, true);
    const e = evaluate(facts({ history: [multi], loanIds: ['A', 'B'] }), t, LEGAL_ONLY);
    assert.equal(e.reasons.length, 2);
  });
  it('FC10: a late conversation falls on different dates in different zones; the union blocks', () => {
    // 00:30 EST on Nov 24 = 19:30 HST on Nov 23.
    const late = call('2026-11-24T05:30:00Z', { direction: 'inbound', outcome: 'conversation' });
    const hawaii = facts({ timezone: 'Pacific/Honolulu', history: [late] });
    const both = facts({ timezone: 'Pacific/Honolulu', phoneTimezones: [ET], history: [late] });
    // Hawaii alone: day 7 is Nov 29 (HST), so Nov 30 08:00 HST = 18:00Z is free.
    assert.equal(iso(nextAllowedAt(hawaii, at('2026-11-29T18:00:00Z'), CALENDAR)), '2026-11-30T18:00:00.000Z');
    // With New York as well, day 7 is Nov 30 in New York: wait for Dec 1 in both zones.
    assert.equal(iso(nextAllowedAt(both, at('2026-11-29T18:00:00Z'), CALENDAR)), '2026-12-01T18:00:00.000Z');
    const e = evaluate(both, at('2026-11-30T18:00:00Z'), CALENDAR);
    assert.equal(e.reasons[0]!.zone, ET);
  });
  it("a call with the person's direct prior consent is excluded from both prongs", () => {
    const history = [conv, ...SEVEN];
    const t = at('2026-11-30T20:00:00Z');
    assert.deepEqual(codes(evaluate(facts({ history, loanId: 'A' }), t, LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS', 'REG_F_7_IN_7_CONVERSATION']);
    assert.equal(evaluate(facts({ history, loanId: 'A', consented: true }), t, LEGAL_ONLY).allowed, true);
  });
});

describe('who Reg F binds', () => {
  const history = [call('2026-11-24T15:00:00Z', { outcome: 'conversation' })];
  const t = at('2026-11-26T15:00:00Z');
  it('creditors by default (the reference applies 7-in-7 to every client)', () => {
    assert.equal(evaluate(facts({ history }), t, { ...LEGAL_ONLY, callerType: 'creditor' }).allowed, false);
  });
  it('a creditor may switch it off; a collector may not', () => {
    assert.equal(evaluate(facts({ history }), t, { ...LEGAL_ONLY, callerType: 'creditor', regFForCreditors: false }).allowed, true);
    assert.equal(evaluate(facts({ history }), t, { ...LEGAL_ONLY, callerType: 'collector', regFForCreditors: false }).allowed, false);
  });
  it('reports both prongs and every failing rule together', () => {
    const d = decide(facts({ history: [...history, ...SEVEN] }), at('2026-11-30T03:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(codes(d), ['OUTSIDE_CALLING_HOURS', 'REG_F_7_IN_7_CALLS', 'REG_F_7_IN_7_CONVERSATION']);
    assert.equal(iso(d.nextAllowedAt), '2026-12-01T15:00:00.000Z');
    assert.ok(d.nextAllowedAt! - at('2026-11-24T15:00:00Z') >= 168 * HOUR);
  });
});
