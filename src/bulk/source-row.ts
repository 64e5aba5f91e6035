/** What the readers of both formats hand the import: one row of the file at a time, in chunks. */
import type { FieldError } from '../domain/errors.ts';

export interface SourceRow {
  /** 1-based position among the file's rows (a CSV header is not a row; blank lines are skipped). */
  readonly row: number;
  /** 1-based line of the file where the row begins. */
  readonly line: number;
  /** How far into the file (bytes) the row ends: progress and its ETA are measured in bytes. */
  readonly endByte: number;
  /** The create body the row holds; null when the row could not be read at all. */
  readonly body: Record<string, unknown> | null;
  /**
   * What was wrong while reading it: a cell that is not its field's type, a line that is not JSON.
   * A row with problems is validated but never written.
   */
  readonly problems: readonly FieldError[];
  /** The file cannot be read past this row (a CSV quote left open): reading stops here. */
  readonly last?: boolean;
}

/** A reader's rows, and which column or member of the file each field came from (for the rejects file). */
export interface RowSource {
  readonly rows: AsyncIterable<SourceRow>;
  readonly sourceOf: (field: string) => string;
  /** Said once, before the rows: columns left out, mappings that matched nothing. */
  readonly notices: readonly string[];
}

/**
 * Groups rows in chunks of `size`, pulling the next row only when asked: at most one chunk is held
 * here, and nothing is read ahead of the chunk being filled.
 */
export async function* chunked<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
