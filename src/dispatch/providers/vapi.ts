/**
 * The Vapi connector (dispatch-and-voice.md §1.2): dial with `POST /call`, read one call with
 * `GET /call/{id}`, find a lost call with `GET /call`, and read the Server URL messages
 * (`{message: {type, call, …}}`) Vapi posts while and after a call runs.
 *
 * Shapes are those of Vapi's published OpenAPI document (VapiAI/docs `fern/apis/api/openapi.json`:
 * CreateCallDTO, CreateCustomerDTO, AssistantOverrides, Server, BackoffPlan, Call, Artifact,
 * Analysis, SubscriptionLimits, ServerMessageStatusUpdate, ServerMessageEndOfCallReport) and of
 * `fern/calls/call-ended-reason.mdx` and `fern/calls/call-concurrency.mdx`.
 *
 * Webhook signature. Vapi has no fixed signing scheme: the lender creates an HMAC credential in
 * Vapi (HMACAuthenticationPlan, `fern/server-url/server-authentication.mdx`) and chooses every
 * part of it. Callwise verifies exactly one layout, so the credential must be set to:
 *
 *   type: hmac · secretKey: <webhookSecret> · algorithm: sha256 · signatureEncoding: hex
 *   signatureHeader: x-vapi-signature · timestampHeader: x-vapi-timestamp · includeTimestamp: true
 *   payloadFormat: {timestamp}.{body} · signaturePrefix: (empty) · secretIsBase64: false
 *
 * i.e. `x-vapi-signature` = hex HMAC-SHA256(webhookSecret, `${x-vapi-timestamp}.${rawBody}`).
 * The credential's id goes in `webhookCredentialId` so that a per-call server URL keeps it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { CallFlag } from '../../domain/call-fields.ts';
import type { FieldError } from '../../domain/errors.ts';
import { agentVariables } from '../agent-context.ts';
import { conversationOutcome, flagsFromExtraction, uniqueFlags } from '../extraction.ts';
import {
  ProviderError,
  type DialRequest,
  type DialResult,
  type ProviderCall,
  type ProviderConnector,
  type ProviderEvent,
  type WebhookRequest,
} from './provider.ts';
import { CORRELATION_KEYS } from '../correlation.ts';
import { outboundUrlProblem } from '../../domain/outbound-url.ts';
import { parseRetryAfter } from '../../domain/retry-after.ts';

const VAPI_DEFAULT_BASE_URL = 'https://api.vapi.ai';
/** Vapi's default: 10 concurrent calls per org, inbound and outbound together (call-concurrency.mdx). */
const VAPI_DEFAULT_CONCURRENCY = 10;
const VAPI_SIGNATURE_HEADER = 'x-vapi-signature';
const VAPI_TIMESTAMP_HEADER = 'x-vapi-timestamp';

const REQUEST_TIMEOUT_MS = 10_000;
const SIGNATURE_TOLERANCE_MS = 5 * 60_000;
/** `maxDurationSeconds` defaults to 600; add time for queueing, ringing and the post-call analysis. */
const OUTCOME_EXPECTED_WITHIN_MS = 20 * 60_000;
/** `customer.externalId` and `customer.name` are capped at 40 characters (CreateCustomerDTO). */
const CUSTOMER_FIELD_MAX = 40;
/** The list endpoint's largest page. */
const LIST_LIMIT = 1000;
/** Vapi's clock and ours differ a little: look for the call from a bit before we placed it. */
const LIST_CLOCK_SKEW_MS = 5 * 60_000;
const HASHED_EXTERNAL_ID_PREFIX = 'h_';

export interface VapiConfig {
  readonly kind: 'vapi';
  /** The org's private API key (`Authorization: Bearer`). */
  readonly apiKey: string;
  readonly assistantId: string;
  /** The Vapi phone number calls are placed from. */
  readonly phoneNumberId: string;
  /** The HMAC credential's secret key (see the layout above). */
  readonly webhookSecret: string;
  /**
   * The id of that HMAC credential in Vapi. A per-call `server` override replaces the assistant's
   * server settings, credential included, so it is repeated there; without it Vapi may post
   * unsigned and every webhook is rejected (outcomes then come by reconciliation only).
   */
  readonly webhookCredentialId?: string;
  readonly baseUrl?: string;
  readonly concurrency?: number;
}

