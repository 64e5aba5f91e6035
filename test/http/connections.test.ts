/**
 * The connection level, over real sockets: what the HTTP parser refuses (400), a header block over
 * the limit (431) and a request that does not arrive in time (408) are problem documents with a
 * request id and `Connection: close`, like every other error; a body that stalls and headers that
 * never finish are cut off at their limits instead of being held open. The app listens on a
 * loopback port with short limits. The database plays no part here, so PGlite is enough.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { rawExchange, type RawExchange } from '../helpers/raw-http.ts';

const REQUEST_ID = /^req_[0-9a-z]{9}[0-9a-f]{20}$/;
const TIMEOUTS = { requestMs: 1_500, headersMs: 600 };
/** A machine busy with other suites can be late; the limits themselves are checked from below. */
const SLACK_MS = 1_500;

function head(method: string, path: string, headers: Record<string, string | number>): string {
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}

describe('connection-level errors and time limits', () => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await startTestApp('pglite', { timeouts: TIMEOUTS });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  after(() => t.close());

  const key = () => ({ 'X-API-Key': t.apiKey });
  const logEntries = () => t.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

  /** Asserts the one problem shape, sent with its id and Connection: close, and the connection closed. */
  function assertProblem(exchange: RawExchange, status: number, code: string): Record<string, unknown> {
    const res = exchange.response;
    assert.ok(res, `an HTTP answer, got: ${JSON.stringify(exchange.bytes.toString('latin1').slice(0, 200))}`);
    assert.equal(res.status, status, res.body);
    assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.match(res.headers['x-request-id'] ?? '', REQUEST_ID);
    assert.equal(res.headers.connection?.toLowerCase(), 'close');
    assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body));
    const problem = JSON.parse(res.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(problem).sort(), ['code', 'detail', 'requestId', 'status', 'title', 'type']);
    assert.match(String(problem.type), /^https:\/\//);
    assert.equal(problem.status, status);
    assert.equal(problem.code, code);
    assert.ok(String(problem.title).length > 0 && String(problem.detail).length > 0);
    assert.equal(problem.requestId, res.headers['x-request-id'], 'the body and the header carry the same id');
    assert.doesNotMatch(res.body, /FST_|HPE_|stack|node_modules/, 'no framework internals');
    assert.ok(exchange.closedByServer, 'the server closed the connection');
    const logged = logEntries().find((entry) => entry.reqId === problem.requestId && entry.msg === 'connection refused');
    assert.ok(logged, 'the refusal is logged under the same id');
    assert.deepEqual(logged.res, { statusCode: status });
    return problem;
  }

  describe('answers as problems', () => {
    it('431 for a header block over the limit', async () => {
      const exchange = await rawExchange(port, [head('GET', '/customers', { ...key(), 'X-Filler': 'f'.repeat(20_000) })]);
      assertProblem(exchange, 431, 'headers_too_large');
    });

    it('400 for a request line that is not HTTP', async () => {
      assertProblem(await rawExchange(port, ['GET /customers HTTP/1.1 extra\r\nHost: x\r\n\r\n']), 400, 'malformed_request');
      assertProblem(await rawExchange(port, ['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03']), 400, 'malformed_request'); // TLS to a plain port
    });

    it('400 for a header name or Content-Length the parser refuses', async () => {
      assertProblem(await rawExchange(port, [head('GET', '/customers', { ...key(), 'Bad Header': 'x' })]), 400, 'malformed_request');
      const body = '{"id":"x"}';
      const badLength = head('POST', '/customers', { ...key(), 'Content-Type': 'application/json', 'Content-Length': '10x' }) + body;
      assertProblem(await rawExchange(port, [badLength]), 400, 'malformed_request');
    });

    it('400 for a broken chunked body, under the id of the request it interrupted', async () => {
      const headers = head('POST', '/customers', { ...key(), 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      const problem = assertProblem(await rawExchange(port, [headers + 'zz\r\n{}\r\n0\r\n\r\n']), 400, 'malformed_request');
      assert.ok(
        logEntries().some((entry) => entry.reqId === problem.requestId && entry.msg === 'incoming request'),
        'the request had begun, and its log lines share the id',
      );
    });
  });

  describe('time limits', () => {
    it('408 for a body that stalls, at the request limit', async () => {
      const headers = head('POST', '/customers', { ...key(), 'Content-Type': 'application/json', 'Content-Length': 200 });
      const exchange = await rawExchange(port, [headers + '{"id":"stalled",'], { timeoutMs: TIMEOUTS.requestMs + SLACK_MS + 5_000 });
      const problem = assertProblem(exchange, 408, 'request_timeout');
      assert.ok(exchange.ms >= TIMEOUTS.requestMs - 50, `cut at ${exchange.ms} ms, before the limit`);
      assert.ok(exchange.ms < TIMEOUTS.requestMs + SLACK_MS, `cut at ${exchange.ms} ms`);
      assert.ok(
        logEntries().some((entry) => entry.reqId === problem.requestId && entry.msg === 'incoming request'),
        'the answer carries the id of the request that was waiting for its body',
      );
    });

    it('408 for headers that trickle in and never finish (slowloris), at the headers limit', async () => {
      const trickle = ['GET /customers HTTP/1.1\r\n', ...Array.from({ length: 100 }, (_, i) => `X-Slow-${i}: 1\r\n`)];
      const exchange = await rawExchange(port, trickle, { pauseMs: 100, timeoutMs: TIMEOUTS.headersMs + SLACK_MS + 5_000 });
      assertProblem(exchange, 408, 'request_timeout');
      assert.ok(exchange.ms >= TIMEOUTS.headersMs - 50, `cut at ${exchange.ms} ms, before the limit`);
      assert.ok(exchange.ms < TIMEOUTS.headersMs + SLACK_MS, `cut at ${exchange.ms} ms`);
    });

    it('408 for a connection that sends nothing, at the headers limit', async () => {
      const exchange = await rawExchange(port, [], { timeoutMs: TIMEOUTS.headersMs + SLACK_MS + 5_000 });
      assertProblem(exchange, 408, 'request_timeout');
      assert.ok(exchange.ms < TIMEOUTS.headersMs + SLACK_MS, `cut at ${exchange.ms} ms`);
    });

    it('cuts off every one of many stalled authenticated requests', async () => {
      const headers = head('POST', '/customers', { ...key(), 'Content-Type': 'application/json', 'Content-Length': 500 });
      const exchanges = await Promise.all(
        Array.from({ length: 200 }, () => rawExchange(port, [headers + '{"id":'], { timeoutMs: TIMEOUTS.requestMs + SLACK_MS + 10_000 })),
      );
      const statuses = exchanges.map((exchange) => (exchange.closedByServer ? exchange.response?.status : 'held open'));
      assert.deepEqual(new Set(statuses), new Set([408]));
    });

    it('closes, with no second answer, a connection whose request was answered before its body stalled', async () => {
      // No API key: 401 is sent as soon as the headers arrive, while the body is still owed.
      const headers = head('POST', '/customers', { 'Content-Type': 'application/json', 'Content-Length': 200 });
      const exchange = await rawExchange(port, [headers + '{"id":'], { timeoutMs: TIMEOUTS.requestMs + SLACK_MS + 5_000 });
      assert.equal(exchange.response?.status, 401);
      assert.equal(exchange.bytes.toString('latin1').match(/HTTP\/1\.1 \d{3}/g)?.length, 1, 'one answer only');
      assert.ok(exchange.closedByServer, 'the connection is not held open');
      assert.ok(exchange.ms < TIMEOUTS.requestMs + SLACK_MS, `closed at ${exchange.ms} ms`);
    });

    it('does not cut an idle keep-alive connection at the headers limit', async () => {
      const exchange = await rawExchange(port, [head('GET', '/healthz', {}), head('GET', '/healthz', { Connection: 'close' })], {
        pauseMs: TIMEOUTS.headersMs * 2,
        timeoutMs: TIMEOUTS.headersMs * 2 + SLACK_MS + 5_000,
      });
      const text = exchange.bytes.toString('latin1');
      assert.equal(text.match(/HTTP\/1\.1 200/g)?.length, 2, text);
      assert.doesNotMatch(text, /HTTP\/1\.1 408/);
    });

    it('counts refusals in the metrics, once each', async () => {
      const before = await t.services.metrics.registry.getSingleMetricAsString('callwise_http_errors_total');
      const count = (text: string, code: string) => Number(new RegExp(`code="${code}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      const headers = head('POST', '/customers', { ...key(), 'Content-Type': 'application/json', 'Content-Length': 50 });
      await rawExchange(port, [headers + '{'], { timeoutMs: TIMEOUTS.requestMs + SLACK_MS + 5_000 });
      await rawExchange(port, []);
      await rawExchange(port, ['NOT HTTP\r\n\r\n']);
      const afterwards = await t.services.metrics.registry.getSingleMetricAsString('callwise_http_errors_total');
      assert.equal(count(afterwards, 'request_timeout') - count(before, 'request_timeout'), 2);
      assert.equal(count(afterwards, 'malformed_request') - count(before, 'malformed_request'), 1);
      const requests = await t.services.metrics.registry.getSingleMetricAsString('callwise_http_requests_total');
      assert.match(requests, /method="POST",route="\/customers",status="408"/);
      assert.match(requests, /method="unknown",route="unmatched",status="408"/);
    });
  });
});
