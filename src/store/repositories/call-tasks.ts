import type { Db } from '../database.ts';
import type { Selectable } from 'kysely';
import type { CallTasksTable, TaskStatus } from '../schema.ts';

export type CallTaskRow = Selectable<CallTasksTable>;

/** A task about to be written, every value decided (services/task-rows.ts makes them). */
export interface NewCallTaskRow {
  readonly company_id: string;
  readonly id: string;
  readonly customer_id: string;
  readonly loan_id: string | null;
  readonly phone_number: string;
  readonly scheduled_for: Date;
  readonly not_after: Date;
  readonly status: TaskStatus;
  readonly is_test: boolean;
  readonly consented: boolean;
  /** When the consent of a consented callback was given. */
  readonly consent_granted_at?: Date | null;
  readonly kind: CallTasksTable['kind'];
  /** The placement, as JSON text. */
  readonly explanation: string;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export async function insertTasks(db: Db, rows: readonly NewCallTaskRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('call_tasks')
    .values([...rows])
    .execute();
}

/** Deletes the customer's pending tasks (of one kind, if given); returns how many. */
export async function deletePendingTasks(db: Db, companyId: string, customerId: string, kind?: CallTaskRow['kind']): Promise<number> {
  let query = db.deleteFrom('call_tasks').where('company_id', '=', companyId).where('customer_id', '=', customerId).where('status', '=', 'scheduled');
  if (kind) query = query.where('kind', '=', kind);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listPendingTasks(db: Db, companyId: string, customerId: string): Promise<CallTaskRow[]> {
  return db
    .selectFrom('call_tasks')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'scheduled')
    .orderBy('scheduled_for')
    .orderBy('id')
    .execute();
}

export async function listTasks(db: Db, companyId: string, customerId: string, status?: string): Promise<CallTaskRow[]> {
  let q = db.selectFrom('call_tasks').selectAll().where('company_id', '=', companyId).where('customer_id', '=', customerId);
  if (status !== undefined) q = q.where('status', '=', status as CallTaskRow['status']);
  return q.orderBy('scheduled_for').orderBy('id').execute();
}

export async function cancelTasks(db: Db, companyId: string, ids: readonly string[], reason: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('call_tasks')
    .set({ status: 'cancelled', cancel_reason: reason, updated_at: now })
    .where('company_id', '=', companyId)
    .where('id', 'in', [...ids])
    .where('status', '=', 'scheduled')
    .execute();
}

export async function moveTask(db: Db, companyId: string, id: string, scheduledFor: Date, explanation: unknown, now: Date): Promise<void> {
  await db
    .updateTable('call_tasks')
    .set({ scheduled_for: scheduledFor, explanation: JSON.stringify(explanation), updated_at: now })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .execute();
}
