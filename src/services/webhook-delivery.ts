/**
 * Sends what the outbox holds: leases due deliveries (several senders share the queue), signs each
 * per the Standard Webhooks specification with the endpoint's secrets, POSTs it, and records the
 * attempt. At least once: a sender that dies between sending and recording leaves the lease to run
 * out, and the delivery is sent again with the same `webhook-id`, by which receivers deduplicate.
 */
import type { Metrics } from '../observability/metrics.ts';
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import type { Transactions } from '../store/transactions.ts';
import * as deliveries from '../store/repositories/webhook-deliveries.ts';
import type { WebhookDeliveryRow } from '../store/repositories/webhook-deliveries.ts';
import * as endpoints from '../store/repositories/webhook-endpoints.ts';
import type { WebhookEndpointRow } from '../store/repositories/webhook-endpoints.ts';
import { findEventBodies, lockCustomerChains, pruneEvents } from '../store/repositories/webhook-events.ts';
import { postWebhook, type DeliveryAttempt } from '../webhooks/post.ts';
import { retryDelayMs } from '../webhooks/retry-schedule.ts';
import { webhookHeaders } from '../webhooks/signature.ts';
import type { Clock } from './clock.ts';
import { eventBodyContext } from './webhook-events.ts';
import type { WebhookEndpointService } from './webhook-endpoints.ts';

export interface WebhookDeliveryOptions {
  /** A receiver's answer is awaited this long (default 15 s). */
  readonly timeoutMs?: number;
  /** A leased delivery is another sender's to take after this long (default 60 s; above the timeout). */
  readonly leaseMs?: number;
  /** An endpoint every attempt to which has failed this long is disabled (default three days). */
  readonly disableAfterFailingMs?: number;
  /** Events (with their deliveries and attempts) settled and older than this are pruned (default 30 days). */
  readonly retentionMs?: number;
  /** For the backoff's jitter (tests fix it). */
  readonly random?: () => number;
}

const DAY_MS = 86_400_000;

/** A leased delivery with what sending it needs. */
export interface LeasedDelivery {
  readonly delivery: WebhookDeliveryRow;
  readonly endpoint: WebhookEndpointRow;
  readonly body: string;
}

export class WebhookDeliveryService {
  readonly #db: Db;
  readonly #tx: Transactions;
  readonly #keyring: Keyring;
  readonly #endpoints: WebhookEndpointService;
  readonly #clock: Clock;
  readonly #metrics: Metrics;
  readonly #timeoutMs: number;
  readonly #leaseMs: number;
  readonly #disableAfterMs: number;
  readonly #retentionMs: number;
  readonly #random: () => number;

  constructor(deps: {
    db: Db;
    tx: Transactions;
    keyring: Keyring;
    endpoints: WebhookEndpointService;
    clock: Clock;
    metrics: Metrics;
    options?: WebhookDeliveryOptions;
  }) {
    this.#db = deps.db;
    this.#tx = deps.tx;
    this.#keyring = deps.keyring;
    this.#endpoints = deps.endpoints;
    this.#clock = deps.clock;
    this.#metrics = deps.metrics;
    const options = deps.options ?? {};
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#disableAfterMs = options.disableAfterFailingMs ?? 3 * DAY_MS;
    this.#retentionMs = options.retentionMs ?? 30 * DAY_MS;
    this.#random = options.random ?? Math.random;
  }

  /** Leases up to `limit` due deliveries and sends them, together; resolves with how many it leased. */
  async sendDue(limit: number): Promise<number> {
    const leased = await this.lease(limit);
    await Promise.all(leased.map((delivery) => this.deliver(delivery)));
    return leased.length;
  }

