import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** The PostgreSQL settings that decide whether a commit it acknowledged is on disk. */
export const DURABILITY_SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes'] as const;
export type DurabilitySetting = (typeof DURABILITY_SETTINGS)[number];

/** Their values as this connection sees them (a role's or a database's own values included). */
export async function readDurabilitySettings(db: Db): Promise<Partial<Record<DurabilitySetting, string>>> {
  const { rows } = await sql<{ name: DurabilitySetting; setting: string }>`
    select name, setting from pg_settings where name in (${sql.join([...DURABILITY_SETTINGS])})`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
}
