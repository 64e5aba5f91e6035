import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { CallFlag, CallOutcome } from '../../src/domain/call-fields.ts';
import { agentVariables, type AgentContext } from '../../src/dispatch/agent-context.ts';
import { ProviderError, type DialRequest, type ProviderCall, type WebhookRequest } from '../../src/dispatch/providers/provider.ts';
import {
  classifyVapiCall,
  describeVapiConfig,
  parseVapiConfig,
  VapiConnector,
  vapiExternalId,
  type VapiCall,
  type VapiConfig,
} from '../../src/dispatch/providers/vapi.ts';
import { startVapiFake, type VapiFake } from '../fakes/vapi-fake.ts';

const PHONE = '+13035550147';
const FIRST = 'Marisol';
const LAST = 'Quintanilla';
const CREDENTIAL_ID = 'cred_hmac_callwise';

const context: AgentContext = {
  customer: {
    id: 'cus_1',
    firstName: FIRST,
    lastName: LAST,
    phoneNumber: PHONE,
    timezone: 'America/Denver',
    state: 'CO',
    externalMetadata: { employer: 'Acme' },
  },
  loans: [
    { loanId: 'L-1', displayId: null, status: 'active', balance: '1234.50', amountDue: '120.00', currency: 'USD', daysPastDue: 12, nextDueDate: '2026-12-01' },
  ],
  disclosures: ['This is an attempt to collect a debt.'],
  callMustEndBy: { at: '2026-11-30T04:00:00Z', local: '21:00', zone: 'America/Denver' },
  callMaxSeconds: 900,
  callbackRules: { offer: true, localHours: '08:00-21:00', note: 'federal hours' },
  task: { id: 'task_0000000001abcdefabcdefabcdefabcd', kind: 'call', scheduledFor: '2026-11-29T17:00:00Z' },
};

let taskCounter = 0;
function dial(overrides: Partial<DialRequest> = {}): DialRequest {
  taskCounter++;
  return {
    companyId: 'cmp_0000000001aaaaaaaaaaaaaaaaaaaa',
    taskId: `task_${String(taskCounter).padStart(9, '0')}bbbbbbbbbbbbbbbbbbbb`,
    customerId: 'cus_1',
    toPhoneNumber: PHONE,
    context,
    webhookUrl: 'https://callwise.example/webhooks/vapi',
    ...overrides,
  };
}

const never = () => new AbortController().signal;

/** The create-call body as the connector sends it. */
interface SentBody {
  assistantId: string;
  phoneNumberId: string;
  customer: Record<string, unknown>;
  assistantOverrides: {
    variableValues: Record<string, string>;
    metadata: Record<string, unknown>;
    maxDurationSeconds?: number;
    server?: { url: string; credentialId?: string; backoffPlan?: { type: string } };
  };
}

function configFor(fake: VapiFake, extra: Partial<VapiConfig> = {}): VapiConfig {
  const parsed = parseVapiConfig({
    kind: 'vapi',
    apiKey: fake.apiKey,
    assistantId: fake.assistantId,
    phoneNumberId: fake.phoneNumberId,
    webhookSecret: fake.webhookSecret,
    webhookCredentialId: CREDENTIAL_ID,
    baseUrl: fake.baseUrl,
    ...extra,
  });
  assert.ok('config' in parsed, JSON.stringify(parsed));
  return parsed.config;
}

/** No reason, message or description may carry personal data or a credential. */
function assertClean(text: string, fake?: VapiFake) {
  for (const secret of [PHONE, FIRST, LAST, ...(fake ? [fake.apiKey, fake.webhookSecret] : [])])
    assert.ok(!text.includes(secret), `leaked a secret or personal value: ${text}`);
}

