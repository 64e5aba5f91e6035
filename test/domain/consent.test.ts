/** What a customer's consent events add up to (domain/consent.ts), event by event. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consentFrom, consentStanding, hasConsent, stopFor, type ConsentEventFacts } from '../../src/domain/consent.ts';

const A = '+14155550100';
const B = '+12125550100';
const ATTESTED = { since: new Date('2026-01-01T00:00:00Z'), eventId: 'cns_company' };
let n = 0;

/** An event `minutes` after 2026-11-23T16:00Z, recorded in the order the test lists it. */
function event(kind: 'granted' | 'revoked', minutes: number, extra: Partial<ConsentEventFacts> = {}): ConsentEventFacts {
  const at = new Date(Date.parse('2026-11-23T16:00:00Z') + minutes * 60_000);
  return {
    id: `cns_${++n}`,
    kind,
    phoneNumber: null,
    effectiveAt: at,
    recordedAt: at,
    scopeLoanId: null,
    scopeChannel: 'all',
    artificialVoice: true,
    source: kind === 'revoked' ? 'call' : 'api',
    evidence: kind === 'granted' ? 'portal form 12' : null,
    ...extra,
  };
}

describe('consent standing', () => {
  it('without events, consent is the company attestation, if any', () => {
    const standing = consentStanding([]);
    assert.equal(stopFor(standing, A), undefined);
    assert.equal(consentFrom(standing, A, null, true), 'company_attestation');
    assert.equal(hasConsent(standing, A, null, null), false);
  });

  it("a consumer's revocation stops every number and outweighs the attestation", () => {
    const standing = consentStanding([event('revoked', 0)]);
    assert.equal(stopFor(standing, A)?.source, 'call');
    assert.ok(stopFor(standing, B));
    assert.equal(hasConsent(standing, A, null, ATTESTED), false);
  });

  it("the lender's attestation and a consent without evidence never clear it; a newer one with evidence does", () => {
    const revoked = event('revoked', 0);
    assert.ok(stopFor(consentStanding([revoked, event('granted', 5, { source: 'lender', evidence: 'we attest' })]), A));
    assert.ok(stopFor(consentStanding([revoked, event('granted', 5, { evidence: null })]), A));
    assert.ok(stopFor(consentStanding([revoked, event('granted', 5, { evidence: '   ' })]), A));
    assert.ok(stopFor(consentStanding([revoked, event('granted', -5)]), A), 'dated before the revocation: superseded by it');
    const cleared = consentStanding([revoked, event('granted', 5)]);
    assert.equal(stopFor(cleared, A), undefined);
    assert.equal(consentFrom(cleared, A, null, false), 'customer');
  });

  it('a consent for one number clears the stop for that number only; a revocation of one number stops only it', () => {
    const standing = consentStanding([event('revoked', 0), event('granted', 5, { phoneNumber: A })]);
    assert.equal(stopFor(standing, A), undefined);
    assert.ok(stopFor(standing, B));
    const one = consentStanding([event('revoked', 0, { phoneNumber: B })]);
    assert.equal(stopFor(one, A), undefined);
    assert.ok(stopFor(one, B));
    // A later revocation of every number stops A again, keeping the first stop's date for B.
    const again = consentStanding([event('revoked', 0), event('granted', 5, { phoneNumber: A }), event('revoked', 10)]);
    assert.ok(stopFor(again, A));
    assert.equal(stopFor(again, B)?.since, '2026-11-23T16:00:00.000Z');
  });

  it("the lender withdrawing its attestation is no consumer's stop, but ends the lender's grants", () => {
    const standing = consentStanding([event('granted', 0, { source: 'lender' }), event('revoked', 5, { source: 'lender' })]);
    assert.equal(stopFor(standing, A), undefined);
    assert.equal(consentFrom(standing, A, null, false), null);
  });

  it('only a grant covering artificial voice on the voice channel, for that debt, is consent to an AI-voice call', () => {
    assert.equal(consentFrom(consentStanding([event('granted', 0, { artificialVoice: false })]), A, null, false), null);
    assert.equal(consentFrom(consentStanding([event('granted', 0, { scopeChannel: 'sms' })]), A, null, false), null);
    const loan = consentStanding([event('granted', 0, { scopeLoanId: 'L1', scopeChannel: 'voice' })]);
    assert.equal(consentFrom(loan, A, 'L1', false), 'customer');
    assert.equal(consentFrom(loan, A, 'L2', false), null);
  });
});
