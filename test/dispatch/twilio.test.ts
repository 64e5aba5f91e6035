import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { CallFlag, CallOutcome } from '../../src/domain/call-fields.ts';
import type { FieldError } from '../../src/domain/errors.ts';
import type { AgentContext } from '../../src/dispatch/agent-context.ts';
import { ProviderError, type DialRequest, type WebhookRequest } from '../../src/dispatch/providers/provider.ts';
import {
  classifyTwilioCall,
  describeTwilioConfig,
  parseTwilioConfig,
  TwilioConnector,
  type TwilioCallFacts,
  type TwilioConfig,
} from '../../src/dispatch/providers/twilio.ts';
import { refusedOrigin, startFakeServer, type FakeServer } from '../fakes/http-fake.ts';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';

installNetworkGuard();

const NOW = Date.parse('2026-03-02T03:30:00Z');
const TO = '+13035550123';
const FROM = '+17205550100';
const signal = new AbortController().signal;

const context: AgentContext = {
  customer: {
    id: 'cust-7',
    firstName: 'Ada',
    lastName: 'Lovelace',
    phoneNumber: TO,
    timezone: 'America/Denver',
    state: 'CO',
    externalMetadata: null,
  },
  loans: [{ loanId: 'L1', displayId: null, status: 'active', balance: '1200.00', amountDue: '150.00', currency: 'USD', daysPastDue: 12, nextDueDate: null }],
  disclosures: ['This is an attempt to collect a debt.'],
  // 30 minutes after NOW.
  callMustEndBy: { at: '2026-03-02T04:00:00Z', local: '2026-03-01T21:00:00-07:00', zone: 'America/Denver' },
  callMaxSeconds: 900,
  callbackRules: { offer: true, localHours: '08:00–21:00', note: '' },
  task: { id: 'task-42', kind: 'collection', scheduledFor: '2026-03-02T03:29:00Z' },
};

