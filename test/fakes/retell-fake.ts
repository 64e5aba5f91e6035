import { createHmac, randomBytes } from 'node:crypto';
import { json, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './http-fake.ts';

/**
 * A Retell AI fake speaking the documented shapes (dispatch-and-voice.md §1.1; Retell's API
 * reference and its TypeScript SDK 5.60):
 * - `POST /v2/create-phone-call` with Bearer auth, `from_number`/`to_number` (E.164, the former
 *   owned by the account), optional `override_agent_id`, `agent_override`, `metadata` (≤ 50 kB),
 *   `retell_llm_dynamic_variables` (strings), answered 201 with the call object (`registered`);
 * - `GET /v2/get-call/{call_id}`;
 * - `POST /v3/list-calls` with `filter_criteria` (the typed filters this fake implements are
 *   `to_number`, `from_number`, `call_status`, `start_timestamp` and `metadata` by key), `limit`,
 *   `sort_order`, `pagination_key`, answered `{items, has_more, pagination_key}` without the
 *   transcript and recording fields, as v3 documents;
 * - errors as `{status: "error", message}`;
 * - webhooks `{event, call}` signed `x-retell-signature: v=<ms>,d=<hex HMAC-SHA256(key, body+ms)>`.
 *
 * Assumptions (not documented, so nothing may depend on them beyond the status code): the error
 * messages; 422 for an unknown call id on get-call (the documented 4xx for a missing asset); 429
 * when `concurrencyLimit` calls are in flight.
 */

export type RetellCallObject = Record<string, unknown>;

export type RetellEventName =
  'call_started' | 'call_ended' | 'call_analyzed' | 'transcript_updated' | 'transfer_started' | 'transfer_bridged' | 'transfer_cancelled' | 'transfer_ended';

export interface RetellFakeOptions {
  apiKey?: string;
  /** Numbers bought from or imported into the account; create-phone-call answers 422 for others. */
  ownedNumbers?: string[];
  /** The agent bound to the owned numbers, reported when no override is sent. */
  agentId?: string;
  /** Calls registered or ongoing beyond which create-phone-call answers 429. */
  concurrencyLimit?: number;
}

export interface RetellRefusal {
  status: number;
  message?: string;
  /** Sent as `Retry-After` when given. */
  retryAfter?: string;
}

export interface RetellCallEnd {
  disconnection_reason: string;
  durationMs?: number;
  transcript?: string;
  /** `call_analysis` as Retell fills it; leave out for a call whose analysis has not come. */
  analysis?: {
    in_voicemail?: boolean;
    call_summary?: string;
    call_successful?: boolean;
    user_sentiment?: 'Negative' | 'Positive' | 'Neutral' | 'Unknown';
    custom_analysis_data?: Record<string, unknown>;
  };
}

export interface RetellFake extends FakeServer {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly calls: ReadonlyMap<string, RetellCallObject>;
  /** The next `times` create-phone-call requests (after auth) get this answer. */
  refuseNext(refusal: RetellRefusal, times?: number): void;
  /** The consumer picked up: `ongoing`, with a start stamp. */
  startCall(callId: string): void;
  /** The call ends as given; get-call and list-calls report it from now on. */
  endCall(callId: string, end: RetellCallEnd): void;
  /** The webhook body Retell would send for this event now. */
  webhookBody(event: RetellEventName, callId: string): string;
  /** `x-retell-signature` for a body, signed as Retell signs. */
  sign(rawBody: string, timestampMs?: number, key?: string): string;
  /** POSTs the signed webhook to `url`; the status it got back. */
  deliver(url: string, event: RetellEventName, callId: string, options?: { timestampMs?: number; signWith?: string }): Promise<number>;
}

const E164 = /^\+[1-9]\d{7,14}$/;
/** call_status per disconnection_reason, from the reason table of the debug-call-disconnect doc. */
const NOT_CONNECTED = new Set([
  'dial_busy',
  'dial_failed',
  'dial_no_answer',
  'invalid_destination',
  'telephony_provider_permission_denied',
  'telephony_provider_unavailable',
  'sip_routing_error',
  'marked_as_spam',
  'user_declined',
]);
const ERRORS = new Set(['concurrency_limit_reached', 'no_concurrency_fallback', 'no_valid_payment', 'scam_detected', 'registered_call_timeout']);
const statusFor = (reason: string) => (NOT_CONNECTED.has(reason) ? 'not_connected' : ERRORS.has(reason) || reason.startsWith('error_') ? 'error' : 'ended');

/** Left out of list-calls items (v3 documents them as get-call only). */
const GET_CALL_ONLY = ['transcript', 'transcript_object', 'transcript_with_tool_calls', 'recording_url'];
const STARTED_FIELDS = [
  'call_type',
  'call_id',
  'agent_id',
  'agent_version',
  'call_status',
  'direction',
  'from_number',
  'to_number',
  'metadata',
  'retell_llm_dynamic_variables',
  'start_timestamp',
];

const error = (status: number, message: string, headers?: Record<string, string>): FakeAnswer => json(status, { status: 'error', message }, headers);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function startRetellFake(options: RetellFakeOptions = {}): Promise<RetellFake> {
  const apiKey = options.apiKey ?? 'key_fake_retell_0123456789abcdef';
  const owned = new Set(options.ownedNumbers ?? ['+13035550100']);
  const boundAgent = options.agentId ?? 'agent_fake_bound';
  const calls = new Map<string, RetellCallObject>();
  const created = new Map<string, number>();
  const refusals: RetellRefusal[] = [];
  let sequence = 0;

  const sign = (rawBody: string, timestampMs = Date.now(), key = apiKey) =>
    `v=${timestampMs},d=${createHmac('sha256', key)
      .update(rawBody + String(timestampMs))
      .digest('hex')}`;

  const authorised = (req: FakeRequest) => req.headers.authorization === `Bearer ${apiKey}`;
  const unauthorized = () => error(401, 'API key is missing or invalid.');
  const invalid = (why: string) => error(400, `Invalid request format, please check API reference. (${why})`);

  const createCall = (req: FakeRequest): FakeAnswer => {
    const refusal = refusals.shift();
    if (refusal)
      return error(refusal.status, refusal.message ?? 'Refused.', refusal.retryAfter === undefined ? undefined : { 'Retry-After': refusal.retryAfter });
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return invalid('body is not JSON');
    }
    if (!isRecord(body)) return invalid('body is not an object');
    const { from_number, to_number, override_agent_id, agent_override, metadata, retell_llm_dynamic_variables: vars } = body;
    if (typeof from_number !== 'string' || !E164.test(from_number)) return invalid('from_number');
    if (typeof to_number !== 'string' || !E164.test(to_number)) return invalid('to_number');
    if (override_agent_id !== undefined && (typeof override_agent_id !== 'string' || override_agent_id === '')) return invalid('override_agent_id');
    if (agent_override !== undefined && !isRecord(agent_override)) return invalid('agent_override');
    if (metadata !== undefined && !isRecord(metadata)) return invalid('metadata');
    if (metadata !== undefined && Buffer.byteLength(JSON.stringify(metadata)) > 50_000) return invalid('metadata over 50kB');
    if (vars !== undefined && (!isRecord(vars) || Object.values(vars).some((v) => typeof v !== 'string'))) return invalid('retell_llm_dynamic_variables');
    if (!owned.has(from_number)) return error(422, 'Cannot find requested asset under given api key.');
    const live = [...calls.values()].filter((c) => c.call_status === 'registered' || c.call_status === 'ongoing').length;
    if (options.concurrencyLimit !== undefined && live >= options.concurrencyLimit) return error(429, 'Concurrency limit reached.');

    const call: RetellCallObject = {
      call_type: 'phone_call',
      from_number,
      to_number,
      direction: 'outbound',
      call_id: randomBytes(16).toString('hex'),
      agent_id: override_agent_id ?? boundAgent,
      agent_version: 1,
      call_status: 'registered',
      metadata: metadata ?? {},
      retell_llm_dynamic_variables: vars ?? {},
    };
    calls.set(call.call_id as string, call);
    created.set(call.call_id as string, ++sequence);
    return json(201, call);
  };

  const listCalls = (req: FakeRequest): FakeAnswer => {
    let body: unknown;
    try {
      body = req.body === '' ? {} : JSON.parse(req.body);
    } catch {
      return invalid('body is not JSON');
    }
    if (!isRecord(body)) return invalid('body is not an object');
    const criteria = body.filter_criteria ?? {};
    if (!isRecord(criteria)) return invalid('filter_criteria');
    const tests: Array<(call: RetellCallObject) => boolean> = [];
    for (const [field, filter] of Object.entries(criteria)) {
      if (field === 'metadata') {
        if (!Array.isArray(filter)) return invalid('metadata filter must be a list');
        for (const f of filter) {
          if (!isRecord(f) || typeof f.key !== 'string') return invalid('metadata filter needs a key');
          const key = f.key;
          const check = filterTest(f);
          if (!check) return invalid('metadata filter');
          tests.push((call) => check(isRecord(call.metadata) ? call.metadata[key] : undefined));
        }
      } else if (['to_number', 'from_number', 'call_status', 'start_timestamp'].includes(field)) {
        const check = isRecord(filter) ? filterTest(filter) : undefined;
        if (!check) return invalid(field);
        tests.push((call) => check(call[field]));
      } else return invalid(`filter ${field} is not implemented by this fake`);
    }
    const limit = body.limit ?? 50;
    if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > 1000) return invalid('limit');
    const direction = body.sort_order === 'ascending' ? 1 : -1;
    const offset = body.pagination_key === undefined ? 0 : Number(body.pagination_key);
    if (!Number.isSafeInteger(offset) || offset < 0) return invalid('pagination_key');

    const order = (c: RetellCallObject) =>
      [typeof c.start_timestamp === 'number' ? c.start_timestamp : Number.MAX_SAFE_INTEGER, created.get(c.call_id as string) ?? 0] as const;
    const matching = [...calls.values()]
      .filter((c) => tests.every((t) => t(c)))
      .sort((a, b) => {
        const [sa, qa] = order(a);
        const [sb, qb] = order(b);
        return direction * (sa - sb || qa - qb);
      });
    const page = matching
      .slice(offset, offset + (limit as number))
      .map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => !GET_CALL_ONLY.includes(k))));
    const more = offset + page.length < matching.length;
    return json(200, { items: page, has_more: more, ...(more ? { pagination_key: String(offset + page.length) } : {}) });
  };

  const server = await startFakeServer(
    (req) => {
      if (!authorised(req)) return unauthorized();
      if (req.method === 'POST' && req.path === '/v2/create-phone-call') return createCall(req);
      if (req.method === 'POST' && req.path === '/v3/list-calls') return listCalls(req);
      const get = /^\/v2\/get-call\/([^/]+)$/.exec(req.path);
      if (req.method === 'GET' && get) {
        const call = calls.get(get[1] as string);
        return call ? json(200, call) : error(422, 'Cannot find requested asset under given api key.');
      }
      return error(404, 'Not found.');
    },
    { unauthorized },
  );

  const mustGet = (callId: string) => {
    const call = calls.get(callId);
    if (!call) throw new Error('retell fake: no such call');
    return call;
  };

  const webhookBody = (event: RetellEventName, callId: string): string => {
    const call = mustGet(callId);
    let payload: RetellCallObject;
    switch (event) {
      case 'call_started':
        payload = Object.fromEntries(Object.entries(call).filter(([k]) => STARTED_FIELDS.includes(k)));
        break;
      case 'call_ended': {
        // Documented: every field of the call object except call_analysis.
        const { call_analysis: _analysis, ...rest } = call;
        payload = rest;
        break;
      }
      case 'call_analyzed':
        if (!call.call_analysis) throw new Error('retell fake: call_analyzed for a call without analysis');
        payload = call;
        break;
      case 'transcript_updated':
        payload = { ...call, transcript_with_tool_calls: [] };
        break;
      case 'transfer_started':
      case 'transfer_bridged':
      case 'transfer_cancelled':
        payload = { ...call, transfer_destination: '+13035550199' };
        break;
      case 'transfer_ended':
        payload = call;
        break;
    }
    return JSON.stringify({ event, call: payload });
  };

  return Object.assign(server, {
    baseUrl: server.origin,
    apiKey,
    calls,
    refuseNext(refusal: RetellRefusal, times = 1) {
      for (let i = 0; i < times; i++) refusals.push(refusal);
    },
    startCall(callId: string) {
      const call = mustGet(callId);
      call.call_status = 'ongoing';
      call.start_timestamp = Date.now();
    },
    endCall(callId: string, end: RetellCallEnd) {
      const call = mustGet(callId);
      const status = statusFor(end.disconnection_reason);
      const now = Date.now();
      call.call_status = status;
      call.disconnection_reason = end.disconnection_reason;
      call.end_timestamp = now;
      if (status === 'ended') {
        const duration = end.durationMs ?? 42_000;
        call.start_timestamp ??= now - duration;
        call.duration_ms = duration;
        call.transcript = end.transcript ?? 'Agent: Hello, this is a call about your account.\nUser: Okay.\n';
        call.recording_url = `https://fake-retell.invalid/${callId}/recording.wav`;
      } else {
        call.duration_ms = end.durationMs ?? 0;
        if (end.transcript !== undefined) call.transcript = end.transcript;
      }
      if (end.analysis) call.call_analysis = { custom_analysis_data: {}, ...end.analysis };
    },
    webhookBody,
    sign,
    async deliver(url: string, event: RetellEventName, callId: string, opts: { timestampMs?: number; signWith?: string } = {}) {
      const body = webhookBody(event, callId);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-retell-signature': sign(body, opts.timestampMs, opts.signWith) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      return res.status;
    },
  });
}