  /**
   * Leases up to `limit` due deliveries, each with its endpoint and body, ready to send. A delivery
   * whose endpoint or event was deleted since is left out (its row went with them).
   */
  async lease(limit: number): Promise<LeasedDelivery[]> {
    const now = this.#clock();
    const leased = await deliveries.leaseDue(this.#db, now, new Date(now.getTime() + this.#leaseMs), limit);
    if (leased.length === 0) return [];
    const endpointRows = new Map(
      (await endpoints.findEndpoints(this.#db, unique(leased.map((d) => ({ companyId: d.company_id, id: d.endpoint_id }))))).map((e) => [
        keyOf(e.company_id, e.id),
        e,
      ]),
    );
    const bodies = new Map(
      (await findEventBodies(this.#db, unique(leased.map((d) => ({ companyId: d.company_id, id: d.event_id }))))).map((v) => [
        keyOf(v.company_id, v.id),
        this.#keyring.decrypt(v.body_enc, eventBodyContext(v.company_id, v.id)),
      ]),
    );
    const ready: LeasedDelivery[] = [];
    for (const delivery of leased) {
      const endpoint = endpointRows.get(keyOf(delivery.company_id, delivery.endpoint_id));
      const body = bodies.get(keyOf(delivery.company_id, delivery.event_id));
      if (endpoint && body !== undefined) ready.push({ delivery, endpoint, body });
    }
    return ready;
  }

  /** Sends one leased delivery and records the attempt. */
  async deliver({ delivery, endpoint, body }: LeasedDelivery): Promise<void> {
    await this.#send(delivery, endpoint, body);
  }

  async #send(delivery: WebhookDeliveryRow, endpoint: WebhookEndpointRow, body: string): Promise<void> {
    const headers = webhookHeaders({
      id: delivery.event_id,
      // The wall clock, not the service clock: receivers check it against their own clocks.
      timestampSeconds: Math.floor(Date.now() / 1000),
      body,
      secrets: this.#endpoints.secretsOf(endpoint, this.#clock()),
    });
    const result = await postWebhook({
      url: endpoint.url,
      headers,
      body,
      timeoutMs: this.#timeoutMs,
      allowLoopback: this.#endpoints.options.development,
    });
    this.#metrics.webhookLatency.observe(result.latencyMs / 1000);
    await this.#record(delivery, endpoint, result);
  }

  async #record(delivery: WebhookDeliveryRow, endpoint: WebhookEndpointRow, result: DeliveryAttempt): Promise<void> {
    const at = this.#clock();
    const gone = result.statusCode === 410;
    // A 410 disables the endpoint; the delivery waits, like every other of that endpoint, until it
    // is enabled again — nothing is dropped because a receiver was retired by mistake.
    const delay = result.ok ? 0 : gone ? retryDelayMs(1, this.#random()) : retryDelayMs(delivery.round_attempts + 1, this.#random(), result.retryAfterMs);
    const status = result.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
    this.#metrics.webhookAttempts.inc({ result: status === 'pending' ? 'retry' : status });
    const error = result.ok ? null : (result.error ?? (result.statusCode === null ? 'no answer' : `answered ${result.statusCode}`));
    await this.#tx.run(async (trx) => {
      // Settling a head and adding behind it must not interleave (webhook-events.ts insertEvent).
      if (delivery.customer_id !== null) await lockCustomerChains(trx, delivery.company_id, delivery.customer_id);
      await deliveries.recordAttempt(
        trx,
        { companyId: delivery.company_id, endpointId: delivery.endpoint_id, eventId: delivery.event_id },
        {
          number: delivery.attempts + 1,
          at,
          statusCode: result.statusCode,
          latencyMs: Math.round(result.latencyMs),
          error,
          status,
          nextAttemptAt: new Date(at.getTime() + (delay ?? 0)),
        },
      );
      if (status !== 'pending' && delivery.customer_id !== null)
        await deliveries.promoteNext(trx, delivery.company_id, delivery.endpoint_id, delivery.customer_id);
      if (result.ok) {
        await endpoints.clearFailingStreak(trx, endpoint.company_id, endpoint.id);
        return;
      }
      const health = await endpoints.noteFailure(trx, endpoint.company_id, endpoint.id, at);
      if (!health || health.disabled_at !== null) return;
      const failingFor = health.failing_since ? at.getTime() - health.failing_since.getTime() : 0;
      if (gone || failingFor >= this.#disableAfterMs)
        await endpoints.updateEndpoint(trx, endpoint.company_id, endpoint.id, {
          disabled_at: at,
          disabled_reason: gone ? 'the endpoint answered 410 Gone' : 'every delivery failed for three days',
          updated_at: at,
        });
    });
  }

  /** Pending deliveries and the age of the oldest, for /metrics. */
  queueStats(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    return deliveries.queueStats(this.#db, this.#clock());
  }

  /** Removes settled events past retention, in pages; returns how many went. */
  async prune(): Promise<number> {
    const before = new Date(this.#clock().getTime() - this.#retentionMs);
    let total = 0;
    for (;;) {
      const n = await pruneEvents(this.#db, before, 1_000);
      total += n;
      if (n < 1_000) return total;
    }
  }
}

type Key = { readonly companyId: string; readonly id: string };

const keyOf = (companyId: string, id: string) => `${companyId}\u0000${id}`;

function unique(keys: readonly Key[]): Key[] {
  return [...new Map(keys.map((k) => [keyOf(k.companyId, k.id), k])).values()];
}
