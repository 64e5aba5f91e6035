import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, evaluate } from '../../src/compliance/engine.ts';
import { callFacts } from '../../src/compliance/facts.ts';
import { LEGAL_ONLY, at, call, codes, iso } from './helpers.ts';

describe('callFacts: facts from ZIP, state, timezone and phone number', () => {
  it('212 number + San Francisco ZIP: both zones and both states', () => {
    const f = callFacts({ zipCode: '94103', phoneNumber: '+12125550100', lineType: 'wireless', tcpaConsent: true });
    assert.deepEqual(f.addressTimezones, ['America/Los_Angeles']);
    assert.deepEqual(f.phoneTimezones, ['America/New_York']);
    assert.equal(f.addressState, 'CA');
    assert.equal(f.phoneState, 'NY');
    const d = decide(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(d.candidateZones, ['America/Los_Angeles', 'America/New_York']);
    assert.deepEqual(d.jurisdictions, ['CA', 'NY']);
    assert.equal(iso(d.nextAllowedAt), '2026-12-01T16:00:00.000Z'); // 11:00 ET = 08:00 PT
  });
  it('a Manhattan ZIP turns on the NYC overlay', () => {
    const f = callFacts({ zipCode: '10001', phoneNumber: '+12125550100', lineType: 'landline' });
    assert.equal(f.addressInNyc, true);
    assert.deepEqual(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY).jurisdictions, ['NY', 'NYC']);
    assert.equal(callFacts({ zipCode: '11001' }).addressInNyc, false);
  });
  it('Window Rock (Navajo Nation) is Denver; a 928 number adds Phoenix', () => {
    const f = callFacts({ zipCode: '86515', phoneNumber: '+19285550100', lineType: 'wireless', tcpaConsent: true });
    assert.deepEqual(evaluate(f, at('2026-07-14T15:00:00Z'), LEGAL_ONLY).candidateZones, ['America/Denver', 'America/Phoenix']);
  });
  it('Malheur County OR is Boise; West Wendover NV is Denver', () => {
    assert.deepEqual(callFacts({ zipCode: '97914' }).addressTimezones, ['America/Boise']);
    assert.deepEqual(callFacts({ zipCode: '89883' }).addressTimezones, ['America/Denver']);
  });
  it('a toll-free number adds no zone and no state', () => {
    const f = callFacts({ phoneNumber: '+18005550100', lineType: 'wireless', tcpaConsent: true });
    assert.deepEqual(f.phoneTimezones, []);
    assert.equal(f.phoneState, null);
    assert.deepEqual(codes(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY)), ['UNKNOWN_LOCATION']);
  });
  it('a military ZIP has no zone: the stated timezone or the phone must supply one', () => {
    assert.deepEqual(codes(evaluate(callFacts({ zipCode: '09001', lineType: 'landline' }), at('2026-12-01T15:00:00Z'), LEGAL_ONLY)), ['UNKNOWN_LOCATION']);
    const f = callFacts({ zipCode: '09001', timezone: 'Europe/Berlin', lineType: 'landline' });
    assert.deepEqual(evaluate(f, at('2026-12-01T10:00:00Z'), LEGAL_ONLY).candidateZones, ['Europe/Berlin']);
  });
  it('a stated state that disagrees with the ZIP keeps both overlays', () => {
    const f = callFacts({ zipCode: '02108', state: 'NY', phoneNumber: '+12125550100', lineType: 'wireless', tcpaConsent: true });
    const e = evaluate({ ...f, history: [call('2026-11-27T15:00:00Z'), call('2026-11-28T15:00:00Z')] }, at('2026-11-30T20:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(e.jurisdictions, ['NY', 'MA']);
    assert.deepEqual(codes(e), ['MA_HOME_CAP']);
  });
  it('defaults are conservative: unknown line type and no consent block an AI call', () => {
    const f = callFacts({ zipCode: '10001' });
    assert.deepEqual(codes(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY)), ['TCPA_NO_CONSENT_WIRELESS']);
  });
  it('the stated timezone widens the ZIP zones', () => {
    const f = callFacts({ zipCode: '10001', timezone: 'America/Chicago', lineType: 'landline' });
    assert.deepEqual(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY).candidateZones, ['America/New_York', 'America/Chicago']);
  });
});