describe('vapi config', () => {
  const valid = {
    kind: 'vapi',
    apiKey: 'priv-key-9f8e7d6c',
    assistantId: '4a170597-a0c2-4657-8c32-cb93f080cead',
    phoneNumberId: 'c6ea6cb0-0dfb-4a65-918f-6a33abb54b64',
    webhookSecret: 'hmac-secret-0123456789abcdef',
  };

  test('a minimal config gets the real base URL and the default concurrency', () => {
    const parsed = parseVapiConfig(valid);
    assert.ok('config' in parsed);
    assert.equal(parsed.config.baseUrl, 'https://api.vapi.ai');
    assert.equal(parsed.config.concurrency, 10);
    const connector = new VapiConnector(parsed.config);
    assert.equal(connector.kind, 'vapi');
    assert.equal(connector.real, true);
    assert.equal(connector.concurrency, 10);
    assert.ok(connector.outcomeExpectedWithinMs >= 15 * 60_000 && connector.outcomeExpectedWithinMs <= 60 * 60_000);
  });

  test('loopback http, a trailing slash and a concurrency are accepted', () => {
    const parsed = parseVapiConfig({ ...valid, baseUrl: 'http://127.0.0.1:4010/', concurrency: 3 });
    assert.ok('config' in parsed);
    assert.equal(parsed.config.baseUrl, 'http://127.0.0.1:4010');
    assert.equal(parsed.config.concurrency, 3);
  });

  test('every failing field is reported at once, and no rejected value is repeated', () => {
    const badSecret = 'short\nsecret-value';
    const badKey = 'key with spaces 123';
    const parsed = parseVapiConfig({
      kind: 'retell',
      apiKey: badKey,
      assistantId: 'not an id!',
      webhookSecret: badSecret,
      baseUrl: 'http://api.vapi.ai',
      concurrency: 0,
      extra: true,
    });
    assert.ok('errors' in parsed);
    const pointers = parsed.errors.map((e) => e.pointer).sort();
    assert.deepEqual(pointers, ['/apiKey', '/assistantId', '/baseUrl', '/concurrency', '/extra', '/kind', '/phoneNumberId', '/webhookSecret']);
    const rendered = JSON.stringify(parsed.errors);
    for (const value of [badSecret, 'short', badKey, 'not an id!', 'http://api.vapi.ai']) assert.ok(!rendered.includes(value), value);
  });

  test('a weak webhook secret, a non-URL and a non-object are refused', () => {
    const weak = parseVapiConfig({ ...valid, webhookSecret: 'abc123' });
    assert.ok('errors' in weak);
    assert.deepEqual(
      weak.errors.map((e) => e.pointer),
      ['/webhookSecret'],
    );
    assert.ok(!JSON.stringify(weak.errors).includes('abc123'));
    const notUrl = parseVapiConfig({ ...valid, baseUrl: 'api.vapi.ai' });
    assert.ok('errors' in notUrl && notUrl.errors[0]?.pointer === '/baseUrl');
    const withUser = parseVapiConfig({ ...valid, baseUrl: 'https://user:pw@api.vapi.ai' });
    assert.ok('errors' in withUser && !JSON.stringify(withUser.errors).includes('pw@'));
    assert.deepEqual(parseVapiConfig('vapi'), { errors: [{ pointer: '', detail: 'must be an object' }] });
  });

  test('the description shows that secrets are set, never what they are', () => {
    const parsed = parseVapiConfig(valid);
    assert.ok('config' in parsed);
    const described = describeVapiConfig(parsed.config);
    assert.deepEqual(described.apiKey, { configured: true });
    assert.deepEqual(described.webhookSecret, { configured: true });
    assert.equal(described.assistantId, valid.assistantId);
    const rendered = JSON.stringify(described);
    assert.ok(!rendered.includes(valid.apiKey) && !rendered.includes(valid.webhookSecret) && !rendered.includes('cdef'));
  });
});

