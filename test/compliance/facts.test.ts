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
    // 212 serves only New York City: the city's overlay comes with it.
    assert.equal(f.phoneInNyc, true);
    assert.deepEqual(d.jurisdictions, ['CA', 'NY', 'NYC']);
    assert.equal(iso(d.nextAllowedAt), '2026-12-01T16:00:00.000Z'); // 11:00 ET = 08:00 PT
  });
  it('a Manhattan ZIP turns on the NYC overlay', () => {
    const f = callFacts({ zipCode: '10001', phoneNumber: '+12125550100', lineType: 'landline' });
    assert.equal(f.addressInNyc, true);
    assert.deepEqual(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY).jurisdictions, ['NY', 'NYC']);
  });
  it('a ZIP that crosses the city line turns it on too; a Nassau ZIP wholly outside does not', () => {
    for (const zip of ['11001', '11003', '11040', '11096', '11040-1234']) {
      const f = callFacts({ zipCode: zip, lineType: 'landline' });
      assert.equal(f.addressInNyc, true, zip);
      assert.deepEqual(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY).jurisdictions, ['NY', 'NYC'], zip);
    }
    assert.equal(callFacts({ zipCode: '11501' }).addressInNyc, false); // Mineola
    assert.deepEqual(evaluate(callFacts({ zipCode: '11501', lineType: 'landline' }), at('2026-12-01T15:00:00Z'), LEGAL_ONLY).jurisdictions, ['NY']);
  });
  it("NYC-only area codes (212, 332, 646, 718, 347, 929, 917) turn it on; New York State's others do not", () => {
    for (const npa of ['212', '332', '646', '718', '347', '929', '917']) {
      const f = callFacts({ zipCode: '07302', phoneNumber: `+1${npa}5550100`, lineType: 'landline' });
      assert.equal(f.phoneInNyc, true, npa);
      assert.deepEqual(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY).jurisdictions, ['NJ', 'NY', 'NYC'], npa);
    }
    for (const npa of ['516', '914', '631', '518', '845']) {
      const f = callFacts({ zipCode: '07302', phoneNumber: `+1${npa}5550100`, lineType: 'landline' });
      assert.equal(f.phoneInNyc, false, npa);
      assert.deepEqual(evaluate(f, at('2026-12-01T15:00:00Z'), LEGAL_ONLY).jurisdictions, ['NJ', 'NY'], npa);
    }
  });
  it('a Minneapolis borrower on a 612 landline without consent: the AI-voice call is refused', () => {
    const f = callFacts({ zipCode: '55401', phoneNumber: '+16125550100', lineType: 'landline', tcpaConsent: false });
    const e = evaluate(f, at('2026-12-01T18:00:00Z'), LEGAL_ONLY);
    assert.deepEqual(e.jurisdictions, ['MN']);
    assert.deepEqual(codes(e), ['MN_ARTIFICIAL_VOICE']);
  });
  it('a military state code adds no overlay', () => {
    const f = callFacts({ zipCode: '09001', state: 'AE', timezone: 'Europe/Berlin', phoneNumber: '+14155550100', lineType: 'landline' });
    assert.deepEqual(evaluate(f, at('2026-12-01T17:00:00Z'), LEGAL_ONLY).jurisdictions, ['CA']);
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
    assert.deepEqual(e.jurisdictions, ['NY', 'NYC', 'MA']);
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
