/**
 * The dispatcher loop: claims due tasks, dials them, reconciles expired leases and applies stored
 * provider events — in the server process by default, or on its own (`callwise dispatcher`), any
 * number of processes against one PostgreSQL (claims use SKIP LOCKED, so they never wait on each
 * other). Woken by NOTIFY when a task becomes due now (PostgreSQL), and by a poll in any case
 * (future tasks come due without any write; PGlite has no other process to notify it).
 */
import { loggableError } from './observability/loggable-error.ts';
import type { DatabaseHandle } from './store/database.ts';
import type { DispatchService } from './services/dispatch.ts';
import type { ProviderWebhookService } from './services/provider-webhooks.ts';
import { WorkLoop, type WorkLoopLog } from './work-loop.ts';

/** Sent by a trigger when a task becomes due now (migration 0009). */
const TASK_DUE_CHANNEL = 'callwise_task_due';

export interface DispatcherOptions {
  /** Poll interval (default 1 s): the longest a due task waits without a notification. */
  readonly pollMs?: number;
  /** Tasks claimed per transaction (default 100: on PostgreSQL a claim's fixed costs, its budget lock
   * among them, are then shared by more calls; the bench measured 50 against 100). */
  readonly batchSize?: number;
  /** Calls being placed at once by this process (default 200). */
  readonly maxConcurrentDials?: number;
}

export class Dispatcher {
  readonly #service: DispatchService;
  readonly #webhooks: ProviderWebhookService;
  readonly #log: WorkLoopLog;
  readonly #batchSize: number;
  readonly #maxDials: number;
  readonly #loop: WorkLoop;
  /** Batches of calls being placed, each with its size. */
  readonly #dials = new Map<Promise<unknown>, number>();

  constructor(service: DispatchService, webhooks: ProviderWebhookService, database: DatabaseHandle, log: WorkLoopLog, options: DispatcherOptions = {}) {
    this.#service = service;
    this.#webhooks = webhooks;
    this.#log = log;
    this.#batchSize = options.batchSize ?? 100;
    this.#maxDials = options.maxConcurrentDials ?? 200;
    // A failed round is logged and the next wake tries again (the database may be away).
    this.#loop = new WorkLoop({ database, channel: TASK_DUE_CHANNEL, pollMs: options.pollMs ?? 1_000, log, name: 'dispatch', round: () => this.#round() });
  }

  start(): void {
    this.#loop.start();
  }

  /** One full round, for tests and the bench: resolves when everything it dialled has an answer. */
  async runOnce(): Promise<void> {
    await this.#round();
    await Promise.all(this.#dials.keys());
  }

  async #round(): Promise<void> {
    for (;;) {
      if (this.#loop.stopped) return;
      while (this.#inFlight() + this.#batchSize > this.#maxDials && this.#dials.size > 0) await Promise.race(this.#dials.keys());
      const claims = await this.#service.claimDue(this.#batchSize);
      if (claims.length > 0) {
        // A claim's calls are placed together and their answers written in one statement. If that
        // write fails (the database went away mid-dial), the tasks stay dispatched under their
        // lease; when it runs out, reconciliation asks the provider what became of each call.
        const dials = this.#service
          .dialAll(claims)
          .catch((error: unknown) => this.#warn(error, 'dispatched calls: answers not recorded; reconciliation will ask the provider'))
          .finally(() => this.#dials.delete(dials));
        this.#dials.set(dials, claims.length);
      }
      if (claims.length === 0) break;
    }
    while ((await this.#service.reconcileExpired(this.#batchSize)) === this.#batchSize && !this.#loop.stopped);
    await this.#webhooks.processPending(this.#batchSize);
  }

  /** No value of any row is logged: the error's message is scrubbed of what it quotes. */
  #warn(error: unknown, msg: string): void {
    this.#log.warn({ err: loggableError(error) }, msg);
  }

  /** Calls this process is placing now. */
  #inFlight(): number {
    let n = 0;
    for (const size of this.#dials.values()) n += size;
    return n;
  }

  /** Stops claiming; waits for the round and the calls being placed (their answers are recorded). */
  async stop(): Promise<void> {
    await this.#loop.stop();
    await Promise.all(this.#dials.keys());
  }
}
