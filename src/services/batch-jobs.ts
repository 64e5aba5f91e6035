/**
 * `POST /customers/batch`: a job that creates many customers in the background, item by item as
 * `POST /customers` would, reporting each item's fate. A job is first validated whole (every item
 * checked, none written), then written a chunk at a time; each chunk's customers, item results and
 * counts commit together, so a job survives a restart and resumes at the first item without a
 * result. Items are sealed at rest until processed (they carry birthdays and SSN digits).
 */
import { randomUUID } from 'node:crypto';
import { DomainError, ValidationError } from '../domain/errors.ts';
import { MAX_BATCH_ITEMS } from '../schemas/batch.ts';
import type { Customer } from '../schemas/customer.ts';
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import { isDatabaseUnavailable, isRetryable } from '../store/database-errors.ts';
import * as jobs from '../store/repositories/batch-jobs.ts';
import type { BatchJobRow } from '../store/repositories/batch-jobs.ts';
import type { Transactions } from '../store/transactions.ts';
import type { BulkImportService, CheckedItem, ImportItemResult } from './bulk-import.ts';
import type { Clock } from './clock.ts';
import type { CustomerService } from './customers.ts';
import type { WebhookEvents } from './webhook-events.ts';

const LEASE_MS = 60_000;

export interface BatchJobOptions {
  /** Items validated or written per transaction (default 500). */
  readonly chunkSize?: number;
  /** Chunks a runner works before it lets another job have a turn (default 20). */
  readonly chunksPerTurn?: number;
}
const RESULTS_PAGE_MAX = 500;

export interface PreparedBatch {
  readonly companyId: string;
  readonly items: readonly unknown[];
}

export interface BatchAccepted {
  jobId: string;
  totalCustomers: number;
  message: string;
}

export interface BatchItemView {
  index: number;
  id: string | null;
  success: boolean;
  message: string;
  customer?: Customer | null;
  errors?: Array<{ pointer: string; detail: string }>;
}

export interface BatchJobView {
  jobId: string;
  status: BatchJobRow['status'];
  totalCustomers: number;
  counts: { validated: number; invalid: number; processed: number; succeeded: number; failed: number };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  results: BatchItemView[];
  nextCursor: string | null;
}

const itemContext = (companyId: string, jobId: string, index: number) => `batch/${companyId}/${jobId}/${index}`;
const notFound = (id: string) => new DomainError('not_found', `no batch job with id ${id}`);

export class BatchJobService {
  readonly #db: Db;
  readonly #tx: Transactions;
  readonly #keyring: Keyring;
  readonly #bulk: BulkImportService;
  readonly #customers: CustomerService;
  readonly #events: WebhookEvents;
  readonly #clock: Clock;
  readonly #chunkSize: number;
  readonly #chunksPerTurn: number;

  constructor(deps: {
    db: Db;
    tx: Transactions;
    keyring: Keyring;
    bulk: BulkImportService;
    customers: CustomerService;
    events: WebhookEvents;
    clock: Clock;
    options?: BatchJobOptions;
  }) {
    this.#chunkSize = deps.options?.chunkSize ?? 500;
    this.#chunksPerTurn = deps.options?.chunksPerTurn ?? 20;
    this.#db = deps.db;
    this.#tx = deps.tx;
    this.#keyring = deps.keyring;
    this.#bulk = deps.bulk;
    this.#customers = deps.customers;
    this.#events = deps.events;
    this.#clock = deps.clock;
  }

