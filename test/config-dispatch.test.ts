/**
 * DISPATCH_LEASE_MS, DISPATCH_DIAL_TIMEOUT_MS and DISPATCH_RECONCILE_RETRY_MS: unset means the
 * dispatch service's defaults; a lease that would run out during a dial is refused at start.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('dispatch timings (configuration)', () => {
  it('leave the service defaults when unset', () => {
    const config = loadConfig({});
    assert.equal(config.dispatchLeaseMs, undefined);
    assert.equal(config.dispatchDialTimeoutMs, undefined);
    assert.equal(config.dispatchReconcileRetryMs, undefined);
  });

  it('take the values given', () => {
    const config = loadConfig({ DISPATCH_LEASE_MS: '6000', DISPATCH_DIAL_TIMEOUT_MS: '2000', DISPATCH_RECONCILE_RETRY_MS: '500' });
    assert.equal(config.dispatchLeaseMs, 6_000);
    assert.equal(config.dispatchDialTimeoutMs, 2_000);
    assert.equal(config.dispatchReconcileRetryMs, 500);
  });

  it('refuse values that are not whole milliseconds in range, naming the variable', () => {
    const cases: Record<string, string[]> = {
      DISPATCH_LEASE_MS: ['abc', '1.5', '999', '3600001'],
      DISPATCH_DIAL_TIMEOUT_MS: ['-1', '99', '120001'],
      DISPATCH_RECONCILE_RETRY_MS: ['0', '99', '3600001'],
    };
    for (const [name, values] of Object.entries(cases)) {
      for (const value of values) {
        assert.throws(
          () => loadConfig({ DISPATCH_LEASE_MS: '200000', [name]: value }),
          (error: unknown) => error instanceof ConfigError && error.message.startsWith(name),
          `${name}=${value}`,
        );
      }
    }
  });

  it('refuse a lease that does not outlast the dial timeout, given or default', () => {
    for (const env of [
      { DISPATCH_LEASE_MS: '2000', DISPATCH_DIAL_TIMEOUT_MS: '2000' },
      { DISPATCH_LEASE_MS: '10000' },
      { DISPATCH_DIAL_TIMEOUT_MS: '60000' },
    ]) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.message.startsWith('DISPATCH_LEASE_MS must be above DISPATCH_DIAL_TIMEOUT_MS'),
        JSON.stringify(env),
      );
    }
    assert.equal(loadConfig({ DISPATCH_LEASE_MS: '2001', DISPATCH_DIAL_TIMEOUT_MS: '2000' }).dispatchLeaseMs, 2_001);
  });
});
