/**
 * Retell AI connector (dispatch-and-voice.md §1.1, §6 items 4–7).
 *
 * Wire shapes, as documented by Retell's API reference and its TypeScript SDK (5.60):
 * - dial: `POST /v2/create-phone-call`, `Authorization: Bearer <api key>`, answered 201 with the
 *   call object; errors are `{status: "error", message}` with 400, 401, 402, 422, 429 or 500;
 * - one call: `GET /v2/get-call/{call_id}`; calls: `POST /v3/list-calls` with `filter_criteria`
 *   (typed filters, `metadata` filters by key) and cursor paging (`pagination_key`, `has_more`);
 * - webhooks: `{event, call}` signed in `x-retell-signature: v=<unix ms>,d=<hex>`, the digest an
 *   HMAC-SHA256 keyed with the API key over `rawBody + timestamp`, stamps more than 5 min off
 *   rejected (the SDK's `src/lib/webhook_auth.ts`).
 *
 * Our company and task ids travel in the call's `metadata`, which Retell stores and echoes on
 * every call object and webhook. Outcomes come from `disconnection_reason` plus `call_analysis`,
 * whose `custom_analysis_data` holds the shared post-call extraction (extraction.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallFlag, CallOutcome } from '../../domain/call-fields.ts';
import { pointerOf, type FieldError } from '../../domain/errors.ts';
import { agentVariables } from '../agent-context.ts';
import { conversationOutcome, flagsFromExtraction, uniqueFlags } from '../extraction.ts';
import {
  ProviderError,
  type DialRequest,
  type DialResult,
  type ProviderCall,
  type ProviderConnector,
  type ProviderErrorKind,
  type ProviderEvent,
  type WebhookRequest,
} from './provider.ts';
import { CORRELATION_KEYS } from '../correlation.ts';
import { outboundUrlProblem } from '../../domain/outbound-url.ts';
import { parseRetryAfter } from '../../domain/retry-after.ts';

const RETELL_DEFAULT_BASE_URL = 'https://api.retellai.com';
/** Pay-as-you-go workspaces get 20 concurrent calls (§1.1 "Limits"). */
const DEFAULT_CONCURRENCY = 20;
const REQUEST_TIMEOUT_MS = 10_000;
/** The SDK's verify() window, both directions. */
const SIGNATURE_TOLERANCE_MS = 5 * 60_000;
/**
 * How long after a connected call ends its analysis may still come. Past this, reconciliation
 * records what the call object says rather than waiting for ever (see classifyRetellCall).
 */
export const RETELL_ANALYSIS_GRACE_MS = 10 * 60_000;
/** Retell documents a 50 kB cap on `metadata`; keep clear of it. */
const METADATA_BUDGET_BYTES = 40_000;
/** list-calls pages read before giving up on finding a task's call. */
const MAX_LIST_PAGES = 5;
/** Clock skew allowed between Retell's start stamps and ours when skipping older attempts. */
const SINCE_SLACK_MS = 60_000;

/** The metadata keys our correlation ids travel under. */

// ---------------------------------------------------------------------------------------------
// Configuration

export interface RetellConfig {
  readonly kind: 'retell';
  /** An API key with the webhook badge: Retell signs webhooks with it. */
  readonly apiKey: string;
  /** The Retell-bought or imported number calls come from, E.164. */
  readonly fromNumber: string;
  /** `override_agent_id` for every call; null dials with the agent bound to `fromNumber`. */
  readonly agentId: string | null;
  readonly baseUrl: string;
  readonly concurrency: number;
}

const CONFIG_KEYS = new Set(['kind', 'apiKey', 'fromNumber', 'agentId', 'baseUrl', 'concurrency']);
// Printable ASCII without spaces: anything else in a header value is a paste error or injection.
const TOKEN = /^[\x21-\x7E]{1,4096}$/;
const E164 = /^\+[1-9]\d{7,14}$/;

