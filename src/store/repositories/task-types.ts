import type { CallPurpose } from '../../compliance/types.ts';
import type { Db } from '../database.ts';

export async function insertTaskType(
  db: Db,
  taskType: { companyId: string; name: string; cadence: Record<string, unknown> | null; purpose?: CallPurpose },
): Promise<boolean> {
  const result = await db
    .insertInto('task_types')
    .values({
      company_id: taskType.companyId,
      name: taskType.name,
      name_key: taskType.name.toLowerCase(),
      cadence: taskType.cadence === null ? null : JSON.stringify(taskType.cadence),
      ...(taskType.purpose !== undefined ? { purpose: taskType.purpose } : {}),
    })
    .onConflict((oc) => oc.columns(['company_id', 'name_key']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function listTaskTypes(db: Db, companyId: string) {
  return db.selectFrom('task_types').select(['name', 'cadence', 'purpose', 'created_at']).where('company_id', '=', companyId).orderBy('name_key').execute();
}

export async function findTaskType(db: Db, companyId: string, name: string) {
  return db
    .selectFrom('task_types')
    .select(['name', 'cadence', 'purpose'])
    .where('company_id', '=', companyId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
}

export async function updateTaskTypeCadence(db: Db, companyId: string, name: string, cadence: Record<string, unknown>): Promise<boolean> {
  const result = await db
    .updateTable('task_types')
    .set({ cadence: JSON.stringify(cadence) })
    .where('company_id', '=', companyId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function updateTaskTypePurpose(db: Db, companyId: string, name: string, purpose: CallPurpose): Promise<boolean> {
  const result = await db
    .updateTable('task_types')
    .set({ purpose })
    .where('company_id', '=', companyId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
