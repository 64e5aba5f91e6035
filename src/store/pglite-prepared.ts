/**
 * Prepared statements on PGlite. Its query path parses and plans every statement it is given; for
 * a statement marked with `preparedStatement` whose parameters are all text, this PREPAREs it once
 * for the session (PGlite has exactly one) and runs it with EXECUTE, each parameter written as a
 * dollar-quoted literal.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { PREPARED_MARKER } from './prepared-statements.js';

type Query = PGlite['query'];
type QueryOptions = Parameters<Query>[2];

/** Dollar-quotes a value with a tag it does not contain, so nothing in it can end the literal. */
export function dollarQuoted(value: string): string {
  let tag = '$cw$';
  for (let n = 0; value.includes(tag); n++) tag = `$cw${n}$`;
  return `${tag}${value}${tag}`;
}

/** `target` with its `query` method replaced (other members bound to the original). */
function withQuery<T extends object>(target: T, query: (text: string, params?: unknown[], options?: QueryOptions) => unknown, extra: Record<PropertyKey, unknown> = {}): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === 'query') return query;
      if (Object.hasOwn(extra, property)) return extra[property];
      // Read with the original as receiver: PGlite's getters use private fields.
      const value: unknown = Reflect.get(object, property);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

export function withPreparedStatements(pglite: PGlite): PGlite {
  const prepared = new Set<string>();
  const run = (original: { query: Query }) => async (text: string, params?: unknown[], options?: QueryOptions) => {
    const name = PREPARED_MARKER.exec(text)?.[1];
    if (name === undefined || !params?.length || !params.every((p) => typeof p === 'string')) return original.query(text, params, options);
    if (!prepared.has(name)) {
      await original.query(`prepare ${name} as ${text}`);
      prepared.add(name);
    }
    return original.query(`execute ${name}(${(params as string[]).map(dollarQuoted).join(', ')})`, [], options);
  };
  const transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
    pglite.transaction((tx) => callback(withQuery(tx, run(tx))));
  return withQuery(pglite, run(pglite), { transaction });
}
