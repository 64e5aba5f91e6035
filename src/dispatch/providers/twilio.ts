/**
 * Raw Twilio Programmable Voice (dispatch-and-voice.md §1.5): the lender hosts its own agent as a
 * TwiML app; Callwise places the call through the REST API and learns its fate from status
 * callbacks (or by fetching the call resource).
 *
 * Wire shapes, as documented by Twilio (REST API 2010-04-01, twilio-node `CallListInstance` and
 * `webhooks.ts`):
 * - create: `POST /2010-04-01/Accounts/{AccountSid}/Calls.json`, HTTP Basic (sid:token),
 *   form-encoded `To`, `From`, `Url`, `StatusCallback`, `StatusCallbackEvent` (one parameter per
 *   value), `MachineDetection`, `TimeLimit`; answers the call resource (`sid`, `status`…) or an
 *   error `{code, message, more_info, status}`.
 * - get: `GET …/Calls/{CallSid}.json`; list: `GET …/Calls.json?To=&From=&StartTime>=YYYY-MM-DD`,
 *   paged by `next_page_uri`.
 * - status callback: a form POST with `CallSid`, `CallStatus`, `CallDuration`, `AnsweredBy`,
 *   `SipResponseCode`, `SequenceNumber`…, signed in `X-Twilio-Signature`.
 *
 * Twilio echoes nothing of ours on the call resource, so our ids travel in the query strings of
 * the TwiML `Url` and of the `StatusCallback` URL; Twilio signs the callback URL, query included.
 * Raw Twilio has no post-call analysis: flags come from `CallStatus` and `AnsweredBy` only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallFlag, CallOutcome } from '../../domain/call-fields.ts';
import { pointerOf, type FieldError } from '../../domain/errors.ts';
import type { AgentContext } from '../agent-context.ts';
import { conversationOutcome, uniqueFlags } from '../extraction.ts';
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

const DEFAULT_BASE_URL = 'https://api.twilio.com';
const DEFAULT_CONCURRENCY = 10;
const REQUEST_TIMEOUT_MS = 10_000;
/** A collection call rarely passes 15 minutes; Twilio may also hold it in its queue a while. */
const OUTCOME_EXPECTED_WITHIN_MS = 20 * 60_000;
/** Twilio's default and usual ceiling for `TimeLimit` (4 hours). */
const MAX_TIME_LIMIT_S = 4 * 3600;
/** Our clock and Twilio's differ a little; a call stamped this much before the lease is still ours. */
const CLOCK_SKEW_MS = 60_000;
/** A number is called a few times a week: five pages of 100 calls since the lease is plenty. */
const MAX_LIST_PAGES = 5;

/** Query parameters carrying our correlation on the TwiML and status-callback URLs. */
const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/i;
const CALL_SID = /^CA[0-9a-f]{32}$/i;
const E164 = /^\+[1-9]\d{6,14}$/;
/** Printable ASCII without spaces: the token goes into an Authorization header. */
const TOKEN = /^[\x21-\x7e]{16,256}$/;
/** Base64 of a 20-byte HMAC-SHA1. */
const SIGNATURE = /^[A-Za-z0-9+/]{27}=$/;

export interface TwilioConfig {
  readonly kind: 'twilio';
  readonly accountSid: string;
  /** Secret: authenticates API calls and signs status callbacks. */
  readonly authToken: string;
  /** The caller id, E.164: a Twilio number or a verified caller id of the account. */
  readonly fromNumber: string;
  /** The lender's TwiML app (its agent); https, or http to loopback for local tests. */
  readonly twimlUrl: string;
  /** `MachineDetection=Enable`, so completed calls say human, machine or fax (default true). */
  readonly machineDetection: boolean;
  readonly baseUrl: string;
  /**
   * Calls we keep in flight (default 10). Twilio's own default limit is a rate, 1 call per second
   * per account (CPS), and calls beyond it wait in Twilio's queue instead of being refused
   * (§1.5 TW5): keep this modest or calls sit queued and start late.
   */
  readonly concurrency: number;
}

const CONFIG_FIELDS = new Set(['kind', 'accountSid', 'authToken', 'fromNumber', 'twimlUrl', 'machineDetection', 'baseUrl', 'concurrency']);

