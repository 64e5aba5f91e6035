import type { Db } from '../database.ts';

export async function insertCompany(db: Db, company: { id: string; name: string }): Promise<void> {
  await db.insertInto('companies').values({ id: company.id, name: company.name }).execute();
}

export async function findCompany(db: Db, id: string) {
  return db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCompanies(db: Db) {
  return db.selectFrom('companies').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function countCompanies(db: Db): Promise<number> {
  const row = await db
    .selectFrom('companies')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateCompanySettings(db: Db, id: string, settings: Record<string, unknown>): Promise<boolean> {
  const result = await db
    .updateTable('companies')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
