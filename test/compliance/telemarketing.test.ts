/**
 * The telemarketing rules a marketing call gets (call-compliance.md F3, S1b, S16; 47 CFR
 * 64.1200(c)(2)), each on its boundary minutes and days, and the collection purposes they spare.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, evaluate, nextAllowedAt } from '../../src/compliance/engine.ts';
import { resolvePolicy } from '../../src/compliance/policy.ts';
import { ComplianceInputError, type CallFacts, type Policy } from '../../src/compliance/types.ts';
import { LEGAL_ONLY, at, call, codes, facts, iso } from './helpers.ts';

/** A company that has enabled marketing calls, with only the legal rules. */
const MARKETING: Policy = { ...LEGAL_ONLY, marketingCalls: true };
const HOUR = 3_600_000;

/** A marketing call to a number the lender says is not on the registry. */
function marketing(over: Partial<CallFacts> = {}): CallFacts {
  return facts({ purpose: 'marketing', nationalDncRegistered: false, ...over });
}

describe('marketing needs the company to enable it', () => {
  it('refused whatever the time while marketingCalls is off, allowed once it is on', () => {
    const t = at('2026-12-01T17:00:00Z'); // Tuesday 12:00 in New York
    const off = decide(marketing(), t, LEGAL_ONLY);
    assert.deepEqual(codes(off), ['MARKETING_NOT_ENABLED']);
    assert.equal(off.nextAllowedAt, null);
    assert.match(off.reasons[0]!.detail, /marketingCalls/);
    assert.equal(evaluate(marketing(), t, MARKETING).allowed, true);
  });
  it('collection, servicing and verification calls need no setting and get none of the marketing rules', () => {
    const sunday = at('2026-12-06T18:00:00Z'); // Sunday 12:00 in Alabama (Central)
    for (const purpose of ['collection', 'servicing', 'verification', null] as const) {
      const f = facts({ purpose, addressState: 'AL', timezone: 'America/Chicago', nationalDncRegistered: true });
      assert.equal(evaluate(f, sunday, LEGAL_ONLY).allowed, true, String(purpose));
    }
  });
  it('the policy field is validated', () => {
    assert.throws(
      () => resolvePolicy({ marketingCalls: 'yes' as unknown as boolean }),
      (e: unknown) => e instanceof ComplianceInputError && e.field === 'policy.marketingCalls',
    );
    assert.equal(resolvePolicy({}).marketingCalls, false);
  });
});

describe('National Do-Not-Call Registry (47 CFR 64.1200(c)(2))', () => {
  const t = at('2026-12-01T17:00:00Z');
  it('a registered number is refused for good, with the citation', () => {
    const d = decide(marketing({ nationalDncRegistered: true }), t, MARKETING);
    assert.deepEqual(codes(d), ['NATIONAL_DNC_REGISTRY']);
    assert.equal(d.reasons[0]!.rule, '47 CFR 64.1200(c)(2)');
    assert.equal(d.nextAllowedAt, null);
  });
  it('a number whose status was not stated is treated as registered', () => {
    for (const status of [null, undefined]) {
      const e = evaluate(marketing({ nationalDncRegistered: status }), t, MARKETING);
      assert.deepEqual(codes(e), ['NATIONAL_DNC_REGISTRY']);
      assert.match(e.reasons[0]!.detail, /treated as registered/);
    }
  });
  it('an established business relationship lets the call reach a registered number', () => {
    assert.equal(evaluate(marketing({ nationalDncRegistered: true }), t, { ...MARKETING, businessRelationship: true }).allowed, true);
    assert.equal(evaluate(marketing({ nationalDncRegistered: null }), t, { ...MARKETING, businessRelationship: true }).allowed, true);
  });
  it('prior express consent to calls about the debt is not the written agreement a solicitation needs', () => {
    assert.deepEqual(codes(evaluate(marketing({ nationalDncRegistered: true, tcpaConsent: true }), t, MARKETING)), ['NATIONAL_DNC_REGISTRY']);
  });
  it('a collection call ignores the registry', () => {
    assert.equal(evaluate(facts({ nationalDncRegistered: true }), t, MARKETING).allowed, true);
  });
});

describe('TCPA telemarketing hours (47 CFR 64.1200(c)(1))', () => {
  it('08:00 is allowed, 07:59 is not; 20:59 is allowed, 21:00 is not (New York)', () => {
    assert.deepEqual(codes(evaluate(marketing(), at('2026-12-01T12:59:00Z'), MARKETING)), ['OUTSIDE_CALLING_HOURS', 'TCPA_TELEMARKETING_HOURS']);
    assert.equal(evaluate(marketing(), at('2026-12-01T13:00:00Z'), MARKETING).allowed, true);
    assert.equal(evaluate(marketing(), at('2026-12-02T01:59:00Z'), MARKETING).allowed, true);
    const late = evaluate(marketing(), at('2026-12-02T02:00:00Z'), MARKETING);
    assert.deepEqual(codes(late), ['OUTSIDE_CALLING_HOURS', 'TCPA_TELEMARKETING_HOURS']);
    const tcpa = late.reasons.find((r) => r.code === 'TCPA_TELEMARKETING_HOURS')!;
    assert.equal(tcpa.rule, '47 CFR 64.1200(c)(1)');
    assert.equal(tcpa.zone, 'America/New_York');
  });
  it('the company buffers narrow the collection window, never the statute’s own reason', () => {
    const e = evaluate(marketing(), at('2026-12-02T01:55:00Z'), { ...MARKETING, endBufferMinutes: 10 });
    assert.deepEqual(codes(e), ['OUTSIDE_CALLING_HOURS']);
  });
});

