import type { Db } from '../database.js';
import type { Kysely } from 'kysely';
import type { Tables } from '../schema.js';

type Executor = Db | Kysely<Tables>;

export async function insertCompany(db: Executor, company: { id: string; name: string }): Promise<void> {
  await db.insertInto('companies').values({ id: company.id, name: company.name }).execute();
}

export async function findCompany(db: Executor, id: string) {
  return db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCompanies(db: Executor) {
  return db.selectFrom('companies').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function countCompanies(db: Executor): Promise<number> {
  const row = await db.selectFrom('companies').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateCompanySettings(db: Executor, id: string, settings: Record<string, unknown>): Promise<boolean> {
  const result = await db.updateTable('companies').set({ settings: JSON.stringify(settings) }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
