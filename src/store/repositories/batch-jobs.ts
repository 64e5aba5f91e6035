import { sql, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../database.ts';
import type { BatchJobsTable } from '../schema.ts';

export type BatchJobRow = Selectable<BatchJobsTable>;

/** Rows per insert statement of a job's items (10,000 items × 9 parameters stays far below the limit). */
const ITEMS_PER_STATEMENT = 1_000;

export async function insertJob(
  db: Db,
  job: { companyId: string; id: string; total: number; now: Date },
  sealedItems: readonly string[],
): Promise<BatchJobRow> {
  const row = await db
    .insertInto('batch_jobs')
    .values({ company_id: job.companyId, id: job.id, status: 'queued', total: job.total, created_at: job.now, updated_at: job.now })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (let from = 0; from < sealedItems.length; from += ITEMS_PER_STATEMENT) {
    await db
      .insertInto('batch_job_items')
      .values(
        sealedItems.slice(from, from + ITEMS_PER_STATEMENT).map((body, i) => ({
          company_id: job.companyId,
          job_id: job.id,
          index: from + i,
          body_enc: body,
          state: 'pending' as const,
        })),
      )
      .execute();
  }
  return row;
}

export async function findJob(db: Db, companyId: string, id: string): Promise<BatchJobRow | undefined> {
  return db.selectFrom('batch_jobs').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function lockJob(db: Db, companyId: string, id: string): Promise<BatchJobRow | undefined> {
  return db.selectFrom('batch_jobs').selectAll().where('company_id', '=', companyId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The oldest job with work left whose lease is free, leased until `leaseUntil` (SKIP LOCKED). */
export async function leaseNextJob(db: Db, now: Date, leaseUntil: Date): Promise<BatchJobRow | undefined> {
  const result = await sql<BatchJobRow>`
    update batch_jobs j set lease_until = ${leaseUntil}
    from (
      select company_id, id from batch_jobs
      where status in ('queued', 'validating', 'in_progress') and (lease_until is null or lease_until <= ${now})
      order by created_at
      limit 1
      for update skip locked
    ) picked
    where j.company_id = picked.company_id and j.id = picked.id
    returning j.*`.execute(db);
  return result.rows[0];
}

export async function updateJob(db: Db, companyId: string, id: string, changes: Updateable<BatchJobsTable>): Promise<BatchJobRow | undefined> {
  return db.updateTable('batch_jobs').set(changes).where('company_id', '=', companyId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Adds to the job's counts. */
export async function addCounts(
  db: Db,
  companyId: string,
  id: string,
  counts: { validated?: number; invalid?: number; succeeded?: number; failed?: number },
  now: Date,
): Promise<void> {
  const { validated = 0, invalid = 0, succeeded = 0, failed = 0 } = counts;
  await db
    .updateTable('batch_jobs')
    .set((eb) => ({
      validated: eb('validated', '+', validated),
      invalid: eb('invalid', '+', invalid),
      succeeded: eb('succeeded', '+', succeeded),
      failed: eb('failed', '+', failed),
      processed: eb('processed', '+', succeeded + failed),
      updated_at: now,
    }))
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .execute();
}

/** The next items in `state`, in order. */
export async function nextItems(db: Db, companyId: string, jobId: string, state: 'pending' | 'valid', limit: number) {
  return db
    .selectFrom('batch_job_items')
    .select(['index', 'body_enc'])
    .where('company_id', '=', companyId)
    .where('job_id', '=', jobId)
    .where('state', '=', state)
    .orderBy('index')
    .limit(limit)
    .execute();
}

export async function markItemsValid(db: Db, companyId: string, jobId: string, indexes: readonly number[]): Promise<void> {
  if (indexes.length === 0) return;
  await db
    .updateTable('batch_job_items')
    .set({ state: 'valid' })
    .where('company_id', '=', companyId)
    .where('job_id', '=', jobId)
    .where('index', 'in', indexes)
    .execute();
}

/** Items' results, in one statement; their sealed bodies are dropped (the result is what stays). */
export async function recordItemResults(
  db: Db,
  companyId: string,
  jobId: string,
  results: ReadonlyArray<{ index: number; success: boolean; customerId: string | null; message: string; errors: unknown }>,
): Promise<void> {
  if (results.length === 0) return;
  const rows = sql.join(
    results.map(
      (r) =>
        sql`(${r.index}::int, ${r.success}::boolean, ${r.customerId}::text, ${r.message}::text, ${r.errors === null ? null : JSON.stringify(r.errors)}::jsonb)`,
    ),
  );
  await sql`
    update batch_job_items i
    set state = 'done', body_enc = null, success = v.success, customer_id = v.customer_id, message = v.message, errors = v.errors
    from (values ${rows}) as v(index, success, customer_id, message, errors)
    where i.company_id = ${companyId} and i.job_id = ${jobId} and i.index = v.index`.execute(db);
}

/** A cancelled job's items without a result lose their sealed bodies: they will never be processed. */
export async function dropUnprocessedBodies(db: Db, companyId: string, jobId: string): Promise<void> {
  await db
    .updateTable('batch_job_items')
    .set({ body_enc: null })
    .where('company_id', '=', companyId)
    .where('job_id', '=', jobId)
    .where('state', '<>', 'done')
    .execute();
}

/** Items with a result, after `afterIndex`, in order. */
export async function listResults(db: Db, companyId: string, jobId: string, afterIndex: number, limit: number) {
  return db
    .selectFrom('batch_job_items')
    .select(['index', 'success', 'customer_id', 'message', 'errors'])
    .where('company_id', '=', companyId)
    .where('job_id', '=', jobId)
    .where('state', '=', 'done')
    .where('index', '>', afterIndex)
    .orderBy('index')
    .limit(limit)
    .execute();
}