/** The signing as the documentation states it, written apart from the connector and the fake. */
function documentedSignature(authToken: string, url: string, rawBody: string): string {
  const pairs = [...new URLSearchParams(rawBody)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let data = url;
  for (const [name, value] of pairs) data += name + value;
  return createHmac('sha1', authToken).update(data).digest('base64');
}

describe('twilio config', () => {
  const valid = {
    kind: 'twilio',
    accountSid: `AC${'0f'.repeat(16)}`,
    authToken: 'secret-token-0123456789abcdef',
    fromNumber: FROM,
    twimlUrl: 'https://agent.example.com/twiml?key=lender-secret',
  };

  test('fills the documented defaults', () => {
    const parsed = parseTwilioConfig(valid);
    assert.ok('config' in parsed);
    assert.equal(parsed.config.baseUrl, 'https://api.twilio.com');
    assert.equal(parsed.config.concurrency, 10);
    assert.equal(parsed.config.machineDetection, true);
  });

  test('accepts http to loopback only, and strips a trailing slash from the base', () => {
    const parsed = parseTwilioConfig({
      ...valid,
      baseUrl: 'http://127.0.0.1:9999/',
      twimlUrl: 'http://localhost:8080/twiml',
      concurrency: 3,
      machineDetection: false,
    });
    assert.ok('config' in parsed);
    assert.equal(parsed.config.baseUrl, 'http://127.0.0.1:9999');
    assert.equal(parsed.config.concurrency, 3);
    assert.equal(parsed.config.machineDetection, false);
  });

  test('reports every failing field at once without echoing a value', () => {
    const bad = {
      kind: 'retell',
      accountSid: 'ACnot-a-sid',
      authToken: 'short secret',
      fromNumber: '303-555-0199',
      twimlUrl: 'http://agent.example.com/twiml',
      machineDetection: 'yes',
      baseUrl: 'https://user:pw@api.twilio.com',
      concurrency: 0,
      apiKey: 'sk-should-not-be-here',
    };
    const parsed = parseTwilioConfig(bad);
    assert.ok('errors' in parsed);
    assert.deepEqual(parsed.errors.map((e: FieldError) => e.pointer).sort(), [
      '/accountSid',
      '/apiKey',
      '/authToken',
      '/baseUrl',
      '/concurrency',
      '/fromNumber',
      '/kind',
      '/machineDetection',
      '/twimlUrl',
    ]);
    const text = JSON.stringify(parsed.errors);
    for (const value of ['ACnot-a-sid', 'short secret', '303-555-0199', 'agent.example.com', 'user:pw', 'sk-should-not-be-here', 'retell']) {
      assert.ok(!text.includes(value), `an error repeats ${value}`);
    }
  });

  test('rejects a missing body and missing required fields', () => {
    assert.deepEqual(parseTwilioConfig(null), { errors: [{ pointer: '', detail: 'must be an object' }] });
    const parsed = parseTwilioConfig({ kind: 'twilio' });
    assert.ok('errors' in parsed);
    assert.deepEqual(parsed.errors.map((e) => e.pointer).sort(), ['/accountSid', '/authToken', '/fromNumber', '/twimlUrl']);
  });

  test('describes the config without the token or the TwiML query', () => {
    const parsed = parseTwilioConfig(valid);
    assert.ok('config' in parsed);
    const shown = describeTwilioConfig(parsed.config);
    assert.deepEqual(shown.authToken, { configured: true });
    assert.equal(shown.twimlUrl, 'https://agent.example.com/twiml');
    const text = JSON.stringify(shown);
    assert.ok(!text.includes(valid.authToken));
    assert.ok(!text.includes('lender-secret'));
    assert.equal(shown.accountSid, valid.accountSid);
  });
});

describe('twilio connector against the fake', () => {
  let fake: TwilioFake;
  let receiver: FakeServer;
  let webhookUrl: string;

  const connector = (overrides: Partial<TwilioConfig> = {}, deps: { timeoutMs?: number } = {}) => {
    const parsed = parseTwilioConfig({
      kind: 'twilio',
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      fromNumber: FROM,
      twimlUrl: 'https://agent.example.com/twiml?agent=collections',
      baseUrl: fake.baseUrl,
    });
    assert.ok('config' in parsed);
    // Overrides skip validation on purpose: Twilio's published example uses a 5-character token.
    return new TwilioConnector({ ...parsed.config, ...overrides }, { now: () => NOW, ...deps });
  };
  const dial = (overrides: Partial<DialRequest> = {}): DialRequest => ({
    companyId: 'co-1',
    taskId: 'task-42',
    customerId: 'cust-7',
    toPhoneNumber: TO,
    context,
    webhookUrl,
    ...overrides,
  });
  /** The receiver's last request as the webhook intake would hand it over. */
  const received = (index = -1): WebhookRequest => {
    const req = receiver.requests.at(index);
    assert.ok(req, 'no webhook received');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
    return { rawBody: req.body, headers, url: receiver.origin + req.target };
  };
  const placed = async (overrides: Partial<DialRequest> = {}) => {
    const result = await connector().placeCall(dial(overrides), signal);
    assert.equal(result.kind, 'placed');
    return result.providerCallId;
  };
  const assertNoPersonalData = (text: string) => {
    for (const secret of [TO, TO.slice(2), fake.authToken, 'Ada', 'Lovelace']) assert.ok(!text.includes(secret), `leaks ${secret}`);
  };

  before(async () => {
    fake = await startTwilioFake();
    receiver = await startFakeServer(() => ({ status: 204 }), { unauthorized: () => ({ status: 401 }) });
    webhookUrl = `${receiver.origin}/webhooks/twilio`;
  });
  after(async () => {
    await fake.close();
    await receiver.close();
  });
  beforeEach(() => {
    fake.reset();
    receiver.reset();
  });

  describe('placeCall', () => {
    test('posts the documented form with Basic auth, our ids on both URLs and a time limit from the context', async () => {
      const sid = await placed();
      assert.match(sid, /^CA[0-9a-f]{32}$/);
      const req = fake.requests[0];
      assert.ok(req);
      assert.equal(req.method, 'POST');
      assert.equal(req.path, `/2010-04-01/Accounts/${fake.accountSid}/Calls.json`);
      assert.equal(req.headers.authorization, `Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`);
      assert.match(String(req.headers['content-type']), /^application\/x-www-form-urlencoded/);
      const form = new URLSearchParams(req.body);
      assert.equal(form.get('To'), TO);
      assert.equal(form.get('From'), FROM);
      const twiml = new URL(form.get('Url') ?? '');
      assert.equal(twiml.origin + twiml.pathname, 'https://agent.example.com/twiml');
      assert.deepEqual(Object.fromEntries(twiml.searchParams), {
        agent: 'collections',
        callwise_company_id: 'co-1',
        callwise_task_id: 'task-42',
        callwise_customer_id: 'cust-7',
      });
      const callback = new URL(form.get('StatusCallback') ?? '');
      assert.equal(callback.origin + callback.pathname, webhookUrl);
      assert.deepEqual(Object.fromEntries(callback.searchParams), { callwise_company_id: 'co-1', callwise_task_id: 'task-42' });
      assert.equal(form.get('StatusCallbackMethod'), 'POST');
      assert.deepEqual(form.getAll('StatusCallbackEvent'), ['initiated', 'ringing', 'answered', 'completed']);
      assert.equal(form.get('MachineDetection'), 'Enable');
      // 30 minutes of lawful time left, but the company's longest call is 15 minutes.
      assert.equal(form.get('TimeLimit'), '900');
      // No personal data beyond the number being dialled: the agent fetches the context by id.
      assert.ok(!req.body.includes('Lovelace'));
      assert.equal(fake.call(sid).resource.status, 'queued');
    });

    test('leaves out the status callback without a webhook URL and detection when switched off', async () => {
      const result = await connector({ machineDetection: false }).placeCall(dial({ webhookUrl: null, context: { ...context, callMustEndBy: null } }), signal);
      assert.equal(result.kind, 'placed');
      const form = new URLSearchParams(fake.requests[0]?.body);
      for (const name of ['StatusCallback', 'StatusCallbackEvent', 'StatusCallbackMethod', 'MachineDetection']) assert.equal(form.has(name), false, name);
      assert.equal(form.get('TimeLimit'), '900', "with no end of lawful time in sight, the company's longest call");
    });

    test('does not send a call whose window has closed', async () => {
      const result = await connector().placeCall(
        dial({ context: { ...context, callMustEndBy: { ...context.callMustEndBy!, at: '2026-03-02T03:29:00Z' } } }),
        signal,
      );
      assert.equal(result.kind, 'refused');
      assert.equal(fake.requests.length, 0);
    });

    test('a 429 is refused with Retry-After', async () => {
      fake.refuseCreates({ times: 1, retryAfter: '7' });
      const result = await connector().placeCall(dial(), signal);
      assert.deepEqual(result, { kind: 'refused', reason: 'twilio refused the call: HTTP 429, error 20429 (too many requests)', retryAfterMs: 7000 });
    });

    test('a 429 without Retry-After has no retry time', async () => {
      fake.inject({ fault: { type: 'rateLimit' }, times: 1 });
      const result = await connector().placeCall(dial(), signal);
      assert.equal(result.kind, 'refused');
      assert.equal('retryAfterMs' in result, false);
    });

    test('an invalid number is refused naming the code, never the number', async () => {
      const result = await connector().placeCall(dial({ toPhoneNumber: '+130355' }), signal);
      assert.equal(result.kind, 'refused');
      assert.match(result.reason, /HTTP 400, error 21211 \(invalid To number\)/);
      assert.ok(!result.reason.includes('30355'));
    });

    test('a wrong token is refused (Twilio created nothing)', async () => {
      const result = await connector({ authToken: 'wrong-token-0123456789' }).placeCall(dial(), signal);
      assert.equal(result.kind, 'refused');
      assert.match(result.reason, /HTTP 401, error 20003/);
      assertNoPersonalData(result.reason);
      assert.ok(!result.reason.includes('wrong-token'));
    });

    for (const [name, fault] of [
      ['a 500', { type: 'status', status: 500 }],
      ['a 503', { type: 'status', status: 503, raw: '{"code":20500,"message":"Internal Server Error","status":503}' }],
      ['a connection reset', { type: 'reset' }],
      ['a 2xx without a call', { type: 'malformed' }],
    ] as const) {
      test(`${name} is unknown: the call may exist`, async () => {
        fake.inject({ fault, times: 1 });
        const result = await connector().placeCall(dial(), signal);
        assert.equal(result.kind, 'unknown');
        assertNoPersonalData(result.reason);
      });
    }

    test('a timeout is unknown', async () => {
      fake.inject({ fault: { type: 'delay', ms: 1000 }, times: 1 });
      const started = Date.now();
      const result = await connector({}, { timeoutMs: 150 }).placeCall(dial(), signal);
      assert.deepEqual(result, { kind: 'unknown', reason: 'twilio create call: no answer within 150 ms' });
      assert.ok(Date.now() - started < 900);
    });

    test('a refused connection is unknown, and the caller can abort', async () => {
      const result = await connector({ baseUrl: await refusedOrigin() }).placeCall(dial(), signal);
      assert.equal(result.kind, 'unknown');
      assert.match(result.reason, /network error/);
      const aborted = await connector().placeCall(dial(), AbortSignal.abort());
      assert.deepEqual(aborted, { kind: 'unknown', reason: 'twilio create call: aborted' });
    });
  });

  describe('verifyWebhook', () => {
    test("matches Twilio's published example", () => {
      const c = connector({ authToken: '12345' });
      const rawBody = 'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212';
      const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
      assert.equal(c.verifyWebhook({ rawBody, url, headers: { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' } }, NOW), true);
      assert.equal(
        c.verifyWebhook({ rawBody: rawBody.replace('1234', '1235'), url, headers: { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' } }, NOW),
        false,
      );
    });

    test('a delivered status callback verifies, and its signature is the documented one', async () => {
      const sid = await placed();
      fake.end(sid, { status: 'completed', answeredBy: 'human' });
      assert.equal(await fake.deliver(sid), 204);
      const request = received();
      assert.equal(request.headers['x-twilio-signature'], documentedSignature(fake.authToken, request.url, request.rawBody));
      assert.equal(connector().verifyWebhook(request, NOW), true);
    });

    test('tampering, another token, another URL or a bad header fail', async () => {
      const sid = await placed();
      fake.end(sid, { status: 'no-answer' });
      await fake.deliver(sid);
      const good = received();
      const c = connector();
      const failing: Array<[string, WebhookRequest]> = [
        ['tampered body', { ...good, rawBody: good.rawBody.replace('CallStatus=no-answer', 'CallStatus=completed') }],
        ['added parameter', { ...good, rawBody: `${good.rawBody}&AnsweredBy=human` }],
        ['other task in the URL', { ...good, url: good.url.replace('task-42', 'task-43') }],
        ['missing header', { ...good, headers: { ...good.headers, 'x-twilio-signature': undefined } }],
        ['empty header', { ...good, headers: { ...good.headers, 'x-twilio-signature': '' } }],
        ['malformed header', { ...good, headers: { ...good.headers, 'x-twilio-signature': 'not base64!' } }],
        ['truncated header', { ...good, headers: { ...good.headers, 'x-twilio-signature': good.headers['x-twilio-signature']!.slice(4) } }],
        ['unparseable URL', { ...good, url: 'not a url' }],
        ['JSON variant', { ...good, url: `${good.url}&bodySHA256=abc` }],
      ];
      for (const [name, request] of failing) assert.equal(c.verifyWebhook(request, NOW), false, name);

      fake.end(await placed(), { status: 'busy' });
      await fake.deliver(fake.calls.at(-1)!.sid, { authToken: 'another-accounts-token' });
      assert.equal(c.verifyWebhook(received(), NOW), false, 'wrong secret');
    });

    test('Twilio signs no timestamp: an old callback still verifies (duplicates are caught by the dedupe key)', async () => {
      const sid = await placed();
      fake.end(sid, { status: 'busy' });
      await fake.deliver(sid);
      assert.equal(connector().verifyWebhook(received(), NOW + 30 * 24 * 3600_000), true);
    });

    test('the URL is checked with and without its default port', () => {
      const c = connector();
      const rawBody = `CallSid=CA${'1'.repeat(32)}&CallStatus=ringing&SequenceNumber=1`;
      const signedWithPort = 'https://hooks.example.com:443/webhooks/twilio?callwise_task_id=t';
      const header = documentedSignature(fake.authToken, signedWithPort, rawBody);
      assert.equal(
        c.verifyWebhook({ rawBody, url: 'https://hooks.example.com/webhooks/twilio?callwise_task_id=t', headers: { 'x-twilio-signature': header } }, NOW),
        true,
      );
      const signedWithout = documentedSignature(fake.authToken, 'https://hooks.example.com/webhooks/twilio', rawBody);
      assert.equal(
        c.verifyWebhook({ rawBody, url: 'https://hooks.example.com:443/webhooks/twilio', headers: { 'x-twilio-signature': signedWithout } }, NOW),
        true,
      );
    });

    test('repeated parameters are signed once per distinct value, sorted', () => {
      const c = connector();
      const url = 'https://hooks.example.com/t';
      const rawBody = 'B=2&A=z&A=y&A=z';
      const data = `${url}AyAzB2`;
      const header = createHmac('sha1', fake.authToken).update(data).digest('base64');
      assert.equal(c.verifyWebhook({ rawBody, url, headers: { 'x-twilio-signature': header } }, NOW), true);
    });
  });

  describe('parseEvents', () => {
    test('every progress event of a human-answered call, with our ids and a dedupe key per SequenceNumber', async () => {
      const sid = await placed();
      fake.end(sid, { status: 'completed', answeredBy: 'human', durationSeconds: 95 });
      const c = connector();
      const events = [];
      for (let i = 0; i < fake.call(sid).callbacks.length; i++) {
        await fake.deliver(sid, { index: i });
        events.push(...c.parseEvents(received()));
      }
      assert.deepEqual(
        events.map((e) => [e.type, e.dedupeKey, e.call?.status, e.companyId, e.taskId, e.providerCallId]),
        [
          ['initiated', `${sid}:0`, 'pending', 'co-1', 'task-42', sid],
          ['ringing', `${sid}:1`, 'pending', 'co-1', 'task-42', sid],
          ['in-progress', `${sid}:2`, 'pending', 'co-1', 'task-42', sid],
          ['completed', `${sid}:3`, 'ended', 'co-1', 'task-42', sid],
        ],
      );
      const last = events.at(-1)?.call;
      assert.equal(last?.outcome, 'conversation');
      assert.deepEqual(last?.flags, ['CONNECT', 'LIVE_CONNECT']);
      assert.equal(last?.durationSeconds, 95);
      assert.equal(last?.nativeReason, 'completed answered_by=human sip=200');
    });

    for (const [status, outcome, flags] of [
      ['busy', 'no_answer', ['NO_ANSWER']],
      ['no-answer', 'no_answer', ['NO_ANSWER']],
      ['failed', 'not_connected', []],
      ['canceled', 'no_answer', ['NO_ANSWER']],
    ] as const) {
      test(`a ${status} callback ends the call`, async () => {
        const sid = await placed();
        fake.end(sid, { status });
        await fake.deliver(sid);
        const [event] = connector().parseEvents(received());
        assert.equal(event?.type, status);
        assert.equal(event?.call?.status, 'ended');
        assert.equal(event?.call?.outcome, outcome);
        assert.deepEqual(event?.call?.flags, flags);
      });
    }

    test('a call canceled in the queue was never dialled', async () => {
      const sid = await placed();
      fake.end(sid, { status: 'canceled', dialled: false });
      await fake.deliver(sid);
      const [event] = connector().parseEvents(received());
      assert.equal(event?.dedupeKey, `${sid}:0`);
      assert.equal(event?.call?.status, 'not_dialled');
      assert.equal(event?.call?.outcome, null);
    });

    test('a redelivered callback has the same dedupe key', async () => {
      const sid = await placed();
      fake.end(sid, { status: 'completed', answeredBy: 'machine_end_beep' });
      await fake.deliver(sid);
      await fake.deliver(sid);
      const c = connector();
      const [first] = c.parseEvents(received(0));
      const [second] = c.parseEvents(received(1));
      assert.equal(first?.dedupeKey, second?.dedupeKey);
      assert.equal(first?.call?.outcome, 'voicemail');
    });

    test('without SequenceNumber the status stands in for it; without our query the ids are null', () => {
      const rawBody = `CallSid=CA${'a'.repeat(32)}&CallStatus=completed&CallDuration=12&AnsweredBy=fax`;
      const [event] = connector().parseEvents({ rawBody, headers: {}, url: 'https://hooks.example.com/twilio' });
      assert.equal(event?.dedupeKey, `CA${'a'.repeat(32)}:completed`);
      assert.equal(event?.companyId, null);
      assert.equal(event?.taskId, null);
      assert.deepEqual(event?.call?.flags, ['AUTO_SYSTEM_CONNECT']);
    });

    test('bodies that are not a status callback are bad requests', () => {
      const c = connector();
      for (const rawBody of ['', '{"CallSid":"CA1"}', 'CallStatus=completed', `CallSid=CA${'1'.repeat(32)}`, 'CallSid=XX1&CallStatus=completed']) {
        assert.throws(
          () => c.parseEvents({ rawBody, headers: {}, url: webhookUrl }),
          (err: unknown) => err instanceof ProviderError && err.kind === 'bad_request' && err.provider === 'twilio',
          rawBody,
        );
      }
    });
  });

  describe('fetchCall', () => {
    test('follows the call from queued to its outcome', async () => {
      const sid = await placed();
      const c = connector();
      const queued = await c.fetchCall(sid, signal);
      assert.equal(queued?.status, 'pending');
      assert.equal(queued?.startedAt, null);
      fake.end(sid, { status: 'completed', answeredBy: 'machine_start', durationSeconds: 31 });
      const ended = await c.fetchCall(sid, signal);
      assert.equal(ended?.status, 'ended');
      assert.equal(ended?.outcome, 'voicemail');
      assert.deepEqual(ended?.flags, ['VOICEMAIL']);
      assert.equal(ended?.durationSeconds, 31);
      assert.ok(ended?.startedAt instanceof Date);
      assert.equal(fake.requests.at(-1)?.path, `/2010-04-01/Accounts/${fake.accountSid}/Calls/${sid}.json`);
    });

    test('without machine detection a completed call is a connect, not a live one', async () => {
      const c = connector({ machineDetection: false });
      const result = await c.placeCall(dial(), signal);
      assert.equal(result.kind, 'placed');
      fake.end(result.providerCallId, { status: 'completed', answeredBy: 'human' });
      const call = await c.fetchCall(result.providerCallId, signal);
      assert.equal(call?.outcome, 'conversation');
      assert.deepEqual(call?.flags, ['CONNECT']);
    });

    test('an unknown call is null; a non-Twilio id is null without a request', async () => {
      assert.equal(await connector().fetchCall(`CA${'0'.repeat(32)}`, signal), null);
      assert.equal(fake.requests.length, 1);
      assert.equal(await connector().fetchCall('../../Accounts', signal), null);
      assert.equal(fake.requests.length, 1);
    });

    for (const [name, fault, kind] of [
      ['a 500', { type: 'status', status: 500 }, 'unavailable'],
      ['a reset', { type: 'reset' }, 'unavailable'],
      ['a cut-off body', { type: 'malformed' }, 'unavailable'],
      ['a 429', { type: 'rateLimit' }, 'unavailable'],
      ['a 401', { type: 'auth' }, 'auth_failed'],
    ] as const) {
      test(`${name} throws ${kind}`, async () => {
        const sid = await placed();
        fake.inject({ fault, times: 1 });
        await assert.rejects(connector().fetchCall(sid, signal), (err: unknown) => {
          assert.ok(err instanceof ProviderError);
          assert.equal(err.kind, kind);
          assertNoPersonalData(err.message);
          return true;
        });
      });
    }
  });

  describe('findCallForTask', () => {
    const since = new Date(NOW - 60_000);
    const number = () => `+1720555${String(1000 + Math.floor(Math.random() * 9000))}`;

    test('finds a call still queued (no start time yet) by number and caller id', async () => {
      const to = number();
      const leased = new Date(Date.now() - 60_000);
      const sid = await placed({ toPhoneNumber: to });
      const call = await connector().findCallForTask({ taskId: 'task-42', toPhoneNumber: to, since: leased }, signal);
      assert.equal(call?.providerCallId, sid);
      assert.equal(call?.status, 'pending');
      const lists = fake.requests.filter((r) => r.method === 'GET');
      assert.deepEqual(
        lists.map((r) => [r.query.get('To'), r.query.get('From'), r.query.get('StartTime>'), r.query.get('Status')]),
        [
          [to, FROM, leased.toISOString().slice(0, 10), null],
          [to, FROM, null, 'queued'],
        ],
      );
    });

    test('finds an ended call, ignoring older calls, other numbers and other caller ids', async () => {
      const to = number();
      const at = (iso: string) => new Date(iso);
      // Same UTC day, so only the lease time (less a minute of clock skew) keeps the older call out.
      fake.addCall({ to, from: FROM, status: 'completed', dateCreated: at('2026-03-02T03:20:00Z'), startTime: at('2026-03-02T03:20:05Z') });
      fake.addCall({ to, from: '+17205550999', status: 'completed', dateCreated: at('2026-03-02T03:29:10Z'), startTime: at('2026-03-02T03:29:11Z') });
      fake.addCall({ to: number(), from: FROM, status: 'completed', dateCreated: at('2026-03-02T03:29:10Z'), startTime: at('2026-03-02T03:29:11Z') });
      const sid = fake.addCall({ to, from: FROM, status: 'no-answer', dateCreated: at('2026-03-02T03:29:20Z'), startTime: at('2026-03-02T03:29:21Z') });
      fake.addCall({ to, from: FROM, status: 'busy', dateCreated: at('2026-03-02T03:40:00Z'), startTime: at('2026-03-02T03:40:01Z') });
      const call = await connector().findCallForTask({ taskId: 'task-42', toPhoneNumber: to, since: at('2026-03-02T03:29:00Z') }, signal);
      assert.equal(call?.providerCallId, sid);
      assert.equal(call?.outcome, 'no_answer');
      assert.equal(call?.startedAt?.toISOString(), '2026-03-02T03:29:21.000Z');
    });

    test('follows next_page_uri', async () => {
      const to = number();
      const realNow = Date.now();
      for (let i = 0; i < 120; i++) {
        fake.addCall({ to, from: FROM, status: 'completed', dateCreated: new Date(realNow - i * 1000), startTime: new Date(realNow - i * 1000 + 500) });
      }
      const call = await connector().findCallForTask({ taskId: 't', toPhoneNumber: to, since: new Date(realNow - 200_000) }, signal);
      const oldest = fake.calls.filter((c) => c.resource.to === to).at(-1)?.sid;
      assert.equal(call?.providerCallId, oldest);
      assert.ok(fake.requests.some((r) => r.query.get('Page') === '1'));
    });

    test('null when Twilio has no call for the task', async () => {
      assert.equal(await connector().findCallForTask({ taskId: 't', toPhoneNumber: number(), since }, signal), null);
    });

    for (const [name, fault, kind] of [
      ['a 503', { type: 'status', status: 503 }, 'unavailable'],
      ['a reset', { type: 'reset' }, 'unavailable'],
      ['a 401', { type: 'auth' }, 'auth_failed'],
    ] as const) {
      test(`${name} throws ${kind}`, async () => {
        fake.inject({ fault, times: 1 });
        await assert.rejects(
          connector().findCallForTask({ taskId: 't', toPhoneNumber: TO, since }, signal),
          (err: unknown) => err instanceof ProviderError && err.kind === kind && !err.message.includes(TO),
        );
      });
    }
  });
});

describe('classifyTwilioCall: the §1.6 crosswalk and §6 item 7 table for Twilio', () => {
  const facts = (over: Partial<TwilioCallFacts>): TwilioCallFacts => ({
    callSid: `CA${'b'.repeat(32)}`,
    status: 'completed',
    answeredBy: null,
    durationSeconds: null,
    startedAt: new Date(NOW),
    sipResponseCode: null,
    dialled: true,
    recordingUrl: null,
    companyId: 'co-1',
    taskId: 'task-42',
    ...over,
  });
  const rows: Array<[string, Partial<TwilioCallFacts>, 'pending' | 'ended' | 'not_dialled', CallOutcome | null, CallFlag[]]> = [
    ['queued', { status: 'queued', startedAt: null, dialled: false }, 'pending', null, []],
    ['initiated', { status: 'initiated' }, 'pending', null, []],
    ['ringing', { status: 'ringing' }, 'pending', null, []],
    ['in-progress', { status: 'in-progress', answeredBy: 'human' }, 'pending', null, []],
    ['human conversation: AnsweredBy human', { answeredBy: 'human' }, 'ended', 'conversation', ['CONNECT', 'LIVE_CONNECT']],
    ['voicemail: machine_start', { answeredBy: 'machine_start' }, 'ended', 'voicemail', ['VOICEMAIL']],
    ['voicemail: machine_end_beep', { answeredBy: 'machine_end_beep' }, 'ended', 'voicemail', ['VOICEMAIL']],
    ['voicemail: machine_end_silence', { answeredBy: 'machine_end_silence' }, 'ended', 'voicemail', ['VOICEMAIL']],
    ['voicemail: machine_end_other', { answeredBy: 'machine_end_other' }, 'ended', 'voicemail', ['VOICEMAIL']],
    ['automated system: fax', { answeredBy: 'fax' }, 'ended', 'not_connected', ['AUTO_SYSTEM_CONNECT']],
    ['answered, detection undecided', { answeredBy: 'unknown' }, 'ended', 'conversation', ['CONNECT']],
    ['answered, no detection', { answeredBy: null }, 'ended', 'conversation', ['CONNECT']],
    ['no answer', { status: 'no-answer' }, 'ended', 'no_answer', ['NO_ANSWER']],
    ['busy', { status: 'busy' }, 'ended', 'no_answer', ['NO_ANSWER']],
    ['invalid number: failed + SIP 404', { status: 'failed', sipResponseCode: 404 }, 'ended', 'not_connected', []],
    ['carrier block: failed + SIP 403', { status: 'failed', sipResponseCode: 403 }, 'ended', 'not_connected', []],
    ['canceled while ringing', { status: 'canceled' }, 'ended', 'no_answer', ['NO_ANSWER']],
    ['never dialled: canceled in the queue', { status: 'canceled', startedAt: null, dialled: false }, 'not_dialled', null, []],
    ['a status Twilio adds later', { status: 'paused' }, 'pending', null, []],
  ];
  for (const [name, over, status, outcome, flags] of rows) {
    test(name, () => {
      const call = classifyTwilioCall(facts(over));
      assert.deepEqual([call.status, call.outcome, call.flags], [status, outcome, flags]);
      assert.equal(call.providerCallId, `CA${'b'.repeat(32)}`);
      assert.equal(call.callbackAt, null);
      assert.equal(call.transcript, null);
    });
  }

  test('the native reason keeps the SIP code for explanations', () => {
    assert.equal(classifyTwilioCall(facts({ status: 'failed', sipResponseCode: 404 })).nativeReason, 'failed sip=404');
  });
});