/** A documented typed filter (`{type, op, value}`) as a predicate, or undefined when malformed. */
function filterTest(filter: Record<string, unknown>): ((value: unknown) => boolean) | undefined {
  const { type, op, value } = filter;
  if (type === 'string' && typeof value === 'string') {
    const ops: Record<string, (v: string) => boolean> = {
      eq: (v) => v === value,
      ne: (v) => v !== value,
      sw: (v) => v.startsWith(value),
      ew: (v) => v.endsWith(value),
      co: (v) => v.includes(value),
    };
    const f = ops[op as string];
    return f && ((v) => typeof v === 'string' && f(v));
  }
  if (type === 'number' && typeof value === 'number') {
    const ops: Record<string, (v: number) => boolean> = {
      eq: (v) => v === value,
      ne: (v) => v !== value,
      gt: (v) => v > value,
      ge: (v) => v >= value,
      lt: (v) => v < value,
      le: (v) => v <= value,
    };
    const f = ops[op as string];
    return f && ((v) => typeof v === 'number' && f(v));
  }
  if (type === 'range' && op === 'bt' && Array.isArray(value) && value.length === 2) {
    const [lo, hi] = value as [number, number];
    return (v) => typeof v === 'number' && v >= lo && v <= hi;
  }
  if (type === 'enum' && op === 'in' && Array.isArray(value)) return (v) => value.includes(v);
  if (type === 'present' && (op === 'pr' || op === 'np')) return (v) => (v !== undefined && v !== null) === (op === 'pr');
  return undefined;
}