/** Every failing field at once; details never repeat the rejected value (it may be a secret). */
export function parseRetellConfig(input: unknown): { config: RetellConfig } | { errors: FieldError[] } {
  if (!isRecord(input)) return { errors: [{ pointer: '', detail: 'must be an object' }] };
  const errors: FieldError[] = [];
  const fail = (name: string, detail: string) => errors.push({ pointer: pointerOf(name), detail });

  for (const key of Object.keys(input)) if (!CONFIG_KEYS.has(key)) fail(key, 'is not a Retell setting');
  if (input.kind !== 'retell') fail('kind', 'must be "retell"');

  const apiKey = input.apiKey;
  if (apiKey === undefined || apiKey === null || apiKey === '') fail('apiKey', 'is required');
  else if (typeof apiKey !== 'string' || !TOKEN.test(apiKey)) fail('apiKey', 'must be an API key: printable characters, no spaces');

  const fromNumber = input.fromNumber;
  if (fromNumber === undefined || fromNumber === null || fromNumber === '') fail('fromNumber', 'is required');
  else if (typeof fromNumber !== 'string' || !E164.test(fromNumber)) fail('fromNumber', 'must be an E.164 number, e.g. +13035550100');

  const agentId = input.agentId ?? null;
  if (agentId !== null && (typeof agentId !== 'string' || !TOKEN.test(agentId) || agentId.length > 256))
    fail('agentId', 'must be a Retell agent id: printable characters, no spaces');

  let baseUrl = RETELL_DEFAULT_BASE_URL;
  if (input.baseUrl !== undefined && input.baseUrl !== null) {
    const problem = outboundUrlProblem(input.baseUrl);
    if (problem) fail('baseUrl', problem);
    else baseUrl = new URL(input.baseUrl).href.replace(/\/+$/, '');
  }

  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || (concurrency as number) < 1) fail('concurrency', 'must be a positive integer');

  if (errors.length > 0) return { errors };
  return {
    config: {
      kind: 'retell',
      apiKey: apiKey as string,
      fromNumber: fromNumber as string,
      agentId: agentId as string | null,
      baseUrl,
      concurrency: concurrency as number,
    },
  };
}

/** For CLIs and logs: everything but the API key, of which only its presence is shown. */
export function describeRetellConfig(config: RetellConfig): Record<string, unknown> {
  return {
    kind: config.kind,
    apiKey: { configured: true },
    fromNumber: config.fromNumber,
    agentId: config.agentId,
    baseUrl: config.baseUrl,
    concurrency: config.concurrency,
  };
}

// ---------------------------------------------------------------------------------------------
// Classification (pure)

/** Refused before dialling: not a call, not an attempt (§6 item 7 "provider refused"). */
const NOT_DIALLED = new Set(['concurrency_limit_reached', 'no_concurrency_fallback', 'no_valid_payment', 'scam_detected', 'registered_call_timeout']);
/** Rang out, busy or declined: the consumer was reached by nothing but the ring. */
const NO_ANSWER = new Set(['dial_no_answer', 'dial_busy', 'user_declined']);
/**
 * Dialled but never connected: invalid number, carrier or spam block, trunk failure. Counted as
 * attempts (the conservative reading, §6 item 7 "carrier block"); `nativeReason` tells them apart.
 */
const NOT_CONNECTED = new Set([
  'invalid_destination',
  'dial_failed',
  'marked_as_spam',
  'telephony_provider_permission_denied',
  'telephony_provider_unavailable',
  'sip_routing_error',
]);
/** `machine_detected` is the older docs' name for a machine answering (drop_call_if_machine_detected). */
const VOICEMAIL_REASONS = new Set(['voicemail_reached', 'machine_detected']);
const NATIVE_FLAGS: Readonly<Record<string, CallFlag>> = {
  user_hangup: 'CUSTOMER_HANGUP',
  call_transfer: 'SUCCESSFUL_TRANSFER',
  transfer_bridged: 'SUCCESSFUL_TRANSFER',
  transfer_cancelled: 'TRANSFER_FAILED',
};

/**
 * A Retell call object (from get-call, list-calls or a webhook) in Callwise's vocabulary.
 *
 * Calls that never connected (no answer, busy, invalid, blocked, refused) are final as soon as
 * they have a `disconnection_reason`: nobody spoke, so the analysis can add nothing (Retell leaves
 * custom analysis empty then). A call that connected — or errored, which may have been mid-call —
 * is `pending` until `call_analysis` is on it, because whether it was the borrower, a wrong
 * number or voicemail, and any stop or callback request, come only from the analysis. So the
 * `call_ended` and `call_analyzed` events of one call never disagree: one of them is final, or
 * both are and say the same. Given `nowMs`, a connected call whose analysis is more than
 * RETELL_ANALYSIS_GRACE_MS late is recorded from what it has: a conversation unless the call
 * itself says voicemail, IVR or an error (the conservative reading for the 7-in-7 count).
 */
