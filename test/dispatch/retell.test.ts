import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { CallFlag, CallOutcome } from '../../src/domain/call-fields.ts';
import { agentVariables, type AgentContext } from '../../src/dispatch/agent-context.ts';
import { ProviderError, type DialRequest, type DialResult, type ProviderCall, type WebhookRequest } from '../../src/dispatch/providers/provider.ts';
import {
  RETELL_ANALYSIS_GRACE_MS,
  RetellConnector,
  classifyRetellCall,
  describeRetellConfig,
  parseRetellConfig,
  type RetellConfig,
} from '../../src/dispatch/providers/retell.ts';
import { refusedOrigin } from '../fakes/http-fake.ts';
import { startRetellFake, type RetellFake } from '../fakes/retell-fake.ts';

const FROM = '+13035550100';
const TO = '+17205550142';
const API_KEY = 'key_test_3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c';

const context: AgentContext = {
  customer: {
    id: 'cust-77',
    firstName: 'Dolores',
    lastName: 'Quintero',
    phoneNumber: TO,
    timezone: 'America/Denver',
    state: 'CO',
    externalMetadata: { employer: 'Acme' },
    identity: { birthday: '1980-02-03', ssnLastFour: '6789' },
  },
  loans: [
    {
      loanId: 'L-1',
      displayId: 'LN 1',
      status: 'active',
      balance: '1234.50',
      amountDue: '120.00',
      currency: 'USD',
      daysPastDue: 31,
      nextDueDate: '2026-12-01',
    },
  ],
  disclosures: ['This is an attempt to collect a debt.'],
  callMustEndBy: { at: '2026-11-30T04:00:00Z', local: '2026-11-29 21:00', zone: 'America/Denver' },
  callMaxSeconds: 900,
  callbackRules: { offer: true, localHours: '08:00–21:00', note: 'federal hours' },
  task: { id: 'task-1', kind: 'collection', scheduledFor: '2026-11-29T17:00:00Z' },
};

const dial = (overrides: Partial<DialRequest> = {}): DialRequest => ({
  companyId: 'co-1',
  taskId: 'task-1',
  customerId: 'cust-77',
  toPhoneNumber: TO,
  context,
  webhookUrl: null,
  ...overrides,
});

const never = () => new AbortController().signal;

/** Nothing a connector returns as a reason may carry the key, the numbers or the borrower's name. */
function assertClean(result: DialResult | Error, key = API_KEY): void {
  const rendered = result instanceof Error ? result.message : JSON.stringify(result);
  for (const secret of [key, TO, TO.slice(2), FROM, 'Dolores', 'Quintero', '6789'])
    assert.ok(!rendered.includes(secret), `a reason leaked a secret or personal value: ${rendered}`);
}

// ---------------------------------------------------------------------------------------------
// Signing, written here from the documented algorithm independently of the connector and the
// fake: WebCrypto instead of node:crypto's createHmac.

