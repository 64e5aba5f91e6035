/**
 * Per-API-key rate limits (http/plugins/rate-limit.ts): the budget, the 429 problem, keys kept
 * apart, unlimited keys, authentication first; and with Redis (TEST_REDIS_URL, or a Redis on
 * 127.0.0.1:6379 when there is one) one budget shared by separate app instances, as by separate
 * processes, plus fail-open when Redis does not answer.
 */
import { after, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../../src/http/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { backends } from '../helpers/database.ts';
import { customerBody, METRICS_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';

const DETAIL = /^This API key is limited to (\d+) requests a minute\. Retry after (\d+) s\.$/;

/** Checks a response is our 429 and returns its retry-after seconds. */
function assertRateLimited(res: LightMyRequestResponse, limit: number): number {
  assert.equal(res.statusCode, 429, res.body);
  assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, 'rate_limited');
  assert.equal(body.status, 429);
  assert.equal(body.type, 'https://callwise.dev/problems/rate-limited');
  const match = DETAIL.exec(body.detail);
  assert.ok(match, body.detail);
  assert.equal(Number(match[1]), limit);
  const retryAfter = res.headers['retry-after'];
  assert.match(String(retryAfter), /^\d+$/, 'retry-after is whole seconds');
  assert.equal(Number(match[2]), Number(retryAfter), 'the detail and the header agree');
  assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `retry-after ${retryAfter}`);
  assert.match(String(res.headers['x-request-id']), /^req_/);
  assert.equal(body.requestId, res.headers['x-request-id']);
  assert.equal(res.headers['x-ratelimit-limit'], String(limit));
  assert.equal(res.headers['x-ratelimit-remaining'], '0');
  return Number(retryAfter);
}

for (const backend of backends) {
  describe(`rate limits (${backend})`, () => {
    let t: TestApp;
    let n = 0;
    const newKey = async (rateLimitPerMinute: number) =>
      (await t.services.companies.createApiKey(t.companyId, { name: `limited-${n++}`, rateLimitPerMinute })).secret;

    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    it('lets a key spend its budget, then answers 429 rate_limited with retry-after and x-request-id', async () => {
      const key = await newKey(3);
      for (let i = 0; i < 3; i++) {
        const res = await t.request('GET', '/customers', { key });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.headers['x-ratelimit-limit'], '3');
        assert.equal(res.headers['x-ratelimit-remaining'], String(2 - i));
        assert.match(String(res.headers['x-ratelimit-reset']), /^\d+$/);
      }
      assertRateLimited(await t.request('GET', '/customers', { key }), 3);
      assertRateLimited(await t.request('GET', '/customers/cust-1', { key }), 3);
    });

    it('gives the key its budget again once the minute is over', async () => {
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
      try {
        const key = await newKey(2);
        for (let i = 0; i < 2; i++) assert.equal((await t.request('GET', '/customers', { key })).statusCode, 200);
        assertRateLimited(await t.request('GET', '/customers', { key }), 2);
        mock.timers.tick(60_000);
        assert.equal((await t.request('GET', '/customers', { key })).statusCode, 200);
      } finally {
        mock.timers.reset();
      }
    });

    it('keeps every key to its own budget', async () => {
      const a = await newKey(2);
      const b = await newKey(2);
      for (let i = 0; i < 2; i++) assert.equal((await t.request('GET', '/customers', { key: a })).statusCode, 200);
      assertRateLimited(await t.request('GET', '/customers', { key: a }), 2);
      for (let i = 0; i < 2; i++) assert.equal((await t.request('GET', '/customers', { key: b })).statusCode, 200, 'b is not charged for a');
      assertRateLimited(await t.request('GET', '/customers', { key: b }), 2);
      assert.equal((await t.request('GET', '/customers')).statusCode, 200, 'the demo key has its own budget');
    });

    it('never limits a key whose limit is 0, and sends it no x-ratelimit headers', async () => {
      const key = await newKey(0);
      for (let i = 0; i < 120; i++) {
        const res = await t.request('GET', '/customers', { key });
        assert.equal(res.statusCode, 200, `request ${i}`);
        assert.equal(res.headers['x-ratelimit-limit'], undefined);
      }
    });

    it('checks the budget before the body is read: over budget, a malformed body is still a 429', async () => {
      const key = await newKey(1);
      assert.equal((await t.request('POST', '/customers', { key, body: customerBody({ id: 'rl-body-1' }) })).statusCode, 201);
      assertRateLimited(await t.request('POST', '/customers', { key, body: '{"not json' }), 1);
    });

    it('answers missing or unknown keys 401, never 429, and leaves health and metrics alone', async () => {
      const key = await newKey(1);
      assert.equal((await t.request('GET', '/customers', { key })).statusCode, 200);
      assertRateLimited(await t.request('GET', '/customers', { key }), 1);
      for (let i = 0; i < 5; i++) {
        const missing = await t.request('GET', '/customers', { key: null });
        assert.equal(missing.statusCode, 401);
        assert.equal(missing.json().code, 'unauthorized');
        assert.equal(missing.headers['x-ratelimit-limit'], undefined);
        const unknown = await t.request('GET', '/customers', { key: `${key}x` });
        assert.equal(unknown.statusCode, 401);
        assert.equal(unknown.headers['x-ratelimit-limit'], undefined);
      }
      for (const url of ['/healthz', '/metrics', '/openapi.json']) {
        const res = await t.request('GET', url, { key, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['x-ratelimit-limit'], undefined, url);
      }
    });
  });
}

