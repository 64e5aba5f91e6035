import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, evaluate, nextAllowedAt } from '../../src/compliance/engine.ts';
import { jurisdictions } from '../../src/compliance/jurisdictions.ts';
import { CALENDAR, LEGAL_ONLY, at, call, codes, dailyCalls, facts, iso } from './helpers.ts';

/** Reg F off (a creditor that switched it off) so each overlay is seen alone. */
const CREDITOR = { ...LEGAL_ONLY, callerType: 'creditor' as const, regFForCreditors: false };
const T = at('2026-11-30T20:00:00Z'); // Monday 15:00 EST

describe('active jurisdictions', () => {
  it('address state, NYC, and the area code state', () => {
    assert.deepEqual(jurisdictions({ addressState: 'ny', addressInNyc: true, phoneState: 'MA' }), ['NY', 'NYC', 'MA']);
    assert.deepEqual(jurisdictions({ addressState: 'CA', phoneState: 'CA' }), ['CA']);
    assert.deepEqual(jurisdictions({ addressInNyc: true }), ['NY', 'NYC']);
    assert.deepEqual(jurisdictions({ addressState: 'XX', phoneState: null }), []);
  });
  it('NYC also through an area code that serves only the city', () => {
    assert.deepEqual(jurisdictions({ addressState: 'NJ', phoneState: 'NY', phoneInNyc: true }), ['NJ', 'NY', 'NYC']);
    assert.deepEqual(jurisdictions({ addressState: 'NY', addressInNyc: true, phoneState: 'NY', phoneInNyc: true }), ['NY', 'NYC']);
  });
  it('military postal codes (AA, AE, AP) are not states: no overlay', () => {
    assert.deepEqual(jurisdictions({ addressState: 'AE', phoneState: 'CA' }), ['CA']);
    assert.deepEqual(jurisdictions({ addressState: 'ap', otherStates: ['AA', 'WA'] }), ['WA']);
  });
  it('an overlay applies through the area code alone', () => {
    const history = dailyCalls('2026-11-27T15:00:00Z', 2);
    assert.equal(evaluate(facts({ addressState: 'CA', phoneState: 'MA', history }), T, CREDITOR).allowed, false);
    assert.equal(evaluate(facts({ addressState: 'CA', phoneState: 'CA', history }), T, CREDITOR).allowed, true);
  });
});

describe('Massachusetts (940 CMR 7.04(1)(f); 209 CMR 18.16)', () => {
  const ma = (over = {}) => facts({ addressState: 'MA', ...over });
  it('home/cell: the 2nd call in 7 days is allowed, the 3rd is not', () => {
    assert.equal(evaluate(ma({ history: dailyCalls('2026-11-27T15:00:00Z', 1) }), T, CREDITOR).allowed, true);
    const e = evaluate(ma({ history: dailyCalls('2026-11-27T15:00:00Z', 2) }), T, CREDITOR);
    assert.deepEqual(codes(e), ['MA_HOME_CAP']);
    assert.equal(e.reasons[0]!.rule, '940 CMR 7.04(1)(f)');
    assert.equal(
      evaluate(ma({ history: dailyCalls('2026-11-27T15:00:00Z', 2) }), T, { ...LEGAL_ONLY, callerType: 'collector' }).reasons.find(
        (r) => r.code === 'MA_HOME_CAP',
      )!.rule,
      '209 CMR 18.16(1)(a), (d)',
    );
  });
  it('the window ends after 7 local days (calendar) or 168 h (strict)', () => {
    const f = ma({ history: dailyCalls('2026-11-24T15:00:00Z', 2) }); // Nov 24, 25
    assert.equal(evaluate(f, at('2026-11-30T23:00:00Z'), CREDITOR).allowed, false);
    assert.equal(iso(nextAllowedAt(f, T, { ...CREDITOR, mode: 'calendar' })), '2026-12-01T13:00:00.000Z');
    assert.equal(iso(nextAllowedAt(f, T, CREDITOR)), '2026-12-01T15:00:00.000Z');
  });
  it('texts count, emails and never-connected calls do not', () => {
    assert.equal(evaluate(ma({ history: [call('2026-11-27T15:00:00Z'), call('2026-11-28T15:00:00Z', { channel: 'sms' })] }), T, CREDITOR).allowed, false);
    const ignored = [
      call('2026-11-27T15:00:00Z', { channel: 'email' }),
      call('2026-11-28T15:00:00Z', { outcome: 'not_connected' }),
      call('2026-11-29T15:00:00Z'),
    ];
    assert.equal(evaluate(ma({ history: ignored }), T, CREDITOR).allowed, true);
  });
  it('is per debt', () => {
    const history = dailyCalls('2026-11-27T15:00:00Z', 2, { loanIds: ['A'] });
    assert.equal(evaluate(ma({ history, loanId: 'B' }), T, CREDITOR).allowed, true);
    assert.equal(evaluate(ma({ history, loanId: 'A' }), T, CREDITOR).allowed, false);
  });
  it('work numbers: 2 per 30 days, counted separately from home/cell', () => {
    const work = [call('2026-11-02T15:00:00Z', { isWorkNumber: true }), call('2026-11-10T15:00:00Z', { isWorkNumber: true })];
    const home = dailyCalls('2026-11-27T15:00:00Z', 2);
    assert.deepEqual(codes(evaluate(ma({ history: work, isWorkNumber: true }), T, CREDITOR)), ['MA_WORK_CAP']);
    assert.equal(evaluate(ma({ history: work.slice(1), isWorkNumber: true }), T, CREDITOR).allowed, true);
    assert.equal(evaluate(ma({ history: home, isWorkNumber: true }), T, CREDITOR).allowed, true);
    assert.equal(evaluate(ma({ history: work }), T, CREDITOR).allowed, true);
    // The Nov 2 call leaves the 30-day calendar window on Dec 2 and the 720-hour one at Dec 2 15:00Z.
    const f = ma({ history: work, isWorkNumber: true });
    assert.equal(iso(nextAllowedAt(f, T, { ...CREDITOR, mode: 'calendar' })), '2026-12-02T13:00:00.000Z');
    assert.equal(iso(nextAllowedAt(f, T, CREDITOR)), '2026-12-02T15:00:00.000Z');
  });
});

