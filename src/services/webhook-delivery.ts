/**
 * Sends what the outbox holds: leases due deliveries (several senders share the queue), signs each
 * per the Standard Webhooks specification with the endpoint's secrets, POSTs it, and records the
 * attempt. At least once: a sender that dies between sending and recording leaves the lease to run
 * out, and the delivery is sent again with the same `webhook-id`, by which receivers deduplicate.
 *
 * Each send is awaited on its own (a receiver that hangs holds only its own delivery), but the
 * attempts are recorded together: whatever finished while the previous flush was being written —
 * or in the same turn of the event loop — is written in one transaction of a few set-based
 * statements (the chains' locks, the deliveries and the log, the endpoints' health when it
 * changes), one commit for many deliveries instead of five round trips and a commit each. A send
 * resolves once its attempt is committed; if the flush fails, every send in it fails, and each
 * delivery is sent again when its lease runs out (at least once, as above).
 */
import type { Metrics } from '../observability/metrics.ts';
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import type { Transactions } from '../store/transactions.ts';
import * as deliveries from '../store/repositories/webhook-deliveries.ts';
import type { AttemptRecord, WebhookDeliveryRow } from '../store/repositories/webhook-deliveries.ts';
import * as endpoints from '../store/repositories/webhook-endpoints.ts';
import type { EndpointHealth, WebhookEndpointRow } from '../store/repositories/webhook-endpoints.ts';
import { fanOut, findEventBodies, hasEventsToFanOut, lockChains, pruneEvents } from '../store/repositories/webhook-events.ts';
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
  /** The most attempts one flush records (default 200). */
  readonly maxFlush?: number;
}

/** A finished send waiting for its flush. */
interface Finished {
  readonly record: AttemptRecord;
  readonly endpoint: WebhookEndpointRow;
  readonly gone: boolean;
  readonly ok: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const DAY_MS = 86_400_000;
/** Events turned into deliveries per transaction. */
const FAN_OUT_BATCH = 500;

/** A leased delivery with what sending it needs. */
export interface LeasedDelivery {
  readonly delivery: WebhookDeliveryRow;
  readonly endpoint: WebhookEndpointRow;
  readonly body: string;
  /** How long the delivery had been due when it was leased (its lag behind the outbox). */
  readonly waitedMs: number;
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
  readonly #maxFlush: number;
  /** Sends finished and not yet being recorded. */
  #finished: Finished[] = [];
  #flushScheduled = false;
  #flushing = false;
  /** Flushes and the attempts in them, for tests and the bench. */
  readonly flushStats = { flushes: 0, attempts: 0 };

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
    this.#maxFlush = options.maxFlush ?? 200;
  }

  /** Leases up to `limit` due deliveries and sends them, together; resolves with how many it leased. */
  async sendDue(limit: number): Promise<number> {
    const leased = await this.lease(limit);
    await Promise.all(leased.map((delivery) => this.deliver(delivery)));
    return leased.length;
  }

