/**
 * The reference side of the bulk benchmark (bulk.ts), in a process of its own so that its time,
 * CPU and peak memory are its own: tables dumped by `COPY … TO STDOUT` (text format) loaded raw
 * into the same tables of another database, one table after the other — pg-copy-streams on
 * PostgreSQL; on PGlite, `COPY … FROM '/dev/blob'` in slices of whole lines (PGlite takes a COPY's
 * input as one in-memory blob, and a million borrowers' tasks are gigabytes).
 *
 *   node bench/bulk-copy.ts <postgres:// URL | PGlite data directory> <dump directory> <setup table,…> <timed table,…>
 *
 * The setup tables (the company) are loaded first and not timed. Prints one JSON line:
 * { "ms": <time of the timed COPYs>, "rows": { "<table>": n, … } }.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const [target, dumpDir, setupList, timedList] = process.argv.slice(2);
if (!target || !dumpDir || setupList === undefined || !timedList) {
  console.error('usage: node bench/bulk-copy.ts <postgres URL | PGlite data directory> <dump directory> <setup tables> <timed tables>');
  process.exit(2);
}
const setup = setupList.split(',').filter(Boolean);
const timed = timedList.split(',').filter(Boolean);
const dumpOf = (table: string) => path.join(dumpDir, `${table}.copy`);

/** PGlite's COPY input: at most this many bytes per statement, cut after a line's end. */
const SLICE_BYTES = 16 * 2 ** 20;

interface Loader {
  copy(table: string): Promise<number>;
  close(): Promise<void>;
}

async function postgresLoader(url: string): Promise<Loader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async copy(table) {
      const stream = client.query(copyFrom(`copy ${table} from stdin`));
      await pipeline(createReadStream(dumpOf(table), { highWaterMark: 2 ** 20 }), stream);
      return Number(stream.rowCount);
    },
    close: () => client.end(),
  };
}

async function pgliteLoader(dataDir: string): Promise<Loader> {
  const db = await PGlite.create(dataDir, { postgresqlconf: 'shared_buffers=16MB' });
  return {
    async copy(table) {
      let rows = 0;
      let carry = Buffer.alloc(0);
      const load = async (slice: Buffer) => {
        const result = await db.query(`copy ${table} from '/dev/blob'`, [], { blob: new Blob([slice]) });
        rows += result.affectedRows ?? 0;
      };
      for await (const chunk of createReadStream(dumpOf(table), { highWaterMark: SLICE_BYTES })) {
        const bytes = Buffer.concat([carry, chunk as Buffer]);
        const end = bytes.lastIndexOf(0x0a) + 1;
        if (end > 0) await load(bytes.subarray(0, end));
        carry = Buffer.from(bytes.subarray(end));
      }
      if (carry.length > 0) await load(carry);
      return rows;
    },
    close: () => db.close(),
  };
}

const loader = /^postgres(ql)?:\/\//.test(target) ? await postgresLoader(target) : await pgliteLoader(target);
try {
  for (const table of setup) await loader.copy(table);
  const rows: Record<string, number> = {};
  const started = performance.now();
  for (const table of timed) rows[table] = await loader.copy(table);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms: Math.round(ms), rows }));
} finally {
  await loader.close();
}