export function classifyRetellCall(native: unknown, nowMs?: number): ProviderCall {
  if (!isRecord(native) || typeof native.call_id !== 'string' || native.call_id === '')
    throw new ProviderError('retell', 'bad_request', 'Retell call object without a call_id');
  const reason = text(native.disconnection_reason);
  const callStatus = text(native.call_status);
  const analysis = isRecord(native.call_analysis) ? native.call_analysis : null;
  const { companyId, taskId } = correlationOf(native.metadata);
  const startMs = millis(native.start_timestamp);
  const endMs = millis(native.end_timestamp);
  const durationMs = typeof native.duration_ms === 'number' && Number.isFinite(native.duration_ms) && native.duration_ms >= 0 ? native.duration_ms : null;

  const call = (status: ProviderCall['status'], outcome: CallOutcome | null, flags: CallFlag[], callbackAt: Date | null = null): ProviderCall => ({
    providerCallId: native.call_id as string,
    companyId,
    taskId,
    status,
    startedAt: startMs === null ? null : new Date(startMs),
    durationSeconds: durationMs === null ? null : Math.round(durationMs / 1000),
    outcome,
    flags: uniqueFlags(flags),
    transcript: text(native.transcript),
    recordingUrl: text(native.recording_url),
    summary: analysis ? text(analysis.call_summary) : null,
    callbackAt,
    nativeReason: reason,
  });

  if (reason !== null && NOT_DIALLED.has(reason)) return call('not_dialled', null, []);
  const over = reason !== null || callStatus === 'ended' || callStatus === 'not_connected' || callStatus === 'error';
  if (!over) return call('pending', null, []);
  if (reason !== null && NO_ANSWER.has(reason)) return call('ended', 'no_answer', ['NO_ANSWER']);
  if ((reason !== null && NOT_CONNECTED.has(reason)) || callStatus === 'not_connected') return call('ended', 'not_connected', []);

  if (!analysis) {
    const lastSeen = endMs ?? startMs;
    const overdue = nowMs !== undefined && (lastSeen === null || nowMs - lastSeen >= RETELL_ANALYSIS_GRACE_MS);
    if (!overdue) return call('pending', null, []);
  }
  const extraction = flagsFromExtraction(analysis?.custom_analysis_data);
  const extracted = extraction.flags;
  if (reason === 'ivr_reached') return call('ended', 'not_connected', ['AUTO_SYSTEM_CONNECT', ...extracted], extraction.callbackAt);
  if ((reason !== null && VOICEMAIL_REASONS.has(reason)) || analysis?.in_voicemail === true)
    return call('ended', 'voicemail', ['VOICEMAIL', ...extracted], extraction.callbackAt);
  // An error ending (`error_*`, status `error`) says nothing about who answered: only an
  // extraction that found something to say makes it a conversation.
  const errored = callStatus === 'error' || (reason !== null && reason.startsWith('error_'));
  if (errored && extracted.length === 0) return call('ended', 'not_connected', []);

  const outcome = conversationOutcome(extracted);
  // LIVE_CONNECT reads as "a conversation" downstream (call-fields.ts), so not for a wrong party.
  const flags: CallFlag[] = ['CONNECT', ...(outcome === 'conversation' ? (['LIVE_CONNECT'] as const) : [])];
  const nativeFlag = reason === null ? undefined : NATIVE_FLAGS[reason];
  if (nativeFlag) flags.push(nativeFlag);
  return call('ended', outcome, [...flags, ...extracted], extraction.callbackAt);
}

function correlationOf(metadata: unknown): { companyId: string | null; taskId: string | null } {
  if (!isRecord(metadata)) return { companyId: null, taskId: null };
  return { companyId: text(metadata[CORRELATION_KEYS.companyId]), taskId: text(metadata[CORRELATION_KEYS.taskId]) };
}

// ---------------------------------------------------------------------------------------------
// Connector