  /**
   * Leases up to `limit` due deliveries, each with its endpoint and body, ready to send, after
   * queueing the deliveries of the events written since the last lease (fanOut) unless told not
   * to. A delivery whose endpoint or event was deleted since is left out (its row went with them).
   */
  async lease(limit: number, options: { fanOut?: boolean } = {}): Promise<LeasedDelivery[]> {
    if (options.fanOut !== false) await this.fanOut();
    const now = this.#clock();
    const leased = await this.#tx.run((trx) => deliveries.leaseDue(trx, now, new Date(now.getTime() + this.#leaseMs), limit));
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
      if (endpoint && body !== undefined) ready.push({ delivery, endpoint, body, waitedMs: Math.max(0, now.getTime() - delivery.next_attempt_at.getTime()) });
    }
    return ready;
  }

  /**
   * Turns the events the outbox holds into their deliveries, oldest first, a batch per
   * transaction, until `maxEvents` are done, none is left or another sender has the turn
   * (webhook-events.ts fanOut). Returns how many events it fanned out.
   */
  async fanOut(maxEvents = Infinity): Promise<number> {
    let total = 0;
    while (total < maxEvents && (await hasEventsToFanOut(this.#db))) {
      const batch = Math.min(FAN_OUT_BATCH, maxEvents - total);
      const fanned = await this.#tx.run((trx) => fanOut(trx, batch));
      total += fanned;
      if (fanned < batch) break;
    }
    return total;
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

  /** The attempt's outcome, queued for the next flush; resolves once it is committed. */
  #record(delivery: WebhookDeliveryRow, endpoint: WebhookEndpointRow, result: DeliveryAttempt): Promise<void> {
    const at = this.#clock();
    const gone = result.statusCode === 410;
    // A 410 disables the endpoint; the delivery waits, like every other of that endpoint, until it
    // is enabled again — nothing is dropped because a receiver was retired by mistake.
    const delay = result.ok ? 0 : gone ? retryDelayMs(1, this.#random()) : retryDelayMs(delivery.round_attempts + 1, this.#random(), result.retryAfterMs);
    const status = result.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
    this.#metrics.webhookAttempts.inc({ result: status === 'pending' ? 'retry' : status });
    const error = result.ok ? null : (result.error ?? (result.statusCode === null ? 'no answer' : `answered ${result.statusCode}`));
    const record: AttemptRecord = {
      companyId: delivery.company_id,
      endpointId: delivery.endpoint_id,
      eventId: delivery.event_id,
      customerId: delivery.customer_id,
      number: delivery.attempts + 1,
      at,
      statusCode: result.statusCode,
      latencyMs: Math.round(result.latencyMs),
      error,
      status,
      nextAttemptAt: new Date(at.getTime() + (delay ?? 0)),
    };
    return new Promise((resolve, reject) => {
      this.#finished.push({ record, endpoint, gone, ok: result.ok, resolve, reject });
      this.#scheduleFlush();
    });
  }

  /**
   * A flush starts on the next turn of the event loop (sends that finished in this one join it),
   * and never while another is being written: what finishes meanwhile waits for the next one.
   * The slower the database, the larger the flushes — up to `maxFlush`.
   */
  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#flushing) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#startFlush();
    });
  }

  #startFlush(): void {
    const batch = this.#finished.splice(0, this.#maxFlush);
    if (batch.length === 0) return;
    this.#flushing = true;
    this.#flush(batch)
      .then(
        () => {
          this.flushStats.flushes++;
          this.flushStats.attempts += batch.length;
          for (const f of batch) f.resolve();
        },
        (error: unknown) => {
          for (const f of batch) f.reject(error);
        },
      )
      .finally(() => {
        this.#flushing = false;
        if (this.#finished.length > 0) this.#scheduleFlush();
      });
  }

  /**
   * One transaction: the chain locks of the customers whose heads settle, in one sorted statement
   * (settling a head and adding behind it must not interleave, webhook-events.ts insertEvent);
   * the deliveries, their log lines and the promotions of the chains that settled; then the
   * endpoints' health, once per endpoint and only if it may change.
   */
  async #flush(batch: readonly Finished[]): Promise<void> {
    const customers = new Map<string, { companyId: string; customerId: string }>();
    for (const { record } of batch) {
      // Only a settled head promotes the next of its chain: a retry leaves its chain as it is.
      if (record.customerId !== null && record.status !== 'pending')
        customers.set(keyOf(record.companyId, record.customerId), { companyId: record.companyId, customerId: record.customerId });
    }
    const health = this.#health(batch);
    await this.#tx.run(async (trx) => {
      await lockChains(trx, [...customers.values()]);
      await deliveries.recordAttempts(
        trx,
        batch.map((f) => f.record),
      );
      await endpoints.recordHealth(trx, health);
    });
  }

  /**
   * What the flush tells of each endpoint, in the order the sends finished: a success ends a
   * failing streak, the failures after the last success start one. An endpoint all of whose sends
   * succeeded, and that was not failing when they were leased, is left out: nothing to write.
   */
  #health(batch: readonly Finished[]): EndpointHealth[] {
    const byEndpoint = new Map<
      string,
      { companyId: string; id: string; cleared: boolean; failingSince: Date | null; gone: boolean; at: Date; write: boolean }
    >();
    for (const f of batch) {
      const key = keyOf(f.record.companyId, f.record.endpointId);
      let h = byEndpoint.get(key);
      if (!h) {
        h = {
          companyId: f.record.companyId,
          id: f.record.endpointId,
          cleared: false,
          failingSince: null,
          gone: false,
          at: f.record.at,
          write: f.endpoint.failing_since !== null,
        };
        byEndpoint.set(key, h);
      }
      h.at = f.record.at;
      if (f.ok) {
        h.cleared = true;
        h.failingSince = null;
      } else {
        h.failingSince ??= f.record.at;
        h.gone ||= f.gone;
        h.write = true;
      }
    }
    return [...byEndpoint.values()]
      .filter((h) => h.write)
      .map((h) => ({
        companyId: h.companyId,
        id: h.id,
        cleared: h.cleared,
        failingSince: h.failingSince,
        gone: h.gone,
        at: h.at,
        disableBefore: new Date(h.at.getTime() - this.#disableAfterMs),
      }));
  }

  /** Pending deliveries (an event not yet fanned out counts once) and the age of the oldest, for /metrics. */
  queueStats(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    return deliveries.queueStats(this.#db, this.#clock());
  }

  /**
   * Removes settled events past retention, with their deliveries and attempts, in pages; then the
   * deliveries a write left behind when it raced the delete of their endpoint or event
   * (webhook-deliveries.ts deleteOrphans). Returns how many events went.
   */
  async prune(): Promise<number> {
    const before = new Date(this.#clock().getTime() - this.#retentionMs);
    let total = 0;
    for (;;) {
      const n = await pruneEvents(this.#db, before, 1_000);
      total += n;
      if (n < 1_000) break;
    }
    while ((await deliveries.deleteOrphans(this.#db, 1_000)) === 1_000);
    return total;
  }
}

type Key = { readonly companyId: string; readonly id: string };

const keyOf = (companyId: string, id: string) => `${companyId}\u0000${id}`;

function unique(keys: readonly Key[]): Key[] {
  return [...new Map(keys.map((k) => [keyOf(k.companyId, k.id), k])).values()];
}