describe('Florida telemarketing hours (Fla. Stat. 501.616(6)(a))', () => {
  const miami = (over: Partial<CallFacts> = {}) => marketing({ addressState: 'FL', timezone: 'America/New_York', ...over });
  it('19:59 local is allowed, 20:00 is not, and the next lawful instant is 08:00 the next morning', () => {
    assert.equal(evaluate(miami(), at('2026-12-02T00:59:00Z'), MARKETING).allowed, true);
    assert.equal(evaluate(miami(), at('2026-12-02T00:59:59.999Z'), MARKETING).allowed, true);
    const d = decide(miami(), at('2026-12-02T01:00:00Z'), MARKETING);
    assert.deepEqual(codes(d), ['FL_TELEMARKETING_HOURS']);
    assert.equal(d.reasons[0]!.rule, 'Fla. Stat. 501.616(6)(a)');
    assert.match(d.reasons[0]!.detail, /20:00 .*08:00–20:00/);
    assert.equal(iso(d.nextAllowedAt), '2026-12-02T13:00:00.000Z');
  });
  it('in summer time too, on the local wall clock', () => {
    assert.equal(evaluate(miami(), at('2026-07-15T23:59:00Z'), MARKETING).allowed, true);
    assert.deepEqual(codes(evaluate(miami(), at('2026-07-16T00:00:00Z'), MARKETING)), ['FL_TELEMARKETING_HOURS']);
  });
  it('in every candidate zone: a Florida number with a Central-time address closes at 20:00 Eastern', () => {
    const f = marketing({ addressState: 'FL', addressTimezones: ['America/Chicago'], phoneTimezones: ['America/New_York'], phoneState: 'FL' });
    assert.deepEqual(codes(evaluate(f, at('2026-12-02T01:00:00Z'), MARKETING)), ['FL_TELEMARKETING_HOURS']); // 19:00 Central
  });
  it('applies through a Florida area code alone', () => {
    assert.deepEqual(codes(evaluate(marketing({ addressState: 'GA', phoneState: 'FL' }), at('2026-12-02T01:00:00Z'), MARKETING)), ['FL_TELEMARKETING_HOURS']);
  });
  it('not for collection calls, which keep 08:00–21:00', () => {
    assert.equal(evaluate(miami({ purpose: 'collection' }), at('2026-12-02T01:00:00Z'), MARKETING).allowed, true);
  });
});

describe("Florida's 3 telephone solicitations in 24 hours (Fla. Stat. 501.616(6)(b))", () => {
  const t0 = at('2026-12-01T14:00:00Z'); // Tuesday 09:00 in Miami
  const three = [call(t0), call(t0 + HOUR), call(t0 + 2 * HOUR)];
  const miami = (over: Partial<CallFacts> = {}) => marketing({ addressState: 'FL', history: three, ...over });
  it('the fourth call within 24 hours is refused; exactly 24 hours after the first it is allowed', () => {
    const fourth = decide(miami(), t0 + 3 * HOUR, MARKETING);
    assert.deepEqual(codes(fourth), ['FL_TELEMARKETING_CAP']);
    assert.equal(fourth.reasons[0]!.rule, 'Fla. Stat. 501.616(6)(b)');
    assert.match(fourth.reasons[0]!.detail, /^3 call attempts .* would make 4/);
    assert.equal(iso(fourth.nextAllowedAt), '2026-12-02T14:00:00.000Z');
    assert.equal(evaluate(miami(), t0 + 24 * HOUR - 1, MARKETING).allowed, false);
    assert.equal(evaluate(miami(), t0 + 24 * HOUR, MARKETING).allowed, true);
  });
  it('the third call is allowed', () => {
    assert.equal(evaluate(miami({ history: three.slice(0, 2) }), t0 + 3 * HOUR, MARKETING).allowed, true);
  });
  it('every attempt counts, whatever its outcome or purpose; planned attempts after the call count too', () => {
    const mixed = [call(t0, { outcome: 'not_connected' }), call(t0 + HOUR, { outcome: 'conversation' }), call(t0 + 2 * HOUR, { phoneNumber: '+13055550111' })];
    assert.equal(evaluate(miami({ history: mixed }), t0 + 3 * HOUR, MARKETING).allowed, false);
    const around = [call(t0 - 2 * HOUR), call(t0 + 2 * HOUR), call(t0 + 4 * HOUR)];
    assert.deepEqual(codes(evaluate(miami({ history: around }), t0, MARKETING)), ['FL_TELEMARKETING_CAP']);
  });
  it('inbound calls and texts do not count', () => {
    const others = [call(t0, { direction: 'inbound' }), call(t0 + HOUR, { channel: 'sms' }), call(t0 + 2 * HOUR), call(t0 + 2 * HOUR + 1)];
    assert.equal(evaluate(miami({ history: others }), t0 + 3 * HOUR, MARKETING).allowed, true);
  });
  it('only in Florida, and only for marketing', () => {
    assert.equal(evaluate(marketing({ addressState: 'GA', history: three }), t0 + 3 * HOUR, MARKETING).allowed, true);
    assert.equal(evaluate(miami({ purpose: 'collection' }), t0 + 3 * HOUR, MARKETING).allowed, true);
  });
});