describe('District of Columbia (D.C. Code 28-3814)', () => {
  const dc = (over = {}) => facts({ addressState: 'DC', ...over });
  it('the 4th call per account in 7 days is allowed, the 5th is not; attempts count whatever the outcome', () => {
    assert.equal(evaluate(dc({ history: dailyCalls('2026-11-25T15:00:00Z', 3, { outcome: 'not_connected' }) }), T, CREDITOR).allowed, true);
    const e = evaluate(dc({ history: dailyCalls('2026-11-25T15:00:00Z', 4, { outcome: 'not_connected' }) }), T, CREDITOR);
    assert.deepEqual(codes(e), ['DC_CAP']);
    assert.equal(e.reasons[0]!.rule, 'D.C. Code 28-3814');
  });
  it('is per account and ignores inbound calls', () => {
    const history = dailyCalls('2026-11-25T15:00:00Z', 4, { loanIds: ['A'] });
    assert.equal(evaluate(dc({ history, loanId: 'B' }), T, CREDITOR).allowed, true);
    const inbound = dailyCalls('2026-11-25T15:00:00Z', 4, { direction: 'inbound' });
    assert.equal(evaluate(dc({ history: inbound }), T, CREDITOR).allowed, true);
  });
});

describe('Washington (RCW 19.16.250), licensed agencies', () => {
  const wa = (over = {}) => facts({ timezone: 'America/Los_Angeles', addressState: 'WA', ...over });
  const t = at('2026-11-30T20:00:00Z'); // 12:00 PST
  const mixed = [
    call('2026-11-26T20:00:00Z', { loanIds: ['A'] }),
    call('2026-11-27T20:00:00Z', { channel: 'sms', loanIds: ['B'] }),
    call('2026-11-28T20:00:00Z', { channel: 'email' }),
  ];
  it('3 communications a week in any form, all debts: the 4th is refused', () => {
    assert.deepEqual(codes(evaluate(wa({ history: mixed }), t, CREDITOR)), ['WA_CAP']);
    assert.equal(evaluate(wa({ history: mixed.slice(1) }), t, CREDITOR).allowed, true);
    assert.equal(evaluate(wa({ history: [...mixed.slice(1), call('2026-11-28T21:00:00Z', { outcome: 'not_connected' })] }), t, CREDITOR).allowed, true);
  });
  it('only binds WA-licensed companies', () => {
    assert.equal(evaluate(wa({ history: mixed }), t, { ...CREDITOR, waLicensed: false }).allowed, true);
  });
  it('1 a week at work', () => {
    const work = [call('2026-11-27T20:00:00Z', { isWorkNumber: true })];
    assert.deepEqual(codes(evaluate(wa({ history: work, isWorkNumber: true }), t, CREDITOR)), ['WA_WORK_CAP']);
    assert.equal(evaluate(wa({ history: work }), t, CREDITOR).allowed, true);
    assert.equal(evaluate(wa({ history: [call('2026-11-27T20:00:00Z')], isWorkNumber: true }), t, CREDITOR).allowed, true);
  });
});

