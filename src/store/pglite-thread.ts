/**
 * The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly, and every
 * statement runs to completion on the thread that called it; on the server's main thread that was
 * about half of each create's time, during which no request could be parsed, validated or answered.
 * Here it runs beside the HTTP work instead.
 *
 * The thread executes statements strictly in the order they arrive, on PGlite's one session: the
 * main side (pglite-thread-dialect.ts) decides that order, so a transaction's statements are never
 * interleaved with anyone else's.
 */
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { DURABLE_START_PARAMS, DurableNodeFS } from './pglite-durable-fs.ts';
import { pgliteModule } from './pglite-module.ts';
import { preparedQuery } from './pglite-prepared.ts';
import { DATE_OID, INT8_OID, JSON_OID } from './type-parsers.ts';
import type { ThreadReply, ThreadRequest, ThreadStart } from './pglite-thread-protocol.ts';

const port = parentPort!;
const { dataDir, optimisedWasm } = workerData as ThreadStart;

/** What the main side needs to handle a database error as it would PostgreSQL's: its fields, not its class. */
function describe(error: unknown): ThreadReply['error'] {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  return { ...fields, message: error.message };
}

function serve(pglite: PGlite): void {
  const query = preparedQuery(pglite);
  let queue = Promise.resolve();
  port.on('message', (request: ThreadRequest) => {
    queue = queue.then(async () => {
      if (request.close) {
        await pglite.close();
        port.postMessage({ id: request.id } satisfies ThreadReply);
        port.close();
        return;
      }
      try {
        if (request.begin) await query('begin', []);
        const { rows, affectedRows } = await query(request.sql, request.parameters);
        port.postMessage({ id: request.id, rows, ...(affectedRows === undefined ? {} : { affectedRows }) } satisfies ThreadReply);
      } catch (error) {
        port.postMessage({ id: request.id, error: describe(error) } satisfies ThreadReply);
        // After a PANIC (a sync that failed, among others) PostgreSQL has stopped, and PGlite would
        // wait forever on the next statement. The thread ends instead, and with it the server
        // (status 1), for its supervisor to start it again and PostgreSQL to recover from its WAL.
        if ((error as { severity?: unknown }).severity === 'PANIC') {
          setImmediate(() => {
            throw new Error(`PostgreSQL stopped after a PANIC: ${(error as Error).message}`);
          });
        }
      }
    });
  });
  port.postMessage({ id: 0 } satisfies ThreadReply);
  // Every module this thread needs is loaded now. Node would write their compile cache only when
  // the thread ends cleanly, so a server that is killed, or loses power, before it stops would
  // start cold again; written now, a restart after any end finds them (bin/compile-cache.js).
  // A few milliseconds on a first start, nothing once they are cached. (The main thread's thousand
  // modules took 1.4 s to write, which would hold up the first requests: they wait for its exit.)
  module.flushCompileCache();
}

(optimisedWasm ? pgliteModule() : Promise.resolve(undefined))
  .then((pgliteWasmModule) =>
    PGlite.create({
      ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
      // A data directory is synced to disk at each commit; an in-memory database has no disk to sync.
      ...(dataDir === undefined ? { dataDir: 'memory://' } : { fs: new DurableNodeFS(dataDir), startParams: [...DURABLE_START_PARAMS] }),
      postgresqlconf: 'shared_buffers=16MB',
      parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value), [JSON_OID]: (value: string) => value },
    }),
  )
  .then(serve, (error: unknown) => {
    // The answer to the open; with the port closed, the thread then ends by itself.
    port.postMessage({ id: 0, error: describe(error) } satisfies ThreadReply);
    port.close();
  });