const CONFIG_FIELDS = new Set(['kind', 'apiKey', 'assistantId', 'phoneNumberId', 'webhookSecret', 'webhookCredentialId', 'baseUrl', 'concurrency']);
// Header-safe: printable ASCII without spaces (a line break in a key would be header injection).
const SECRET = /^[\x21-\x7E]{1,4096}$/;
const VAPI_ID = /^[A-Za-z0-9_-]{1,100}$/;
const WEBHOOK_SECRET_MIN = 16;

/** Validates a Vapi configuration, reporting every failing field; no message repeats a value. */
export function parseVapiConfig(input: unknown): { config: VapiConfig } | { errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { errors: [{ pointer: '', detail: 'must be an object' }] };
  const raw = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const fail = (field: string, detail: string) => errors.push({ pointer: `/${field}`, detail });

  for (const key of Object.keys(raw))
    if (!CONFIG_FIELDS.has(key)) errors.push({ pointer: `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, detail: 'is not a Vapi setting' });
  if (raw.kind !== 'vapi') fail('kind', "must be 'vapi'");

  const secret = (field: string, minLength: number, what: string) => {
    const value = raw[field];
    if (value === undefined || value === null || value === '') fail(field, `is required: ${what}`);
    else if (typeof value !== 'string' || !SECRET.test(value)) fail(field, 'must be printable ASCII without spaces or line breaks, at most 4096 characters');
    else if (value.length < minLength) fail(field, `must be at least ${minLength} characters`);
  };
  secret('apiKey', 1, 'the Vapi private API key');
  secret('webhookSecret', WEBHOOK_SECRET_MIN, "the secret key of the HMAC credential on the lender's Vapi server URL");

  const id = (field: string, required: boolean, what: string) => {
    const value = raw[field];
    if (value === undefined || value === null) {
      if (required) fail(field, `is required: ${what}`);
    } else if (typeof value !== 'string' || !VAPI_ID.test(value)) fail(field, 'must be a Vapi id (letters, digits, - and _; at most 100 characters)');
  };
  id('assistantId', true, 'the Vapi assistant that talks to the borrower');
  id('phoneNumberId', true, 'the Vapi phone number calls are placed from');
  id('webhookCredentialId', false, 'the HMAC credential id');

  let baseUrl = VAPI_DEFAULT_BASE_URL;
  if (raw.baseUrl !== undefined) {
    const problem = outboundUrlProblem(raw.baseUrl);
    if (problem) fail('baseUrl', problem);
    else baseUrl = (raw.baseUrl as string).replace(/\/+$/, '');
  }

  let concurrency = VAPI_DEFAULT_CONCURRENCY;
  if (raw.concurrency !== undefined) {
    if (typeof raw.concurrency !== 'number' || !Number.isSafeInteger(raw.concurrency) || raw.concurrency < 1) fail('concurrency', 'must be a positive integer');
    else concurrency = raw.concurrency;
  }

  if (errors.length > 0) return { errors };
  return {
    config: {
      kind: 'vapi',
      apiKey: raw.apiKey as string,
      assistantId: raw.assistantId as string,
      phoneNumberId: raw.phoneNumberId as string,
      webhookSecret: raw.webhookSecret as string,
      ...(typeof raw.webhookCredentialId === 'string' ? { webhookCredentialId: raw.webhookCredentialId } : {}),
      baseUrl,
      concurrency,
    },
  };
}

/** For the CLI and logs: everything but the secrets, which show only that they are set. */
export function describeVapiConfig(config: VapiConfig): Record<string, unknown> {
  return {
    kind: 'vapi',
    baseUrl: config.baseUrl ?? VAPI_DEFAULT_BASE_URL,
    assistantId: config.assistantId,
    phoneNumberId: config.phoneNumberId,
    webhookCredentialId: config.webhookCredentialId ?? null,
    concurrency: config.concurrency ?? VAPI_DEFAULT_CONCURRENCY,
    apiKey: { configured: true },
    webhookSecret: { configured: true },
  };
}

/** The documented fields of a Vapi `Call` (or a report merged into one) that Callwise reads. */
export interface VapiCall {
  readonly id: string;
  readonly status?: string;
  readonly endedReason?: string;
  readonly createdAt?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly customer?: { readonly number?: string; readonly externalId?: string };
  readonly assistantOverrides?: { readonly metadata?: Readonly<Record<string, unknown>> };
  readonly artifact?: {
    readonly transcript?: string;
    readonly recordingUrl?: string;
    readonly recording?: { readonly stereoUrl?: string; readonly mono?: { readonly combinedUrl?: string } };
  };
  readonly analysis?: { readonly summary?: string; readonly structuredData?: unknown };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Keeps the fields above that have the documented type; null when there is no call id. */
function readVapiCall(value: unknown): VapiCall | null {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '') return null;
  const customer = isObject(value.customer) ? value.customer : {};
  const overrides = isObject(value.assistantOverrides) ? value.assistantOverrides : {};
  const artifact = isObject(value.artifact) ? value.artifact : {};
  const recording = isObject(artifact.recording) ? artifact.recording : {};
  const mono = isObject(recording.mono) ? recording.mono : {};
  const analysis = isObject(value.analysis) ? value.analysis : {};
  return {
    id: value.id,
    status: text(value.status),
    endedReason: text(value.endedReason),
    createdAt: text(value.createdAt),
    startedAt: text(value.startedAt),
    endedAt: text(value.endedAt),
    customer: { number: text(customer.number), externalId: text(customer.externalId) },
    assistantOverrides: isObject(overrides.metadata) ? { metadata: overrides.metadata } : {},
    artifact: {
      transcript: text(artifact.transcript),
      recordingUrl: text(artifact.recordingUrl),
      recording: { stereoUrl: text(recording.stereoUrl), mono: { combinedUrl: text(mono.combinedUrl) } },
    },
    analysis: { summary: text(analysis.summary), structuredData: analysis.structuredData },
  };
}

/**
 * `customer.externalId` holds our task id so the call is findable in Vapi's own dashboard; it
 * allows 40 characters. Callwise task ids are 34; a longer id is hashed (and then correlation
 * rests on the metadata alone).
 */
export function vapiExternalId(taskId: string): string {
  if (taskId.length <= CUSTOMER_FIELD_MAX && !taskId.startsWith(HASHED_EXTERNAL_ID_PREFIX)) return taskId;
  return (
    HASHED_EXTERNAL_ID_PREFIX +
    createHash('sha256')
      .update(taskId)
      .digest('hex')
      .slice(0, CUSTOMER_FIELD_MAX - HASHED_EXTERNAL_ID_PREFIX.length)
  );
}

function correlation(call: VapiCall): { companyId: string | null; taskId: string | null } {
  const metadata = call.assistantOverrides?.metadata ?? {};
  const externalId = call.customer?.externalId;
  const companyId = text(metadata[CORRELATION_KEYS.companyId]) ?? null;
  const taskId = text(metadata[CORRELATION_KEYS.taskId]) ?? (externalId && !externalId.startsWith(HASHED_EXTERNAL_ID_PREFIX) ? externalId : null);
  return { companyId, taskId };
}

// endedReason families (call-ended-reason.mdx; crosswalk §1.6; outcome table §6 item 7).
/** "Phone never rang": start errors, assistant resolution, a transport that never connected. */
function neverDialled(reason: string): boolean {
  return (
    reason.startsWith('call.start.') ||
    reason.startsWith('call-start-error-') ||
    reason.startsWith('assistant-request-') ||
    reason === 'assistant-not-found' ||
    reason === 'assistant-not-valid' ||
    reason === 'scheduled-call-deleted' ||
    reason.endsWith('-transport-never-connected')
  );
}
/** "Phone rang but no answer": busy counts as no answer (§6 item 7); SIP 408 is a ring timeout. */
const NO_ANSWER = new Set(['customer-did-not-answer', 'customer-busy', 'call.in-progress.error-providerfault-outbound-sip-408-request-timeout']);
/**
 * Dialled but never connected: an invalid number, a carrier block or refusal (SIP 403/480…), a
 * telephony failure. These count as attempts (conservative) with no flag; `nativeReason` tells
 * which, e.g. to mark a number invalid after `twilio-reported-customer-misdialed`.
 */
function notConnected(reason: string): boolean {
  return (
    reason === 'twilio-reported-customer-misdialed' ||
    reason === 'twilio-failed-to-connect-call' ||
    reason === 'vonage-failed-to-connect-call' ||
    reason === 'vonage-rejected' ||
    reason === 'call.in-progress.error-sip-outbound-call-failed-to-connect' ||
    /^call\.in-progress\.error-providerfault-outbound-sip-\d{3}-/.test(reason)
  );
}
/** "Call worked normally, then ended", and transfers, which need someone on the line. */
function answered(reason: string): boolean {
  return (
    reason === 'customer-ended-call' ||
    reason.startsWith('customer-ended-call-') ||
    reason.startsWith('assistant-ended-call') ||
    reason === 'assistant-said-end-call-phrase' ||
    reason === 'assistant-forwarded-call' ||
    reason === 'silence-timed-out' ||
    reason === 'exceeded-max-duration' ||
    reason.startsWith('call.forwarding.') ||
    reason === 'call.in-progress.error-transfer-failed' ||
    reason.startsWith('call.in-progress.error-warm-transfer-')
  );
}
const TRANSFER_FAILED = (reason: string) => reason === 'call.in-progress.error-transfer-failed' || reason.startsWith('call.in-progress.error-warm-transfer-');

function instant(value: string | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/**
 * A Vapi call in Callwise's vocabulary (§6 item 7): the native `status`/`endedReason` give
 * pending / not dialled / no answer / voicemail / not connected / answered, and the post-call
 * extraction (`analysis.structuredData`) adds RPC, DNC, callback and the other flags. Pure.
 */
export function classifyVapiCall(call: VapiCall): ProviderCall {
  const { companyId, taskId } = correlation(call);
  const startedAt = instant(call.startedAt) ?? instant(call.createdAt);
  const started = instant(call.startedAt);
  const ended = instant(call.endedAt);
  const transcript = call.artifact?.transcript?.trim() ? call.artifact.transcript : null;
  const base = {
    providerCallId: call.id,
    companyId,
    taskId,
    startedAt,
    durationSeconds: started && ended ? Math.max(0, Math.round((ended.getTime() - started.getTime()) / 1000)) : null,
    transcript,
    recordingUrl: call.artifact?.recordingUrl ?? call.artifact?.recording?.mono?.combinedUrl ?? call.artifact?.recording?.stereoUrl ?? null,
    summary: call.analysis?.summary?.trim() ? call.analysis.summary : null,
    nativeReason: call.endedReason ?? null,
  };
  // Anything but `ended` (scheduled, queued, ringing, in-progress, forwarding, or a status this
  // code does not know) is still open: the task stays leased rather than being dialled twice.
  if (call.status !== 'ended') return { ...base, status: 'pending', outcome: null, flags: [], callbackAt: null };

  const reason = call.endedReason ?? '';
  if (neverDialled(reason)) return { ...base, status: 'not_dialled', outcome: null, flags: [], callbackAt: null, durationSeconds: null };

  const extraction = flagsFromExtraction(call.analysis?.structuredData);
  const extracted = extraction.flags;
  const spokeWithSomeone = extracted.some((f) => f === 'RPC' || f === 'THIRD_PARTY_CONTACT' || f === 'WRONG_NUMBER');
  const result = (outcome: ProviderCall['outcome'], flags: CallFlag[]): ProviderCall => ({
    ...base,
    status: 'ended',
    outcome,
    flags: uniqueFlags([...flags, ...extracted]),
    callbackAt: extraction.callbackAt,
  });

  // A right-party contact is a conversation whatever the native reason says (call-fields.ts).
  if (NO_ANSWER.has(reason)) return result(extracted.includes('RPC') ? 'conversation' : 'no_answer', ['NO_ANSWER']);
  if (reason === 'voicemail') return result(extracted.includes('RPC') ? 'conversation' : 'voicemail', ['VOICEMAIL']);
  if (notConnected(reason)) return result(extracted.includes('RPC') ? 'conversation' : 'not_connected', []);

  const live = answered(reason);
  // Other reasons (pipeline errors, worker restarts, a manual cancel…) say nothing about the
  // line: a transcript means the call connected (§6 item 7), its absence that it did not.
  if (!live && !transcript) return result(extracted.includes('RPC') ? 'conversation' : 'not_connected', []);
  // Vapi's voicemail detection is optional: an agent that talked to a machine ends the call
  // itself, and only the extraction says it left a message there.
  if (extracted.includes('MESSAGE_LEFT') && !spokeWithSomeone) return result('voicemail', ['VOICEMAIL']);
  const flags: CallFlag[] = live ? ['CONNECT', 'LIVE_CONNECT'] : ['CONNECT'];
  if (TRANSFER_FAILED(reason)) flags.push('TRANSFER_FAILED');
  return result(conversationOutcome(extracted), flags);
}

interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export class VapiConnector implements ProviderConnector {
  readonly kind = 'vapi' as const;
  readonly real = true;
  readonly concurrency: number;
  readonly outcomeExpectedWithinMs = OUTCOME_EXPECTED_WITHIN_MS;
  readonly #config: VapiConfig;
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  /** `requestTimeoutMs` exists for tests; the 10 s default is the contract. */
  constructor(config: VapiConfig, deps: { fetch?: typeof fetch; requestTimeoutMs?: number } = {}) {
    this.#config = config;
    this.#baseUrl = (config.baseUrl ?? VAPI_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.concurrency = config.concurrency ?? VAPI_DEFAULT_CONCURRENCY;
    this.#fetch = deps.fetch ?? globalThis.fetch;
    this.#timeoutMs = deps.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  async #request(method: 'GET' | 'POST', pathAndQuery: string, body: unknown, signal: AbortSignal): Promise<HttpAnswer> {
    const combined = AbortSignal.any([signal, AbortSignal.timeout(this.#timeoutMs)]);
    const response = await this.#fetch(`${this.#baseUrl}${pathAndQuery}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.#config.apiKey}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // A redirect is not Vapi's answer; following it could carry the key elsewhere.
      redirect: 'manual',
      signal: combined,
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  #createCallBody(request: DialRequest): Json {
    const { firstName, lastName } = request.context.customer;
    const name = [firstName, lastName].filter(Boolean).join(' ').trim().slice(0, CUSTOMER_FIELD_MAX).trim();
    return {
      assistantId: this.#config.assistantId,
      phoneNumberId: this.#config.phoneNumberId,
      customer: { number: request.toPhoneNumber, ...(name ? { name } : {}), externalId: vapiExternalId(request.taskId) },
      assistantOverrides: {
        variableValues: agentVariables(request.context),
        // Ended before lawful time runs out (Vapi accepts 10 s to 12 h).
        maxDurationSeconds: Math.min(43_200, Math.max(10, request.context.callMaxSeconds)),
        // Echoed on every call object and message: leads a webhook or a lookup back to the task.
        metadata: { [CORRELATION_KEYS.companyId]: request.companyId, [CORRELATION_KEYS.taskId]: request.taskId, context: request.context },
        ...(request.webhookUrl
          ? {
              server: {
                url: request.webhookUrl,
                ...(this.#config.webhookCredentialId ? { credentialId: this.#config.webhookCredentialId } : {}),
                // Vapi does not retry a failed delivery unless told to; events are deduplicated on
                // our side, so retries are safe. 4xx from us (bad signature, bad body) will not heal.
                backoffPlan: { type: 'exponential', maxRetries: 5, baseDelaySeconds: 2, excludedStatusCodes: [400, 401, 403, 404] },
              },
            }
          : {}),
      },
    };
  }

  async placeCall(request: DialRequest, signal: AbortSignal): Promise<DialResult> {
    let answer: HttpAnswer;
    try {
      answer = await this.#request('POST', '/call', this.#createCallBody(request), signal);
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      return { kind: 'unknown', reason: timedOut ? 'vapi did not answer in time' : 'vapi could not be reached or dropped the connection' };
    }
    const { status } = answer;
    if (status >= 200 && status < 300) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.body);
      } catch {
        return { kind: 'unknown', reason: `vapi answered ${status} with an unreadable body` };
      }
      // call-concurrency.mdx: the created call's answer says when all slots were full.
      if (isObject(parsed) && isObject(parsed.subscriptionLimits) && parsed.subscriptionLimits.concurrencyBlocked === true) {
        return { kind: 'refused', reason: 'vapi concurrency limit reached' };
      }
      const call = readVapiCall(parsed);
      if (!call) return { kind: 'unknown', reason: `vapi answered ${status} without a call id` };
      if (call.status === 'ended' && neverDialled(call.endedReason ?? '')) return { kind: 'refused', reason: refusalReason(call.endedReason ?? '', status) };
      return { kind: 'placed', providerCallId: call.id };
    }
    if (status === 429) {
      const after = parseRetryAfter(answer.headers.get('retry-after'), Date.now());
      return { kind: 'refused', reason: 'vapi rate limit (HTTP 429)', ...(after === undefined ? {} : { retryAfterMs: after }) };
    }
    // 3xx and 4xx: Vapi did not create the call ("client/policy failure (limits, validation,
    // missing resources)" is its documented 400). The body is read only to name the limit.
    if (status < 500) return { kind: 'refused', reason: refusalReason(answer.body, status) };
    return { kind: 'unknown', reason: `vapi server error (HTTP ${status})` };
  }

  verifyWebhook(request: WebhookRequest, nowMs: number): boolean {
    try {
      const signature = request.headers[VAPI_SIGNATURE_HEADER]?.trim();
      const stamp = request.headers[VAPI_TIMESTAMP_HEADER]?.trim();
      if (!signature || !stamp || !/^[0-9a-f]{64}$/i.test(signature) || !/^\d{1,16}$/.test(stamp)) return false;
      // The credential's timestamp unit is not documented: read 13+ digits as milliseconds,
      // fewer as seconds (seconds reach 13 digits only after the year 33658).
      const stampMs = stamp.length >= 13 ? Number(stamp) : Number(stamp) * 1000;
      if (Math.abs(nowMs - stampMs) > SIGNATURE_TOLERANCE_MS) return false;
      const expected = createHmac('sha256', this.#config.webhookSecret).update(`${stamp}.${request.rawBody}`, 'utf8').digest();
      return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
    } catch {
      return false;
    }
  }

  parseEvents(request: WebhookRequest): ProviderEvent[] {
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody);
    } catch {
      throw new ProviderError('vapi', 'bad_request', 'webhook body is not JSON');
    }
    if (!isObject(body) || !isObject(body.message) || typeof body.message.type !== 'string' || body.message.type === '') {
      throw new ProviderError('vapi', 'bad_request', 'webhook body is not a Vapi server message ({message: {type, …}})');
    }
    const message = body.message;
    const type = message.type as string;
    const call = readVapiCall(message.call);

    if (type === 'status-update' || type === 'end-of-call-report') {
      if (!call) throw new ProviderError('vapi', 'bad_request', `${type} message without a call id`);
      const { companyId, taskId } = correlation(call);
      if (type === 'status-update') {
        const status = text(message.status);
        if (!status) throw new ProviderError('vapi', 'bad_request', 'status-update message without a status');
        // The call object inside a message is a snapshot; the message's own fields are newer.
        // An `ended` update comes before the analysis: an outcome taken from it would lack the
        // extraction (a stop request among them). The end-of-call-report that follows carries
        // both; when it never comes, the call is fetched (reconciliation) after the analysis ran.
        const reported = status === 'ended' ? null : classifyVapiCall({ ...call, status });
        return [{ dedupeKey: `${call.id}:status-update:${status}`, type, providerCallId: call.id, companyId, taskId, call: reported }];
      }
      const merged = readVapiCall({
        ...(message.call as Json),
        status: 'ended',
        endedReason: message.endedReason ?? call.endedReason,
        startedAt: message.startedAt ?? call.startedAt,
        endedAt: message.endedAt ?? call.endedAt,
        artifact: message.artifact ?? (message.call as Json).artifact,
        analysis: message.analysis ?? (message.call as Json).analysis,
      }) as VapiCall;
      return [{ dedupeKey: `${call.id}:end-of-call-report`, type, providerCallId: call.id, companyId, taskId, call: classifyVapiCall(merged) }];
    }

    // Informational messages (conversation-update, speech-update, hang, transcript…) repeat per
    // call: the message timestamp, or the body itself, tells one from the next.
    if (!call) return [];
    const { companyId, taskId } = correlation(call);
    const distinct =
      typeof message.timestamp === 'number' ? String(message.timestamp) : createHash('sha256').update(request.rawBody).digest('hex').slice(0, 32);
    return [{ dedupeKey: `${call.id}:${type}:${distinct}`, type, providerCallId: call.id, companyId, taskId, call: null }];
  }

  async fetchCall(providerCallId: string, signal: AbortSignal): Promise<ProviderCall | null> {
    const answer = await this.#get(`/call/${encodeURIComponent(providerCallId)}`, 'call lookup', signal);
    if (answer.status === 404) return null;
    const call = readVapiCall(parseJson(answer.body, 'call lookup'));
    if (!call) throw new ProviderError('vapi', 'unavailable', 'vapi call lookup answered without a call');
    return classifyVapiCall(call);
  }

  async findCallForTask(
    request: { readonly taskId: string; readonly toPhoneNumber: string; readonly since: Date },
    signal: AbortSignal,
  ): Promise<ProviderCall | null> {
    // The list filters by number id, assistant and creation time, not by customer: the task id
    // in the metadata (or the external id) picks our call from the page.
    const query = new URLSearchParams({
      phoneNumberId: this.#config.phoneNumberId,
      assistantId: this.#config.assistantId,
      createdAtGe: new Date(request.since.getTime() - LIST_CLOCK_SKEW_MS).toISOString(),
      limit: String(LIST_LIMIT),
    });
    const answer = await this.#get(`/call?${query.toString()}`, 'call list', signal);
    if (answer.status === 404) throw new ProviderError('vapi', 'unavailable', 'vapi call list answered 404');
    const list = parseJson(answer.body, 'call list');
    if (!Array.isArray(list)) throw new ProviderError('vapi', 'unavailable', 'vapi call list is not an array');
    const externalId = vapiExternalId(request.taskId);
    const matches = list
      .map(readVapiCall)
      .filter((call): call is VapiCall => call !== null)
      .filter((call) => {
        const ids = correlation(call);
        return ids.taskId === request.taskId || call.customer?.externalId === externalId;
      })
      .sort((a, b) => (Date.parse(b.createdAt ?? '') || 0) - (Date.parse(a.createdAt ?? '') || 0));
    if (matches[0]) return classifyVapiCall(matches[0]);
    // A full page may have cut our call off; "no call" must be certain, or the task is dialled twice.
    if (list.length >= LIST_LIMIT) throw new ProviderError('vapi', 'unavailable', 'vapi call list was full; the task call may be beyond it');
    return null;
  }

  /** A GET whose only non-throwing answers are 2xx and 404. */
  async #get(pathAndQuery: string, what: string, signal: AbortSignal): Promise<HttpAnswer> {
    let answer: HttpAnswer;
    try {
      answer = await this.#request('GET', pathAndQuery, undefined, signal);
    } catch {
      throw new ProviderError('vapi', 'unavailable', `vapi ${what} failed: no answer in time or connection lost`);
    }
    if ((answer.status >= 200 && answer.status < 300) || answer.status === 404) return answer;
    if (answer.status === 401 || answer.status === 403)
      throw new ProviderError('vapi', 'auth_failed', `vapi ${what} rejected the API key (HTTP ${answer.status})`);
    if (answer.status === 400) throw new ProviderError('vapi', 'bad_request', `vapi ${what} rejected the request (HTTP 400)`);
    throw new ProviderError('vapi', 'unavailable', `vapi ${what} failed (HTTP ${answer.status})`);
  }
}

function parseJson(body: string, what: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new ProviderError('vapi', 'unavailable', `vapi ${what} answered with an unreadable body`);
  }
}

/** A fixed reason naming the limit hit, never the answer's text (it may echo the request). */
function refusalReason(detail: string, status: number): string {
  if (/concurrency/i.test(detail)) return 'vapi concurrency limit reached';
  if (/daily-limit|daily limit/i.test(detail)) return 'vapi number daily outbound limit reached';
  if (/insufficient-credits|wallet|frozen/i.test(detail)) return 'vapi account cannot pay for calls';
  if (status === 401 || status === 403) return `vapi rejected the API key (HTTP ${status})`;
  if (status >= 200 && status < 300) return 'vapi ended the call before dialling';
  return `vapi refused the call (HTTP ${status})`;
}
