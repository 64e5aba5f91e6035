import assert from 'node:assert/strict';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { isLmsError } from '../../src/lms/errors.ts';
import { createConnector } from '../../src/lms/registry.ts';
import { startLoanProFake } from '../fakes/loanpro-fake.ts';
import { installNetworkGuard, isLoopback, NetworkGuardError } from '../helpers/network-guard.ts';

/**
 * The guard itself. This file trips it on purpose, so it installs without the end-of-file
 * failure and checks the recorded violations instead.
 */

const guard = installNetworkGuard({ failAtEnd: false });
after(() => guard.uninstall());

describe('network guard', () => {
  test('loopback is recognised', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1', undefined])
      assert.equal(isLoopback(host), true, String(host));
    for (const host of ['10.0.0.1', 'example.test', '0.0.0.0', '::', '128.0.0.1', 'localhost.example.test']) assert.equal(isLoopback(host), false, host);
  });

  test('fetch to a non-loopback host is refused and recorded', async () => {
    const before = guard.violations.length;
    await assert.rejects(fetch('https://api.example.test/v1'), NetworkGuardError);
    assert.equal(guard.violations.length, before + 1);
    assert.equal(guard.violations.at(-1), 'api.example.test:443');
  });

  test('raw sockets (http.get) to a non-loopback host fail before any DNS lookup', async () => {
    const before = guard.violations.length;
    const err = await new Promise<Error>((resolve) => {
      http.get('http://203.0.113.7:8080/', () => resolve(new Error('connected'))).on('error', resolve);
    });
    assert.ok(err instanceof NetworkGuardError, String(err));
    assert.equal(guard.violations.length, before + 1);
  });

  test('a connector pointed at the real LoanPro host never reaches it', async () => {
    const before = guard.violations.length;
    const connector = createConnector({
      kind: 'loanpro',
      baseUrl: 'https://loanpro.simnang.com/api/public/api/1',
      credentials: { token: 't', tenantId: '1' },
      maxRetries: 0,
    });
    await assert.rejects(connector.getCustomer('1'), (e: unknown) => isLmsError(e) && e.kind === 'upstream');
    assert.ok(guard.violations.slice(before).includes('loanpro.simnang.com:443'));
  });

  test('loopback traffic passes', async () => {
    const fake = await startLoanProFake();
    try {
      const res = await fetch(`${fake.baseUrl}/odata.svc/Customers(1001)`, {
        headers: { Authorization: `Bearer ${fake.token}`, 'Autopal-Instance-Id': fake.tenantId },
      });
      assert.equal(res.status, 200);
      await res.text();
    } finally {
      await fake.close();
    }
  });

  test('assertClean reports what was attempted', () => {
    assert.throws(() => guard.assertClean(), /api\.example\.test:443/);
  });
});
