/**
 * The webhook sender loop: sends due deliveries in the server process by default, or on its own
 * (`callwise webhook-sender`), any number of processes against one PostgreSQL (leases use SKIP
 * LOCKED). Woken by NOTIFY when an event some endpoint subscribes to is written or deliveries are
 * queued (PostgreSQL), and by a poll in any case
 * (retries come due without any write; PGlite has no other process to notify it). It never runs
 * on a request's path: an API write only inserts the event; the sender makes its deliveries (the
 * fan-out, services/webhook-delivery.ts) before it leases.
 *
 * Intake keeps priority. In the server the sender shares the process (and, on a small machine, the
 * cores) with the API, and a sender that keeps up costs more CPU than the calls that queue its
 * deliveries. So while the API is busy (observability/api-load.ts: a request in flight, or one
 * within the last 50 ms) it leases at most `busyBatch` deliveries every `busyIntervalMs` — a floor
 * rate — and at full speed as soon as the API is idle. Meanwhile it fans out only a few events
 * when the deliveries it has run short, so the outbox's writes wait too. What waits is the price: a backlog
 * that drains after the load. Under a load that never pauses that backlog would only grow, so the
 * yielding is bounded: once the deliveries it leases had been due longer than `busyMaxLagMs`, the
 * sender runs at full speed until it has caught up, busy API or not. A standalone `callwise
 * webhook-sender` has no API beside it and always runs at full speed; give it other cores, or
 * `nice` it, where it shares a machine with servers (docs/webhooks.md).
 */
import { performance } from 'node:perf_hooks';
import type { ApiLoadReading } from './observability/api-load.ts';
import { loggableError } from './observability/loggable-error.ts';
import type { WebhookDeliveryService } from './services/webhook-delivery.ts';
import type { DatabaseHandle } from './store/database.ts';
import { WorkLoop, type WorkLoopLog } from './work-loop.ts';

/** Sent by triggers when deliveries are queued (migration 0010) and when an event is written for some endpoint (0018). */
const WEBHOOK_DUE_CHANNEL = 'callwise_webhook_due';
const PRUNE_EVERY_MS = 3_600_000;

export interface WebhookSenderOptions {
  /** Poll interval (default 1 s): the longest a due retry waits without a notification. */
  readonly pollMs?: number;
  /** Deliveries leased at a time (default 50). */
  readonly batchSize?: number;
  /** Deliveries being sent at once by this process (default 200). */
  readonly maxInFlight?: number;
  /** The API beside the sender in this process; while it is busy the sender runs at its floor rate. Absent: always full speed. */
  readonly apiLoad?: ApiLoadReading | undefined;
  /** While the API is busy: one lease every this many milliseconds (default 100)… */
  readonly busyIntervalMs?: number;
  /** …of at most this many deliveries (default 10): 100 deliveries a second. */
  readonly busyBatch?: number;
  /** A backlog whose deliveries waited longer than this (default 30 s) is sent at full speed even while the API is busy. */
  readonly busyMaxLagMs?: number;
}

export class WebhookSender {
  readonly #service: WebhookDeliveryService;
  readonly #log: WorkLoopLog;
  readonly #batchSize: number;
  readonly #maxInFlight: number;
  readonly #loop: WorkLoop;
  readonly #apiLoad: ApiLoadReading | undefined;
  readonly #busyIntervalMs: number;
  readonly #busyBatch: number;
  readonly #busyMaxLagMs: number;
  /** The last lease found deliveries that had waited longer than busyMaxLagMs: catching up. */
  #behind = false;
  /** While the API is busy, the next lease is not before this (performance.now()). */
  #nextBusyLeaseAt = 0;
  #busyTimer: NodeJS.Timeout | undefined;
  /** Deliveries being sent. Each is awaited on its own: a receiver that hangs holds only its own. */
  readonly #sending = new Set<Promise<void>>();
  #pruner: NodeJS.Timeout | undefined;
  #started = false;