describe('state Sunday and holiday bans on telephone solicitations (AL, LA, MS, RI, UT)', () => {
  it('a Sunday in Alabama, on the local date: Saturday and Monday are allowed, and the search lands on Monday 08:00', () => {
    const al = marketing({ addressState: 'AL', timezone: 'America/Chicago' });
    assert.equal(evaluate(al, at('2026-12-05T18:00:00Z'), MARKETING).allowed, true); // Saturday 12:00 CST
    const sunday = decide(al, at('2026-12-06T18:00:00Z'), MARKETING);
    assert.deepEqual(codes(sunday), ['STATE_TELEMARKETING_SUNDAY']);
    assert.equal(sunday.reasons[0]!.zone, 'America/Chicago');
    assert.match(sunday.reasons[0]!.detail, /Alabama forbids/);
    assert.equal(iso(sunday.nextAllowedAt), '2026-12-07T14:00:00.000Z'); // Monday 08:00 CST
    // Sunday 20:59 CST is still inside the hours, and still Sunday.
    assert.deepEqual(codes(evaluate(al, at('2026-12-07T02:59:00Z'), MARKETING)), ['STATE_TELEMARKETING_SUNDAY']);
  });
  it('Sunday in any candidate zone: an Alabama address with an Eastern number is refused from Sunday 00:00 Eastern', () => {
    const f = marketing({ addressState: 'AL', addressTimezones: ['America/Chicago'], phoneTimezones: ['America/New_York'] });
    // Saturday 20:30 CST is Saturday 21:30 EST: already outside the hours; the Sunday starts at 23:00 CST.
    const d = evaluate(f, at('2026-12-06T05:00:00Z'), MARKETING);
    assert.ok(codes(d).includes('STATE_TELEMARKETING_SUNDAY'));
  });
  it('a federal holiday and its observed weekday (Louisiana: Christmas; Utah: Independence Day observed on Friday 2026-07-03)', () => {
    const la = marketing({ addressState: 'LA', timezone: 'America/Chicago' });
    assert.equal(evaluate(la, at('2026-12-24T18:00:00Z'), MARKETING).allowed, true);
    const christmas = evaluate(la, at('2026-12-25T18:00:00Z'), MARKETING);
    assert.deepEqual(codes(christmas), ['STATE_TELEMARKETING_HOLIDAY']);
    assert.match(christmas.reasons[0]!.rule, /La\. R\.S\. 45:811/);
    const ut = marketing({ addressState: 'UT', timezone: 'America/Denver' });
    assert.deepEqual(codes(evaluate(ut, at('2026-07-03T18:00:00Z'), MARKETING)), ['STATE_TELEMARKETING_HOLIDAY']);
    assert.equal(evaluate(ut, at('2026-07-02T18:00:00Z'), MARKETING).allowed, true);
  });
  it('each of the five states, through the address, the area code or a further state', () => {
    const sunday = at('2026-12-06T17:00:00Z');
    for (const state of ['AL', 'LA', 'MS', 'RI', 'UT']) {
      assert.deepEqual(codes(evaluate(marketing({ addressState: state }), sunday, MARKETING)), ['STATE_TELEMARKETING_SUNDAY'], state);
      assert.deepEqual(codes(evaluate(marketing({ phoneState: state }), sunday, MARKETING)), ['STATE_TELEMARKETING_SUNDAY'], state);
      assert.deepEqual(codes(evaluate(marketing({ otherStates: [state] }), sunday, MARKETING)), ['STATE_TELEMARKETING_SUNDAY'], state);
    }
    assert.equal(evaluate(marketing({ addressState: 'GA' }), sunday, MARKETING).allowed, true);
  });
  it('whatever the caller type', () => {
    const sunday = at('2026-12-06T17:00:00Z');
    const f = marketing({ addressState: 'RI' });
    for (const callerType of ['collector', 'creditor'] as const) {
      assert.deepEqual(codes(evaluate(f, sunday, { ...MARKETING, callerType })), ['STATE_TELEMARKETING_SUNDAY']);
    }
  });
  it('nextAllowedAt skips a Sunday and a Monday holiday together', () => {
    // Sunday 2027-01-17 and Martin Luther King Jr. Day on Monday 2027-01-18, in Mississippi.
    const ms = marketing({ addressState: 'MS', timezone: 'America/Chicago' });
    assert.equal(iso(nextAllowedAt(ms, at('2027-01-17T18:00:00Z'), MARKETING)), '2027-01-19T14:00:00.000Z');
  });
});