/** Validates a Twilio configuration, naming every failing field; details never repeat a value. */
export function parseTwilioConfig(input: unknown): { config: TwilioConfig } | { errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { errors: [{ pointer: '', detail: 'must be an object' }] };
  const raw = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const fail = (field: string, detail: string) => errors.push({ pointer: pointerOf(field), detail });

  for (const key of Object.keys(raw)) if (!CONFIG_FIELDS.has(key)) fail(key, 'is not a Twilio setting');
  if (raw.kind !== 'twilio') fail('kind', "must be 'twilio'");
  if (typeof raw.accountSid !== 'string' || !ACCOUNT_SID.test(raw.accountSid)) fail('accountSid', 'must be an account SID: AC and 32 hexadecimal digits');
  if (typeof raw.authToken !== 'string' || !TOKEN.test(raw.authToken))
    fail('authToken', 'must be the account auth token (16–256 printable characters, no spaces)');
  if (typeof raw.fromNumber !== 'string' || !E164.test(raw.fromNumber)) fail('fromNumber', 'must be an E.164 number, e.g. +15551234567');
  const twimlProblem = outboundUrlProblem(raw.twimlUrl, { queryAllowed: true });
  if (twimlProblem) fail('twimlUrl', twimlProblem);
  if (raw.machineDetection !== undefined && typeof raw.machineDetection !== 'boolean') fail('machineDetection', 'must be true or false');
  const baseProblem = raw.baseUrl === undefined ? null : outboundUrlProblem(raw.baseUrl);
  if (baseProblem) fail('baseUrl', baseProblem);
  if (raw.concurrency !== undefined && !(Number.isSafeInteger(raw.concurrency) && (raw.concurrency as number) > 0))
    fail('concurrency', 'must be a positive integer');

  if (errors.length > 0) return { errors };
  return {
    config: {
      kind: 'twilio',
      accountSid: raw.accountSid as string,
      authToken: raw.authToken as string,
      fromNumber: raw.fromNumber as string,
      twimlUrl: raw.twimlUrl as string,
      machineDetection: (raw.machineDetection as boolean | undefined) ?? true,
      baseUrl: ((raw.baseUrl as string | undefined) ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      concurrency: (raw.concurrency as number | undefined) ?? DEFAULT_CONCURRENCY,
    },
  };
}

/** The configuration for display: the auth token only as configured, the TwiML query hidden (it may hold the lender's key). */
export function describeTwilioConfig(config: TwilioConfig): Record<string, unknown> {
  const twiml = new URL(config.twimlUrl);
  return {
    kind: config.kind,
    accountSid: config.accountSid,
    authToken: { configured: true },
    fromNumber: config.fromNumber,
    twimlUrl: `${twiml.origin}${twiml.pathname}`,
    machineDetection: config.machineDetection,
    baseUrl: config.baseUrl,
    concurrency: config.concurrency,
  };
}

/** What Twilio says about one call, from the call resource or a status callback, before classification. */
export interface TwilioCallFacts {
  readonly callSid: string;
  /** `status` / `CallStatus`: queued, initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled. */
  readonly status: string;
  /** `answered_by` / `AnsweredBy` (machine detection only): human, machine_start, machine_end_*, fax, unknown. */
  readonly answeredBy: string | null;
  readonly durationSeconds: number | null;
  readonly startedAt: Date | null;
  readonly sipResponseCode: number | null;
  /**
   * Whether Twilio got as far as dialling: the resource has a start time ("empty if the call has
   * not yet been dialed"), or the callback is not the first of the call (we subscribe to
   * `initiated`, which Twilio sends once it starts dialling).
   */
  readonly dialled: boolean;
  readonly recordingUrl: string | null;
  readonly companyId: string | null;
  readonly taskId: string | null;
}

/**
 * A call in Callwise's vocabulary (§1.6 crosswalk, §6 item 7). Completed calls are split by
 * `AnsweredBy`: human → conversation (CONNECT, LIVE_CONNECT); machine_* → voicemail; fax → an
 * automated system, not connected; no verdict (detection off or `unknown`) → answered but not
 * known to be live, recorded as a conversation — the conservative reading for 7-in-7 (as
 * call-fields.ts does when nothing tells). Busy and no-answer → NO_ANSWER. Failed was dialled and
 * counts (invalid numbers and carrier blocks show as SIP codes in the native reason). Canceled
 * before dialling is no call at all; canceled while ringing is an unanswered attempt.
 */
export function classifyTwilioCall(facts: TwilioCallFacts): ProviderCall {
  const base = {
    providerCallId: facts.callSid,
    companyId: facts.companyId,
    taskId: facts.taskId,
    startedAt: facts.startedAt,
    durationSeconds: facts.durationSeconds,
    transcript: null,
    recordingUrl: facts.recordingUrl,
    summary: null,
    callbackAt: null,
    nativeReason: nativeReason(facts),
  };
  const ended = (outcome: CallOutcome, flags: CallFlag[]): ProviderCall => ({ ...base, status: 'ended', outcome, flags: uniqueFlags(flags) });
  switch (facts.status) {
    case 'completed': {
      if (facts.answeredBy === 'human') {
        const flags: CallFlag[] = ['CONNECT', 'LIVE_CONNECT'];
        return ended(conversationOutcome(flags), flags);
      }
      if (facts.answeredBy?.startsWith('machine_')) return ended('voicemail', ['VOICEMAIL']);
      if (facts.answeredBy === 'fax') return ended('not_connected', ['AUTO_SYSTEM_CONNECT']);
      return ended('conversation', ['CONNECT']);
    }
    case 'busy':
    case 'no-answer':
      return ended('no_answer', ['NO_ANSWER']);
    case 'failed':
      return ended('not_connected', []);
    case 'canceled':
      return facts.dialled ? ended('no_answer', ['NO_ANSWER']) : { ...base, status: 'not_dialled', outcome: null, flags: [] };
    default:
      // queued, initiated, ringing, in-progress — and any status Twilio adds later: not over yet
      // as far as we can tell; reconciliation asks again.
      return { ...base, status: 'pending', outcome: null, flags: [] };
  }
}

function nativeReason(facts: TwilioCallFacts): string {
  const parts = [facts.status];
  if (facts.answeredBy) parts.push(`answered_by=${facts.answeredBy}`);
  if (facts.sipResponseCode !== null) parts.push(`sip=${facts.sipResponseCode}`);
  return parts.join(' ');
}

/** Twilio error codes worth naming in a refusal (twilio.com/docs/api/errors); others show as numbers. */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  20003: 'authentication failed',
  20404: 'account or resource not found',
  20429: 'too many requests',
  21210: 'From number not verified for this account',
  21211: 'invalid To number',
  21212: 'invalid From number',
  21215: 'geographic permissions do not allow this destination',
};

