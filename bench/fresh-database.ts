/** A throwaway PostgreSQL database per measurement, so that no run reads what another left. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates a database on the server of `adminUrl`, hands its URL to `work`, and drops it afterwards. */
export async function withFreshDatabase<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `callwise_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  try {
    return await work(withDatabase(adminUrl, name));
  } finally {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  }
}
