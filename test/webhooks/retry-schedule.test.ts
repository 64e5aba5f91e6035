import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryDelayMs } from '../../src/webhooks/retry-schedule.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('the webhook retry schedule', () => {
  it("follows the specification's example over about three days, then gives up", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelayMs(n, 0.5));
    assert.deepEqual(delays, [5_000, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR]);
    const total = delays.reduce((sum, d) => sum + d, 0);
    assert.ok(total > 3 * 24 * HOUR && total < 3.5 * 24 * HOUR, `${total / HOUR} h`);
    assert.equal(retryDelayMs(10, 0.5), null);
  });

  it('spreads each delay by ±20 %', () => {
    assert.equal(retryDelayMs(2, 0), 4 * MIN);
    assert.equal(retryDelayMs(2, 0.999999), Math.round(5 * MIN * 1.2 - 5 * MIN * 0.4 * 0.000001));
  });

  it('waits at least as long as Retry-After asks, up to a day', () => {
    assert.equal(retryDelayMs(1, 0.5, 120_000), 120_000);
    assert.equal(retryDelayMs(3, 0.5, 1_000), 30 * MIN, 'a shorter Retry-After does not hurry the backoff');
    assert.equal(retryDelayMs(1, 0.5, 7 * 24 * HOUR), 24 * HOUR);
  });
});
