/**
 * The webhook sender loop: sends due deliveries in the server process by default, or on its own
 * (`callwise webhook-sender`), any number of processes against one PostgreSQL (leases use SKIP
 * LOCKED). Woken by NOTIFY when deliveries are queued (PostgreSQL), and by a poll in any case
 * (retries come due without any write; PGlite has no other process to notify it). It never runs
 * on a request's path: an API write only inserts the event and its deliveries.
 */
import { loggableError } from './observability/loggable-error.ts';
import type { WebhookDeliveryService } from './services/webhook-delivery.ts';
import type { DatabaseHandle } from './store/database.ts';
import { WorkLoop, type WorkLoopLog } from './work-loop.ts';

/** Sent by a trigger when deliveries are queued (migration 0010). */
const WEBHOOK_DUE_CHANNEL = 'callwise_webhook_due';
const PRUNE_EVERY_MS = 3_600_000;

export interface WebhookSenderOptions {
  /** Poll interval (default 1 s): the longest a due retry waits without a notification. */
  readonly pollMs?: number;
  /** Deliveries leased at a time (default 50). */
  readonly batchSize?: number;
  /** Deliveries being sent at once by this process (default 200). */
  readonly maxInFlight?: number;
}

export class WebhookSender {
  readonly #service: WebhookDeliveryService;
  readonly #log: WorkLoopLog;
  readonly #batchSize: number;
  readonly #maxInFlight: number;
  readonly #loop: WorkLoop;
  /** Deliveries being sent. Each is awaited on its own: a receiver that hangs holds only its own. */
  readonly #sending = new Set<Promise<void>>();
  #pruner: NodeJS.Timeout | undefined;
  #started = false;

  constructor(service: WebhookDeliveryService, database: DatabaseHandle, log: WorkLoopLog, options: WebhookSenderOptions = {}) {
    this.#service = service;
    this.#log = log;
    this.#batchSize = options.batchSize ?? 50;
    this.#maxInFlight = options.maxInFlight ?? 200;
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
      const leased = await this.#service.lease(Math.min(room, this.#batchSize));
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
      if (leased.length === 0) return;
    }
  }

  /** Stops leasing; waits for the deliveries being sent (their attempts are recorded). */
  async stop(): Promise<void> {
    if (this.#pruner) clearInterval(this.#pruner);
    await this.#loop.stop();
    await Promise.all(this.#sending);
  }
}
