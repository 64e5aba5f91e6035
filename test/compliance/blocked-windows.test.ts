import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, evaluate, nextAllowedAt } from '../../src/compliance/engine.ts';
import { ComplianceInputError } from '../../src/compliance/types.ts';
import { LEGAL_ONLY, at, codes, facts, iso } from './helpers.ts';

describe('consumer-designated inconvenient times', () => {
  it('blocks [start, end) on the local clock and overrides 08:00–21:00', () => {
    const f = facts({ blockedWindows: [{ start: '08:00', end: '12:00' }] });
    const e = evaluate(f, at('2026-12-01T16:59:59Z'), LEGAL_ONLY);
    assert.deepEqual(codes(e), ['CONSUMER_BLOCKED_TIME']);
    assert.match(e.reasons[0]!.rule, /1692c\(a\)\(1\)/);
    assert.match(e.reasons[0]!.detail, /11:59:59 in America\/New_York, inside the consumer's inconvenient time 08:00–12:00/);
    assert.equal(evaluate(f, at('2026-12-01T17:00:00Z'), LEGAL_ONLY).allowed, true);
    assert.equal(iso(nextAllowedAt(f, at('2026-12-01T13:00:00Z'), LEGAL_ONLY)), '2026-12-01T17:00:00.000Z');
  });
  it('wraps past midnight', () => {
    const f = facts({ blockedWindows: [{ start: '18:00', end: '09:00' }] });
    assert.equal(evaluate(f, at('2026-12-01T13:30:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(f, at('2026-12-01T14:00:00Z'), LEGAL_ONLY).allowed, true);
    assert.equal(evaluate(f, at('2026-12-01T23:00:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(iso(nextAllowedAt(f, at('2026-12-01T23:00:00Z'), LEGAL_ONLY)), '2026-12-02T14:00:00.000Z');
  });
  it('applies in every candidate zone unless it names its own', () => {
    const zones = { timezone: 'America/New_York', phoneTimezones: ['America/Chicago'] };
    const anyZone = facts({ ...zones, blockedWindows: [{ start: '12:00', end: '13:00' }] });
    // 12:30 EST (11:30 CST) and 13:30 EST (12:30 CST) are both blocked.
    assert.equal(evaluate(anyZone, at('2026-12-01T17:30:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(evaluate(anyZone, at('2026-12-01T18:30:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(iso(nextAllowedAt(anyZone, at('2026-12-01T17:30:00Z'), LEGAL_ONLY)), '2026-12-01T19:00:00.000Z');
    const own = facts({ ...zones, blockedWindows: [{ start: '12:00', end: '13:00', timezone: 'America/Chicago' }] });
    assert.equal(evaluate(own, at('2026-12-01T17:30:00Z'), LEGAL_ONLY).allowed, true);
    assert.equal(evaluate(own, at('2026-12-01T18:30:00Z'), LEGAL_ONLY).allowed, false);
    // A zone that is not a candidate (the consumer said "Pacific time") still works.
    const pacific = facts({ blockedWindows: [{ start: '05:00', end: '09:30', timezone: 'America/Los_Angeles' }] });
    assert.equal(iso(nextAllowedAt(pacific, at('2026-12-01T13:00:00Z'), LEGAL_ONLY)), '2026-12-01T17:30:00.000Z');
  });
  it('end 24:00 means midnight; equal start and end block the whole day', () => {
    const evening = facts({ blockedWindows: [{ start: '17:00', end: '24:00' }] });
    assert.equal(evaluate(evening, at('2026-12-01T22:00:00Z'), LEGAL_ONLY).allowed, false);
    assert.equal(iso(nextAllowedAt(evening, at('2026-12-01T22:00:00Z'), LEGAL_ONLY)), '2026-12-02T13:00:00.000Z');
    const d = decide(facts({ blockedWindows: [{ start: '10:00', end: '10:00' }] }), at('2026-12-01T15:00:00Z'), LEGAL_ONLY);
    assert.equal(d.nextAllowedAt, null);
  });
  it('the repeated hour on 2026-11-01: a window ending 01:30 New York time blocks twice', () => {
    // A Guam customer (15:00–16:30 local then) who asked not to be called before 01:30 New York time.
    const f = facts({ timezone: 'Pacific/Guam', blockedWindows: [{ start: '00:00', end: '01:30', timezone: 'America/New_York' }] });
    assert.equal(evaluate(f, at('2026-11-01T05:29:59Z'), LEGAL_ONLY).allowed, false); // 01:29:59 EDT
    assert.equal(evaluate(f, at('2026-11-01T05:30:00Z'), LEGAL_ONLY).allowed, true); // 01:30 EDT
    assert.equal(evaluate(f, at('2026-11-01T06:00:00Z'), LEGAL_ONLY).allowed, false); // 01:00 EST again
    assert.equal(iso(nextAllowedAt(f, at('2026-11-01T06:00:00Z'), LEGAL_ONLY)), '2026-11-01T06:30:00.000Z'); // 01:30 EST
  });
  it('the skipped hour on 2026-03-08: a window ending 02:30 ends when the clock jumps to 03:00', () => {
    const f = facts({ timezone: 'Pacific/Guam', blockedWindows: [{ start: '00:00', end: '02:30', timezone: 'America/New_York' }] });
    assert.equal(evaluate(f, at('2026-03-08T06:59:59Z'), LEGAL_ONLY).allowed, false); // 01:59:59 EST
    assert.equal(iso(nextAllowedAt(f, at('2026-03-08T05:00:00Z'), LEGAL_ONLY)), '2026-03-08T07:00:00.000Z'); // 03:00 EDT
  });
  it('a window whose zone is not an IANA zone applies in every candidate zone', () => {
    const f = facts({
      timezone: 'America/New_York',
      phoneTimezones: ['America/Chicago'],
      blockedWindows: [{ start: '12:00', end: '13:00', timezone: 'Eastern' }],
    });
    assert.equal(evaluate(f, at('2026-12-01T18:30:00Z'), LEGAL_ONLY).allowed, false); // 12:30 CST
  });
  it('refuses malformed times', () => {
    assert.throws(() => evaluate(facts({ blockedWindows: [{ start: '8:00', end: '12:00' }] }), at('2026-12-01T15:00:00Z')), ComplianceInputError);
    assert.throws(() => evaluate(facts({ blockedWindows: [{ start: '24:00', end: '12:00' }] }), at('2026-12-01T15:00:00Z')), ComplianceInputError);
  });
});