type Sent = { ok: true; status: number; headers: Headers; text: string } | { ok: false; reason: string };

export class TwilioConnector implements ProviderConnector {
  readonly kind = 'twilio';
  readonly real = true;
  readonly concurrency: number;
  readonly outcomeExpectedWithinMs = OUTCOME_EXPECTED_WITHIN_MS;
  private readonly config: TwilioConfig;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly authorization: string;

  /** `now` and `timeoutMs` exist for tests (a fixed clock, a short timeout). */
  constructor(config: TwilioConfig, deps: { fetch?: typeof fetch; now?: () => number; timeoutMs?: number } = {}) {
    this.config = config;
    this.concurrency = config.concurrency;
    this.fetchImpl = deps.fetch ?? globalThis.fetch;
    this.now = deps.now ?? Date.now;
    this.timeoutMs = deps.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  }

  async placeCall(request: DialRequest, signal: AbortSignal): Promise<DialResult> {
    const timeLimit = timeLimitSeconds(request.context, this.now());
    // The context says when the call must be over; a call that could not even start in time is not placed.
    if (timeLimit !== null && timeLimit <= 0) return { kind: 'refused', reason: 'the call window in the agent context has closed; not sent to twilio' };

    const ids = { [CORRELATION_KEYS.companyId]: request.companyId, [CORRELATION_KEYS.taskId]: request.taskId };
    const form = new URLSearchParams({
      To: request.toPhoneNumber,
      From: this.config.fromNumber,
      // The TwiML app gets the customer id too, to fetch GET /customers/{id}/agent-context: the
      // context itself (names, balances) stays out of URLs, which Twilio logs.
      Url: withQuery(this.config.twimlUrl, { ...ids, [CORRELATION_KEYS.customerId]: request.customerId }),
    });
    if (request.webhookUrl !== null) {
      form.set('StatusCallback', withQuery(request.webhookUrl, ids));
      form.set('StatusCallbackMethod', 'POST');
      for (const event of STATUS_CALLBACK_EVENTS) form.append('StatusCallbackEvent', event);
    }
    if (this.config.machineDetection) form.set('MachineDetection', 'Enable');
    if (timeLimit !== null) form.set('TimeLimit', String(Math.min(timeLimit, MAX_TIME_LIMIT_S)));

    const sent = await this.send('POST', this.apiUrl('/Calls.json'), form, signal);
    if (!sent.ok) return { kind: 'unknown', reason: `twilio create call: ${sent.reason}` };
    if (sent.status >= 200 && sent.status < 300) {
      const sid = (readJson(sent.text) as { sid?: unknown } | undefined)?.sid;
      if (typeof sid === 'string' && CALL_SID.test(sid)) return { kind: 'placed', providerCallId: sid };
      return { kind: 'unknown', reason: `twilio create call: HTTP ${sent.status} without a call SID` };
    }
    // Twilio creates no call resource when it answers 4xx (validation, auth, 429 rate limit).
    if (sent.status >= 400 && sent.status < 500) {
      const retryAfterMs = sent.status === 429 ? parseRetryAfter(sent.headers.get('retry-after'), this.now()) : undefined;
      const reason = `twilio refused the call: HTTP ${sent.status}${errorCodeText(sent.text)}`;
      return retryAfterMs === undefined ? { kind: 'refused', reason } : { kind: 'refused', reason, retryAfterMs };
    }
    return { kind: 'unknown', reason: `twilio create call: HTTP ${sent.status}${errorCodeText(sent.text)}` };
  }

