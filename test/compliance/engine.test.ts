import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_HORIZON_MS,
  decide,
  evaluate,
  evaluatePrepared,
  isAllowedPrepared,
  nextAllowedAt,
  nextAllowedAtPrepared,
  prepare,
} from '../../src/compliance/index.ts';
import { ComplianceInputError } from '../../src/compliance/types.ts';
import { LEGAL_ONLY, at, call, codes, dailyCalls, facts, iso } from './helpers.ts';

describe('engine API', () => {
  it('accepts RFC 3339 strings or epoch ms in the history, in any order', () => {
    const asStrings = dailyCalls('2026-11-24T15:00:00Z', 7).map((c) => ({ ...c, at: new Date(c.at as number).toISOString() }));
    const shuffled = [...asStrings].reverse();
    const t = at('2026-11-30T20:00:00Z');
    assert.deepEqual(codes(evaluate(facts({ history: shuffled }), t, LEGAL_ONLY)), ['REG_F_7_IN_7_CALLS']);
    const withOffset = [{ ...call('2026-11-24T15:00:00Z'), at: '2026-11-24T10:00:00-05:00' }];
    assert.equal(evaluate(facts({ history: withOffset }), at('2026-11-24T15:30:00Z'), { ...LEGAL_ONLY, minGapMinutes: 60 }).allowed, false);
  });
  it('refuses instants without an offset, which would be read in the process time zone', () => {
    const bad = [{ ...call('2026-11-24T15:00:00Z'), at: '2026-11-24T15:00:00' }];
    assert.throws(
      () => evaluate(facts({ history: bad }), at('2026-11-30T20:00:00Z')),
      (e: unknown) => e instanceof ComplianceInputError && e.field === 'history[0].at',
    );
    assert.throws(() => evaluate(facts(), Number.NaN), ComplianceInputError);
    assert.throws(() => nextAllowedAt(facts(), Number.POSITIVE_INFINITY), ComplianceInputError);
  });
  it('decide = evaluate + nextAllowedAt', () => {
    const f = facts({ history: [call('2026-11-30T15:00:00Z', { outcome: 'conversation' })] });
    const t = at('2026-12-01T15:00:00Z');
    const d = decide(f, t, LEGAL_ONLY);
    assert.deepEqual({ ...d, nextAllowedAt: undefined }, { ...evaluate(f, t, LEGAL_ONLY), nextAllowedAt: undefined });
    assert.equal(d.nextAllowedAt, nextAllowedAt(f, t, LEGAL_ONLY));
    assert.equal(iso(d.nextAllowedAt), '2026-12-07T15:00:00.000Z');
    const ok = decide(facts(), t, LEGAL_ONLY);
    assert.equal(ok.allowed, true);
    assert.equal(ok.nextAllowedAt, t);
    assert.deepEqual(ok.reasons, []);
  });
  it('returns null past the horizon', () => {
    const f = facts({ history: [call('2026-11-30T15:00:00Z', { outcome: 'conversation' })] });
    const t = at('2026-12-01T15:00:00Z');
    assert.equal(nextAllowedAt(f, t, LEGAL_ONLY, 5 * 86_400_000), null);
    assert.equal(nextAllowedAt(f, t, LEGAL_ONLY, 6 * 86_400_000), at('2026-12-07T15:00:00Z'));
    assert.equal(DEFAULT_HORIZON_MS, 30 * 86_400_000);
  });
  it('a prepared call answers like the one-shot functions', () => {
    const f = facts({ timezone: 'America/Chicago', phoneTimezones: ['America/New_York'], history: dailyCalls('2026-11-24T15:00:00Z', 7) });
    const p = prepare(f, LEGAL_ONLY);
    for (let t = at('2026-11-29T00:00:00Z'); t < at('2026-12-03T00:00:00Z'); t += 37 * 60_000) {
      const e = evaluatePrepared(p, t);
      assert.equal(isAllowedPrepared(p, t), e.allowed);
      assert.equal(e.allowed, e.reasons.length === 0);
      assert.deepEqual(e, evaluate(f, t, LEGAL_ONLY));
      assert.equal(nextAllowedAtPrepared(p, t), nextAllowedAt(f, t, LEGAL_ONLY));
    }
  });
  it('every reason carries a code, a citation and a sentence', () => {
    const f = facts({
      addressState: 'MA',
      phoneState: 'WV',
      doNotCall: true,
      blockedWindows: [{ start: '00:00', end: '23:00' }],
      history: [...dailyCalls('2026-11-24T15:00:00Z', 7), call('2026-11-29T15:05:00Z', { outcome: 'conversation' })],
    });
    const e = evaluate(f, at('2026-11-29T15:30:00Z'));
    assert.deepEqual(codes(e), [
      'CONSUMER_BLOCKED_TIME',
      'DAILY_CAP',
      'DO_NOT_CALL',
      'MA_HOME_CAP',
      'MIN_GAP',
      'REG_F_7_IN_7_CALLS',
      'REG_F_7_IN_7_CONVERSATION',
      'SUNDAY',
    ]);
    for (const r of e.reasons) {
      assert.ok(r.rule.length > 5, r.code);
      assert.ok(r.detail.endsWith('.'), `${r.code}: ${r.detail}`);
    }
  });
});