async function independentSignature(rawBody: string, key: string, timestampMs: number): Promise<string> {
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await subtle.sign('HMAC', k, new TextEncoder().encode(`${rawBody}${timestampMs}`)));
  return `v=${timestampMs},d=${Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const webhook = (rawBody: string, signature?: string): WebhookRequest => ({
  rawBody,
  headers: signature === undefined ? { 'content-type': 'application/json' } : { 'content-type': 'application/json', 'x-retell-signature': signature },
  url: 'https://callwise.example/webhooks/retell',
});

// ---------------------------------------------------------------------------------------------

describe('Retell config', () => {
  test('a minimal config gets the documented defaults', () => {
    const parsed = parseRetellConfig({ kind: 'retell', apiKey: API_KEY, fromNumber: FROM });
    assert.ok('config' in parsed);
    assert.deepEqual(parsed.config, { kind: 'retell', apiKey: API_KEY, fromNumber: FROM, agentId: null, baseUrl: 'https://api.retellai.com', concurrency: 20 });
  });

  test('optional fields are kept; loopback http is allowed for tests; a trailing slash is dropped', () => {
    for (const baseUrl of ['http://127.0.0.1:4010/', 'http://localhost:4010', 'https://retell.proxy.example/']) {
      const parsed = parseRetellConfig({ kind: 'retell', apiKey: API_KEY, fromNumber: FROM, agentId: 'agent_abc', baseUrl, concurrency: 5 });
      assert.ok('config' in parsed, baseUrl);
      assert.equal(parsed.config.baseUrl, baseUrl.replace(/\/$/, ''));
      assert.equal(parsed.config.agentId, 'agent_abc');
      assert.equal(parsed.config.concurrency, 5);
    }
  });

  test('every failing field is reported at once, and no rejected value is echoed', () => {
    const badKey = 'sk live SECRETVALUE';
    const parsed = parseRetellConfig({
      kind: 'vapi',
      apiKey: badKey,
      fromNumber: '7205550199',
      agentId: 'has space',
      baseUrl: 'http://api.retellai.example',
      concurrency: 0,
      webhookSecret: 'whsec_SHOULDNOTAPPEAR',
    });
    assert.ok('errors' in parsed);
    assert.deepEqual(parsed.errors.map((e) => e.pointer).sort(), ['/agentId', '/apiKey', '/baseUrl', '/concurrency', '/fromNumber', '/kind', '/webhookSecret']);
    const rendered = JSON.stringify(parsed.errors);
    for (const value of ['SECRETVALUE', '7205550199', 'has space', 'api.retellai.example', 'SHOULDNOTAPPEAR']) assert.ok(!rendered.includes(value), value);
  });

  test('missing required fields, wrong types and bad URLs', () => {
    const missing = parseRetellConfig({ kind: 'retell' });
    assert.ok('errors' in missing);
    assert.deepEqual(
      missing.errors.map((e) => [e.pointer, e.detail]),
      [
        ['/apiKey', 'is required'],
        ['/fromNumber', 'is required'],
      ],
    );
    const wrong = parseRetellConfig({ kind: 'retell', apiKey: 42, fromNumber: FROM, baseUrl: 'https://user:pw@api.retellai.com', concurrency: 2.5 });
    assert.ok('errors' in wrong);
    assert.deepEqual(wrong.errors.map((e) => e.pointer).sort(), ['/apiKey', '/baseUrl', '/concurrency']);
    assert.ok(!JSON.stringify(wrong.errors).includes('pw@'));
    for (const input of [null, 'retell', [API_KEY]]) {
      const r = parseRetellConfig(input);
      assert.ok('errors' in r);
      assert.equal(r.errors.length, 1);
    }
  });

  test('describe shows everything but the key, and only that a key is configured', () => {
    const parsed = parseRetellConfig({ kind: 'retell', apiKey: API_KEY, fromNumber: FROM, agentId: 'agent_abc' });
    assert.ok('config' in parsed);
    const described = describeRetellConfig(parsed.config);
    assert.deepEqual(described.apiKey, { configured: true });
    assert.equal(described.fromNumber, FROM);
    assert.equal(described.agentId, 'agent_abc');
    const rendered = JSON.stringify(described);
    assert.ok(!rendered.includes(API_KEY) && !rendered.includes(API_KEY.slice(-4)));
  });
});

describe('Retell webhook signature', () => {
  const connector = new RetellConnector({
    kind: 'retell',
    apiKey: API_KEY,
    fromNumber: FROM,
    agentId: null,
    baseUrl: 'https://api.retellai.com',
    concurrency: 20,
  });
  const body = JSON.stringify({ event: 'call_ended', call: { call_id: 'c1', call_status: 'ended', disconnection_reason: 'dial_no_answer' } });
  const now = 1_780_000_000_000;

  test("matches the SDK's published test vector", () => {
    // retell-typescript-sdk tests/webhook-auth.test.ts: key 'test-api-key', body
    // '{"event":"call_ended"}', timestamp 1700000000000.
    const sdkConnector = new RetellConnector({
      kind: 'retell',
      apiKey: 'test-api-key',
      fromNumber: FROM,
      agentId: null,
      baseUrl: 'https://api.retellai.com',
      concurrency: 1,
    });
    const signature = 'v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e';
    assert.equal(sdkConnector.verifyWebhook(webhook('{"event":"call_ended"}', signature), 1_700_000_000_000), true);
    assert.equal(sdkConnector.verifyWebhook(webhook('{"event":"call_ended"} ', signature), 1_700_000_000_000), false);
  });

  test('a signature made by the independent signer, and by the fake, verifies', async () => {
    assert.equal(connector.verifyWebhook(webhook(body, await independentSignature(body, API_KEY, now)), now), true);
    const fake = await startRetellFake({ apiKey: API_KEY });
    try {
      assert.equal(fake.sign(body, now), await independentSignature(body, API_KEY, now));
    } finally {
      await fake.close();
    }
  });

  test('tampered body, wrong key, stale or future stamp fail; the 5-minute edge passes', async () => {
    const signature = await independentSignature(body, API_KEY, now);
    assert.equal(connector.verifyWebhook(webhook(body.replace('dial_no_answer', 'user_hangup'), signature), now), false);
    assert.equal(connector.verifyWebhook(webhook(body, await independentSignature(body, 'key_someone_else', now)), now), false);
    assert.equal(connector.verifyWebhook(webhook(body, signature), now + 5 * 60_000), true);
    assert.equal(connector.verifyWebhook(webhook(body, signature), now + 5 * 60_000 + 1), false);
    assert.equal(connector.verifyWebhook(webhook(body, signature), now - 5 * 60_000 - 1), false);
  });

  test('missing and malformed headers fail without throwing', async () => {
    const good = await independentSignature(body, API_KEY, now);
    const digest = good.split(',d=')[1]!;
    const malformed = [
      undefined,
      '',
      `v=${now}`,
      `d=${digest},v=${now}`,
      `v=${now},d=${digest.slice(2)}`,
      `v=${now},d=${digest}00`,
      `v=${now},d=${'z'.repeat(64)}`,
      `v=-${now},d=${digest}`,
      `v=${now}.5,d=${digest}`,
      `v=999999999999999999999999,d=${digest}`,
      `t=${now},v1=${digest}`,
    ];
    for (const header of malformed) assert.equal(connector.verifyWebhook(webhook(body, header), now), false, String(header));
    assert.equal(connector.verifyWebhook({ rawBody: body, headers: { 'X-Retell-Signature': good }, url: '' }, now), false, 'headers arrive lower-cased');
    assert.equal(connector.verifyWebhook(webhook(body, good), Number.NaN), false);
  });
});

describe('Retell parseEvents', () => {
  const connector = new RetellConnector({
    kind: 'retell',
    apiKey: API_KEY,
    fromNumber: FROM,
    agentId: null,
    baseUrl: 'https://api.retellai.com',
    concurrency: 20,
  });
  const metadata = { callwise_company_id: 'co-9', callwise_task_id: 'task-9' };
  const started = { call_id: 'call_9', call_status: 'ongoing', metadata, start_timestamp: 1_780_000_000_000 };
  const endedNoAnswer = { call_id: 'call_9', call_status: 'not_connected', disconnection_reason: 'dial_no_answer', metadata, end_timestamp: 1_780_000_030_000 };
  const parse = (event: string, call: unknown) => connector.parseEvents(webhook(JSON.stringify({ event, call })));

  test('each documented event type gives one event keyed by call id and event', () => {
    const informational = ['transcript_updated', 'transfer_started', 'transfer_bridged', 'transfer_cancelled', 'transfer_ended'];
    for (const type of ['call_started', 'call_ended', 'call_analyzed', ...informational]) {
      const events = parse(type, type === 'call_started' ? started : endedNoAnswer);
      assert.equal(events.length, 1);
      const [e] = events;
      assert.equal(e!.type, type);
      assert.equal(e!.dedupeKey, `retell:call_9:${type}`);
      assert.equal(e!.providerCallId, 'call_9');
      assert.equal(e!.companyId, 'co-9');
      assert.equal(e!.taskId, 'task-9');
      assert.equal(e!.call === null, informational.includes(type), type);
    }
    assert.equal(parse('call_started', started)[0]!.call?.status, 'pending');
    assert.equal(parse('call_started', started)[0]!.call?.startedAt?.getTime(), 1_780_000_000_000);
    assert.equal(parse('call_ended', endedNoAnswer)[0]!.call?.outcome, 'no_answer');
  });

  test('the same body twice gives the same key; a call without our metadata still parses', () => {
    const raw = JSON.stringify({ event: 'call_ended', call: endedNoAnswer });
    assert.equal(connector.parseEvents(webhook(raw))[0]!.dedupeKey, connector.parseEvents(webhook(raw))[0]!.dedupeKey);
    const foreign = parse('call_ended', { ...endedNoAnswer, metadata: undefined })[0]!;
    assert.equal(foreign.companyId, null);
    assert.equal(foreign.taskId, null);
  });

  test('bodies not in the webhook shape are bad_request', () => {
    const bad = [
      'not json',
      '[]',
      '{}',
      '{"event":"call_ended"}',
      '{"event":"call_ended","call":{}}',
      '{"event":"call_ended","call":{"call_id":7}}',
      '{"event":"","call":{"call_id":"c"}}',
      '{"event":"chat_ended","chat":{"chat_id":"c"}}',
      '{"call":{"call_id":"c"}}',
    ];
    for (const raw of bad) {
      assert.throws(
        () => connector.parseEvents(webhook(raw)),
        (e: unknown) => e instanceof ProviderError && e.kind === 'bad_request' && e.provider === 'retell' && !e.message.includes(raw),
        raw,
      );
    }
  });
});

describe('classifyRetellCall: the crosswalk (§1.6) and flag table (§6 item 7)', () => {
  const ended = (reason: string, status: string, analysis?: Record<string, unknown>) => ({
    call_id: 'call_x',
    call_status: status,
    disconnection_reason: reason,
    metadata: { callwise_company_id: 'co', callwise_task_id: 't' },
    start_timestamp: 1_780_000_000_000,
    end_timestamp: 1_780_000_060_000,
    duration_ms: 60_000,
    ...(analysis ? { call_analysis: analysis } : {}),
  });
  type Row = {
    meaning: string;
    reason: string;
    callStatus: string;
    analysis?: Record<string, unknown>;
    status: ProviderCall['status'];
    outcome: CallOutcome | null;
    flags: CallFlag[];
  };
  const human = (custom: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    in_voicemail: false,
    call_summary: 's',
    custom_analysis_data: custom,
    ...extra,
  });
  const rows: Row[] = [
    { meaning: 'no answer', reason: 'dial_no_answer', callStatus: 'not_connected', status: 'ended', outcome: 'no_answer', flags: ['NO_ANSWER'] },
    { meaning: 'busy', reason: 'dial_busy', callStatus: 'not_connected', status: 'ended', outcome: 'no_answer', flags: ['NO_ANSWER'] },
    { meaning: 'declined', reason: 'user_declined', callStatus: 'not_connected', status: 'ended', outcome: 'no_answer', flags: ['NO_ANSWER'] },
    {
      meaning: 'voicemail',
      reason: 'voicemail_reached',
      callStatus: 'ended',
      analysis: human({}),
      status: 'ended',
      outcome: 'voicemail',
      flags: ['VOICEMAIL'],
    },
    {
      meaning: 'voicemail, message left',
      reason: 'voicemail_reached',
      callStatus: 'ended',
      analysis: human({ message_left: true }, { in_voicemail: true }),
      status: 'ended',
      outcome: 'voicemail',
      flags: ['VOICEMAIL', 'MESSAGE_LEFT'],
    },
    {
      meaning: 'voicemail by analysis (in_voicemail)',
      reason: 'agent_hangup',
      callStatus: 'ended',
      analysis: human({}, { in_voicemail: true }),
      status: 'ended',
      outcome: 'voicemail',
      flags: ['VOICEMAIL'],
    },
    {
      meaning: 'IVR',
      reason: 'ivr_reached',
      callStatus: 'ended',
      analysis: human({}),
      status: 'ended',
      outcome: 'not_connected',
      flags: ['AUTO_SYSTEM_CONNECT'],
    },
    {
      meaning: 'human, consumer hung up',
      reason: 'user_hangup',
      callStatus: 'ended',
      analysis: human({}),
      status: 'ended',
      outcome: 'conversation',
      flags: ['CONNECT', 'LIVE_CONNECT', 'CUSTOMER_HANGUP'],
    },
    {
      meaning: 'human, agent hung up',
      reason: 'agent_hangup',
      callStatus: 'ended',
      analysis: human({}),
      status: 'ended',
      outcome: 'conversation',
      flags: ['CONNECT', 'LIVE_CONNECT'],
    },
    {
      meaning: 'human, inactivity',
      reason: 'inactivity',
      callStatus: 'ended',
      analysis: human({}),
      status: 'ended',
      outcome: 'conversation',
      flags: ['CONNECT', 'LIVE_CONNECT'],
    },
    {
      meaning: 'transferred',
      reason: 'call_transfer',
      callStatus: 'ended',
      analysis: human({}),
      status: 'ended',
      outcome: 'conversation',
      flags: ['CONNECT', 'LIVE_CONNECT', 'SUCCESSFUL_TRANSFER'],
    },
    {
      meaning: 'transfer failed',
      reason: 'transfer_cancelled',
      callStatus: 'ended',
      analysis: human({}),
      status: 'ended',
      outcome: 'conversation',
      flags: ['CONNECT', 'LIVE_CONNECT', 'TRANSFER_FAILED'],
    },
    {
      meaning: 'RPC',
      reason: 'agent_hangup',
      callStatus: 'ended',
      analysis: human({ right_party_contact: true }),
      status: 'ended',
      outcome: 'conversation',
      flags: ['CONNECT', 'LIVE_CONNECT', 'RPC'],
    },
    {
      meaning: 'wrong number',
      reason: 'user_hangup',
      callStatus: 'ended',
      analysis: human({ wrong_number: true }),
      status: 'ended',
      outcome: 'wrong_party',
      flags: ['CONNECT', 'CUSTOMER_HANGUP', 'WRONG_NUMBER'],
    },
    {
      meaning: 'third party',
      reason: 'agent_hangup',
      callStatus: 'ended',
      analysis: human({ third_party_contact: 'true' }),
      status: 'ended',
      outcome: 'wrong_party',
      flags: ['CONNECT', 'THIRD_PARTY_CONTACT'],
    },
    {
      meaning: 'DNC request from a wrong party wins as a flag',
      reason: 'user_hangup',
      callStatus: 'ended',
      analysis: human({ wrong_number: true, do_not_call_requested: true }),
      status: 'ended',
      outcome: 'wrong_party',
      flags: ['CONNECT', 'CUSTOMER_HANGUP', 'WRONG_NUMBER', 'DNC'],
    },
    {
      meaning: 'callback without a time is not a callback',
      reason: 'agent_hangup',
      callStatus: 'ended',
      analysis: human({ right_party_contact: true, callback_requested: true }),
      status: 'ended',
      outcome: 'conversation',
      flags: ['CONNECT', 'LIVE_CONNECT', 'RPC'],
    },
    { meaning: 'invalid number', reason: 'invalid_destination', callStatus: 'not_connected', status: 'ended', outcome: 'not_connected', flags: [] },
    { meaning: 'carrier block', reason: 'dial_failed', callStatus: 'not_connected', status: 'ended', outcome: 'not_connected', flags: [] },
    { meaning: 'spam block', reason: 'marked_as_spam', callStatus: 'not_connected', status: 'ended', outcome: 'not_connected', flags: [] },
    { meaning: 'trunk failure', reason: 'telephony_provider_unavailable', callStatus: 'not_connected', status: 'ended', outcome: 'not_connected', flags: [] },
    { meaning: 'never dialled: concurrency', reason: 'concurrency_limit_reached', callStatus: 'error', status: 'not_dialled', outcome: null, flags: [] },
    { meaning: 'never dialled: no fallback', reason: 'no_concurrency_fallback', callStatus: 'error', status: 'not_dialled', outcome: null, flags: [] },
    { meaning: 'never dialled: payment', reason: 'no_valid_payment', callStatus: 'error', status: 'not_dialled', outcome: null, flags: [] },
    { meaning: 'never dialled: registered timeout', reason: 'registered_call_timeout', callStatus: 'error', status: 'not_dialled', outcome: null, flags: [] },
    {
      meaning: 'error, nothing said',
      reason: 'error_llm_websocket_open',
      callStatus: 'error',
      analysis: human({}),
      status: 'ended',
      outcome: 'not_connected',
      flags: [],
    },
    {
      meaning: 'error mid-call after a stop request',
      reason: 'error_llm_websocket_lost_connection',
      callStatus: 'error',
      analysis: human({ right_party_contact: true, do_not_call_requested: true }),
      status: 'ended',
      outcome: 'conversation',
      flags: ['CONNECT', 'LIVE_CONNECT', 'RPC', 'DNC'],
    },
  ];

  for (const row of rows) {
    test(`${row.meaning}: ${row.reason}`, () => {
      const call = classifyRetellCall(ended(row.reason, row.callStatus, row.analysis));
      assert.deepEqual([call.status, call.outcome, call.flags], [row.status, row.outcome, row.flags]);
      assert.equal(call.nativeReason, row.reason);
      assert.equal(call.providerCallId, 'call_x');
      assert.equal(call.taskId, 't');
    });

    test(`${row.meaning}: call_ended and call_analyzed never disagree`, () => {
      const fromEnded = classifyRetellCall(ended(row.reason, row.callStatus));
      const fromAnalyzed = classifyRetellCall(ended(row.reason, row.callStatus, row.analysis ?? human({})));
      if (fromEnded.status === 'pending') {
        assert.equal(fromEnded.outcome, null);
        assert.notEqual(fromAnalyzed.status, 'pending');
      } else assert.deepEqual([fromEnded.status, fromEnded.outcome, fromEnded.flags], [fromAnalyzed.status, fromAnalyzed.outcome, fromAnalyzed.flags]);
    });
  }

  test('a callback request with its time sets callbackAt and the flag', () => {
    const call = classifyRetellCall(ended('agent_hangup', 'ended', human({ right_party_contact: true, callback_at: '2026-12-01T10:00:00-07:00' })));
    assert.deepEqual(call.flags, ['CONNECT', 'LIVE_CONNECT', 'RPC', 'CALLBACK_REQUEST']);
    assert.equal(call.callbackAt?.toISOString(), '2026-12-01T17:00:00.000Z');
  });

  test('registered and ongoing calls are pending', () => {
    for (const status of ['registered', 'ongoing']) {
      const call = classifyRetellCall({ call_id: 'c', call_status: status });
      assert.deepEqual([call.status, call.outcome, call.flags], ['pending', null, []]);
    }
  });

  test('a connected call waits for its analysis, then is recorded conservatively once it is late', () => {
    const call = ended('user_hangup', 'ended');
    assert.equal(classifyRetellCall(call).status, 'pending');
    assert.equal(classifyRetellCall(call, call.end_timestamp + RETELL_ANALYSIS_GRACE_MS - 1).status, 'pending');
    const late = classifyRetellCall(call, call.end_timestamp + RETELL_ANALYSIS_GRACE_MS);
    assert.deepEqual([late.status, late.outcome, late.flags], ['ended', 'conversation', ['CONNECT', 'LIVE_CONNECT', 'CUSTOMER_HANGUP']]);
    const lateVoicemail = classifyRetellCall(ended('voicemail_reached', 'ended'), Date.now());
    assert.deepEqual([lateVoicemail.outcome, lateVoicemail.flags], ['voicemail', ['VOICEMAIL']]);
    const lateError = classifyRetellCall(ended('error_asr', 'error'), Date.now());
    assert.deepEqual([lateError.status, lateError.outcome], ['ended', 'not_connected']);
  });

  test('fields are read from the call object, and a non-call is bad_request', () => {
    const call = classifyRetellCall({
      ...ended('agent_hangup', 'ended', human({})),
      transcript: 'Agent: hi',
      recording_url: 'https://r/x.wav',
      duration_ms: 61_499,
    });
    assert.equal(call.durationSeconds, 61);
    assert.equal(call.startedAt?.getTime(), 1_780_000_000_000);
    assert.equal(call.transcript, 'Agent: hi');
    assert.equal(call.recordingUrl, 'https://r/x.wav');
    assert.equal(call.summary, 's');
    for (const bad of [null, 'call', [], {}, { call_id: '' }, { call_id: 1 }])
      assert.throws(
        () => classifyRetellCall(bad),
        (e: unknown) => e instanceof ProviderError && e.kind === 'bad_request',
      );
  });
});

describe('Retell connector against the fake', () => {
  let fake: RetellFake;
  let config: RetellConfig;
  let connector: RetellConnector;

  before(async () => {
    fake = await startRetellFake({ apiKey: API_KEY, ownedNumbers: [FROM] });
    config = { kind: 'retell', apiKey: API_KEY, fromNumber: FROM, agentId: 'agent_collections', baseUrl: fake.baseUrl, concurrency: 20 };
    connector = new RetellConnector(config, { requestTimeoutMs: 300 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  describe('placeCall', () => {
    test('sends the documented request and is placed with the call id', async () => {
      const result = await connector.placeCall(dial(), never());
      assert.equal(result.kind, 'placed');
      assert.ok(result.kind === 'placed' && fake.calls.has(result.providerCallId));

      assert.equal(fake.requests.length, 1);
      const req = fake.requests[0]!;
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/v2/create-phone-call');
      assert.equal(req.headers.authorization, `Bearer ${API_KEY}`);
      assert.match(String(req.headers['content-type']), /^application\/json/);
      const body = JSON.parse(req.body);
      assert.equal(body.from_number, FROM);
      assert.equal(body.to_number, TO);
      assert.equal(body.override_agent_id, 'agent_collections');
      assert.deepEqual(body.retell_llm_dynamic_variables, agentVariables(context));
      assert.ok(Object.values(body.retell_llm_dynamic_variables).every((v) => typeof v === 'string'));
      assert.equal(body.metadata.callwise_company_id, 'co-1');
      assert.equal(body.metadata.callwise_task_id, 'task-1');
      assert.equal(body.metadata.callwise_customer_id, 'cust-77');
      assert.deepEqual(body.metadata.context, JSON.parse(JSON.stringify(context)));
      assert.deepEqual(body.agent_override, { agent: { max_call_duration_ms: 900_000 } }, 'no per-call webhook without a public URL; the call length bounded');
    });

    test('a public webhook URL goes in agent_override; no agent id leaves the bound agent', async () => {
      const plain = new RetellConnector({ ...config, agentId: null });
      const result = await plain.placeCall(dial({ webhookUrl: 'https://callwise.example/webhooks/retell/co-1' }), never());
      assert.equal(result.kind, 'placed');
      const body = JSON.parse(fake.requests[0]!.body);
      assert.deepEqual(body.agent_override, { agent: { webhook_url: 'https://callwise.example/webhooks/retell/co-1', max_call_duration_ms: 900_000 } });
      assert.equal('override_agent_id' in body, false);
      assert.equal(result.kind === 'placed' && fake.calls.get(result.providerCallId)?.agent_id, 'agent_fake_bound');
    });

    test('a context too big for Retell metadata still dials, with the ids alone', async () => {
      const bulky = { ...context, customer: { ...context.customer, externalMetadata: { notes: 'x'.repeat(60_000) } } };
      const result = await connector.placeCall(dial({ context: bulky }), never());
      assert.equal(result.kind, 'placed');
      const body = JSON.parse(fake.requests[0]!.body);
      assert.deepEqual(body.metadata, { callwise_company_id: 'co-1', callwise_task_id: 'task-1', callwise_customer_id: 'cust-77' });
    });

    test('429 with Retry-After is refused with the delay', async () => {
      fake.refuseNext({ status: 429, message: 'Account rate limited, please throttle your requests.', retryAfter: '7' });
      const result = await connector.placeCall(dial(), never());
      assert.deepEqual(result, { kind: 'refused', reason: 'Retell rate or concurrency limit reached (429)', retryAfterMs: 7000 });
    });

    test('an HTTP-date Retry-After becomes a delay from now', async () => {
      fake.refuseNext({ status: 429, retryAfter: new Date(Date.now() + 30_000).toUTCString() });
      const result = await connector.placeCall(dial(), never());
      assert.equal(result.kind, 'refused');
      const wait = result.kind === 'refused' ? result.retryAfterMs : undefined;
      assert.ok(wait !== undefined && wait > 25_000 && wait <= 30_000, String(wait));
    });

    test('the account concurrency limit is refused, not dialled', async () => {
      const limited = await startRetellFake({ apiKey: API_KEY, ownedNumbers: [FROM], concurrencyLimit: 1 });
      try {
        const c = new RetellConnector({ ...config, baseUrl: limited.baseUrl });
        assert.equal((await c.placeCall(dial(), never())).kind, 'placed');
        const second = await c.placeCall(dial({ taskId: 'task-2' }), never());
        assert.equal(second.kind, 'refused');
        assert.equal(limited.calls.size, 1);
      } finally {
        await limited.close();
      }
    });

    test('payment, validation, unknown number and bad key answers are refused', async () => {
      const before = fake.calls.size;
      fake.refuseNext({ status: 402, message: 'Trial has ended, please add payment method.' });
      assert.deepEqual(await connector.placeCall(dial(), never()), { kind: 'refused', reason: 'Retell requires a valid payment method (402)' });

      const invalid = await connector.placeCall(dial({ toPhoneNumber: '7205550142' }), never());
      assert.equal(invalid.kind, 'refused');
      assert.match(invalid.kind === 'refused' ? invalid.reason : '', /400/);

      const notOwned = new RetellConnector({ ...config, fromNumber: '+13035550111' });
      const r422 = await notOwned.placeCall(dial(), never());
      assert.equal(r422.kind, 'refused');
      assert.match(r422.kind === 'refused' ? r422.reason : '', /422/);

      const wrongKey = new RetellConnector({ ...config, apiKey: 'key_wrong_0000' });
      const r401 = await wrongKey.placeCall(dial(), never());
      assert.deepEqual(r401, { kind: 'refused', reason: 'Retell rejected the API key (401)' });
      assertClean(r401, 'key_wrong_0000');
      assert.equal(fake.calls.size, before, 'none of them created a call');
    });

    test('5xx, a reset connection, a cut-off 2xx body, a timeout and a caller abort are unknown', async () => {
      fake.inject({ fault: { type: 'status', status: 500, raw: '{"status":"error","message":"An unexpected server error occurred."}' }, times: 1 });
      const r500 = await connector.placeCall(dial(), never());
      assert.deepEqual(r500, { kind: 'unknown', reason: 'create-phone-call answered HTTP 500' });

      fake.inject({ fault: { type: 'reset' }, times: 1 });
      assert.deepEqual(await connector.placeCall(dial(), never()), { kind: 'unknown', reason: 'create-phone-call: connection failed' });

      fake.inject({ fault: { type: 'malformed' }, times: 1 });
      assert.deepEqual(await connector.placeCall(dial(), never()), { kind: 'unknown', reason: 'create-phone-call answered 200 without a call_id' });

      fake.inject({ fault: { type: 'delay', ms: 1500 }, times: 1 });
      const slow = await connector.placeCall(dial(), never());
      assert.deepEqual(slow, { kind: 'unknown', reason: 'create-phone-call: no answer within 300 ms' });

      const patient = new RetellConnector(config);
      fake.inject({ fault: { type: 'delay', ms: 1500 }, times: 1 });
      const aborted = await patient.placeCall(dial(), AbortSignal.timeout(100));
      assert.deepEqual(aborted, { kind: 'unknown', reason: 'create-phone-call: cancelled by the caller' });

      for (const r of [r500, slow, aborted]) assertClean(r);
    });

    test('nothing listening is unknown, never a throw', async () => {
      const c = new RetellConnector({ ...config, baseUrl: await refusedOrigin() });
      assert.deepEqual(await c.placeCall(dial(), never()), { kind: 'unknown', reason: 'create-phone-call: connection failed' });
    });
  });

  describe('fetchCall', () => {
    test('a placed call is pending, then ended as the fake ends it', async () => {
      const placed = await connector.placeCall(dial(), never());
      assert.ok(placed.kind === 'placed');
      const id = placed.providerCallId;

      const registered = await connector.fetchCall(id, never());
      assert.equal(registered?.status, 'pending');
      assert.equal(registered?.taskId, 'task-1');
      assert.equal(registered?.companyId, 'co-1');
      assert.equal(fake.requests.at(-1)!.path, `/v2/get-call/${id}`);
      assert.equal(fake.requests.at(-1)!.headers.authorization, `Bearer ${API_KEY}`);

      fake.startCall(id);
      fake.endCall(id, {
        disconnection_reason: 'user_hangup',
        durationMs: 95_000,
        transcript: 'Agent: Hi.\nUser: Please do not call me again.\n',
        analysis: {
          call_summary: 'Borrower asked not to be called.',
          in_voicemail: false,
          custom_analysis_data: { right_party_contact: true, do_not_call_requested: true },
        },
      });
      const ended = await connector.fetchCall(id, never());
      assert.equal(ended?.status, 'ended');
      assert.equal(ended?.outcome, 'conversation');
      assert.deepEqual(ended?.flags, ['CONNECT', 'LIVE_CONNECT', 'CUSTOMER_HANGUP', 'RPC', 'DNC']);
      assert.equal(ended?.durationSeconds, 95);
      assert.equal(ended?.summary, 'Borrower asked not to be called.');
      assert.equal(ended?.transcript, 'Agent: Hi.\nUser: Please do not call me again.\n');
      assert.equal(ended?.recordingUrl, `https://fake-retell.invalid/${id}/recording.wav`);
      assert.equal(ended?.nativeReason, 'user_hangup');
      assert.ok(ended?.startedAt instanceof Date);
    });

    test('an unknown call is null (Retell 422, or a 404)', async () => {
      assert.equal(await connector.fetchCall('0123456789abcdef0123456789abcdef', never()), null);
      fake.inject({ fault: { type: 'status', status: 404, raw: '{"status":"error","message":"Not found"}' }, times: 1 });
      assert.equal(await connector.fetchCall('anything', never()), null);
    });

    test('5xx, a reset and a timeout throw unavailable; a bad key throws auth_failed', async () => {
      const expectError = async (kind: string) => {
        const error = await connector.fetchCall('abc', never()).then(
          () => assert.fail('expected a ProviderError'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof ProviderError, String(error));
        assert.equal(error.kind, kind);
        assert.equal(error.provider, 'retell');
        assertClean(error);
      };
      fake.inject({ fault: { type: 'status', status: 503 }, times: 1 });
      await expectError('unavailable');
      fake.inject({ fault: { type: 'reset' }, times: 1 });
      await expectError('unavailable');
      fake.inject({ fault: { type: 'delay', ms: 1500 }, times: 1 });
      await expectError('unavailable');
      fake.inject({ fault: { type: 'malformed' }, times: 1 });
      await expectError('unavailable');
      fake.inject({ fault: { type: 'auth' }, times: 1 });
      await expectError('auth_failed');
    });
  });

  describe('findCallForTask', () => {
    test('finds the call by our task id through the documented list filter', async () => {
      const since = new Date(Date.now() - 1000);
      const mine = await connector.placeCall(dial({ taskId: 'task-A' }), never());
      await connector.placeCall(dial({ taskId: 'task-B' }), never());
      await connector.placeCall(dial({ taskId: 'task-C', toPhoneNumber: '+17205550199' }), never());
      assert.ok(mine.kind === 'placed');
      fake.reset();

      const found = await connector.findCallForTask({ taskId: 'task-A', toPhoneNumber: TO, since }, never());
      assert.equal(found?.providerCallId, mine.providerCallId);
      assert.equal(found?.taskId, 'task-A');
      assert.equal(found?.status, 'pending');

      const list = fake.requests.find((r) => r.path === '/v3/list-calls')!;
      assert.equal(list.method, 'POST');
      assert.equal(list.headers.authorization, `Bearer ${API_KEY}`);
      assert.deepEqual(JSON.parse(list.body), {
        filter_criteria: {
          to_number: { type: 'string', op: 'eq', value: TO },
          metadata: [{ type: 'string', op: 'eq', key: 'callwise_task_id', value: 'task-A' }],
        },
        sort_order: 'descending',
        limit: 50,
      });
      // list-calls lacks the transcript and recording: the connector reads the call itself.
      assert.equal(fake.count('/v2/get-call/'), 1);
    });

    test('an ended call comes back classified with what get-call adds', async () => {
      const since = new Date(Date.now() - 1000);
      const placed = await connector.placeCall(dial({ taskId: 'task-V' }), never());
      assert.ok(placed.kind === 'placed');
      fake.endCall(placed.providerCallId, {
        disconnection_reason: 'voicemail_reached',
        analysis: { in_voicemail: true, custom_analysis_data: { message_left: true } },
      });
      const found = await connector.findCallForTask({ taskId: 'task-V', toPhoneNumber: TO, since }, never());
      assert.equal(found?.outcome, 'voicemail');
      assert.deepEqual(found?.flags, ['VOICEMAIL', 'MESSAGE_LEFT']);
      assert.equal(found?.recordingUrl, `https://fake-retell.invalid/${placed.providerCallId}/recording.wav`);
    });

    test('an earlier attempt of the same task, started before `since`, is not this one', async () => {
      const placed = await connector.placeCall(dial({ taskId: 'task-R' }), never());
      assert.ok(placed.kind === 'placed');
      fake.endCall(placed.providerCallId, { disconnection_reason: 'dial_no_answer' });
      (fake.calls.get(placed.providerCallId) as Record<string, unknown>).start_timestamp = Date.now() - 3_600_000;
      assert.equal(await connector.findCallForTask({ taskId: 'task-R', toPhoneNumber: TO, since: new Date() }, never()), null);
    });

    test('follows pagination until it finds the task', async () => {
      const since = new Date(Date.now() - 1000);
      const manyCalls = await startRetellFake({ apiKey: API_KEY, ownedNumbers: [FROM] });
      try {
        const c = new RetellConnector({ ...config, baseUrl: manyCalls.baseUrl });
        const placed = await c.placeCall(dial({ taskId: 'task-P' }), never());
        assert.ok(placed.kind === 'placed');
        // A server whose filter let through other tasks: 120 of them, newest first.
        for (let i = 0; i < 120; i++) await c.placeCall(dial({ taskId: 'task-P', customerId: `noise-${i}` }), never());
        for (const call of manyCalls.calls.values())
          if (call.call_id !== placed.providerCallId) (call.metadata as Record<string, unknown>).callwise_task_id = 'task-other';
        manyCalls.reset();
        // Bypass the server-side metadata filter to force client-side matching over pages.
        const unfiltered = new RetellConnector({ ...config, baseUrl: manyCalls.baseUrl }, { fetch: stripMetadataFilter });
        const found = await unfiltered.findCallForTask({ taskId: 'task-P', toPhoneNumber: TO, since }, never());
        assert.equal(found?.providerCallId, placed.providerCallId);
        assert.equal(manyCalls.count('/v3/list-calls'), 3);
      } finally {
        await manyCalls.close();
      }
    });

    test('none found is null; failures throw unavailable', async () => {
      assert.equal(await connector.findCallForTask({ taskId: 'task-none', toPhoneNumber: TO, since: new Date(0) }, never()), null);
      fake.inject({ fault: { type: 'status', status: 503 }, match: '/v3/list-calls', times: 1 });
      await assert.rejects(connector.findCallForTask({ taskId: 'task-none', toPhoneNumber: TO, since: new Date(0) }, never()), (e: unknown) => {
        assert.ok(e instanceof ProviderError);
        assert.equal(e.kind, 'unavailable');
        return true;
      });
      fake.inject({ fault: { type: 'reset' }, match: '/v3/list-calls', times: 1 });
      await assert.rejects(
        connector.findCallForTask({ taskId: 'task-none', toPhoneNumber: TO, since: new Date(0) }, never()),
        (e: unknown) => e instanceof ProviderError && e.kind === 'unavailable',
      );
    });
  });

  describe('webhooks from the fake', () => {
    let receiver: http.Server;
    let url: string;
    let received: Array<{ rawBody: string; headers: http.IncomingHttpHeaders }> = [];
    let answerWith = 204;

    before(async () => {
      receiver = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ rawBody: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
          res.writeHead(answerWith).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/retell`;
    });
    after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    beforeEach(() => {
      received = [];
      answerWith = 204;
    });

    const asRequest = (r: { rawBody: string; headers: http.IncomingHttpHeaders }): WebhookRequest => ({
      rawBody: r.rawBody,
      headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
      url,
    });

    test('a delivered call lifecycle verifies and parses; the receiver status comes back', async () => {
      const placed = await connector.placeCall(dial({ taskId: 'task-W' }), never());
      assert.ok(placed.kind === 'placed');
      const id = placed.providerCallId;
      fake.startCall(id);
      assert.equal(await fake.deliver(url, 'call_started', id), 204);
      fake.endCall(id, {
        disconnection_reason: 'agent_hangup',
        analysis: { call_summary: 'Promise to pay.', custom_analysis_data: { right_party_contact: 'yes' } },
      });
      answerWith = 500;
      assert.equal(await fake.deliver(url, 'call_ended', id), 500);
      answerWith = 200;
      assert.equal(await fake.deliver(url, 'call_ended', id), 200);
      assert.equal(await fake.deliver(url, 'call_analyzed', id), 200);

      const events = received.map((r) => {
        const request = asRequest(r);
        assert.equal(connector.verifyWebhook(request, Date.now()), true);
        return connector.parseEvents(request)[0]!;
      });
      assert.deepEqual(
        events.map((e) => [e.type, e.call?.status, e.taskId, e.companyId]),
        [
          ['call_started', 'pending', 'task-W', 'co-1'],
          ['call_ended', 'pending', 'task-W', 'co-1'],
          ['call_ended', 'pending', 'task-W', 'co-1'],
          ['call_analyzed', 'ended', 'task-W', 'co-1'],
        ],
      );
      assert.equal(events[1]!.dedupeKey, events[2]!.dedupeKey, 'a redelivery has the same key');
      assert.equal(new Set(events.map((e) => e.dedupeKey)).size, 3);
      assert.ok(!received[1]!.rawBody.includes('call_analysis'), 'call_ended carries no call_analysis');
      assert.deepEqual(events[3]!.call?.flags, ['CONNECT', 'LIVE_CONNECT', 'RPC']);
      assert.equal(events[3]!.call?.summary, 'Promise to pay.');
    });

    test('a webhook signed with another key does not verify', async () => {
      const placed = await connector.placeCall(dial(), never());
      assert.ok(placed.kind === 'placed');
      await fake.deliver(url, 'call_ended', placed.providerCallId, { signWith: 'key_other_account' });
      assert.equal(connector.verifyWebhook(asRequest(received[0]!), Date.now()), false);
    });
  });
});

/** A fetch that drops the metadata filter from list-calls, as a server ignoring it would. */
const stripMetadataFilter: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : input.toString();
  if (url.endsWith('/v3/list-calls') && typeof init?.body === 'string') {
    const body = JSON.parse(init.body);
    delete body.filter_criteria.metadata;
    return fetch(input, { ...init, body: JSON.stringify(body) });
  }
  return fetch(input, init);
};