  /**
   * TW3: base64 HMAC-SHA1 keyed with the auth token over the exact URL followed by every POST
   * parameter sorted by name, name then value (repeated names: each distinct value, sorted — as
   * twilio-node's validateRequest does). Like twilio-node, the URL is tried with and without its
   * port, because Twilio's signing is inconsistent about default ports. Twilio signs no timestamp,
   * so nothing can be stale: `nowMs` is unused and a replay is caught by the dedupe key instead.
   * The `bodySHA256` variant is for JSON bodies, which status callbacks never are: refused here.
   */
  verifyWebhook(request: WebhookRequest, _nowMs: number): boolean {
    try {
      const header = request.headers['x-twilio-signature'];
      if (typeof header !== 'string' || !SIGNATURE.test(header)) return false;
      const given = Buffer.from(header, 'base64');
      if (new URL(request.url).searchParams.has('bodySHA256')) return false;
      const params = signedParamText(request.rawBody);
      let valid = false;
      for (const url of signedUrlVariants(request.url)) {
        const expected = createHmac('sha1', this.config.authToken)
          .update(url + params, 'utf8')
          .digest();
        // Every variant is compared, so the time taken does not say which one matched.
        valid = timingSafeEqual(expected, given) || valid;
      }
      return valid;
    } catch {
      return false;
    }
  }

