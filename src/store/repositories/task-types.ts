import type { Db } from '../database.ts';

export async function insertTaskType(db: Db, taskType: { companyId: string; name: string; cadence: Record<string, unknown> | null }): Promise<boolean> {
  const result = await db
    .insertInto('task_types')
    .values({
      company_id: taskType.companyId,
      name: taskType.name,
      name_key: taskType.name.toLowerCase(),
      cadence: taskType.cadence === null ? null : JSON.stringify(taskType.cadence),
    })
    .onConflict((oc) => oc.columns(['company_id', 'name_key']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function listTaskTypes(db: Db, companyId: string) {
  return db.selectFrom('task_types').select(['name', 'cadence', 'created_at']).where('company_id', '=', companyId).orderBy('name_key').execute();
}

export async function findTaskType(db: Db, companyId: string, name: string) {
  return db
    .selectFrom('task_types')
    .select(['name', 'cadence'])
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
