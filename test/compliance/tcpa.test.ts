import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, evaluate, nextAllowedAt } from '../../src/compliance/engine.ts';
import { CALENDAR, LEGAL_ONLY, at, call, codes, facts, iso } from './helpers.ts';

const T = at('2026-11-30T20:00:00Z');
const LINE = '+13125550100';

describe('TCPA AI-voice gating', () => {
  for (const lineType of ['wireless', 'unknown', 'voip'] as const) {
    it(`${lineType} without prior express consent is blocked for good`, () => {
      const d = decide(facts({ lineType, tcpaConsent: false }), T, LEGAL_ONLY);
      assert.deepEqual(codes(d), ['TCPA_NO_CONSENT_WIRELESS']);
      assert.match(d.reasons[0]!.rule, /47 USC 227\(b\)\(1\)\(A\)\(iii\)/);
      assert.match(d.reasons[0]!.rule, /FCC 24-17/);
      assert.equal(d.nextAllowedAt, null);
    });
    it(`${lineType} with consent is allowed`, () => {
      assert.equal(evaluate(facts({ lineType, tcpaConsent: true }), T, LEGAL_ONLY).allowed, true);
    });
  }

  describe('residential landline without consent: 3 per 30 days', () => {
    const f = (history: ReturnType<typeof call>[], over = {}) => facts({ lineType: 'landline', tcpaConsent: false, phoneNumber: LINE, history, ...over });
    const two = [call('2026-11-02T15:00:00Z', { phoneNumber: LINE }), call('2026-11-20T15:00:00Z', { phoneNumber: LINE, outcome: 'not_connected' })];
    const three = [...two, call('2026-11-25T15:00:00Z', { phoneNumber: LINE })];
    it('the 3rd call is allowed, the 4th is not; every call made counts', () => {
      assert.equal(evaluate(f(two), T, LEGAL_ONLY).allowed, true);
      const e = evaluate(f(three), T, LEGAL_ONLY);
      assert.deepEqual(codes(e), ['TCPA_LANDLINE_CAP']);
      assert.equal(e.reasons[0]!.rule, '47 CFR 64.1200(a)(3)(iii); FCC 20-186');
    });
    it('calls to other lines do not count; calls with no number on record do', () => {
      const other = three.map((c) => ({ ...c, phoneNumber: '+13125550199' }));
      assert.equal(evaluate(f(other), T, LEGAL_ONLY).allowed, true);
      const unknown = three.map((c) => ({ ...c, phoneNumber: null }));
      assert.equal(evaluate(f(unknown), T, LEGAL_ONLY).allowed, false);
    });
    it('the oldest call leaves after 30 local days (calendar) or 720 h (strict)', () => {
      // Nov 2 leaves the 30-day calendar window on Dec 2 and the 720-hour window at Dec 2 15:00Z.
      assert.equal(iso(nextAllowedAt(f(three), T, CALENDAR)), '2026-12-02T13:00:00.000Z');
      assert.equal(iso(nextAllowedAt(f(three), T, LEGAL_ONLY)), '2026-12-02T15:00:00.000Z');
    });
    it('with consent there is no cap', () => {
      assert.equal(evaluate(f(three, { tcpaConsent: true }), T, LEGAL_ONLY).allowed, true);
    });
  });
});

describe('do not call', () => {
  it('blocks for good, whatever else holds', () => {
    const d = decide(facts({ doNotCall: true }), T, LEGAL_ONLY);
    assert.deepEqual(codes(d), ['DO_NOT_CALL']);
    assert.equal(d.nextAllowedAt, null);
    assert.match(d.reasons[0]!.rule, /do-not-call/);
  });
  it('every failing gate is reported together', () => {
    const d = decide(facts({ doNotCall: true, tcpaConsent: false, timezone: null }), T, LEGAL_ONLY);
    assert.deepEqual(codes(d), ['DO_NOT_CALL', 'TCPA_NO_CONSENT_WIRELESS', 'UNKNOWN_LOCATION']);
  });
});