describe('vapi placeCall', () => {
  let fake: VapiFake;
  let connector: VapiConnector;
  before(async () => {
    fake = await startVapiFake();
    connector = new VapiConnector(configFor(fake));
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.calls.clear();
    fake.createBodies.length = 0;
  });

  test('sends the documented create-call body with our ids and the agent context', async () => {
    const request = dial();
    const result = await connector.placeCall(request, never());
    assert.equal(result.kind, 'placed');
    assert.ok(result.kind === 'placed' && fake.calls.has(result.providerCallId));

    const sent = fake.requests[0];
    assert.ok(sent);
    assert.equal(sent.method, 'POST');
    assert.equal(sent.path, '/call');
    assert.equal(sent.headers.authorization, `Bearer ${fake.apiKey}`);
    assert.match(sent.headers['content-type'] ?? '', /^application\/json/);
    const body = JSON.parse(sent.body) as SentBody;
    assert.equal(body.assistantId, fake.assistantId);
    assert.equal(body.phoneNumberId, fake.phoneNumberId);
    assert.deepEqual(body.customer, { number: PHONE, name: `${FIRST} ${LAST}`, externalId: request.taskId });
    assert.deepEqual(body.assistantOverrides.variableValues, agentVariables(context));
    assert.equal(body.assistantOverrides.maxDurationSeconds, 900, "the call is ended by the company's longest call");
    assert.deepEqual(body.assistantOverrides.metadata, {
      callwise_company_id: request.companyId,
      callwise_task_id: request.taskId,
      context: JSON.parse(JSON.stringify(context)),
    });
    assert.equal(body.assistantOverrides.server?.url, request.webhookUrl);
    assert.equal(body.assistantOverrides.server?.credentialId, CREDENTIAL_ID);
    assert.equal(body.assistantOverrides.server?.backoffPlan?.type, 'exponential');
  });

  test('without a public webhook URL no server override is sent', async () => {
    await connector.placeCall(dial({ webhookUrl: null }), never());
    const body = JSON.parse(fake.requests[0]?.body ?? '{}') as SentBody;
    assert.equal(body.assistantOverrides.server, undefined);
  });

  test('a long task id is hashed into the 40-character external id', () => {
    const long = `task_${'x'.repeat(60)}`;
    const id = vapiExternalId(long);
    assert.ok(id.length <= 40 && id.startsWith('h_'));
    assert.equal(vapiExternalId(long), id);
    assert.notEqual(vapiExternalId(`${long}y`), id);
    assert.equal(vapiExternalId('task_0000000001abcdefabcdefabcdefabcd'), 'task_0000000001abcdefabcdefabcdefabcd');
  });

  test('concurrencyBlocked in the create answer is a refusal', async () => {
    fake.refuseNext('concurrency-blocked');
    const result = await connector.placeCall(dial(), never());
    assert.deepEqual(result, { kind: 'refused', reason: 'vapi concurrency limit reached' });
  });

  test('the fake blocks by itself once the org has no free slot', async () => {
    const small = await startVapiFake({ concurrencyLimit: 1 });
    try {
      const c = new VapiConnector(configFor(small));
      assert.equal((await c.placeCall(dial(), never())).kind, 'placed');
      const second = await c.placeCall(dial(), never());
      assert.equal(second.kind, 'refused');
    } finally {
      await small.close();
    }
  });

  test('400 concurrency and daily-limit answers are refusals naming the limit', async () => {
    fake.refuseNext('concurrency-400');
    assert.deepEqual(await connector.placeCall(dial(), never()), { kind: 'refused', reason: 'vapi concurrency limit reached' });
    fake.refuseNext('daily-limit-400');
    assert.deepEqual(await connector.placeCall(dial(), never()), { kind: 'refused', reason: 'vapi number daily outbound limit reached' });
  });

  test('429 is a refusal with Retry-After in seconds or as a date', async () => {
    fake.inject({ match: '/call', times: 1, fault: { type: 'rateLimit', retryAfter: '30' } });
    assert.deepEqual(await connector.placeCall(dial(), never()), { kind: 'refused', reason: 'vapi rate limit (HTTP 429)', retryAfterMs: 30_000 });
    fake.inject({ match: '/call', times: 1, fault: { type: 'rateLimit', retryAfter: new Date(Date.now() + 120_000).toUTCString() } });
    const dated = await connector.placeCall(dial(), never());
    assert.ok(dated.kind === 'refused' && dated.retryAfterMs !== undefined && dated.retryAfterMs > 100_000 && dated.retryAfterMs <= 120_000);
    fake.inject({ match: '/call', times: 1, fault: { type: 'rateLimit' } });
    const bare = await connector.placeCall(dial(), never());
    assert.ok(bare.kind === 'refused' && bare.retryAfterMs === undefined);
  });

  test('validation and credential failures are refusals that echo nothing', async () => {
    const invalid = await connector.placeCall(dial({ toPhoneNumber: '3035550147' }), never());
    assert.deepEqual(invalid, { kind: 'refused', reason: 'vapi refused the call (HTTP 400)' });
    fake.inject({ match: '/call', times: 1, fault: { type: 'auth' } });
    const auth = await connector.placeCall(dial(), never());
    assert.deepEqual(auth, { kind: 'refused', reason: 'vapi rejected the API key (HTTP 401)' });
    const wrongKey = new VapiConnector({ ...configFor(fake), apiKey: 'some-other-key' });
    assert.equal((await wrongKey.placeCall(dial(), never())).kind, 'refused');
    assertClean(JSON.stringify([invalid, auth]), fake);
  });

  test('5xx, a reset connection, an unreadable 2xx and timeouts are unknown', async () => {
    for (const fault of [{ type: 'status', status: 500 }, { type: 'status', status: 503 }, { type: 'reset' }, { type: 'malformed' }] as const) {
      fake.inject({ match: '/call', times: 1, fault });
      const result = await connector.placeCall(dial(), never());
      assert.equal(result.kind, 'unknown', fault.type);
      assertClean(JSON.stringify(result), fake);
    }
    // Our own per-request timeout.
    const impatient = new VapiConnector(configFor(fake), { requestTimeoutMs: 150 });
    fake.inject({ match: '/call', times: 1, fault: { type: 'delay', ms: 1500 } });
    const started = Date.now();
    assert.deepEqual(await impatient.placeCall(dial(), never()), { kind: 'unknown', reason: 'vapi did not answer in time' });
    assert.ok(Date.now() - started < 1400);
    // The dispatcher's signal.
    fake.inject({ match: '/call', times: 1, fault: { type: 'delay', ms: 1500 } });
    assert.equal((await connector.placeCall(dial(), AbortSignal.timeout(150))).kind, 'unknown');
  });

  test('an unreachable Vapi is unknown, never a throw', async () => {
    const c = new VapiConnector(configFor(fake), {
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    assert.deepEqual(await c.placeCall(dial(), never()), { kind: 'unknown', reason: 'vapi could not be reached or dropped the connection' });
  });
});

/** A second signing, written from the credential layout: hex HMAC-SHA256(secret, "timestamp.body"). */
function independentlySigned(secret: string, timestamp: string, body: string): WebhookRequest {
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(`${timestamp}.${body}`, 'utf8'))
    .digest('hex');
  return { rawBody: body, headers: { 'x-vapi-signature': signature, 'x-vapi-timestamp': timestamp }, url: 'https://callwise.example/webhooks/vapi' };
}

describe('vapi verifyWebhook', () => {
  let fake: VapiFake;
  let connector: VapiConnector;
  let callId: string;
  before(async () => {
    fake = await startVapiFake();
    connector = new VapiConnector(configFor(fake));
    const placed = await connector.placeCall(dial(), never());
    assert.ok(placed.kind === 'placed');
    callId = placed.providerCallId;
  });
  after(() => fake.close());
  const asRequest = (w: { rawBody: string; headers: Record<string, string> }): WebhookRequest => ({ ...w, url: 'https://callwise.example/webhooks/vapi' });

  test('a message signed as the fake signs it passes', () => {
    assert.equal(connector.verifyWebhook(asRequest(fake.webhook(callId, { type: 'status-update' })), Date.now()), true);
  });

  test('an independently signed body passes, with seconds or milliseconds stamps', () => {
    const body = '{"message":{"type":"status-update","status":"ringing","call":{"id":"x"}}}';
    const nowMs = Date.now();
    assert.equal(connector.verifyWebhook(independentlySigned(fake.webhookSecret, String(Math.floor(nowMs / 1000)), body), nowMs), true);
    assert.equal(connector.verifyWebhook(independentlySigned(fake.webhookSecret, String(nowMs), body), nowMs), true);
    // Upper-case hex is the same signature.
    const upper = independentlySigned(fake.webhookSecret, String(Math.floor(nowMs / 1000)), body);
    assert.equal(
      connector.verifyWebhook({ ...upper, headers: { ...upper.headers, 'x-vapi-signature': upper.headers['x-vapi-signature']?.toUpperCase() } }, nowMs),
      true,
    );
  });

  test('a tampered body, a wrong secret, a stale or future stamp fail', () => {
    const now = Date.now();
    assert.equal(connector.verifyWebhook(asRequest(fake.webhook(callId, { type: 'status-update', tamper: true })), now), false);
    assert.equal(connector.verifyWebhook(asRequest(fake.webhook(callId, { type: 'status-update', secret: 'another-secret-0123456789' })), now), false);
    const sixMinutesAgo = Math.floor(now / 1000) - 6 * 60;
    assert.equal(connector.verifyWebhook(asRequest(fake.webhook(callId, { type: 'status-update', timestampSeconds: sixMinutesAgo })), now), false);
    const sixMinutesAhead = Math.floor(now / 1000) + 6 * 60;
    assert.equal(connector.verifyWebhook(asRequest(fake.webhook(callId, { type: 'status-update', timestampSeconds: sixMinutesAhead })), now), false);
    const fourMinutesAgo = Math.floor(now / 1000) - 4 * 60;
    assert.equal(connector.verifyWebhook(asRequest(fake.webhook(callId, { type: 'status-update', timestampSeconds: fourMinutesAgo })), now), true);
  });

  test('missing or malformed headers fail without throwing', () => {
    const now = Date.now();
    const good = asRequest(fake.webhook(callId, { type: 'end-of-call-report' }));
    const without = (name: string) => ({ ...good, headers: Object.fromEntries(Object.entries(good.headers).filter(([k]) => k !== name)) });
    assert.equal(connector.verifyWebhook(without('x-vapi-signature'), now), false);
    assert.equal(connector.verifyWebhook(without('x-vapi-timestamp'), now), false);
    const signature = good.headers['x-vapi-signature'] as string;
    for (const bad of [`sha256=${signature}`, signature.slice(0, 62), `${signature}00`, 'zz'.repeat(32), '']) {
      assert.equal(connector.verifyWebhook({ ...good, headers: { ...good.headers, 'x-vapi-signature': bad } }, now), false, bad);
    }
    for (const bad of ['12.5', '-1', 'now', '', '1'.repeat(20)]) {
      assert.equal(connector.verifyWebhook({ ...good, headers: { ...good.headers, 'x-vapi-timestamp': bad } }, now), false, bad);
    }
  });
});

describe('vapi parseEvents', () => {
  let fake: VapiFake;
  let connector: VapiConnector;
  before(async () => {
    fake = await startVapiFake();
    connector = new VapiConnector(configFor(fake));
  });
  after(() => fake.close());
  const parse = (w: { rawBody: string; headers: Record<string, string> }) => connector.parseEvents({ ...w, url: 'https://callwise.example/webhooks/vapi' });
  const place = async (request = dial()) => {
    const placed = await connector.placeCall(request, never());
    assert.ok(placed.kind === 'placed');
    return { id: placed.providerCallId, request };
  };

  test('status-update while ringing: a pending call with our ids, one dedupe key per status', async () => {
    const { id, request } = await place();
    fake.setStatus(id, 'ringing');
    const [event] = parse(fake.webhook(id, { type: 'status-update' }));
    assert.ok(event);
    assert.equal(event.type, 'status-update');
    assert.equal(event.providerCallId, id);
    assert.equal(event.companyId, request.companyId);
    assert.equal(event.taskId, request.taskId);
    assert.equal(event.dedupeKey, `${id}:status-update:ringing`);
    assert.equal(event.call?.status, 'pending');
    // A redelivery (new timestamp, same event) has the same key; the next status another.
    assert.equal(parse(fake.webhook(id, { type: 'status-update' }))[0]?.dedupeKey, event.dedupeKey);
    fake.setStatus(id, 'in-progress');
    assert.equal(parse(fake.webhook(id, { type: 'status-update' }))[0]?.dedupeKey, `${id}:status-update:in-progress`);
  });

  test('status-update ended carries no outcome: the report with the extraction does', async () => {
    const { id } = await place();
    fake.endCall(id, { endedReason: 'customer-ended-call', structuredData: { do_not_call_requested: true } });
    const [event] = parse(fake.webhook(id, { type: 'status-update' }));
    assert.equal(event?.dedupeKey, `${id}:status-update:ended`);
    assert.equal(event?.call, null);
  });

  test('end-of-call-report: outcome, flags, callback, transcript, recording, summary, duration', async () => {
    const { id, request } = await place();
    fake.endCall(id, {
      endedReason: 'customer-ended-call',
      durationSeconds: 95,
      transcript: 'AI: Hello. User: Call me tomorrow.',
      summary: 'Borrower asked for a callback.',
      recordingUrl: 'https://storage.vapi.ai/rec.wav',
      structuredData: { right_party_contact: true, callback_requested: true, callback_at: '2026-12-01T10:00:00-07:00', hardship: 'yes' },
    });
    const first = parse(fake.webhook(id, { type: 'end-of-call-report' }));
    const again = parse(fake.webhook(id, { type: 'end-of-call-report' }));
    assert.equal(first.length, 1);
    const event = first[0];
    assert.ok(event?.call);
    assert.equal(event.dedupeKey, `${id}:end-of-call-report`);
    assert.equal(again[0]?.dedupeKey, event.dedupeKey);
    assert.equal(event.taskId, request.taskId);
    const call = event.call;
    assert.equal(call.status, 'ended');
    assert.equal(call.outcome, 'conversation');
    assert.deepEqual([...call.flags].sort(), ['CALLBACK_REQUEST', 'CONNECT', 'HARDSHIP_REQUEST', 'LIVE_CONNECT', 'RPC']);
    assert.equal(call.callbackAt?.toISOString(), '2026-12-01T17:00:00.000Z');
    assert.equal(call.transcript, 'AI: Hello. User: Call me tomorrow.');
    assert.equal(call.recordingUrl, 'https://storage.vapi.ai/rec.wav');
    assert.equal(call.summary, 'Borrower asked for a callback.');
    assert.equal(call.durationSeconds, 95);
    assert.equal(call.nativeReason, 'customer-ended-call');
  });

  test('informational messages are events without a call; those without a call are skipped', async () => {
    const { id } = await place();
    const body = (timestamp: number) => JSON.stringify({ message: { type: 'conversation-update', timestamp, messages: [], call: fake.calls.get(id) } });
    const [event] = connector.parseEvents({ rawBody: body(1), headers: {}, url: '' });
    assert.equal(event?.type, 'conversation-update');
    assert.equal(event?.call, null);
    assert.equal(event?.dedupeKey, `${id}:conversation-update:1`);
    assert.notEqual(connector.parseEvents({ rawBody: body(2), headers: {}, url: '' })[0]?.dedupeKey, event?.dedupeKey);
    assert.deepEqual(connector.parseEvents({ rawBody: '{"message":{"type":"conversation-update","messages":[]}}', headers: {}, url: '' }), []);
  });

  test('bodies not in Vapi shape are bad_request, naming nothing from the body', () => {
    const bodies = [
      'not json',
      '[]',
      '{"type":"status-update"}',
      '{"message":{}}',
      '{"message":{"type":""}}',
      `{"message":{"type":"status-update","status":"ringing"}}`,
      `{"message":{"type":"status-update","call":{"id":"c1","customer":{"number":"${PHONE}"}}}}`,
      `{"message":{"type":"end-of-call-report","endedReason":"voicemail","call":{"customer":{"number":"${PHONE}"}}}}`,
    ];
    for (const rawBody of bodies) {
      assert.throws(
        () => connector.parseEvents({ rawBody, headers: {}, url: '' }),
        (err: unknown) => err instanceof ProviderError && err.kind === 'bad_request' && err.provider === 'vapi' && !err.message.includes(PHONE),
        rawBody,
      );
    }
  });

  test('a signed webhook delivered to an intake is verified and parsed end to end', async () => {
    const received: string[] = [];
    const intake = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request: WebhookRequest = {
          rawBody: Buffer.concat(chunks).toString('utf8'),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
          url: `http://127.0.0.1${req.url}`,
        };
        if (!connector.verifyWebhook(request, Date.now())) {
          res.writeHead(401).end();
          return;
        }
        for (const event of connector.parseEvents(request)) received.push(`${event.dedupeKey} ${event.call?.outcome ?? '-'}`);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => intake.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(intake.address() as AddressInfo).port}/webhooks/vapi`;
      const { id } = await place();
      fake.endCall(id, { endedReason: 'voicemail', structuredData: { message_left: true } });
      assert.equal(await fake.deliverWebhook(url, id, { type: 'end-of-call-report' }), 200);
      assert.equal(await fake.deliverWebhook(url, id, { type: 'end-of-call-report', secret: 'wrong-secret-0123456789' }), 401);
      assert.deepEqual(received, [`${id}:end-of-call-report voicemail`]);
    } finally {
      intake.closeAllConnections();
      await new Promise<void>((resolve) => intake.close(() => resolve()));
    }
  });
});

describe('vapi classifier (crosswalk §1.6 and outcome table §6 item 7)', () => {
  const at = '2026-11-29T17:00:00.000Z';
  const call = (status: string, endedReason?: string, extra: Partial<VapiCall> = {}): VapiCall => ({
    id: 'c0ffee00-0000-4000-8000-000000000001',
    status,
    ...(endedReason ? { endedReason } : {}),
    createdAt: at,
    customer: { number: PHONE, externalId: 'task_1' },
    assistantOverrides: { metadata: { callwise_company_id: 'cmp_1', callwise_task_id: 'task_1' } },
    ...extra,
  });
  const data = (structuredData: Record<string, unknown>): Partial<VapiCall> => ({ analysis: { structuredData } });
  const spoken: Partial<VapiCall> = { artifact: { transcript: 'AI: Hello? User: Hi.' } };

  const rows: Array<[string, VapiCall, ProviderCall['status'], CallOutcome | null, CallFlag[]]> = [
    ['queued', call('queued'), 'pending', null, []],
    ['scheduled', call('scheduled'), 'pending', null, []],
    ['ringing', call('ringing'), 'pending', null, []],
    ['in progress', call('in-progress'), 'pending', null, []],
    ['forwarding', call('forwarding'), 'pending', null, []],
    ['no answer', call('ended', 'customer-did-not-answer'), 'ended', 'no_answer', ['NO_ANSWER']],
    ['busy', call('ended', 'customer-busy'), 'ended', 'no_answer', ['NO_ANSWER']],
    ['SIP 408 ring timeout', call('ended', 'call.in-progress.error-providerfault-outbound-sip-408-request-timeout'), 'ended', 'no_answer', ['NO_ANSWER']],
    ['voicemail', call('ended', 'voicemail'), 'ended', 'voicemail', ['VOICEMAIL']],
    ['voicemail, message left', call('ended', 'voicemail', data({ message_left: true })), 'ended', 'voicemail', ['VOICEMAIL', 'MESSAGE_LEFT']],
    [
      'customer hung up, RPC',
      call('ended', 'customer-ended-call', data({ right_party_contact: true })),
      'ended',
      'conversation',
      ['CONNECT', 'LIVE_CONNECT', 'RPC'],
    ],
    ['assistant ended', call('ended', 'assistant-ended-call'), 'ended', 'conversation', ['CONNECT', 'LIVE_CONNECT']],
    ['assistant ended after message', call('ended', 'assistant-ended-call-after-message-spoken'), 'ended', 'conversation', ['CONNECT', 'LIVE_CONNECT']],
    ['end-call phrase', call('ended', 'assistant-said-end-call-phrase'), 'ended', 'conversation', ['CONNECT', 'LIVE_CONNECT']],
    ['silence timeout', call('ended', 'silence-timed-out'), 'ended', 'conversation', ['CONNECT', 'LIVE_CONNECT']],
    ['wrong number', call('ended', 'customer-ended-call', data({ wrong_number: true })), 'ended', 'wrong_party', ['CONNECT', 'LIVE_CONNECT', 'WRONG_NUMBER']],
    [
      'third party',
      call('ended', 'customer-ended-call', data({ third_party_contact: 'true' })),
      'ended',
      'wrong_party',
      ['CONNECT', 'LIVE_CONNECT', 'THIRD_PARTY_CONTACT'],
    ],
    [
      'DNC ask',
      call('ended', 'customer-ended-call', data({ right_party_contact: true, do_not_call_requested: true })),
      'ended',
      'conversation',
      ['CONNECT', 'LIVE_CONNECT', 'RPC', 'DNC'],
    ],
    ['callback without a time', call('ended', 'customer-ended-call', data({ callback_requested: true })), 'ended', 'conversation', ['CONNECT', 'LIVE_CONNECT']],
    ['agent talked to a machine', call('ended', 'assistant-ended-call', data({ message_left: true })), 'ended', 'voicemail', ['VOICEMAIL', 'MESSAGE_LEFT']],
    ['transfer failed', call('ended', 'call.in-progress.error-transfer-failed'), 'ended', 'conversation', ['CONNECT', 'LIVE_CONNECT', 'TRANSFER_FAILED']],
    ['invalid number', call('ended', 'twilio-reported-customer-misdialed'), 'ended', 'not_connected', []],
    ['carrier block SIP 403', call('ended', 'call.in-progress.error-providerfault-outbound-sip-403-forbidden'), 'ended', 'not_connected', []],
    ['carrier block SIP 480', call('ended', 'call.in-progress.error-providerfault-outbound-sip-480-temporarily-unavailable'), 'ended', 'not_connected', []],
    ['failed to connect', call('ended', 'twilio-failed-to-connect-call'), 'ended', 'not_connected', []],
    ['never dialled: concurrency', call('ended', 'call.start.error-subscription-concurrency-limit-reached'), 'not_dialled', null, []],
    ['never dialled: daily limit', call('ended', 'call.start.error-vapi-number-outbound-daily-limit'), 'not_dialled', null, []],
    ['never dialled: no credits', call('ended', 'call.start.error-subscription-insufficient-credits'), 'not_dialled', null, []],
    ['never dialled: transport', call('ended', 'call.in-progress.error-vapifault-transport-never-connected'), 'not_dialled', null, []],
    ['never dialled: assistant missing', call('ended', 'assistant-not-found'), 'not_dialled', null, []],
    ['pipeline error after talking', call('ended', 'call.in-progress.error-vapifault-openai-llm-failed', spoken), 'ended', 'conversation', ['CONNECT']],
    ['pipeline error, silence', call('ended', 'call.in-progress.error-vapifault-openai-llm-failed'), 'ended', 'not_connected', []],
    ['worker shutdown, silence', call('ended', 'worker-shutdown'), 'ended', 'not_connected', []],
    ['ended without a reason', call('ended'), 'ended', 'not_connected', []],
  ];

  for (const [name, native, status, outcome, flags] of rows) {
    test(name, () => {
      const classified = classifyVapiCall(native);
      assert.equal(classified.status, status);
      assert.equal(classified.outcome, outcome);
      assert.deepEqual([...classified.flags].sort(), [...flags].sort());
      assert.equal(classified.providerCallId, native.id);
      assert.equal(classified.companyId, 'cmp_1');
      assert.equal(classified.taskId, 'task_1');
      assert.equal(classified.nativeReason, native.endedReason ?? null);
    });
  }

  test('ids fall back to the external id; hashed external ids are not task ids', () => {
    assert.equal(classifyVapiCall({ id: 'c', status: 'queued', customer: { externalId: 'task_9' } }).taskId, 'task_9');
    assert.equal(classifyVapiCall({ id: 'c', status: 'queued', customer: { externalId: vapiExternalId('t'.repeat(50)) } }).taskId, null);
    assert.equal(classifyVapiCall({ id: 'c', status: 'queued' }).companyId, null);
  });

  test('times and artifacts: start, duration, recording from the recording object', () => {
    const classified = classifyVapiCall({
      id: 'c',
      status: 'ended',
      endedReason: 'customer-ended-call',
      createdAt: '2026-11-29T16:59:50.000Z',
      startedAt: '2026-11-29T17:00:00.000Z',
      endedAt: '2026-11-29T17:02:30.400Z',
      artifact: { transcript: '  ', recording: { mono: { combinedUrl: 'https://storage.vapi.ai/mono.wav' } } },
      analysis: { summary: '' },
    });
    assert.equal(classified.startedAt?.toISOString(), '2026-11-29T17:00:00.000Z');
    assert.equal(classified.durationSeconds, 150);
    assert.equal(classified.recordingUrl, 'https://storage.vapi.ai/mono.wav');
    assert.equal(classified.transcript, null);
    assert.equal(classified.summary, null);
  });
});

describe('vapi fetchCall and findCallForTask', () => {
  let fake: VapiFake;
  let connector: VapiConnector;
  before(async () => {
    fake = await startVapiFake();
    connector = new VapiConnector(configFor(fake));
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('fetchCall follows a call from queued to ended', async () => {
    const request = dial();
    const placed = await connector.placeCall(request, never());
    assert.ok(placed.kind === 'placed');
    const queued = await connector.fetchCall(placed.providerCallId, never());
    assert.equal(queued?.status, 'pending');
    assert.equal(queued?.taskId, request.taskId);
    assert.equal(fake.requests.at(-1)?.path, `/call/${placed.providerCallId}`);
    assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${fake.apiKey}`);
    fake.endCall(placed.providerCallId, { endedReason: 'customer-did-not-answer' });
    const ended = await connector.fetchCall(placed.providerCallId, never());
    assert.equal(ended?.status, 'ended');
    assert.equal(ended?.outcome, 'no_answer');
    assert.deepEqual(ended?.flags, ['NO_ANSWER']);
  });

  test('fetchCall: unknown call is null; 5xx, reset and timeouts are unavailable; 401 is auth_failed', async () => {
    assert.equal(await connector.fetchCall('00000000-0000-4000-8000-000000000000', never()), null);
    const id = '00000000-0000-4000-8000-000000000001';
    const expectKind = async (kind: string, c = connector) =>
      assert.rejects(c.fetchCall(id, never()), (err: unknown) => err instanceof ProviderError && err.kind === kind && !err.message.includes(fake.apiKey));
    fake.inject({ match: '/call/', times: 1, fault: { type: 'status', status: 502 } });
    await expectKind('unavailable');
    fake.inject({ match: '/call/', times: 1, fault: { type: 'reset' } });
    await expectKind('unavailable');
    fake.inject({ match: '/call/', times: 1, fault: { type: 'malformed' } });
    await expectKind('unavailable');
    fake.inject({ match: '/call/', times: 1, fault: { type: 'delay', ms: 1500 } });
    await expectKind('unavailable', new VapiConnector(configFor(fake), { requestTimeoutMs: 150 }));
    fake.inject({ match: '/call/', times: 1, fault: { type: 'auth' } });
    await expectKind('auth_failed');
  });

  test('findCallForTask lists by number, assistant and time, and picks our task', async () => {
    const ours = dial();
    const other = dial();
    const since = new Date();
    const placedOther = await connector.placeCall(other, never());
    const placedOurs = await connector.placeCall(ours, never());
    assert.ok(placedOurs.kind === 'placed' && placedOther.kind === 'placed');
    fake.reset();

    const found = await connector.findCallForTask({ taskId: ours.taskId, toPhoneNumber: PHONE, since }, never());
    assert.equal(found?.providerCallId, placedOurs.providerCallId);
    assert.equal(found?.taskId, ours.taskId);
    const listed = fake.requests[0];
    assert.equal(listed?.path, '/call');
    assert.equal(listed?.method, 'GET');
    assert.equal(listed?.query.get('phoneNumberId'), fake.phoneNumberId);
    assert.equal(listed?.query.get('assistantId'), fake.assistantId);
    assert.equal(listed?.query.get('limit'), '1000');
    const from = Date.parse(listed?.query.get('createdAtGe') ?? '');
    assert.ok(from <= since.getTime() && from >= since.getTime() - 10 * 60_000);

    assert.equal(await connector.findCallForTask({ taskId: 'task_nobody', toPhoneNumber: PHONE, since }, never()), null);
    // Calls created before the window are not ours to find.
    assert.equal(await connector.findCallForTask({ taskId: ours.taskId, toPhoneNumber: PHONE, since: new Date(Date.now() + 3_600_000) }, never()), null);
  });

  test('a full page without our call is not taken as "no call"', async () => {
    const crowded = await startVapiFake();
    try {
      const createdAt = new Date().toISOString();
      for (let i = 0; i < 1000; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        crowded.calls.set(id, {
          id,
          createdAt,
          status: 'ended',
          assistantId: crowded.assistantId,
          phoneNumberId: crowded.phoneNumberId,
          customer: { externalId: `task_${i}` },
        });
      }
      const c = new VapiConnector(configFor(crowded));
      await assert.rejects(
        c.findCallForTask({ taskId: 'task_elsewhere', toPhoneNumber: PHONE, since: new Date(Date.now() - 60_000) }, never()),
        (err: unknown) => err instanceof ProviderError && err.kind === 'unavailable',
      );
      const found = await c.findCallForTask({ taskId: 'task_7', toPhoneNumber: PHONE, since: new Date(Date.now() - 60_000) }, never());
      assert.equal(found?.taskId, 'task_7');
    } finally {
      await crowded.close();
    }
  });

  test('findCallForTask fails as unavailable rather than answering "no call" on 5xx or a reset', async () => {
    const since = new Date();
    for (const fault of [{ type: 'status', status: 503 }, { type: 'reset' }, { type: 'malformed' }] as const) {
      fake.inject({ match: '/call', times: 1, fault });
      await assert.rejects(
        connector.findCallForTask({ taskId: 'task_x', toPhoneNumber: PHONE, since }, never()),
        (err: unknown) => err instanceof ProviderError && err.kind === 'unavailable' && !err.message.includes(PHONE),
      );
    }
  });
});
