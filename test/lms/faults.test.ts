import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { isLmsError, type LmsError, type LmsErrorKind } from '../../src/lms/errors.ts';
import type { HttpTuning } from '../../src/lms/http-client.ts';
import { refusedOrigin, type FakeServer } from '../fakes/http-fake.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { FAST, fineractDirect, loanProDirect, mambuDirect, type Pair } from './pairs.ts';

/**
 * Fault injection for every failure kind of issue 5 §6, against both HTTP connectors: the
 * right kind comes out, retries happen only where safe and are bounded in count and time.
 */

installNetworkGuard();

interface Product {
  name: string;
  /** The customer request a fault is aimed at (exact path, not sub-resources). */
  customerPath: RegExp;
  make(tuning?: Partial<HttpTuning>, credentials?: 'bad'): Promise<Pair & { fake: FakeServer }>;
  /** A connector aimed at `origin` instead of a fake. */
  makeAt(origin: string): Promise<Pair>;
}

const products: Product[] = [
  {
    name: 'loanpro',
    customerPath: /Customers\(1001\)$/,
    make: (tuning = {}, credentials) => loanProDirect({}, { http: { ...FAST, ...tuning }, ...(credentials ? { token: 'revoked-token' } : {}) }),
    makeAt: async (origin) => {
      const moved = await loanProDirect({}, { baseUrl: `${origin}/api/public/api/1` });
      await moved.fake.close();
      return moved;
    },
  },
  {
    name: 'fineract',
    customerPath: /clients\/1001$/,
    make: (tuning = {}, credentials) => fineractDirect({}, { http: { ...FAST, ...tuning }, ...(credentials ? { password: 'wrong' } : {}) }),
    makeAt: async (origin) => {
      const moved = await fineractDirect({}, { baseUrl: `${origin}/fineract-provider/api/v1` });
      await moved.fake.close();
      return moved;
    },
  },
  {
    name: 'mambu',
    customerPath: /clients\/1001$/,
    make: (tuning = {}, credentials) => mambuDirect({}, { http: { ...FAST, ...tuning }, ...(credentials ? { auth: { apiKey: 'revoked' } } : {}) }),
    makeAt: async (origin) => {
      const moved = await mambuDirect({}, { baseUrl: `${origin}/api` });
      await moved.fake.close();
      return moved;
    },
  },
];

