/**
 * Hot statements that are prepared once per connection instead of parsed and planned every time.
 * A statement opts in by starting with `preparedStatement(name)`; each driver honours the marker
 * its own way (database.ts for node-postgres, pglite-prepared.ts for PGlite).
 */
export const PREPARED_MARKER = /^\/\* prepared: ([a-z_]+) \*\//;

/**
 * The marker that makes a statement a prepared one: its text is parsed once per connection, and
 * after a few executions the server reuses its plan (for the batched create, planning cost about a
 * tenth of executing it). Only for statements whose text never changes.
 */
export function preparedStatement(name: string): string {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`prepared statement names are lower_snake_case: ${name}`);
  return `/* prepared: ${name} */`;
}