  constructor(service: WebhookDeliveryService, database: DatabaseHandle, log: WorkLoopLog, options: WebhookSenderOptions = {}) {
    this.#service = service;
    this.#log = log;
    this.#batchSize = options.batchSize ?? 50;
    this.#maxInFlight = options.maxInFlight ?? 200;
    this.#apiLoad = options.apiLoad;
    this.#busyIntervalMs = options.busyIntervalMs ?? 100;
    this.#busyBatch = options.busyBatch ?? 10;
    this.#busyMaxLagMs = options.busyMaxLagMs ?? 30_000;
    this.#loop = new WorkLoop({ database, channel: WEBHOOK_DUE_CHANNEL, pollMs: options.pollMs ?? 1_000, log, name: 'webhook', round: () => this.#round() });
  }

  start(): void {
    this.#started = true;
    this.#loop.start();
    this.#pruner = setInterval(() => {
      this.#service.prune().catch((error: unknown) => this.#log.warn({ err: loggableError(error) }, 'webhook event pruning failed'));
    }, PRUNE_EVERY_MS);
    this.#pruner.unref();
  }

  /** Sends everything due now and waits for the answers; for tests and the bench (without start()). */
  async runOnce(): Promise<void> {
    for (;;) {
      await this.#round();
      if (this.#sending.size === 0) return;
      await Promise.all(this.#sending);
    }
  }

  /**
   * Leases while there is room and something is due; starts each send without waiting for the
   * batch. When a send finishes, the sender looks again: a customer's next event may be waiting
   * only for the one just delivered.
   */
  async #round(): Promise<void> {
    while (!this.#loop.stopped) {
      const room = this.#maxInFlight - this.#sending.size;
      if (room <= 0) {
        await Promise.race(this.#sending);
        continue;
      }
      let limit = Math.min(room, this.#batchSize);
      const yielding = this.#apiLoad?.busy() === true && !this.#behind;
      if (yielding) {
        // The API is busy: one small lease per interval, then the round ends; a timer wakes the
        // loop for the next (or the API went idle, and the next wake runs at full speed).
        const wait = this.#nextBusyLeaseAt - performance.now();
        if (wait > 0) {
          this.#wakeIn(wait);
          return;
        }
        limit = Math.min(limit, this.#busyBatch);
        this.#nextBusyLeaseAt = performance.now() + this.#busyIntervalMs;
      }
      // Yielding, the sender fans out only what it is about to send: a few events when the
      // deliveries made earlier run short. The rest of the outbox waits as events, one row each,
      // and is fanned out once the API is idle or the backlog is too old (busyMaxLagMs).
      const leased = await this.#service.lease(limit, { fanOut: !yielding });
      const fanned = yielding && leased.length < limit ? await this.#service.fanOut(this.#busyBatch) : 0;
      this.#behind = leased.some((delivery) => delivery.waitedMs > this.#busyMaxLagMs);
      for (const delivery of leased) {
        const sending: Promise<void> = this.#service
          .deliver(delivery)
          .catch((error: unknown) => this.#log.warn({ err: loggableError(error) }, 'webhook attempt not recorded; it is sent again when its lease ends'))
          .finally(() => {
            this.#sending.delete(sending);
            if (this.#started) this.#loop.wake();
          });
        this.#sending.add(sending);
      }
      if (leased.length === 0 && fanned === 0) return;
    }
  }

  #wakeIn(ms: number): void {
    if (this.#busyTimer || !this.#started) return;
    this.#busyTimer = setTimeout(() => {
      this.#busyTimer = undefined;
      this.#loop.wake();
    }, ms);
    this.#busyTimer.unref();
  }

  /** Stops leasing; waits for the deliveries being sent (their attempts are recorded). */
  async stop(): Promise<void> {
    if (this.#pruner) clearInterval(this.#pruner);
    if (this.#busyTimer) clearTimeout(this.#busyTimer);
    await this.#loop.stop();
    await Promise.all(this.#sending);
  }
}