describe('New York City (6 RCNY 5-77, from 2026-09-01)', () => {
  const nyc = (over = {}) => facts({ addressState: 'NY', addressInNyc: true, ...over });
  const attempts = [
    call('2026-11-26T15:00:00Z', { outcome: 'not_connected' }),
    call('2026-11-27T15:00:00Z', { channel: 'sms' }),
    call('2026-11-28T15:00:00Z', { channel: 'email' }),
  ];
  it('3 attempts per account across channels: the 4th is refused', () => {
    const e = evaluate(nyc({ history: attempts }), T, CREDITOR);
    assert.deepEqual(codes(e), ['NYC_CAP']);
    assert.match(e.reasons[0]!.rule, /6 RCNY 5-77/);
    assert.equal(evaluate(nyc({ history: attempts.slice(1) }), T, CREDITOR).allowed, true);
    assert.equal(evaluate(nyc({ history: attempts, loanId: 'Z' }), T, CREDITOR).allowed, false);
    assert.equal(evaluate(nyc({ history: attempts.map((a) => ({ ...a, loanIds: ['A'] })), loanId: 'Z' }), T, CREDITOR).allowed, true);
  });
  it('applies to calls from 2026-09-01 00:00 New York time', () => {
    const history = [call('2026-08-28T15:00:00Z'), call('2026-08-29T15:00:00Z'), call('2026-08-30T15:00:00Z')];
    assert.equal(evaluate(nyc({ history }), at('2026-08-31T15:00:00Z'), CREDITOR).allowed, true);
    assert.deepEqual(codes(evaluate(nyc({ history }), at('2026-09-01T15:00:00Z'), CREDITOR)), ['NYC_CAP']);
    assert.deepEqual(codes(evaluate(nyc({ history }), at('2026-09-01T04:00:00Z') - 1, CREDITOR)), ['OUTSIDE_CALLING_HOURS']);
    assert.deepEqual(codes(evaluate(nyc({ history }), at('2026-09-01T04:00:00Z'), CREDITOR)), ['NYC_CAP', 'OUTSIDE_CALLING_HOURS']);
  });
  it('does not apply in New York State outside the city', () => {
    assert.equal(evaluate(facts({ addressState: 'NY', history: attempts }), T, CREDITOR).allowed, true);
  });
  it('applies to a borrower known by a city-only area code, wherever the address is', () => {
    const e = evaluate(facts({ addressState: 'NJ', phoneState: 'NY', phoneInNyc: true, history: attempts }), T, CREDITOR);
    assert.deepEqual(codes(e), ['NYC_CAP']);
    assert.deepEqual(e.jurisdictions, ['NJ', 'NY', 'NYC']);
    assert.equal(evaluate(facts({ addressState: 'NJ', phoneState: 'NY', history: attempts }), T, CREDITOR).allowed, true, 'a 516 or 914 number: not the city');
  });
  it('by area code, from the day the rule took effect', () => {
    const history = [call('2026-08-28T15:00:00Z'), call('2026-08-29T15:00:00Z'), call('2026-08-30T15:00:00Z')];
    const f = facts({ phoneState: 'NY', phoneInNyc: true, history });
    assert.equal(evaluate(f, at('2026-08-31T15:00:00Z'), CREDITOR).allowed, true);
    assert.deepEqual(codes(evaluate(f, at('2026-09-01T15:00:00Z'), CREDITOR)), ['NYC_CAP']);
  });
});

describe('West Virginia (W. Va. Code 46A-2-125(d))', () => {
  const wv = (over = {}) => facts({ addressState: 'WV', ...over });
  const burst = (n: number, outcome: 'no_answer' | 'conversation', direction: 'outbound' | 'inbound' = 'outbound') =>
    Array.from({ length: n }, (_, i) => call(at('2026-11-24T14:00:00Z') + Math.floor(i / 5) * 86_400_000 + (i % 5) * 3_600_000, { outcome, direction }));
  it('30 calls a week: the 30th is allowed, the 31st is not', () => {
    assert.equal(evaluate(wv({ history: burst(29, 'no_answer') }), T, CREDITOR).allowed, true);
    const e = evaluate(wv({ history: burst(30, 'no_answer') }), T, CREDITOR);
    assert.deepEqual(codes(e), ['WV_CALL_CAP']);
    assert.equal(e.reasons[0]!.rule, 'W. Va. Code 46A-2-125(d)');
  });
  it('10 conversations a week (inbound ones too): after 9 a call is allowed, after 10 not', () => {
    assert.equal(evaluate(wv({ history: burst(9, 'conversation', 'inbound') }), T, CREDITOR).allowed, true);
    assert.deepEqual(codes(evaluate(wv({ history: burst(10, 'conversation', 'inbound') }), T, CREDITOR)), ['WV_CONVERSATION_CAP']);
  });
  it('counts in calendar mode too', () => {
    assert.equal(evaluate(wv({ history: burst(30, 'no_answer') }), T, { ...CREDITOR, mode: 'calendar' }).allowed, false);
    assert.equal(
      evaluate(wv({ history: burst(30, 'no_answer') }), at('2026-12-01T13:00:00Z'), { ...CALENDAR, callerType: 'creditor', regFForCreditors: false }).allowed,
      true,
    );
  });
});

