/**
 * One webhook POST against a real receiver on 127.0.0.1: what each kind of answer, or no answer,
 * becomes, that nothing is followed or read beyond what is needed, and that the guard stops a
 * POST to loopback before any connection is made.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { postWebhook, type WebhookPost } from '../../src/webhooks/post.ts';
import { newEndpointSecret, webhookHeaders } from '../../src/webhooks/signature.ts';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly remotePort: number;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

const received: Received[] = [];
let handler: Handler = (_request, response) => response.writeHead(200).end();
let server: http.Server;
let origin = '';

before(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
        remotePort: request.socket.remotePort ?? 0,
      });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  handler = (_request, response) => response.writeHead(200).end();
});

function post(overrides: Partial<WebhookPost> = {}) {
  return postWebhook({
    url: `${origin}/hooks/callwise?token=s3cr3t-query`,
    headers: { 'content-type': 'application/json' },
    body: '{"type":"call.completed"}',
    timeoutMs: 5_000,
    allowLoopback: true,
    ...overrides,
  });
}

function answerWith(status: number, headers: Record<string, string> = {}, body = ''): void {
  handler = (_request, response) => response.writeHead(status, headers).end(body);
}

describe('postWebhook: answers', () => {
  test('200 and 204 are ok', async () => {
    answerWith(200, { 'content-type': 'application/json' }, '{"received":true}');
    const first = await post();
    assert.equal(first.ok, true);
    assert.equal(first.statusCode, 200);
    assert.equal(first.error, undefined);
    assert.equal(first.retryAfterMs, undefined);
    assert.ok(first.latencyMs >= 0 && first.latencyMs < 5_000);

    answerWith(204);
    assert.deepEqual({ ...(await post()), latencyMs: 0 }, { ok: true, statusCode: 204, latencyMs: 0 });
  });

  test('a 301 is a failure and is not followed: the receiver sees one request', async () => {
    answerWith(301, { location: `${origin}/elsewhere` }, 'moved');
    const attempt = await post();
    assert.deepEqual({ ...attempt, latencyMs: 0 }, { ok: false, statusCode: 301, latencyMs: 0, error: 'redirect not followed' });
    assert.equal(received.length, 1);
    assert.equal(received[0]!.path, '/hooks/callwise?token=s3cr3t-query');
  });

  test('410 and 500 are failures with their status, and no error text', async () => {
    for (const status of [410, 500]) {
      answerWith(status, {}, 'some receiver text');
      assert.deepEqual({ ...(await post()), latencyMs: 0 }, { ok: false, statusCode: status, latencyMs: 0 });
    }
  });

  test('429 with Retry-After in seconds or as an HTTP-date gives retryAfterMs', async () => {
    answerWith(429, { 'retry-after': '7' });
    assert.deepEqual({ ...(await post()), latencyMs: 0 }, { ok: false, statusCode: 429, latencyMs: 0, retryAfterMs: 7_000 });

    answerWith(429, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() });
    const dated = await post();
    assert.equal(dated.statusCode, 429);
    // An HTTP-date has whole seconds.
    assert.ok(dated.retryAfterMs !== undefined && dated.retryAfterMs > 58_000 && dated.retryAfterMs <= 60_000, String(dated.retryAfterMs));

    answerWith(503, { 'retry-after': 'soon' });
    assert.equal((await post()).retryAfterMs, undefined);
  });

  test('the receiver gets exactly the headers and the body bytes sent', async () => {
    const body = JSON.stringify({ type: 'call.completed', data: { name: 'Zoë Ångström', note: 'naïve — 😀', amount: '1234.50' } });
    const headers = webhookHeaders({ id: 'msg_2Kx9', timestampSeconds: Math.floor(Date.now() / 1000), body, secrets: [newEndpointSecret()] });
    assert.equal((await post({ headers, body })).ok, true);

    assert.equal(received.length, 1);
    const [request] = received as [Received];
    assert.equal(request.method, 'POST');
    assert.ok(request.body.equals(Buffer.from(body, 'utf8')));
    for (const [name, value] of Object.entries(headers)) assert.equal(request.headers[name], value, name);
    assert.equal(request.headers['content-length'], String(Buffer.byteLength(body)));
    // Nothing else but what HTTP/1.1 itself needs.
    assert.deepEqual(Object.keys(request.headers).sort(), [...Object.keys(headers), 'connection', 'content-length', 'host'].sort());
  });

  test('a short answer leaves the connection open for the next delivery', async () => {
    answerWith(200, {}, 'x'.repeat(1_000));
    await post();
    await post();
    assert.equal(received.length, 2);
    assert.equal(received[0]!.remotePort, received[1]!.remotePort);
  });
});

describe('postWebhook: large and endless answers', () => {
  test('a 1 MB answer body is cut off: the call does not wait for it, and the receiver never finishes sending it', async () => {
    // 64 KiB at once, then the rest trickling in: reading it all would take about a second.
    const chunk = Buffer.alloc(64 * 1024, 'y');
    const receiverClosed = new Promise<{ finished: boolean }>((resolve) => {
      handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(16 * chunk.length) });
        let chunksSent = 1;
        response.write(chunk);
        const trickle = setInterval(() => {
          if (response.destroyed || chunksSent === 16) return clearInterval(trickle);
          response.write(chunk);
          chunksSent += 1;
          if (chunksSent === 16) response.end();
        }, 60);
        response.on('close', () => {
          clearInterval(trickle);
          resolve({ finished: response.writableFinished });
        });
      };
    });
    const started = Date.now();
    const attempt = await post();
    assert.equal(attempt.ok, true);
    assert.equal(attempt.statusCode, 200);
    assert.ok(Date.now() - started < 600, String(Date.now() - started));
    assert.deepEqual(await receiverClosed, { finished: false });
  });

  test('an endless answer body is cut off at once: the receiver sees the connection closed', async () => {
    let bytesWritten = 0;
    const receiverSawClose = new Promise<void>((resolve) => {
      handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'z');
        const writeMore = () => {
          while (!response.destroyed && response.write(chunk)) bytesWritten += chunk.length;
        };
        response.on('drain', writeMore);
        response.on('close', () => resolve());
        writeMore();
      };
    });
    const started = Date.now();
    const attempt = await post({ timeoutMs: 3_000 });
    assert.equal(attempt.ok, true);
    assert.ok(Date.now() - started < 1_000);
    await receiverSawClose;
    // What the kernel's socket buffers took at most, not what an endless answer would be.
    assert.ok(bytesWritten < 64 * 1024 * 1024, String(bytesWritten));
  });

  test('a status that came stands when the rest of its body stalls past the deadline', async () => {
    handler = (_request, response) => {
      response.writeHead(202, { 'content-type': 'text/plain' });
      response.write('partial');
    };
    const attempt = await post({ timeoutMs: 300 });
    assert.equal(attempt.ok, true);
    assert.equal(attempt.statusCode, 202);
  });
});

describe('postWebhook: no answer', () => {
  test('a receiver that never answers: "timed out" within timeoutMs', async () => {
    handler = () => {};
    const started = Date.now();
    const attempt = await post({ timeoutMs: 300 });
    const took = Date.now() - started;
    assert.equal(attempt.ok, false);
    assert.equal(attempt.statusCode, null);
    assert.equal(attempt.error, 'timed out');
    assert.ok(took >= 290 && took < 1_000, String(took));
    assert.ok(attempt.latencyMs >= 290 && attempt.latencyMs < 1_000, String(attempt.latencyMs));
  });

  test('a closed port: "connection refused"', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const attempt = await post({ url: `http://127.0.0.1:${port}/hooks?token=s3cr3t-query` });
    assert.deepEqual({ ...attempt, latencyMs: 0 }, { ok: false, statusCode: null, latencyMs: 0, error: 'connection refused' });
  });

  test('a receiver that drops the connection: "connection reset"', async () => {
    handler = (request) => request.socket.destroy();
    assert.equal((await post()).error, 'connection reset');
  });

  test('TLS to a receiver that does not speak it: "TLS error"', async () => {
    const attempt = await post({ url: origin.replace('http:', 'https:') + '/hooks?token=s3cr3t-query' });
    assert.equal(attempt.error, 'TLS error');
    assert.equal(attempt.statusCode, null);
  });

  test('a name that does not resolve: "DNS lookup failed"', async () => {
    const attempt = await post({ url: 'https://no-such-host.invalid/hooks?token=s3cr3t-query', allowLoopback: false });
    assert.equal(attempt.error, 'DNS lookup failed');
  });

  test('a header value Node refuses to send: "invalid request", nothing sent', async () => {
    const attempt = await post({ headers: { 'webhook-id': 'msg_1\r\nx-injected: 1' } });
    assert.equal(attempt.error, 'invalid request');
    assert.equal(received.length, 0);
  });
});

describe('postWebhook: the address guard', () => {
  test('without allowLoopback a POST to 127.0.0.1 is refused before connecting', async () => {
    let connections = 0;
    const countConnection = () => connections++;
    server.on('connection', countConnection);
    try {
      const attempt = await post({ allowLoopback: false });
      assert.deepEqual({ ...attempt, latencyMs: 0 }, { ok: false, statusCode: null, latencyMs: 0, error: 'address refused: a loopback address' });
      const viaName = await post({ url: origin.replace('127.0.0.1', 'localhost') + '/hooks', allowLoopback: false });
      assert.equal(viaName.error, 'address refused: a loopback address');
      const viaMapped = await post({ url: origin.replace('127.0.0.1', '[::ffff:127.0.0.1]') + '/hooks', allowLoopback: false });
      assert.equal(viaMapped.error, 'address refused: a loopback address');
    } finally {
      server.off('connection', countConnection);
    }
    assert.equal(connections, 0);
    assert.equal(received.length, 0);
  });

  test('with allowLoopback, a receiver reached by the name localhost gets the POST', async () => {
    const attempt = await post({ url: origin.replace('127.0.0.1', 'localhost') + '/hooks' });
    assert.equal(attempt.ok, true);
    assert.equal(received.length, 1);
  });

  test('other private addresses stay refused even with allowLoopback', async () => {
    for (const [url, error] of [
      ['http://10.0.0.5/hooks', 'address refused: a private address'],
      ['http://169.254.169.254/latest/meta-data/', 'address refused: a link-local address'],
      ['http://[fd00:ec2::254]/', 'address refused: a private address'],
    ] as const) {
      assert.equal((await post({ url })).error, error, url);
    }
  });

  test('no error text repeats the URL or its query', async () => {
    handler = () => {};
    const attempts = [
      await post({ timeoutMs: 100 }),
      await post({ allowLoopback: false }),
      await post({ url: 'https://no-such-host.invalid/hooks?token=s3cr3t-query', allowLoopback: false }),
    ];
    for (const attempt of attempts) {
      assert.ok(attempt.error);
      assert.ok(!attempt.error.includes('s3cr3t') && !attempt.error.includes('127.0.0.1') && !attempt.error.includes('no-such-host'), attempt.error);
    }
  });
});
