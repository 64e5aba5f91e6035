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
      Buffer.concat([serialize.bind({ statement: name, values: [...parameters] }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
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
