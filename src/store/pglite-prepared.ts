/**
 * Prepared statements on PGlite. Its query path parses and plans every statement it is given; for
 * a statement marked with `preparedStatement` whose parameters are all text, this PREPAREs it once
 * for the session (PGlite has exactly one) and runs it with EXECUTE, each parameter written as a
 * dollar-quoted literal.
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import { PREPARED_MARKER } from './prepared-statements.ts';

/** Dollar-quotes a value with a tag it does not contain, so nothing in it can end the literal. */
function dollarQuoted(value: string): string {
  let tag = '$cw$';
  for (let n = 0; value.includes(tag); n++) tag = `$cw${n}$`;
  return `${tag}${value}${tag}`;
}

/** PGlite's query (rows as objects), with marked statements prepared once and then executed. */
export function preparedQuery(pglite: PGlite): (sql: string, parameters: readonly unknown[]) => Promise<Results<Record<string, unknown>>> {
  const prepared = new Set<string>();
  return async (sql, parameters) => {
    const name = PREPARED_MARKER.exec(sql)?.[1];
    if (name === undefined || parameters.length === 0 || !parameters.every((p) => typeof p === 'string')) {
      return pglite.query(sql, [...parameters], { rowMode: 'object' });
    }
    if (!prepared.has(name)) {
      await pglite.query(`prepare ${name} as ${sql}`);
      prepared.add(name);
    }
    return pglite.query(`execute ${name}(${(parameters as string[]).map(dollarQuoted).join(', ')})`, [], { rowMode: 'object' });
  };
}
