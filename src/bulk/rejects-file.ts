/**
 * The rejects file: a CSV with one line per problem of each rejected row — the row's number, the
 * line of the file it begins on, the field (a JSON Pointer, as the API's errors name it), the
 * column of the file that field came from, and the reason. Never a value: a reason says what is
 * wrong with a cell, not what the cell held, so the file can be passed around without exposing a
 * borrower's birthday or SSN.
 */
import { stringify } from 'csv-stringify/sync';
import type { FieldError } from '../domain/errors.ts';
import type { TextSink } from './text-sink.ts';

const REJECT_COLUMNS = ['row', 'line', 'field', 'column', 'reason'] as const;

export interface RejectedRow {
  readonly row: number;
  readonly line: number;
  readonly problems: readonly FieldError[];
}

/** The top-level field a pointer is in ("/externalMetadata/a~1b" → externalMetadata); '' for the row itself. */
function topField(pointer: string): string {
  if (pointer === '') return '';
  const segment = pointer.split('/')[1] ?? '';
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The lines of the rejects file for one row. */
export function rejectRecords(rejected: RejectedRow, sourceOf: (field: string) => string): string[][] {
  const problems = rejected.problems.length > 0 ? rejected.problems : [{ pointer: '', detail: 'was rejected' }];
  return problems.map(({ pointer, detail }) => {
    const field = topField(pointer);
    return [String(rejected.row), String(rejected.line), pointer, field === '' ? '' : sourceOf(field), detail];
  });
}

export class RejectsFile {
  readonly #sink: TextSink;
  readonly #sourceOf: (field: string) => string;
  #rows = 0;

  /** Writes the header at once: the file always describes the latest run, even one with nothing rejected. */
  static async open(sink: TextSink, sourceOf: (field: string) => string): Promise<RejectsFile> {
    await sink.write(stringify([[...REJECT_COLUMNS]]));
    return new RejectsFile(sink, sourceOf);
  }

  private constructor(sink: TextSink, sourceOf: (field: string) => string) {
    this.#sink = sink;
    this.#sourceOf = sourceOf;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  async add(rejected: RejectedRow): Promise<void> {
    this.#rows += 1;
    await this.#sink.write(stringify(rejectRecords(rejected, this.#sourceOf)));
  }

  async close(): Promise<void> {
    await this.#sink.close();
  }
}