describe('RATE_LIMIT_REDIS_URL', () => {
  it('accepts redis:// and rediss:// URLs and refuses anything else without echoing it', () => {
    assert.equal(loadConfig({}).rateLimitRedisUrl, undefined);
    assert.equal(loadConfig({ RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:6379' }).rateLimitRedisUrl, 'redis://127.0.0.1:6379');
    assert.equal(loadConfig({ RATE_LIMIT_REDIS_URL: 'rediss://:pw@cache.internal:6380/2' }).rateLimitRedisUrl, 'rediss://:pw@cache.internal:6380/2');
    for (const bad of ['http://:secret-pw@cache:6379', 'cache:6379', 'redis://', 'not a url']) {
      assert.throws(
        () => loadConfig({ RATE_LIMIT_REDIS_URL: bad }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /RATE_LIMIT_REDIS_URL/);
          assert.ok(!error.message.includes('secret-pw'));
          return true;
        },
        bad,
      );
    }
  });
});

describe('rate limits when Redis does not answer', () => {
  it('let requests through (fail-open) and log a warning without key material', async () => {
    const t = await startTestApp('pglite', { rateLimit: { redisUrl: 'redis://:redis-secret@127.0.0.1:1', redisKeyPrefix: 'callwise-test-unreachable:' } });
    try {
      const created = await t.services.companies.createApiKey(t.companyId, { name: 'limited', rateLimitPerMinute: 1 });
      for (let i = 0; i < 3; i++) {
        const res = await t.request('GET', '/customers', { key: created.secret });
        assert.equal(res.statusCode, 200, `request ${i}`);
        assert.equal(res.headers['x-ratelimit-remaining'], undefined, 'no budget figures that were not counted');
      }
      const warnings = t.logLines.filter((line) => line.includes('rate-limit store'));
      assert.ok(warnings.length >= 1, 'a warning says the store is unreachable');
      assert.ok(
        warnings.some((line) => JSON.parse(line).level === 40),
        'at warn level',
      );
      for (const line of t.logLines) {
        assert.ok(!line.includes(created.secret), 'no API key in the log');
        assert.ok(!line.includes('redis-secret'), 'no Redis password in the log');
      }
      for (const line of warnings) assert.ok(!line.includes(created.id), 'no key id in the warning');
    } finally {
      await t.close();
    }
  });
});

/** Redis for the shared-budget tests: TEST_REDIS_URL (then it must answer) or a local one if any. */
const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
async function redisAnswers(url: string): Promise<string | undefined> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  let failure: string | undefined;
  probe.on('error', (error: Error & { code?: string }) => {
    failure ??= error.code ?? error.message;
  });
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return failure ?? (error instanceof Error ? error.message : String(error));
  } finally {
    probe.disconnect();
  }
}
const redisProblem = await redisAnswers(redisUrl);
// Skipped only when nobody asked for Redis; with TEST_REDIS_URL set (as CI does) it must answer.
const skipRedis =
  redisProblem !== undefined && !process.env.TEST_REDIS_URL ? `no Redis answers at ${redisUrl} (${redisProblem}); set TEST_REDIS_URL to run these` : false;

for (const backend of backends) {
  describe(`rate limits shared through Redis (${backend})`, { skip: skipRedis }, () => {
    const prefix = `callwise-test:${randomBytes(6).toString('hex')}:`;
    let t: TestApp;
    let second: FastifyInstance;
    let admin: Redis;

    before(async () => {
      if (redisProblem !== undefined) throw new Error(`TEST_REDIS_URL is set but Redis does not answer there (${redisProblem})`);
      admin = new Redis(redisUrl);
      t = await startTestApp(backend, { rateLimit: { redisUrl, redisKeyPrefix: prefix } });
      // A second app instance with its own store and Redis client: another process, in effect.
      second = await buildApp({ services: t.services, rateLimit: { redisUrl, redisKeyPrefix: prefix } });
      await second.ready();
    });
    after(async () => {
      await second?.close();
      await t?.close();
      if (admin) {
        const keys = await admin.keys(`${prefix}*`);
        if (keys.length > 0) await admin.del(...keys);
        await admin.quit();
      }
    });

    it('two app instances on one Redis share one budget per key', async () => {
      const { secret, id } = await t.services.companies.createApiKey(t.companyId, { name: 'shared', rateLimitPerMinute: 4 });
      const inSecond = (key: string) => second.inject({ method: 'GET', url: '/customers', headers: { 'x-api-key': key } });
      const remaining: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = i % 2 === 0 ? await t.request('GET', '/customers', { key: secret }) : await inSecond(secret);
        assert.equal(res.statusCode, 200, `request ${i}`);
        remaining.push(String(res.headers['x-ratelimit-remaining']));
      }
      assert.deepEqual(remaining, ['3', '2', '1', '0'], "each instance counts the other's requests");
      assertRateLimited(await t.request('GET', '/customers', { key: secret }), 4);
      assertRateLimited(await inSecond(secret), 4);
      assert.equal(await admin.exists(`${prefix}${id}`), 1, 'the counter lives in Redis under the prefix');

      const other = await t.services.companies.createApiKey(t.companyId, { name: 'shared-other', rateLimitPerMinute: 4 });
      assert.equal((await inSecond(other.secret)).statusCode, 200, 'another key has its own shared budget');
    });
  });
}
