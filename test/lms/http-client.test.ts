import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isLmsError } from '../../src/lms/errors.ts';
import { LmsHttpClient, type HttpTuning } from '../../src/lms/http-client.ts';
import { parseRetryAfter } from '../../src/domain/retry-after.ts';
import { json, startFakeServer, type FakeServer } from '../fakes/http-fake.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { FAST } from './pairs.ts';

installNetworkGuard();

describe('LmsHttpClient', () => {
  let fake: FakeServer;
  before(async () => {
    fake = await startFakeServer(
      (req) => {
        if (req.path === '/echo')
          return json(200, { query: Object.fromEntries(req.query), headers: { auth: req.headers.authorization, accept: req.headers.accept } });
        if (req.path === '/odd-query') return json(200, { raw: req.query.toString() });
        return json(404, {});
      },
      { unauthorized: () => json(401, {}) },
    );
  });
  after(async () => {
    await fake.close();
  });

  const client = (tuning: Partial<HttpTuning> = {}, deps = {}) =>
    new LmsHttpClient({ system: 'loanpro', baseUrl: `${fake.origin}/`, headers: { Authorization: 'Bearer t' }, tuning: { ...FAST, ...tuning } }, deps);

  test('sends the headers, asks for JSON, parses JSON', async () => {
    const body = (await client().getJson({ path: 'echo', op: 'test' })) as { headers: { auth: string; accept: string } };
    assert.equal(body.headers.auth, 'Bearer t');
    assert.equal(body.headers.accept, 'application/json');
  });

  test("keeps OData's $ literal and encodes spaces as %20, not '+'", async () => {
    fake.reset();
    await client().getJson({ path: 'odd-query', op: 'test', query: { $filter: "date ge datetime'2026-11-13T00:00:00'", $top: 8, skipped: undefined } });
    const url = fake.requests[0];
    assert.ok(url);
    assert.equal(url.query.get('$filter'), "date ge datetime'2026-11-13T00:00:00'");
    assert.equal(url.query.get('$top'), '8');
    assert.equal(url.query.has('skipped'), false);
    assert.match(url.target, /\?\$filter=date%20ge%20datetime%272026-11-13T00%3A00%3A00%27&\$top=8$/);
  });

  test('backoff is exponential with jitter and capped: waits stay inside [step/2, step]', async () => {
    const waits: number[] = [];
    const logger = { debug() {}, warn: (obj: object) => void waits.push((obj as { delayMs: number }).delayMs) };
    fake.reset();
    fake.inject({ match: '/echo', fault: { type: 'status', status: 503 } });
    const c = client({ maxRetries: 4, baseDelayMs: 20, maxDelayMs: 60, totalTimeoutMs: 5000 }, { logger, random: () => 0.999 });
    await assert.rejects(c.getJson({ path: 'echo', op: 'test' }));
    assert.deepEqual(waits, [20, 40, 60, 60]);
    fake.reset();
    waits.length = 0;
    fake.inject({ match: '/echo', fault: { type: 'status', status: 503 } });
    const low = client({ maxRetries: 4, baseDelayMs: 20, maxDelayMs: 60, totalTimeoutMs: 5000 }, { logger, random: () => 0 });
    await assert.rejects(low.getJson({ path: 'echo', op: 'test' }));
    assert.deepEqual(waits, [10, 20, 30, 30]);
    fake.clearFaults();
  });

  test('non-retryable client errors are not retried', async () => {
    fake.reset();
    fake.inject({ match: '/echo', fault: { type: 'status', status: 400, raw: '{"error":"bad"}' } });
    await assert.rejects(
      client().getJson({ path: 'echo', op: 'test' }),
      (err: unknown) => isLmsError(err) && err.kind === 'upstream' && err.upstreamStatus === 400,
    );
    assert.equal(fake.count('/echo'), 1);
    fake.clearFaults();
  });

  test('a 403 is auth_failed', async () => {
    fake.reset();
    fake.inject({ match: '/echo', fault: { type: 'status', status: 403 } });
    await assert.rejects(client().getJson({ path: 'echo', op: 'test' }), (err: unknown) => isLmsError(err) && err.kind === 'auth_failed');
    fake.clearFaults();
  });

  test('an oversized body is refused without reading it all, and not retried', async () => {
    fake.reset();
    fake.inject({ match: '/echo', fault: { type: 'status', status: 200, raw: JSON.stringify({ pad: 'x'.repeat(5000) }) } });
    await assert.rejects(
      client({ maxResponseBytes: 1000 }).getJson({ path: 'echo', op: 'test' }),
      (err: unknown) => isLmsError(err) && err.kind === 'upstream' && err.reason === 'malformed' && /larger than 1000 bytes/.test(err.message),
    );
    assert.equal(fake.count('/echo'), 1);
    fake.clearFaults();
  });

  test('Retry-After: delay-seconds and HTTP-date; garbage ignored', () => {
    const now = Date.parse('2026-11-20T18:00:00Z');
    assert.equal(parseRetryAfter('30', now), 30_000);
    assert.equal(parseRetryAfter('Fri, 20 Nov 2026 18:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('Fri, 20 Nov 2026 17:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