  parseEvents(request: WebhookRequest): ProviderEvent[] {
    if (/^\s*[[{]/.test(request.rawBody)) throw new ProviderError('twilio', 'bad_request', 'not a twilio status callback: expected a form body');
    const params = new URLSearchParams(request.rawBody);
    const callSid = params.get('CallSid') ?? '';
    const status = params.get('CallStatus') ?? '';
    if (!CALL_SID.test(callSid)) throw new ProviderError('twilio', 'bad_request', 'not a twilio status callback: no valid CallSid');
    if (!/^[a-z-]{1,40}$/.test(status)) throw new ProviderError('twilio', 'bad_request', 'not a twilio status callback: no valid CallStatus');
    const sequence = params.get('SequenceNumber') ?? '';
    const ids = idsFromUrl(request.url);
    const call = classifyTwilioCall({
      callSid,
      status,
      answeredBy: nonEmpty(params.get('AnsweredBy')),
      durationSeconds: wholeNumber(params.get('CallDuration')),
      // Callbacks carry the event time (`Timestamp`), not the call's start.
      startedAt: null,
      sipResponseCode: wholeNumber(params.get('SipResponseCode')),
      // Without a sequence number we cannot tell, and count the call (the conservative choice).
      dialled: /^\d+$/.test(sequence) ? Number(sequence) > 0 : true,
      recordingUrl: httpsUrl(params.get('RecordingUrl')),
      ...ids,
    });
    // SequenceNumber orders a call's callbacks and repeats on redelivery; CallStatus stands in for it when absent.
    const dedupeKey = `${callSid}:${/^\d+$/.test(sequence) ? sequence : status}`;
    return [{ dedupeKey, type: status, providerCallId: callSid, ...ids, call }];
  }

  async fetchCall(providerCallId: string, signal: AbortSignal): Promise<ProviderCall | null> {
    // Anything else is not a Twilio call id, and must not reach the URL path.
    if (!CALL_SID.test(providerCallId)) return null;
    const sent = await this.send('GET', this.apiUrl(`/Calls/${providerCallId}.json`), null, signal);
    if (sent.ok && sent.status === 404) return null;
    const facts = factsFromResource(this.okJson(sent, 'get call'));
    if (!facts) throw new ProviderError('twilio', 'unavailable', 'twilio get call: the answer is not a call resource');
    return classifyTwilioCall(facts);
  }

  /**
   * Twilio echoes none of our ids on the call resource (the callback URL carrying them is not
   * readable back), so the task's call is found the only way the list API allows: calls to the
   * task's number from our caller id, started on or after the lease day (`StartTime>=`), plus
   * the ones still queued — a queued call has no start time, so the date filter would miss
   * exactly the call a crash left behind. The earliest such call created since the lease is
   * taken to be the task's: one call per customer is in flight at a time, and another task for
   * the same number would not be dialled before this one is reconciled.
   */
  async findCallForTask(
    request: { readonly taskId: string; readonly toPhoneNumber: string; readonly since: Date },
    signal: AbortSignal,
  ): Promise<ProviderCall | null> {
    const common = { To: request.toPhoneNumber, From: this.config.fromNumber, PageSize: '100' };
    const found = new Map<string, { facts: TwilioCallFacts; at: number }>();
    const filters: Array<Record<string, string>> = [{ 'StartTime>': request.since.toISOString().slice(0, 10) }, { Status: 'queued' }];
    for (const filter of filters) {
      for (const resource of await this.listCalls(new URLSearchParams({ ...common, ...filter }), signal)) {
        const facts = factsFromResource(resource);
        const at = facts?.startedAt?.getTime() ?? instant((resource as { date_created?: unknown }).date_created);
        if (facts && Number.isFinite(at) && at >= request.since.getTime() - CLOCK_SKEW_MS) found.set(facts.callSid, { facts, at });
      }
    }
    const first = [...found.values()].sort((a, b) => a.at - b.at)[0];
    return first ? classifyTwilioCall(first.facts) : null;
  }

  private async listCalls(query: URLSearchParams, signal: AbortSignal): Promise<unknown[]> {
    const calls: unknown[] = [];
    let url: string | null = this.apiUrl(`/Calls.json?${query.toString()}`);
    for (let page = 0; url !== null && page < MAX_LIST_PAGES; page++) {
      const body = this.okJson(await this.send('GET', url, null, signal), 'list calls') as { calls?: unknown; next_page_uri?: unknown };
      if (!Array.isArray(body?.calls)) throw new ProviderError('twilio', 'unavailable', 'twilio list calls: the answer is not a call list');
      calls.push(...(body.calls as unknown[]));
      url = typeof body.next_page_uri === 'string' && body.next_page_uri !== '' ? this.sameOrigin(body.next_page_uri) : null;
    }
    return calls;
  }

  /** A page link resolved against the API base; one pointing elsewhere is not followed with our credentials. */
  private sameOrigin(uri: string): string | null {
    const base = new URL(this.config.baseUrl);
    const next = new URL(uri, base);
    return next.origin === base.origin ? next.toString() : null;
  }

  /** The parsed 2xx JSON body, or the ProviderError the answer amounts to. */
  private okJson(sent: Sent, op: string): unknown {
    if (!sent.ok) throw new ProviderError('twilio', 'unavailable', `twilio ${op}: ${sent.reason}`);
    if (sent.status === 401 || sent.status === 403)
      throw new ProviderError('twilio', 'auth_failed', `twilio ${op}: HTTP ${sent.status}${errorCodeText(sent.text)}`);
    if (sent.status < 200 || sent.status >= 300)
      throw new ProviderError('twilio', 'unavailable', `twilio ${op}: HTTP ${sent.status}${errorCodeText(sent.text)}`);
    const body = readJson(sent.text);
    if (body === undefined) throw new ProviderError('twilio', 'unavailable', `twilio ${op}: the answer is not JSON`);
    return body;
  }

  private apiUrl(path: string): string {
    return `${this.config.baseUrl}/2010-04-01/Accounts/${this.config.accountSid}${path}`;
  }

  /** One HTTP exchange, body read included, bounded by our timeout and the caller's signal; never throws. */
  private async send(method: 'GET' | 'POST', url: string, form: URLSearchParams | null, signal: AbortSignal): Promise<Sent> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.fetchImpl(url, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: form.toString() } : {}),
        // A redirect is not part of Twilio's API; following one would resend the credentials.
        redirect: 'manual',
        signal: AbortSignal.any([signal, timeout]),
      });
      return { ok: true, status: response.status, headers: response.headers, text: await response.text() };
    } catch (err) {
      if (timeout.aborted) return { ok: false, reason: `no answer within ${this.timeoutMs} ms` };
      if (signal.aborted) return { ok: false, reason: 'aborted' };
      // Only the error code: messages may repeat the URL.
      const code = (err as { cause?: { code?: unknown } }).cause?.code;
      return { ok: false, reason: typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? `network error ${code}` : 'network error' };
    }
  }
}

