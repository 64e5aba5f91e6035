/**
 * The rows of a CSV file with a header row, read as a stream (csv-parse pulls the next record only
 * when asked): the header is checked against the customer fields before any row is read, then
 * each record becomes a create body, its cells converted to the API's types.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { FieldError } from '../domain/errors.ts';
import { cellValue } from './cell-conversion.ts';
import { type ColumnMapping, planColumns } from './column-mapping.ts';
import { IMPORT_FIELDS } from './fields.ts';
import type { RowSource, SourceRow } from './source-row.ts';
import { UsageError } from './usage-error.ts';

/** Longest record read; a longer one stops the import (a quote left open swallows the file). */
const MAX_RECORD_BYTES = 1024 * 1024;

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number; readonly empty_lines: number; readonly bytes: number; readonly records: number };
}

/**
 * Why csv-parse stopped, in our words: its own messages quote the text they stopped at, and a
 * rejects file never holds a value.
 */
const SYNTAX: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell is followed by text before the next comma',
  CSV_MAX_RECORD_SIZE: `a row is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB (most likely a quote left open)`,
};

/** Where csv-parse first lost its way: its error code, the line it gave up on, and how many records came before. */
interface Break {
  readonly code: string;
  readonly lines: number | undefined;
  readonly records: number;
}

export async function openCsvRows(input: Readable, mapping: ColumnMapping): Promise<RowSource> {
  const parser = input.pipe(
    parse({
      bom: true,
      info: true,
      // A row with too few or too many cells is reported on its own; the rows around it are fine.
      relax_column_count: true,
      // A quote inside an unquoted cell (Apt "B") is text, as spreadsheets write it.
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      // A syntax error must not end the stream: the records parsed before it, still waiting in
      // the stream's buffer, would be dropped with it. It is noted here instead (below), and the
      // reading stops when the rows reach it.
      skip_records_with_error: true,
    }),
  );
  let broken: Break | undefined;
  parser.on('skip', (error: { code?: unknown; lines?: unknown; records?: unknown }) => {
    broken ??= {
      code: typeof error.code === 'string' ? error.code : 'CSV_UNKNOWN',
      lines: typeof error.lines === 'number' ? error.lines : undefined,
      records: typeof error.records === 'number' ? error.records : 0,
    };
  });
  // A failed read of the file reaches the parser's readers as an error of the parser.
  input.once('error', (error) => parser.destroy(error));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<ParsedRecord>;
  let header: ParsedRecord;
  let planned: ReturnType<typeof planColumns>;
  try {
    const first = await records.next();
    if (broken && (first.done || first.value.info.records > broken.records))
      throw new UsageError(`the header row cannot be read: ${syntaxProblem(broken.code)}`);
    if (first.done) throw new UsageError('the file is empty: a CSV import needs a header row naming the fields');
    header = first.value;
    planned = planColumns(header.record, mapping);
  } catch (error) {
    input.destroy();
    throw error;
  }
  const { columns, notices } = planned;
  const sources = new Map(columns.flatMap((c) => (c.field === null ? [] : [[c.field, c.source] as const])));

  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 0;
    let endLine = header.info.lines;
    let emptyLines = header.info.empty_lines;
    let endByte = header.info.bytes;
    try {
      for (;;) {
        const next = await records.next();
        // Past the first syntax error the record boundaries are guesses: nothing after it is read.
        if (broken && (next.done || next.value.info.records > broken.records)) {
          const problem = `not valid CSV${broken.lines ? ` (by line ${broken.lines})` : ''}: ${syntaxProblem(broken.code)}; the rows after it were not read`;
          yield { row: row + 1, line: endLine + 1, endByte, body: null, problems: [{ pointer: '', detail: problem }], last: true };
          return;
        }
        if (next.done) return;
        const { record, info } = next.value;
        row += 1;
        const line = endLine + 1 + (info.empty_lines - emptyLines);
        endLine = info.lines;
        emptyLines = info.empty_lines;
        endByte = info.bytes;
        yield toRow(record, row, line, endByte);
      }
    } finally {
      // Done, or stopped early because the import failed: the file is closed either way.
      input.destroy();
    }
  }

  function toRow(record: readonly string[], row: number, line: number, endByte: number): SourceRow {
    if (record.length !== columns.length) {
      return { row, line, endByte, body: null, problems: [{ pointer: '', detail: `has ${record.length} cells where the header has ${columns.length}` }] };
    }
    const body: Record<string, unknown> = {};
    const problems: FieldError[] = [];
    for (const [i, { field }] of columns.entries()) {
      const text = record[i]!;
      // An empty cell is an absent field, as if the column were not there.
      if (field === null || text.trim() === '') continue;
      const converted = cellValue(field, IMPORT_FIELDS.get(field)!, text);
      body[field] = converted.value;
      if (converted.problems) problems.push(...converted.problems);
    }
    return { row, line, endByte, body, problems };
  }

  return { rows: rows(), notices, sourceOf: (field) => sources.get(field) ?? field };
}

function syntaxProblem(code: string): string {
  return SYNTAX[code] ?? 'the file is not valid CSV here';
}
