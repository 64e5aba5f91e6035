/**
 * The dial-time check: lawful now is not enough — a whole call must fit before the lawful time
 * ends — and the end of lawful time is exact to the millisecond, from the same boundary search as
 * the next lawful instant.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextDisallowedAtPrepared, prepare } from '../../src/compliance/index.ts';
import { dialTimeDecision } from '../../src/scheduling/dial-check.ts';
import { at, call, facts, iso, LEGAL_ONLY } from '../compliance/helpers.ts';

const MINUTES_15 = 15 * 60_000;
const DAY = 86_400_000;

describe('nextDisallowedAtPrepared', () => {
  it('finds where the local window closes, to the millisecond (New York, 21:00 EST)', () => {
    const p = prepare(facts(), LEGAL_ONLY);
    assert.equal(iso(nextDisallowedAtPrepared(p, at('2026-12-07T17:00:00Z'), DAY)), '2026-12-08T02:00:00.000Z');
  });

  it('takes the earliest close of several candidate zones (Chicago and Los Angeles: 21:00 CST)', () => {
    const p = prepare(facts({ timezone: 'America/Los_Angeles', phoneTimezones: ['America/Chicago'] }), LEGAL_ONLY);
    assert.equal(iso(nextDisallowedAtPrepared(p, at('2026-12-07T20:00:00Z'), DAY)), '2026-12-08T03:00:00.000Z');
  });

  it('answers null when nothing closes within the horizon', () => {
    const p = prepare(facts(), LEGAL_ONLY);
    assert.equal(nextDisallowedAtPrepared(p, at('2026-12-07T17:00:00Z'), 3_600_000), null);
  });

  it('is not ended early by a ledger of past calls: counts only fall as time passes', () => {
    const history = [0, 1, 2, 3, 4, 5].map((d) => call(at('2026-12-01T15:00:00Z') + d * DAY));
    const p = prepare(facts({ history }), LEGAL_ONLY);
    assert.equal(iso(nextDisallowedAtPrepared(p, at('2026-12-07T15:00:00Z'), DAY)), '2026-12-08T02:00:00.000Z');
  });

  it("finds where the consumer's inconvenient time starts (12:00–13:00 New York)", () => {
    const p = prepare(facts({ blockedWindows: [{ start: '12:00', end: '13:00' }] }), LEGAL_ONLY);
    assert.equal(iso(nextDisallowedAtPrepared(p, at('2026-12-07T14:00:00Z'), DAY)), '2026-12-07T17:00:00.000Z');
  });
});

describe('dialTimeDecision', () => {
  const p = () => prepare(facts(), LEGAL_ONLY);

  it('dials when a whole call fits, and says when it must end (20:40 local, 15-minute calls → by 21:00)', () => {
    const decision = dialTimeDecision(p(), at('2026-12-08T01:40:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z'));
    assert.deepEqual(decision, { dial: true, mustEndBy: at('2026-12-08T02:00:00Z') });
  });

  it('does not dial at 20:50 local when a call may last 15 minutes, and moves it to 08:00 the next morning', () => {
    const decision = dialTimeDecision(p(), at('2026-12-08T01:50:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z'));
    assert.equal(decision.dial, false);
    if (decision.dial) return;
    assert.deepEqual(
      decision.reasons.map((r) => r.code),
      ['WINDOW_CLOSES_DURING_CALL'],
    );
    assert.match(decision.reasons[0]!.detail, /ends in 10 minutes/);
    assert.equal(iso(decision.nextAt), '2026-12-08T13:00:00.000Z');
  });

  it('dials at exactly the last instant a call still fits (20:45:00.000 local) and not a millisecond later', () => {
    assert.equal(dialTimeDecision(p(), at('2026-12-08T01:45:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z')).dial, true);
    assert.equal(dialTimeDecision(p(), at('2026-12-08T01:45:00Z') + 1, MINUTES_15, at('2026-12-20T00:00:00Z')).dial, false);
  });

  it('before the window opens gives the engine reasons and the opening instant', () => {
    const decision = dialTimeDecision(p(), at('2026-12-08T12:55:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z'));
    assert.equal(decision.dial, false);
    if (decision.dial) return;
    assert.ok(decision.reasons.some((r) => r.code === 'OUTSIDE_CALLING_HOURS'));
    assert.equal(iso(decision.nextAt), '2026-12-08T13:00:00.000Z');
  });

  it('answers no next instant when the horizon ends first', () => {
    const decision = dialTimeDecision(p(), at('2026-12-08T01:50:00Z'), MINUTES_15, at('2026-12-08T12:00:00Z'));
    assert.equal(decision.dial, false);
    if (decision.dial) return;
    assert.equal(decision.nextAt, null);
  });

  it('never dials a do-not-call customer, and finds no later time for one', () => {
    const decision = dialTimeDecision(prepare(facts({ doNotCall: true }), LEGAL_ONLY), at('2026-12-07T17:00:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z'));
    assert.equal(decision.dial, false);
    if (decision.dial) return;
    assert.ok(decision.reasons.some((r) => r.code === 'DO_NOT_CALL'));
    assert.equal(decision.nextAt, null);
  });
});

describe('dialTimeDecision for a marketing call (Fla. Stat. 501.616(6)(a))', () => {
  const miami = () => prepare(facts({ purpose: 'marketing', nationalDncRegistered: false, addressState: 'FL' }), { ...LEGAL_ONLY, marketingCalls: true });

  it("a whole call must end by Florida's 20:00: dialled at 19:45 local, not at 19:50, and moved to 08:00 the next morning", () => {
    assert.deepEqual(dialTimeDecision(miami(), at('2026-12-08T00:45:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z')), {
      dial: true,
      mustEndBy: at('2026-12-08T01:00:00Z'),
    });
    const decision = dialTimeDecision(miami(), at('2026-12-08T00:50:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z'));
    assert.equal(decision.dial, false);
    if (decision.dial) return;
    assert.deepEqual(
      decision.reasons.map((r) => [r.code, r.rule]),
      [['WINDOW_CLOSES_DURING_CALL', 'Fla. Stat. 501.616(6)(a)']],
    );
    assert.equal(iso(decision.nextAt), '2026-12-08T13:00:00.000Z');
  });

  it('the same call for collection may still be dialled at 19:50', () => {
    const collection = prepare(facts({ addressState: 'FL' }), LEGAL_ONLY);
    assert.equal(dialTimeDecision(collection, at('2026-12-08T00:50:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z')).dial, true);
  });

  it('a collection call at 20:50 cites the calling-hours rule that closes at 21:00', () => {
    const decision = dialTimeDecision(prepare(facts(), LEGAL_ONLY), at('2026-12-08T01:50:00Z'), MINUTES_15, at('2026-12-20T00:00:00Z'));
    assert.equal(decision.dial, false);
    if (decision.dial) return;
    assert.equal(decision.reasons[0]!.rule, '15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i)');
  });
});