  /** The envelope only: each item is checked by the job, and a bad one fails alone. */
  prepare(companyId: string, body: unknown): PreparedBatch {
    const customers = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).customers : undefined;
    if (!Array.isArray(customers) || customers.length === 0)
      throw new ValidationError([{ pointer: '/customers', detail: 'must be a non-empty array of customers, each as POST /customers takes it' }]);
    if (customers.length > MAX_BATCH_ITEMS)
      throw new ValidationError([{ pointer: '/customers', detail: `must have at most ${MAX_BATCH_ITEMS} items (send more batches, or use callwise import)` }]);
    return { companyId, items: customers };
  }

  /** Stores the job (joining an Idempotency-Key's transaction); the runner takes it from there. */
  async commit(prepared: PreparedBatch): Promise<BatchAccepted> {
    const { companyId, items } = prepared;
    const id = randomUUID();
    const sealed = items.map((item, index) => this.#keyring.encrypt(JSON.stringify(item), itemContext(companyId, id, index)));
    await this.#tx.join((trx) => jobs.insertJob(trx, { companyId, id, total: items.length, now: this.#clock() }, sealed));
    return {
      jobId: id,
      totalCustomers: items.length,
      message: `Batch job created: every customer is validated, then created in chunks of ${this.#chunkSize}. Use GET /customers/batch/${id} to check status.`,
    };
  }

  async get(companyId: string, jobId: string, page: { cursor?: string; limit?: number } = {}): Promise<BatchJobView> {
    const job = await jobs.findJob(this.#db, companyId, jobId);
    if (!job) throw notFound(jobId);
    const after = page.cursor === undefined ? -1 : Number(page.cursor);
    if (!Number.isSafeInteger(after) || after < -1) throw new ValidationError([{ pointer: '/cursor', detail: 'is not a cursor this API gave' }]);
    const limit = Math.min(page.limit ?? 100, RESULTS_PAGE_MAX);
    const rows = await jobs.listResults(this.#db, companyId, jobId, after, limit + 1);
    const shown = rows.slice(0, limit);
    const results: BatchItemView[] = [];
    for (const row of shown) {
      const view: BatchItemView = { index: row.index, id: row.customer_id, success: row.success ?? false, message: row.message ?? '' };
      if (row.success && row.customer_id) view.customer = await this.#customers.get(companyId, row.customer_id).catch(() => null);
      if (row.errors) view.errors = row.errors;
      results.push(view);
    }
    return { ...toView(job), results, nextCursor: rows.length > limit ? String(shown.at(-1)!.index) : null };
  }

  /** Stops the job: items without a result are never processed (what was created stays). */
  async cancel(companyId: string, jobId: string): Promise<BatchJobView> {
    const now = this.#clock();
    await this.#tx.run(async (trx) => {
      const job = await jobs.lockJob(trx, companyId, jobId);
      if (!job) throw notFound(jobId);
      if (!['queued', 'validating', 'in_progress'].includes(job.status)) throw new DomainError('conflict', `the job is ${job.status}: it cannot be cancelled`);
      await jobs.updateJob(trx, companyId, jobId, { status: 'cancelled', finished_at: now, updated_at: now, lease_until: null });
      await jobs.dropUnprocessedBodies(trx, companyId, jobId);
    });
    return this.get(companyId, jobId, { limit: 0 });
  }

  /**
   * Works the oldest job with work left for a turn; false when there was none. A database that is
   * away leaves the job leased, to be resumed when the lease ends; any other failure fails the job
   * (its items without a result are not processed).
   */
  async workNext(): Promise<boolean> {
    const now = this.#clock();
    const job = await jobs.leaseNextJob(this.#db, now, new Date(now.getTime() + LEASE_MS));
    if (!job) return false;
    try {
      for (let turn = 0; turn < this.#chunksPerTurn; turn++) if ((await this.#step(job.company_id, job.id)) === 'stop') return true;
      await jobs.updateJob(this.#db, job.company_id, job.id, { lease_until: null });
    } catch (error) {
      if (isDatabaseUnavailable(error) || isRetryable(error)) throw error;
      const at = this.#clock();
      await jobs.updateJob(this.#db, job.company_id, job.id, {
        status: 'failed',
        error: 'an internal error stopped the job; items without a result were not processed',
        finished_at: at,
        updated_at: at,
        lease_until: null,
      });
      throw error;
    }
    return true;
  }

  /** One chunk of the job's current phase; 'stop' when the job is over. */
  async #step(companyId: string, jobId: string): Promise<'more' | 'stop'> {
    const job = await jobs.findJob(this.#db, companyId, jobId);
    if (!job || !['queued', 'validating', 'in_progress'].includes(job.status)) return 'stop';
    const now = this.#clock();
    if (job.status === 'queued') {
      await jobs.updateJob(this.#db, companyId, jobId, { status: 'validating', started_at: now, updated_at: now });
      return 'more';
    }
    const phase = job.status === 'validating' ? 'pending' : 'valid';
    const rows = await jobs.nextItems(this.#db, companyId, jobId, phase, this.#chunkSize);
    if (rows.length === 0) {
      if (phase === 'pending') {
        await jobs.updateJob(this.#db, companyId, jobId, { status: 'in_progress', updated_at: now });
        return 'more';
      }
      await this.#finish(job);
      return 'stop';
    }
    const items = rows.map((row) => JSON.parse(this.#keyring.decrypt(row.body_enc!, itemContext(companyId, jobId, row.index))) as unknown);
    const checked = await this.#bulk.checkChunk(companyId, items, 0);
    const refused: ImportItemResult[] = [];
    const valid: CheckedItem[] = [];
    checked.forEach((c, at) => {
      // checkChunk numbers from 0 within the chunk: results carry the item's index in the job.
      const index = rows[at]!.index;
      if ('result' in c) refused.push({ ...c.result, index });
      else valid.push({ ...c, index });
    });
    let stopped = false;
    await this.#tx.run(async (trx) => {
      const current = await jobs.lockJob(trx, companyId, jobId);
      if (!current || current.status !== job.status) {
        stopped = true; // cancelled meanwhile: nothing of this chunk is written
        return;
      }
      const written = phase === 'valid' ? await this.#bulk.writeChunk(trx, valid) : [];
      const results = [...refused, ...written];
      await jobs.recordItemResults(
        trx,
        companyId,
        jobId,
        results.map((r) => ({ index: r.index, success: r.success, customerId: r.id, message: r.message, errors: r.errors ?? null })),
      );
      if (phase === 'pending')
        await jobs.markItemsValid(
          trx,
          companyId,
          jobId,
          valid.map((v) => v.index),
        );
      const failed = results.filter((r) => !r.success).length;
      await jobs.addCounts(
        trx,
        companyId,
        jobId,
        phase === 'pending' ? { validated: items.length, invalid: refused.length, failed: refused.length } : { succeeded: results.length - failed, failed },
        this.#clock(),
      );
    });
    return stopped ? 'stop' : 'more';
  }

  async #finish(job: BatchJobRow): Promise<void> {
    await this.#tx.run(async (trx) => {
      const current = await jobs.lockJob(trx, job.company_id, job.id);
      if (!current || current.status !== 'in_progress') return;
      const now = this.#clock();
      const done = await jobs.updateJob(trx, job.company_id, job.id, {
        status: current.failed > 0 ? 'completed_with_errors' : 'completed',
        finished_at: now,
        updated_at: now,
        lease_until: null,
      });
      const { results: _results, nextCursor: _cursor, ...summary } = { ...toView(done!), results: [], nextCursor: null };
      await this.#events.emit(trx, job.company_id, 'batch.completed', null, summary);
    });
  }
}

function toView(job: BatchJobRow): Omit<BatchJobView, 'results' | 'nextCursor'> {
  return {
    jobId: job.id,
    status: job.status,
    totalCustomers: job.total,
    counts: { validated: job.validated, invalid: job.invalid, processed: job.processed, succeeded: job.succeeded, failed: job.failed },
    error: job.error,
    createdAt: job.created_at.toISOString(),
    startedAt: job.started_at?.toISOString() ?? null,
    finishedAt: job.finished_at?.toISOString() ?? null,
  };
}
