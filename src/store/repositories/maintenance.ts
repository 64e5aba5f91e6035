import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** The database's own tables (Callwise's schema is `public`), in name order. */
export async function listTables(db: Db): Promise<string[]> {
  const result = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(db);
  return result.rows.map((row) => row.tablename);
}

/**
 * VACUUM (ANALYZE) of one table: its dead rows' space made reusable and its statistics refreshed.
 * Outside any transaction (VACUUM refuses to run inside one).
 */
export async function vacuumAnalyze(db: Db, table: string): Promise<void> {
  await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
}