async function failure(promise: Promise<unknown>, kind: LmsErrorKind): Promise<LmsError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isLmsError(err), `expected LmsError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    return err;
  }
  assert.fail(`expected a ${kind} failure`);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

for (const product of products) {
  describe(`faults: ${product.name}`, () => {
    let pair: Pair & { fake: FakeServer };
    before(async () => {
      pair = await product.make();
    });
    after(async () => {
      await pair.close();
    });
    beforeEach(() => pair.fake.reset());

    test('an LMS slower than the timeout: kind timeout after maxRetries+1 attempts, bounded in time', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'delay', ms: 1000 } });
      const { ms, result: err } = await timed(() => failure(pair.connector.getCustomer('1001'), 'timeout'));
      assert.equal(pair.fake.count(product.customerPath), FAST.maxRetries + 1);
      assert.equal(err.attempts, FAST.maxRetries + 1);
      assert.ok(ms >= (FAST.maxRetries + 1) * FAST.timeoutMs, `took ${ms} ms`);
      assert.ok(ms < (FAST.maxRetries + 1) * FAST.timeoutMs + FAST.maxRetries * FAST.maxDelayMs + 300, `took ${ms} ms`);
    });

    test('the total budget caps retries even when more are allowed', async () => {
      const budgeted = await product.make({ timeoutMs: 150, totalTimeoutMs: 400, maxRetries: 5 });
      try {
        budgeted.fake.inject({ match: product.customerPath, fault: { type: 'delay', ms: 1000 } });
        const { ms } = await timed(() => failure(budgeted.connector.getCustomer('1001'), 'timeout'));
        assert.ok(ms < 400 + 250, `took ${ms} ms`);
        assert.ok(budgeted.fake.count(product.customerPath) <= 3, `${budgeted.fake.count(product.customerPath)} attempts`);
      } finally {
        await budgeted.close();
      }
    });

    test('a persistent 5xx: kind upstream with the status, retried then given up', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'status', status: 500, raw: '<html>Internal error</html>' } });
      const err = await failure(pair.connector.getCustomer('1001'), 'upstream');
      assert.equal(err.upstreamStatus, 500);
      assert.equal(err.reason, 'http_status');
      assert.equal(pair.fake.count(product.customerPath), FAST.maxRetries + 1);
    });

    test('a transient 503 is retried and the call succeeds', async () => {
      pair.fake.inject({ match: product.customerPath, times: 1, fault: { type: 'status', status: 503 } });
      const customer = await pair.connector.getCustomer('1001');
      assert.equal(customer.lastName, 'Reyes');
      assert.equal(pair.fake.count(product.customerPath), 2);
    });

    test('a reset connection: kind upstream (connection), retried', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'reset' } });
      const err = await failure(pair.connector.getCustomer('1001'), 'upstream');
      assert.equal(err.reason, 'connection');
      assert.equal(pair.fake.count(product.customerPath), FAST.maxRetries + 1);
    });

    test('a reset once is survived', async () => {
      pair.fake.inject({ match: product.customerPath, times: 1, fault: { type: 'reset' } });
      assert.equal((await pair.connector.getCustomer('1001')).firstName, 'Ana');
    });

    test('a refused connection: kind upstream (ECONNREFUSED), bounded attempts', async () => {
      const moved = await product.makeAt(await refusedOrigin());
      const err = await failure(moved.connector.getCustomer('1001'), 'upstream');
      assert.equal(err.reason, 'connection');
      assert.match(err.message, /ECONNREFUSED/);
      assert.equal(err.attempts, FAST.maxRetries + 1);
    });

    test('a cut-off JSON body: kind upstream (malformed), retried as transient', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'malformed' } });
      const err = await failure(pair.connector.getCustomer('1001'), 'upstream');
      assert.equal(err.reason, 'malformed');
      assert.equal(pair.fake.count(product.customerPath), FAST.maxRetries + 1);
      pair.fake.reset();
      pair.fake.inject({ match: product.customerPath, times: 1, fault: { type: 'malformed' } });
      assert.equal((await pair.connector.getCustomer('1001')).firstName, 'Ana');
    });

    test('429 with Retry-After within budget: waits that long, then succeeds', async () => {
      const patient = await product.make({ totalTimeoutMs: 3000 });
      try {
        patient.fake.inject({ match: product.customerPath, times: 1, fault: { type: 'rateLimit', retryAfter: '1' } });
        const { ms, result } = await timed(() => patient.connector.getCustomer('1001'));
        assert.equal(result.firstName, 'Ana');
        assert.ok(ms >= 1000, `retried after ${ms} ms`);
        assert.equal(patient.fake.count(product.customerPath), 2);
      } finally {
        await patient.close();
      }
    });

    test('429 with Retry-After beyond the budget: rate_limited at once, carrying retryAfterSeconds', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'rateLimit', retryAfter: '120' } });
      const { ms, result: err } = await timed(() => failure(pair.connector.getCustomer('1001'), 'rate_limited'));
      assert.equal(err.retryAfterSeconds, 120);
      assert.equal(pair.fake.count(product.customerPath), 1);
      assert.ok(ms < 300, `took ${ms} ms`);
    });

    test('429 with an HTTP-date Retry-After is understood', async () => {
      const at = new Date(Date.now() + 90_000).toUTCString();
      pair.fake.inject({ match: product.customerPath, fault: { type: 'rateLimit', retryAfter: at } });
      const err = await failure(pair.connector.getCustomer('1001'), 'rate_limited');
      assert.ok(err.retryAfterSeconds !== undefined && err.retryAfterSeconds >= 85 && err.retryAfterSeconds <= 91, String(err.retryAfterSeconds));
    });

    test('429 without Retry-After: backoff retries, then rate_limited with a suggested wait', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'rateLimit' } });
      const err = await failure(pair.connector.getCustomer('1001'), 'rate_limited');
      assert.equal(pair.fake.count(product.customerPath), FAST.maxRetries + 1);
      assert.ok(err.retryAfterSeconds !== undefined && err.retryAfterSeconds >= 1);
    });

    test('credentials rejected (revoked): auth_failed, never retried', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'auth' } });
      const err = await failure(pair.connector.getCustomer('1001'), 'auth_failed');
      assert.equal(err.upstreamStatus, 401);
      assert.equal(pair.fake.count(product.customerPath), 1);
    });

    test('wrong credentials from the start: auth_failed', async () => {
      const wrong = await product.make({}, 'bad');
      try {
        await failure(wrong.connector.getCustomer('1001'), 'auth_failed');
        await failure(wrong.connector.listLoans('1001'), 'auth_failed');
        assert.equal(wrong.fake.count(), 2);
      } finally {
        await wrong.close();
      }
    });

    test('a redirect is not followed (credentials stay home): upstream, no retry', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'status', status: 302, headers: { Location: 'https://elsewhere.example/' } } });
      const err = await failure(pair.connector.getCustomer('1001'), 'upstream');
      assert.equal(err.reason, 'redirect');
      assert.equal(pair.fake.count(product.customerPath), 1);
    });

    test('a bare 404 (wrong endpoint) is upstream, not "not found"', async () => {
      pair.fake.inject({ match: product.customerPath, fault: { type: 'status', status: 404, raw: '<html>Not Found</html>' } });
      const err = await failure(pair.connector.getCustomer('1001'), 'upstream');
      assert.equal(err.upstreamStatus, 404);
    });

    test("the caller's deadline (AbortSignal) stops the call without retries", async () => {
      const slow = await product.make({ timeoutMs: 2000, totalTimeoutMs: 5000 });
      try {
        slow.fake.inject({ match: product.customerPath, fault: { type: 'delay', ms: 1000 } });
        const { ms } = await timed(() => failure(slow.connector.getCustomer('1001', { signal: AbortSignal.timeout(80) }), 'timeout'));
        assert.ok(ms < 400, `took ${ms} ms`);
        assert.equal(slow.fake.count(product.customerPath), 1);
      } finally {
        await slow.close();
      }
    });

    test('a failure on one loan fails the whole list fast and cancels the siblings', async () => {
      pair.fake.inject({ match: /5006/, fault: { type: 'auth' } });
      pair.fake.inject({ match: /5007|5008/, fault: { type: 'delay', ms: 1000 } });
      const { ms } = await timed(() => failure(pair.connector.listLoans('1006'), 'auth_failed'));
      assert.ok(ms < 500, `took ${ms} ms`);
    });

    test('no more than maxConcurrency requests in flight', async () => {
      const narrow = await product.make({ maxConcurrency: 2, timeoutMs: 1000, totalTimeoutMs: 3000 });
      try {
        narrow.fake.inject({ match: /5006|5007|5008/, fault: { type: 'delay', ms: 60 } });
        const loans = await narrow.connector.listLoans('1006');
        assert.equal(loans.length, 3);
        assert.ok(narrow.fake.maxInFlight <= 2, `max in flight ${narrow.fake.maxInFlight}`);
      } finally {
        await narrow.close();
      }
    });
  });
}
