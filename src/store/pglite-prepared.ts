/**
 * Prepared statements on PGlite. Its query path parses and plans every statement it is given; a
 * statement marked with `preparedStatement` is instead parsed once for the session (PGlite has
 * exactly one) as a named statement of PostgreSQL's extended protocol, and each run only binds its
 * parameters and executes it. The parameters travel in the Bind message, as node-postgres sends
 * them: PostgreSQL's SQL scanner never reads them (an EXECUTE statement with the values written
 * as literals made it scan the whole batch, ~5 KB per customer created: BENCHMARKS.md).
 */
import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import { PREPARED_MARKER } from './prepared-statements.ts';

type RunQuery = (sql: string, parameters: readonly unknown[]) => Promise<Results<Record<string, unknown>>>;

/**
 * A Bind message for the unnamed portal: `statement` with `parameters`, all in text format, and
 * results in text format. PGlite's serializer measures each string's UTF-8 length in a JavaScript
 * loop, which under the create load was the database thread's costliest JavaScript (a batch's
 * parameters are tens of kilobytes); Buffer's native encoder measures and writes them here.
 */
export function bindMessage(statement: string, parameters: readonly string[]): Buffer {
  const name = Buffer.from(`${statement}\0`);
  const lengths = parameters.map((value) => Buffer.byteLength(value));
  // Laid out as PGlite's serializer lays it out (a test compares them byte for byte): length field,
  // portal name (empty), statement name, one format code per parameter (0, text), parameter count,
  // the parameters (each a length and its bytes), result format-code count (0: all text).
  const size = 4 + 1 + name.length + 2 + 2 * parameters.length + 2 + lengths.reduce((sum, length) => sum + 4 + length, 0) + 2;
  const message = Buffer.allocUnsafe(1 + size);
  let at = message.write('B');
  at = message.writeInt32BE(size, at);
  at = message.writeUInt8(0, at);
  at += name.copy(message, at);
  at = message.writeInt16BE(parameters.length, at);
  message.fill(0, at, at + 2 * parameters.length);
  at += 2 * parameters.length;
  at = message.writeInt16BE(parameters.length, at);
  parameters.forEach((value, i) => {
    at = message.writeInt32BE(lengths[i]!, at);
    at += message.write(value, at);
  });
  message.writeInt16BE(0, at);
  return message;
}

/** PGlite's query (rows as objects), with marked statements prepared once and then bound and executed. */
export function preparedQuery(pglite: PGlite): RunQuery {
  const prepared = new Set<string>();
  const { serialize } = protocol;

  async function execute(name: string, sql: string, parameters: readonly string[]): Promise<Results<Record<string, unknown>>> {
    if (!prepared.has(name)) {
      await pglite.execProtocolStream(Buffer.concat([serialize.parse({ name, text: sql }), serialize.sync()]), { syncToFs: false });
      prepared.add(name);
    }
    const replies = await pglite.execProtocolStream(
      // One buffer of messages: PGlite runs them in order in one call.
      Buffer.concat([bindMessage(name, parameters), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
      // Outside a transaction the statement commits on its own, and PGlite syncs its files as after any query.
      { syncToFs: !pglite.isInTransaction() },
    );
    return parse.parseResults(replies, pglite.parsers, { rowMode: 'object' })[0] as Results<Record<string, unknown>>;
  }

  return async (sql, parameters) => {
    const name = PREPARED_MARKER.exec(sql)?.[1];
    if (name === undefined || parameters.length === 0 || !parameters.every((p) => typeof p === 'string')) {
      return pglite.query(sql, [...parameters], { rowMode: 'object' });
    }
    return execute(name, sql, parameters);
  };
}