describe('state artificial-voice statutes (Minn. Stat. 325E.27; Ind. Code 24-5-14-5; Miss. Code 77-3-455; Mont. Code 45-8-216)', () => {
  const noConsent = (over = {}) => facts({ lineType: 'landline', tcpaConsent: false, ...over });
  const AI = LEGAL_ONLY;

  it('an AI-voice call to a Minnesota consumer without consent is refused with its citation, permanently', () => {
    const d = decide(noConsent({ addressState: 'MN', timezone: 'America/Chicago' }), at('2026-12-01T18:00:00Z'), AI);
    assert.deepEqual(codes(d), ['MN_ARTIFICIAL_VOICE']);
    assert.equal(d.reasons[0]!.rule, 'Minn. Stat. 325E.27');
    assert.match(d.reasons[0]!.detail, /consent or a live operator/);
    assert.equal(d.nextAllowedAt, null);
  });

  it('each of the four states, by address or by area code; not elsewhere', () => {
    for (const [state, code] of [
      ['MN', 'MN_ARTIFICIAL_VOICE'],
      ['IN', 'IN_ARTIFICIAL_VOICE'],
      ['MS', 'MS_ARTIFICIAL_VOICE'],
      ['MT', 'MT_ARTIFICIAL_VOICE'],
    ] as const) {
      assert.deepEqual(codes(evaluate(noConsent({ addressState: state }), T, AI)), [code], state);
      assert.deepEqual(codes(evaluate(noConsent({ addressState: 'NY', phoneState: state }), T, AI)), [code], `${state} by area code`);
    }
    assert.equal(evaluate(noConsent({ addressState: 'NY', phoneState: 'NJ' }), T, AI).allowed, true, 'the TCPA alone allows 3 landline calls');
    assert.deepEqual(codes(evaluate(noConsent({ addressState: 'MN', phoneState: 'MS' }), T, AI)), ['MN_ARTIFICIAL_VOICE', 'MS_ARTIFICIAL_VOICE']);
  });

  it("the consumer's prior express consent to artificial-voice calls satisfies every one", () => {
    for (const state of ['MN', 'IN', 'MS', 'MT']) assert.equal(evaluate(noConsent({ addressState: state, tcpaConsent: true }), T, AI).allowed, true, state);
  });

  it('a live operator who first obtains consent exempts the call in all four', () => {
    for (const state of ['MN', 'IN', 'MS', 'MT'])
      assert.equal(evaluate(noConsent({ addressState: state }), T, { ...AI, liveOperatorIntro: true }).allowed, true, state);
  });

  it('a current business relationship exempts it in Minnesota and Indiana only', () => {
    const related = { ...AI, businessRelationship: true };
    assert.equal(evaluate(noConsent({ addressState: 'MN' }), T, related).allowed, true);
    assert.equal(evaluate(noConsent({ addressState: 'IN' }), T, related).allowed, true);
    assert.deepEqual(codes(evaluate(noConsent({ addressState: 'MS' }), T, related)), ['MS_ARTIFICIAL_VOICE']);
    assert.deepEqual(codes(evaluate(noConsent({ addressState: 'MT' }), T, related)), ['MT_ARTIFICIAL_VOICE']);
  });

  it('a call without an artificial voice is outside them; a wireless number also fails the TCPA gate', () => {
    assert.equal(evaluate(noConsent({ addressState: 'MN' }), T, { ...AI, artificialVoice: false }).allowed, true);
    assert.deepEqual(codes(evaluate(noConsent({ addressState: 'MN', lineType: 'wireless' }), T, AI)), ['MN_ARTIFICIAL_VOICE', 'TCPA_NO_CONSENT_WIRELESS']);
  });

  it('the engine refuses a non-boolean policy value', () => {
    assert.throws(() => evaluate(noConsent(), T, { ...AI, liveOperatorIntro: 'yes' as unknown as boolean }), /policy.liveOperatorIntro must be true or false/);
  });
});
