/**
 * The voice-provider connector contract: what the dispatcher and the webhook intake need from an
 * AI-voice or telephony provider, whatever its wire looks like (dispatch-and-voice.md §1, §6 item 4).
 *
 * Glossary
 * - Provider: who places the call (Retell, Vapi, Twilio, or the built-in simulator).
 * - Provider call id: the provider's own id for one placed call (Retell `call_id`, Vapi `id`,
 *   Twilio `CallSid`).
 * - Correlation: every call carries our company id and task id in the provider's echo field
 *   (Retell `metadata`, Vapi `assistantOverrides.metadata`, Twilio status-callback query string),
 *   so a webhook or a lookup leads back to the task.
 * - Dialled: the provider tried to reach the consumer. A call the provider refused to start
 *   (capacity, daily cap, no funds) was never dialled: it is not a call and does not count toward
 *   7-in-7 (§6 item 7).
 *
 * Connectors speak HTTP and translate; they never touch the database and hold no policy beyond
 * the provider's own vocabulary. Nothing they log, throw or return as a reason may contain a
 * credential or the consumer's personal data.
 */
import type { CallFlag, CallOutcome } from '../../domain/call-fields.ts';
import type { AgentContext } from '../agent-context.ts';

export type ProviderKind = 'simulator' | 'retell' | 'vapi' | 'twilio';

/** What the dispatcher hands a connector for one attempt. */
export interface DialRequest {
  readonly companyId: string;
  readonly taskId: string;
  readonly customerId: string;
  /** E.164. */
  readonly toPhoneNumber: string;
  /** What the agent needs to talk to the borrower (agent-context.ts). */
  readonly context: AgentContext;
  /**
   * Where the provider should send this call's events, for providers that take a per-call URL
   * (Twilio `StatusCallback`, Vapi `server.url`); null when no public URL is configured, in which
   * case outcomes are fetched (reconciliation) instead.
   */
  readonly webhookUrl: string | null;
}

export type DialResult =
  /** The provider accepted the call; its outcome comes by webhook or by fetchCall. */
  | { readonly kind: 'placed'; readonly providerCallId: string }
  /**
   * The provider answered that it did not and will not dial this call (capacity, rate or daily
   * limit, HTTP 4xx): the task goes back to the queue, nothing is recorded.
   */
  | { readonly kind: 'refused'; readonly reason: string; readonly retryAfterMs?: number }
  /**
   * No answer we can trust (timeout, connection reset, 5xx): the provider may have dialled. The
   * task stays leased and is reconciled (findCallForTask) before anything is dialled again.
   */
  | { readonly kind: 'unknown'; readonly reason: string };

/** A call as the provider reports it, in Callwise's vocabulary. */
export interface ProviderCall {
  readonly providerCallId: string;
  /** Our ids from the echo field, when present. */
  readonly companyId: string | null;
  readonly taskId: string | null;
  /**
   * `pending`: queued, ringing or in progress. `ended`: over, with an outcome.
   * `not_dialled`: the provider ended it without ever dialling (see glossary).
   */
  readonly status: 'pending' | 'ended' | 'not_dialled';
  /** When the call started (or was placed); null while unknown. */
  readonly startedAt: Date | null;
  readonly durationSeconds: number | null;
  /** Set when `status` is `ended`. */
  readonly outcome: CallOutcome | null;
  /** Call flags from the provider's native result and the post-call extraction (extraction.ts). */
  readonly flags: readonly CallFlag[];
  readonly transcript: string | null;
  readonly recordingUrl: string | null;
  readonly summary: string | null;
  /** A callback time the consumer asked for (with `CALLBACK_REQUEST`). */
  readonly callbackAt: Date | null;
  /** The provider's own reason (`dial_no_answer`, `customer-busy`, `no-answer`…), for explanations. */
  readonly nativeReason: string | null;
}

/** One event from a provider webhook body. */
export interface ProviderEvent {
  /**
   * Unique per event and stable across the provider's redeliveries (Retell `call_id`+`event`,
   * Vapi `call.id`+`message.type`(+status), Twilio `CallSid`+`SequenceNumber`): the raw event is
   * stored once under it.
   */
  readonly dedupeKey: string;
  readonly type: string;
  readonly providerCallId: string;
  /** Our ids from the echo field; `companyId` picks the credentials the signature is checked with. */
  readonly companyId: string | null;
  readonly taskId: string | null;
  /** The call as this event reports it; null for events that carry no result (transcript updates). */
  readonly call: ProviderCall | null;
}

/** An inbound webhook request, exactly as received. */
export interface WebhookRequest {
  /** The body's bytes as text, unparsed: signatures cover exactly these. */
  readonly rawBody: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The full public URL the provider posted to (Twilio signs it), query string included. */
  readonly url: string;
}

export interface ProviderConnector {
  readonly kind: ProviderKind;
  /** False only for the simulator: test customers may be dialled only where this is false. */
  readonly real: boolean;
  /** Calls this account may have in flight (the provider's concurrency limit). */
  readonly concurrency: number;
  /** How long after placing a call its outcome is asked for if no webhook has brought it. */
  readonly outcomeExpectedWithinMs: number;
  placeCall(request: DialRequest, signal: AbortSignal): Promise<DialResult>;
  /** True when the request carries a valid, fresh signature of this account. */
  verifyWebhook(request: WebhookRequest, nowMs: number): boolean;
  /**
   * The events in a webhook body, without verifying it (the caller verifies first with the
   * connector of the company the event names). Throws ProviderError `bad_request` on a body that
   * is not the provider's shape.
   */
  parseEvents(request: WebhookRequest): ProviderEvent[];
  /** The call as the provider now reports it; null when the provider has no such call. */
  fetchCall(providerCallId: string, signal: AbortSignal): Promise<ProviderCall | null>;
  /**
   * The call placed for this task, if the provider has one: used after a crash between placing a
   * call and learning its id. Null means the provider has no call for the task.
   */
  findCallForTask(
    request: { readonly taskId: string; readonly toPhoneNumber: string; readonly since: Date },
    signal: AbortSignal,
  ): Promise<ProviderCall | null>;
}

export type ProviderErrorKind = 'bad_request' | 'unavailable' | 'auth_failed' | 'invalid_config';

/** A failure talking to a provider; the message names no credential and no personal data. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: ProviderKind;
  constructor(provider: ProviderKind, kind: ProviderErrorKind, message: string) {
    super(message);
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
  }
}
