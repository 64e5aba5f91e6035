/**
 * Throwaway databases for tests: an in-memory PGlite, or — when TEST_DATABASE_URL points at a
 * PostgreSQL server — a freshly created database that is dropped afterwards. No test depends on
 * what an earlier run left behind.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrations/index.ts';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  readonly handle: DatabaseHandle;
  /** postgres:// URL of the throwaway database (PostgreSQL only). */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates an empty PostgreSQL database; returns its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `callwise_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabaseName(adminUrl(), name),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function createTestDatabase(backend: Backend, options: { migrate?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const handle = await openDatabase({});
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return { handle, url: undefined, drop: () => handle.close() };
  }
  const created = await createPostgresDatabase();
  const handle = await openDatabase({ databaseUrl: created.url, poolSize: options.poolSize ?? 10 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    handle,
    url: created.url,
    drop: async () => {
      await handle.close();
      await created.drop();
    },
  };
}