/** Events that carry the call's state; the rest (transcript, transfer legs) are informational. */
const CALL_STATE_EVENTS = new Set(['call_started', 'call_ended', 'call_analyzed']);

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export class RetellConnector implements ProviderConnector {
  readonly kind = 'retell' as const;
  readonly real = true;
  readonly concurrency: number;
  /** Collection calls run minutes; 15 min of call plus the post-call analysis. */
  readonly outcomeExpectedWithinMs = 20 * 60_000;
  private readonly config: RetellConfig;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  /** `requestTimeoutMs` exists for tests; production uses the 10 s default. */
  constructor(config: RetellConfig, deps: { fetch?: typeof fetch; requestTimeoutMs?: number } = {}) {
    this.config = config;
    this.concurrency = config.concurrency;
    this.fetchImpl = deps.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = deps.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  async placeCall(request: DialRequest, signal: AbortSignal): Promise<DialResult> {
    let answer: Answer;
    try {
      answer = await this.send('POST', '/v2/create-phone-call', JSON.stringify(this.createCallBody(request)), signal);
    } catch (err) {
      // The request may have reached Retell and dialled: reconcile before dialling again.
      return { kind: 'unknown', reason: `create-phone-call: ${failureLabel(err, signal, this.timeoutMs)}` };
    }
    if (answer.status >= 200 && answer.status < 300) {
      const body = parseJson(answer.text);
      const id = isRecord(body) && typeof body.call_id === 'string' && body.call_id !== '' ? body.call_id : null;
      return id ? { kind: 'placed', providerCallId: id } : { kind: 'unknown', reason: `create-phone-call answered ${answer.status} without a call_id` };
    }
    if (answer.status >= 400 && answer.status < 500) {
      // Retell answers 4xx before creating a call: validation, key, payment, rate or capacity.
      const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), Date.now());
      return { kind: 'refused', reason: refusalReason(answer.status), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    return { kind: 'unknown', reason: `create-phone-call answered HTTP ${answer.status}` };
  }

  private createCallBody(request: DialRequest): Record<string, unknown> {
    return {
      from_number: this.config.fromNumber,
      to_number: request.toPhoneNumber,
      ...(this.config.agentId === null ? {} : { override_agent_id: this.config.agentId }),
      // Per-call agent settings, without touching the lender's agent: the webhook URL replaces the
      // agent's and account's for this call only; the call is ended before lawful time runs out.
      agent_override: {
        agent: {
          ...(request.webhookUrl === null ? {} : { webhook_url: request.webhookUrl }),
          max_call_duration_ms: Math.max(60, request.context.callMaxSeconds) * 1000,
        },
      },
      retell_llm_dynamic_variables: agentVariables(request.context),
      metadata: metadataFor(request),
    };
  }

  verifyWebhook(request: WebhookRequest, nowMs: number): boolean {
    try {
      const header = request.headers['x-retell-signature'];
      if (typeof header !== 'string') return false;
      const match = /^v=(\d{1,16}),d=([0-9a-fA-F]{64})$/.exec(header.trim());
      if (!match) return false;
      const stamp = Number(match[1]);
      if (!Number.isSafeInteger(stamp) || !Number.isFinite(nowMs) || Math.abs(nowMs - stamp) > SIGNATURE_TOLERANCE_MS) return false;
      // The SDK signs `input + timestamp` with the number's own text (no leading zeros).
      const expected = createHmac('sha256', this.config.apiKey)
        .update(request.rawBody + String(stamp))
        .digest();
      const given = Buffer.from(match[2] as string, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    } catch {
      return false;
    }
  }

  parseEvents(request: WebhookRequest): ProviderEvent[] {
    const body = parseJson(request.rawBody);
    if (!isRecord(body)) throw new ProviderError('retell', 'bad_request', 'Retell webhook body is not a JSON object');
    const event = body.event;
    if (typeof event !== 'string' || !/^[a-z_]{1,64}$/.test(event)) throw new ProviderError('retell', 'bad_request', 'Retell webhook body has no event name');
    const native = body.call;
    if (!isRecord(native) || typeof native.call_id !== 'string' || native.call_id === '')
      throw new ProviderError('retell', 'bad_request', 'Retell webhook body has no call object with a call_id');
    const { companyId, taskId } = correlationOf(native.metadata);
    return [
      {
        // Retell retries a delivery up to 3 times with the same body: call id + event is stable.
        dedupeKey: `retell:${native.call_id}:${event}`,
        type: event,
        providerCallId: native.call_id,
        companyId,
        taskId,
        call: CALL_STATE_EVENTS.has(event) ? classifyRetellCall(native) : null,
      },
    ];
  }

  async fetchCall(providerCallId: string, signal: AbortSignal): Promise<ProviderCall | null> {
    const answer = await this.exchange('GET', `/v2/get-call/${encodeURIComponent(providerCallId)}`, undefined, signal, 'get-call');
    // Retell documents 422 ("cannot find requested asset under given api key") for an unknown id.
    if (answer.status === 404 || answer.status === 422) return null;
    expectOk(answer, 'get-call');
    return classifyAnswer(answer, 'get-call');
  }

  async findCallForTask(
    request: { readonly taskId: string; readonly toPhoneNumber: string; readonly since: Date },
    signal: AbortSignal,
  ): Promise<ProviderCall | null> {
    // No start_timestamp filter: a call that is registered but not yet started has none, and it
    // is exactly the call a crash right after placing leaves behind. Older attempts of the same
    // task are skipped below instead.
    const criteria = {
      to_number: { type: 'string', op: 'eq', value: request.toPhoneNumber },
      metadata: [{ type: 'string', op: 'eq', key: CORRELATION_KEYS.taskId, value: request.taskId }],
    };
    let paginationKey: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const body = { filter_criteria: criteria, sort_order: 'descending', limit: 50, ...(paginationKey ? { pagination_key: paginationKey } : {}) };
      const answer = await this.exchange('POST', '/v3/list-calls', JSON.stringify(body), signal, 'list-calls');
      expectOk(answer, 'list-calls');
      const list = parseJson(answer.text);
      if (!isRecord(list) || !Array.isArray(list.items)) throw new ProviderError('retell', 'unavailable', 'Retell list-calls answered without an items list');
      const items: unknown[] = list.items;
      const match = items.find((item) => isRecord(item) && this.isAttemptOf(item, request.taskId, request.since));
      if (isRecord(match)) {
        // list-calls leaves out the transcript and recording; get-call has them.
        const full = await this.fetchCall(match.call_id as string, signal);
        return full ?? classifyRetellCall(match, Date.now());
      }
      if (list.has_more !== true || typeof list.pagination_key !== 'string' || list.pagination_key === '') return null;
      paginationKey = list.pagination_key;
    }
    return null;
  }

  /** Matched on our task id, whatever the server-side filter did, and not from an earlier attempt. */
  private isAttemptOf(item: Record<string, unknown>, taskId: string, since: Date): boolean {
    if (typeof item.call_id !== 'string' || item.call_id === '' || correlationOf(item.metadata).taskId !== taskId) return false;
    const started = millis(item.start_timestamp);
    return started === null || started >= since.getTime() - SINCE_SLACK_MS;
  }

  /** A read: network failures become ProviderError `unavailable`. */
  private async exchange(method: 'GET' | 'POST', path: string, body: string | undefined, signal: AbortSignal, op: string): Promise<Answer> {
    try {
      return await this.send(method, path, body, signal);
    } catch (err) {
      throw new ProviderError('retell', 'unavailable', `Retell ${op}: ${failureLabel(err, signal, this.timeoutMs)}`);
    }
  }

  private async send(method: 'GET' | 'POST', path: string, body: string | undefined, signal: AbortSignal): Promise<Answer> {
    const res = await this.fetchImpl(`${this.config.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.config.apiKey}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
      // The caller's deadline and ours; the body read below is covered too.
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
      // A redirect means a wrong base URL; following it could carry the key elsewhere.
      redirect: 'manual',
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }
}

/**
 * The call's metadata: our ids for correlation plus the whole agent context, for agents and
 * tools that read structured data. Metadata is capped by Retell (50 kB); a context too big for
 * it (a lender's bulky custom fields) is left out rather than have every attempt refused — the
 * agent still gets it through the string variables.
 */
function metadataFor(request: DialRequest): Record<string, unknown> {
  const ids = {
    [CORRELATION_KEYS.companyId]: request.companyId,
    [CORRELATION_KEYS.taskId]: request.taskId,
    [CORRELATION_KEYS.customerId]: request.customerId,
  };
  const full = { ...ids, context: request.context };
  return Buffer.byteLength(JSON.stringify(full)) <= METADATA_BUDGET_BYTES ? full : ids;
}

function refusalReason(status: number): string {
  switch (status) {
    case 400:
      return 'Retell rejected the call request as invalid (400)';
    case 401:
    case 403:
      return `Retell rejected the API key (${status})`;
    case 402:
      return 'Retell requires a valid payment method (402)';
    case 404:
      return 'Retell has no create-phone-call endpoint at the configured base URL (404)';
    case 422:
      return 'Retell could not find the number or agent under this API key (422)';
    case 429:
      return 'Retell rate or concurrency limit reached (429)';
    default:
      return `Retell refused the call (${status})`;
  }
}

function expectOk(answer: Answer, op: string): void {
  if (answer.status >= 200 && answer.status < 300) return;
  const kind: ProviderErrorKind =
    answer.status === 401 || answer.status === 403 ? 'auth_failed' : answer.status === 429 || answer.status >= 500 ? 'unavailable' : 'bad_request';
  throw new ProviderError('retell', kind, `Retell ${op} answered HTTP ${answer.status}`);
}

function classifyAnswer(answer: Answer, op: string): ProviderCall {
  const body = parseJson(answer.text);
  if (!isRecord(body) || typeof body.call_id !== 'string') throw new ProviderError('retell', 'unavailable', `Retell ${op} answered without a call object`);
  return classifyRetellCall(body, Date.now());
}

/** A label for a failed exchange; never the error's own message (it may quote the URL or body). */
function failureLabel(err: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return 'cancelled by the caller';
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (name === 'AbortError') return 'aborted';
  return 'connection failed';
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function millis(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}