/** Whole seconds left before the context's `callMustEndBy`, or null when it sets no bound. */
function timeLimitSeconds(context: AgentContext, nowMs: number): number | null {
  const at = context.callMustEndBy ? Date.parse(context.callMustEndBy.at) : Number.NaN;
  const untilLawfulEnds = Number.isFinite(at) ? Math.floor((at - nowMs) / 1000) : null;
  // The company's longest call, and never past the end of lawful time.
  return untilLawfulEnds === null ? context.callMaxSeconds : Math.min(untilLawfulEnds, context.callMaxSeconds);
}

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

function idsFromUrl(raw: string): { companyId: string | null; taskId: string | null } {
  try {
    const query = new URL(raw).searchParams;
    return { companyId: nonEmpty(query.get(CORRELATION_KEYS.companyId)), taskId: nonEmpty(query.get(CORRELATION_KEYS.taskId)) };
  } catch {
    return { companyId: null, taskId: null };
  }
}

/** The parameters as Twilio signs them: names sorted, each name followed by its value (distinct values sorted). */
function signedParamText(rawBody: string): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of new URLSearchParams(rawBody)) {
    const values = byName.get(name) ?? new Set<string>();
    values.add(value);
    byName.set(name, values);
  }
  let text = '';
  for (const name of [...byName.keys()].sort()) for (const value of [...byName.get(name)!].sort()) text += name + value;
  return text;
}

/** The URL as received, normalised, without its port and with the scheme's default port. */
function signedUrlVariants(raw: string): string[] {
  const url = new URL(raw);
  const variants = new Set([raw, url.toString()]);
  const withoutPort = new URL(raw);
  withoutPort.port = '';
  variants.add(withoutPort.toString());
  if (url.port === '') {
    const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
    const port = url.protocol === 'https:' ? 443 : 80;
    variants.add(`${url.protocol}//${auth}${url.host}:${port}${url.pathname}${url.search}${url.hash}`);
  }
  return [...variants];
}

function factsFromResource(body: unknown): TwilioCallFacts | null {
  if (typeof body !== 'object' || body === null) return null;
  const r = body as Record<string, unknown>;
  if (typeof r.sid !== 'string' || !CALL_SID.test(r.sid) || typeof r.status !== 'string' || r.status === '') return null;
  const started = instant(r.start_time);
  const startedAt = Number.isFinite(started) ? new Date(started) : null;
  return {
    callSid: r.sid,
    status: r.status,
    answeredBy: typeof r.answered_by === 'string' ? nonEmpty(r.answered_by) : null,
    durationSeconds: typeof r.duration === 'string' || typeof r.duration === 'number' ? wholeNumber(String(r.duration)) : null,
    startedAt,
    sipResponseCode: null,
    dialled: startedAt !== null,
    recordingUrl: null,
    companyId: null,
    taskId: null,
  };
}

/** Milliseconds of a Twilio time (RFC 2822, e.g. "Tue, 10 Aug 2010 08:02:17 +0000"); NaN when absent or unreadable. */
function instant(value: unknown): number {
  return typeof value === 'string' && value !== '' ? Date.parse(value) : Number.NaN;
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** ", error 21211 (invalid To number)" from a Twilio error body; never its message, which may quote the number. */
function errorCodeText(text: string): string {
  const code = (readJson(text) as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'number' || !Number.isSafeInteger(code)) return '';
  const name = ERROR_NAMES[code];
  return name ? `, error ${code} (${name})` : `, error ${code}`;
}

function nonEmpty(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value.trim();
}

function wholeNumber(value: string | null): number | null {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

function httpsUrl(value: string | null): string | null {
  return value !== null && /^https:\/\/\S+$/.test(value) ? value : null;
}
