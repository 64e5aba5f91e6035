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
      ...dailyCalls('2026-11-24T16:00:00Z', 3, { consented: true, consentGrantedAt: at('2026-11-24T15:59:00Z') }),
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
    assert.equal(evaluate(facts({ history, loanId: 'A', consented: true, consentGrantedAt: at('2026-11-30T19:00:00Z') }), t, LEGAL_ONLY).allowed, true);
  });
});

describe('the consent exclusion lasts seven local days and covers its debts (12 CFR 1006.14(b)(3)(i))', () => {
  // Six countable calls Nov 24 … Nov 29, 10:00 EST; the proposed call is the 8th if one more counts.
  const SIX = dailyCalls('2026-11-24T15:00:00Z', 6);
  const t = at('2026-11-30T20:00:00Z'); // Nov 30, 15:00 EST
  const consentedCall = (when: string, granted: string | null, over = {}) =>
    call(when, { consented: true, ...(granted === null ? {} : { consentGrantedAt: at(granted) }), ...over });

  it('a recorded consented call without its grant time counts (nothing shows the consent still covered it)', () => {
    const history = [...SIX, consentedCall('2026-11-30T14:00:00Z', null)];
    assert.deepEqual(codes(evaluate(facts({ history }), t, LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS']);
    assert.deepEqual(codes(evaluate(facts({ history }), t, CALENDAR)), ['REG_F_7_IN_7_CALLS']);
  });

  it('a call on the seventh local day of the consent is excluded; one on the eighth counts', () => {
    // Consent given Nov 23 at 10:00 EST: day 1 is Nov 23, day 7 is Nov 29 (through 23:59:59.999 EST).
    const granted = '2026-11-23T15:00:00Z';
    const day7 = [...SIX.slice(1), consentedCall('2026-11-30T04:59:59.999Z', granted), call('2026-11-30T14:00:00Z')];
    assert.equal(evaluate(facts({ history: day7 }), t, CALENDAR).allowed, true, 'Nov 29 23:59:59.999 EST: inside');
    const day8 = [...SIX.slice(1), consentedCall('2026-11-30T05:00:00Z', granted), call('2026-11-30T14:00:00Z')];
    assert.deepEqual(codes(evaluate(facts({ history: day8 }), t, CALENDAR)), ['REG_F_7_IN_7_CALLS'], 'Nov 30 00:00 EST: the consent has lapsed');
  });

  it('a call before the consent was given is not covered by it', () => {
    const history = [...SIX, consentedCall('2026-11-30T14:00:00Z', '2026-11-30T14:00:00.001Z')];
    assert.deepEqual(codes(evaluate(facts({ history }), t, LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS']);
  });

  it('the seventh day ends first in the zone whose midnight comes first', () => {
    // Granted Nov 23 22:30 Chicago = Nov 23 23:30 New York: day 7 is Nov 29 in both; New York's
    // midnight (05:00Z) comes an hour before Chicago's (06:00Z).
    const granted = '2026-11-24T04:30:00Z';
    const both = (when: string) =>
      facts({ timezone: 'America/Chicago', phoneTimezones: [ET], history: [...SIX.slice(1), consentedCall(when, granted), call('2026-11-30T14:00:00Z')] });
    assert.equal(evaluate(both('2026-11-30T04:59:00Z'), t, CALENDAR).allowed, true);
    assert.deepEqual(codes(evaluate(both('2026-11-30T05:30:00Z'), t, CALENDAR)), ['REG_F_7_IN_7_CALLS']);
  });

  it('strict mode also ends it 168 hours after the grant (the week DST ends has 169)', () => {
    // Granted Oct 31 00:00 EDT: local days Oct 31 … Nov 6 end at Nov 7 00:00 EST = 05:00Z, 169 h
    // later; strict mode ends the consent at 168 h, 04:00Z.
    const granted = '2026-10-31T04:00:00Z';
    const six = dailyCalls('2026-11-01T15:00:00Z', 6); // Nov 1 … Nov 6
    const history = [...six, consentedCall('2026-11-07T04:30:00Z', granted)];
    const when = at('2026-11-07T15:00:00Z'); // Nov 7, 10:00 EST
    assert.equal(evaluate(facts({ history }), when, CALENDAR).allowed, true);
    assert.deepEqual(codes(evaluate(facts({ history }), when, LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS']);
  });

  it('covers only the debts it names: a call about A and B with consent for A counts for B', () => {
    const six = dailyCalls('2026-11-24T15:00:00Z', 6, { loanIds: ['A', 'B'] });
    const history = [...six, consentedCall('2026-11-30T14:00:00Z', '2026-11-30T13:00:00Z', { loanIds: ['A', 'B'], consentLoanIds: ['A'] })];
    assert.equal(evaluate(facts({ history, loanId: 'A' }), t, LEGAL_ONLY).allowed, true);
    const b = evaluate(facts({ history, loanId: 'B' }), t, LEGAL_ONLY);
    assert.deepEqual(codes(b), ['REG_F_7_IN_7_CALLS']);
    assert.match(b.reasons[0]!.detail, /about loan B/);
    // A consent scoped to a loan says nothing about a customer counted as one unnamed debt.
    assert.deepEqual(codes(evaluate(facts({ history }), t, LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS']);
  });

  describe('the proposed call', () => {
    const seven = dailyCalls('2026-11-24T15:00:00Z', 7); // Nov 24 … Nov 30
    const conversation = call('2026-11-30T15:30:00Z', { outcome: 'conversation' });
    const history = [...seven, conversation];

    it('placed under a consent given today is excluded from both prongs', () => {
      const f = facts({ history, consented: true, consentGrantedAt: at('2026-11-30T15:30:00Z') });
      assert.equal(evaluate(f, t, LEGAL_ONLY).allowed, true);
    });

    it('without a grant time it is not excluded', () => {
      assert.deepEqual(codes(evaluate(facts({ history, consented: true }), t, LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS', 'REG_F_7_IN_7_CONVERSATION']);
    });

    it('before the grant it is not excluded; nextAllowedAt finds the grant', () => {
      const f = facts({ history, consented: true, consentGrantedAt: at('2026-11-30T15:30:00Z') });
      assert.deepEqual(codes(evaluate(f, at('2026-11-30T15:29:59.999Z'), LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS']);
      assert.equal(iso(nextAllowedAt(f, at('2026-11-30T14:00:00Z'), LEGAL_ONLY)), '2026-11-30T15:30:00.000Z');
    });

    it('on the seventh local day of the consent it is excluded, on the eighth it counts', () => {
      // Granted Nov 30 (day 1); Dec 6 is day 7, Dec 7 day 8. Seven calls in the week before each.
      const grant = { consented: true, consentGrantedAt: at('2026-11-30T15:30:00Z') };
      const day7 = facts({ history: dailyCalls('2026-11-30T19:00:00Z', 7), ...grant });
      assert.equal(evaluate(day7, at('2026-12-06T20:00:00Z'), CALENDAR).allowed, true);
      assert.deepEqual(codes(evaluate({ ...day7, consented: false }, at('2026-12-06T20:00:00Z'), CALENDAR)), ['REG_F_7_IN_7_CALLS']);
      const day8 = facts({ history: dailyCalls('2026-12-01T19:00:00Z', 7), ...grant });
      assert.deepEqual(codes(evaluate(day8, at('2026-12-07T20:00:00Z'), CALENDAR)), ['REG_F_7_IN_7_CALLS']);
    });

    it("its scope: consent for loan A does not excuse the call's loan B", () => {
      const f = facts({ history, loanIds: ['A', 'B'], consented: true, consentGrantedAt: at('2026-11-30T15:30:00Z'), consentLoanIds: ['A'] });
      const e = evaluate(f, t, LEGAL_ONLY);
      assert.deepEqual(codes(e), ['REG_F_7_IN_7_CALLS', 'REG_F_7_IN_7_CONVERSATION']);
      assert.ok(e.reasons.every((r) => r.detail.includes('loan B')));
    });
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
  describe('a creditor that switched it off is still bound where a state holds creditors to the FDCPA', () => {
    const creditor = { ...LEGAL_ONLY, callerType: 'creditor' as const, regFForCreditors: false };
    const la = (over = {}) => facts({ timezone: 'America/Los_Angeles', history, ...over });
    const noon = at('2026-11-26T20:00:00Z'); // 12:00 in Los Angeles, day 3 after the conversation

    it('California (Rosenthal Act, Cal. Civ. Code 1788.17): by address, with the statute cited', () => {
      const e = evaluate(la({ addressState: 'CA' }), noon, creditor);
      assert.deepEqual(codes(e), ['REG_F_7_IN_7_CONVERSATION']);
      assert.equal(e.reasons[0]!.rule, '12 CFR 1006.14(b)(2)(i)(B), applied to creditors by Cal. Civ. Code 1788.17');
      const seven = dailyCalls('2026-11-20T20:00:00Z', 7);
      const calls = evaluate(la({ addressState: 'CA', history: seven }), noon, creditor);
      assert.deepEqual(codes(calls), ['REG_F_7_IN_7_CALLS']);
      assert.equal(calls.reasons[0]!.rule, '12 CFR 1006.14(b)(2)(i)(A), applied to creditors by Cal. Civ. Code 1788.17');
    });
    it('California by the area code of the number, as every state overlay', () => {
      assert.deepEqual(codes(evaluate(la({ addressState: 'NV', phoneState: 'CA' }), noon, creditor)), ['REG_F_7_IN_7_CONVERSATION']);
    });
    it('Maryland (Md. Code, Com. Law 14-202(11))', () => {
      const e = evaluate(facts({ addressState: 'MD', history }), t, creditor);
      assert.equal(e.reasons[0]!.rule, '12 CFR 1006.14(b)(2)(i)(B), applied to creditors by Md. Code, Com. Law 14-202(11)');
    });
    it('not elsewhere: Nevada, Texas', () => {
      assert.equal(evaluate(la({ addressState: 'NV' }), noon, creditor).allowed, true);
      assert.equal(evaluate(facts({ addressState: 'TX', history }), t, creditor).allowed, true);
    });
    it('on the boundary days: day 7 after the conversation is blocked, day 8 is free', () => {
      // Conversation Nov 24 (day 1, 07:00 PST); Nov 30 is day 7, Dec 1 day 8.
      const f = la({ addressState: 'CA' });
      assert.deepEqual(codes(evaluate(f, at('2026-11-30T20:00:00Z'), { ...creditor, mode: 'calendar' })), ['REG_F_7_IN_7_CONVERSATION']);
      assert.equal(evaluate(f, at('2026-12-01T16:00:00Z'), { ...creditor, mode: 'calendar' }).allowed, true);
    });
  });
  it('reports both prongs and every failing rule together', () => {
    const d = decide(facts({ history: [...history, ...SEVEN] }), at('2026-11-30T03:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(codes(d), ['OUTSIDE_CALLING_HOURS', 'REG_F_7_IN_7_CALLS', 'REG_F_7_IN_7_CONVERSATION']);
    assert.equal(iso(d.nextAllowedAt), '2026-12-01T15:00:00.000Z');
    assert.ok(d.nextAllowedAt! - at('2026-11-24T15:00:00Z') >= 168 * HOUR);
  });
});
