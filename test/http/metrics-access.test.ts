/**
 * /metrics describes the server to whoever reads it (routes, traffic, errors, memory): it answers
 * only a scraper holding METRICS_TOKEN (`Authorization: Bearer …`), and is not served at all when
 * no token is configured. In-process, and through the real server's configuration.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/http/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { METRICS_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { makeTempDir, startServer } from '../helpers/process.ts';

describe('METRICS_TOKEN', () => {
  it('is optional, and when given is 16 to 200 token characters, refused without being echoed', () => {
    assert.equal(loadConfig({}).metricsToken, undefined);
    assert.equal(loadConfig({ METRICS_TOKEN: 'a1B2c3D4e5F6g7H8-._~+/=' }).metricsToken, 'a1B2c3D4e5F6g7H8-._~+/=');
    for (const bad of ['short-secret', 'with a space in it 0123456789', 'quote"0123456789abcdef', 'x'.repeat(201)]) {
      assert.throws(
        () => loadConfig({ METRICS_TOKEN: bad }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /METRICS_TOKEN must be/);
          assert.ok(!error.message.includes(bad));
          return true;
        },
        bad,
      );
    }
  });
});

describe('/metrics in-process', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('pglite');
  });
  after(() => t.close());

  const scrape = (authorization?: string) => t.app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });

  it('answers a scrape with the token', async () => {
    const res = await scrape(`Bearer ${METRICS_TOKEN}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /callwise_http_requests_total/);
  });

  it('answers 401 without the token, with a wrong one, or with an API key instead, and shows no metrics', async () => {
    for (const authorization of [
      undefined,
      `Bearer ${METRICS_TOKEN}x`,
      `Bearer ${METRICS_TOKEN.slice(1)}`,
      `Basic ${METRICS_TOKEN}`,
      METRICS_TOKEN,
      'Bearer',
    ]) {
      const res = await scrape(authorization);
      assert.equal(res.statusCode, 401, String(authorization));
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="metrics"');
      assert.equal(res.json<{ code: string }>().code, 'unauthorized');
      assert.doesNotMatch(res.body, /callwise_/);
    }
    const withApiKey = await t.request('GET', '/metrics');
    assert.equal(withApiKey.statusCode, 401, 'an API key is not the metrics token');
  });

  it('is not served when no token is configured', async () => {
    const app = await buildApp({ services: t.services });
    try {
      for (const authorization of [undefined, `Bearer ${METRICS_TOKEN}`]) {
        const res = await app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
        assert.equal(res.statusCode, 404);
        assert.doesNotMatch(res.body, /callwise_/);
      }
    } finally {
      await app.close();
    }
  });
});

describe('/metrics on the server (METRICS_TOKEN from the environment)', () => {
  const token = 'server-metrics-token-0123456789abcdef';
  // A database of the test's own: without DATA_DIR the server would open the checkout's ./data.
  const temp = makeTempDir('metrics-server');
  after(() => temp.remove());

  it('answers only with the token', async () => {
    const server = await startServer({ DATA_DIR: temp.dir, METRICS_TOKEN: token, CALLWISE_BOOTSTRAP_API_KEY: 'cw_metrics_bootstrap_0123456789' });
    try {
      const without = await fetch(`${server.baseUrl}/metrics`);
      assert.equal(without.status, 401);
      assert.doesNotMatch(await without.text(), /callwise_/);
      const wrong = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token.toUpperCase()}` } });
      assert.equal(wrong.status, 401);
      const withToken = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(withToken.status, 200);
      assert.match(await withToken.text(), /callwise_process_resident_memory_bytes/);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('does not serve it without METRICS_TOKEN', async () => {
    const server = await startServer({ DATA_DIR: temp.dir, CALLWISE_BOOTSTRAP_API_KEY: 'cw_metrics_bootstrap_0123456789' });
    try {
      const res = await fetch(`${server.baseUrl}/metrics`);
      assert.equal(res.status, 404);
      assert.doesNotMatch(await res.text(), /callwise_/);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
