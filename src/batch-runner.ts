/**
 * Works batch jobs (`POST /customers/batch`) in the server process, a job's turn at a time, oldest
 * first. Woken when a job is queued (PostgreSQL NOTIFY) and by a poll; a job whose runner died is
 * taken up again when its lease ends.
 */
import type { BatchJobService } from './services/batch-jobs.ts';
import type { DatabaseHandle } from './store/database.ts';
import { WorkLoop, type WorkLoopLog } from './work-loop.ts';

/** Sent by a trigger when a job is queued (migration 0011). */
const BATCH_QUEUED_CHANNEL = 'callwise_batch_queued';

export class BatchRunner {
  readonly #service: BatchJobService;
  readonly #loop: WorkLoop;

  constructor(service: BatchJobService, database: DatabaseHandle, log: WorkLoopLog, options: { pollMs?: number } = {}) {
    this.#service = service;
    this.#loop = new WorkLoop({
      database,
      channel: BATCH_QUEUED_CHANNEL,
      pollMs: options.pollMs ?? 1_000,
      log,
      name: 'batch job',
      round: () => this.runOnce(),
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** Works jobs until none has work left; for tests. */
  async runOnce(): Promise<void> {
    while (!this.#loop.stopped && (await this.#service.workNext()));
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }
}
