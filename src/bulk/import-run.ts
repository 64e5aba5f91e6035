/**
 * The import loop: chunks of rows from a reader go to the bulk-import service, results are counted
 * and rejected rows written to the rejects file as each chunk finishes. Two chunks are in flight by
 * default — one being validated while the one before it is written — and the next chunk is read
 * only when one of them is done, so memory holds a few chunks whatever the file's size.
 *
 * Rows are never written twice and never written with a problem the service cannot see: a row
 * whose id an earlier row of the file has is refused as a duplicate before the service sees it,
 * and a row with a reading problem (a cell that is not its field's type) is only validated, so its
 * other fields are reported too, and never written.
 */
import type { FieldError } from '../domain/errors.ts';
import type { ImportItemResult, ImportOptions } from '../services/bulk-import.ts';
import type { RejectedRow } from './rejects-file.ts';
import { SeenIds } from './seen-ids.ts';
import type { SourceRow } from './source-row.ts';

/** The one service method an import needs. */
export interface ChunkImporter {
  importChunk(companyId: string, items: readonly unknown[], firstIndex: number, options?: ImportOptions): Promise<ImportItemResult[]>;
}

export interface ImportTally {
  /** Rows read and settled. */
  read: number;
  created: number;
  /** Already there (an earlier run): left as they are. */
  existing: number;
  /** Already there and updated (--upsert). */
  updated: number;
  /** Valid, nothing written (--dry-run). */
  valid: number;
  invalid: number;
  /** Refused: an earlier row of the file has the same id. */
  duplicate: number;
}

export interface ImportRun {
  readonly importer: ChunkImporter;
  readonly companyId: string;
  readonly chunks: AsyncIterable<readonly SourceRow[]>;
  readonly dryRun: boolean;
  readonly upsert: boolean;
  readonly rejects: { add(rejected: RejectedRow): Promise<void> };
  /** Chunks given to the service before the oldest is awaited (default 2). */
  readonly inFlight?: number;
  /** After each chunk: the counts so far and how far into the file (bytes) they reach. */
  readonly onProgress?: (tally: Readonly<ImportTally>, endByte: number) => void;
}

export interface ImportSummary extends ImportTally {
  /** The file could not be read to its end (a CSV quote left open): the line where reading stopped. */
  readonly stoppedAtLine?: number;
}

type Kind = 'created' | 'existing' | 'updated' | 'valid' | 'invalid' | 'duplicate';

interface Settled {
  readonly source: SourceRow;
  readonly kind: Kind;
  readonly problems?: readonly FieldError[];
}

const DUPLICATE: FieldError = { pointer: '/id', detail: 'is the id of an earlier row of this file: each customer is imported once, from its first row' };

export async function runImport(run: ImportRun): Promise<ImportSummary> {
  const tally: ImportTally = { read: 0, created: 0, existing: 0, updated: 0, valid: 0, invalid: 0, duplicate: 0 };
  const seen = new SeenIds();
  const inFlight = Math.max(1, run.inFlight ?? 2);
  const pending: Array<Promise<Settled[]>> = [];
  let stoppedAtLine: number | undefined;

  const settle = async (settled: Settled[]) => {
    for (const { source, kind, problems } of settled) {
      tally.read += 1;
      tally[kind] += 1;
      if (source.last) stoppedAtLine = source.line;
      if (problems) await run.rejects.add({ row: source.row, line: source.line, problems });
    }
    const last = settled.at(-1);
    if (last) run.onProgress?.(tally, last.source.endByte);
  };

  try {
    for await (const rows of run.chunks) {
      const task = importRows(run, rows, seen);
      // Awaited below, in order; marked handled now so a failure while the next chunk is read is
      // not taken for an unhandled rejection.
      task.catch(() => {});
      pending.push(task);
      while (pending.length >= inFlight) await settle(await pending.shift()!);
    }
    while (pending.length > 0) await settle(await pending.shift()!);
  } finally {
    // A failure leaves no chunk running against a database about to be closed.
    await Promise.allSettled(pending);
  }
  return { ...tally, ...(stoppedAtLine === undefined ? {} : { stoppedAtLine }) };
}

/** One chunk: what the reader or the file already refuses, then the service for the rest. */
async function importRows(run: ImportRun, rows: readonly SourceRow[], seen: SeenIds): Promise<Settled[]> {
  const settled = new Array<Settled>(rows.length);
  const toImport: number[] = [];
  const toCheck: number[] = [];
  // Decided before the first await, in the file's order: the first row with an id keeps it.
  for (const [at, source] of rows.entries()) {
    const id = idOf(source.body);
    if (id !== null && !seen.firstTime(id)) settled[at] = { source, kind: 'duplicate', problems: [DUPLICATE] };
    else if (source.body === null) settled[at] = { source, kind: 'invalid', problems: source.problems };
    else (source.problems.length > 0 ? toCheck : toImport).push(at);
  }
  const options: ImportOptions = { dryRun: run.dryRun, upsert: run.upsert };
  const firstIndex = rows[0] ? rows[0].row - 1 : 0;
  if (toImport.length > 0) {
    const results = await run.importer.importChunk(
      run.companyId,
      toImport.map((at) => rows[at]!.body),
      firstIndex,
      options,
    );
    for (const [n, at] of toImport.entries()) settled[at] = fromResult(rows[at]!, results[n]);
  }
  if (toCheck.length > 0) {
    const results = await run.importer.importChunk(
      run.companyId,
      toCheck.map((at) => rows[at]!.body),
      firstIndex,
      { dryRun: true },
    );
    for (const [n, at] of toCheck.entries()) {
      const source = rows[at]!;
      const found = results[n]?.success === false ? problemsOf(results[n]) : [];
      settled[at] = { source, kind: 'invalid', problems: [...source.problems, ...found.filter((e) => !coveredBy(e, source.problems))] };
    }
  }
  return settled;
}

function fromResult(source: SourceRow, result: ImportItemResult | undefined): Settled {
  switch (result?.outcome) {
    case 'created':
      return { source, kind: 'created' };
    case 'updated':
      return { source, kind: 'updated' };
    case 'exists':
      return { source, kind: 'existing' };
    case 'valid':
      return { source, kind: 'valid' };
    case 'invalid':
      return { source, kind: 'invalid', problems: problemsOf(result) };
    case undefined:
      return { source, kind: 'invalid', problems: [{ pointer: '', detail: 'has no result from the import' }] };
  }
}

/** The service's field errors, or its message when it has none (its messages hold no values). */
function problemsOf(result: ImportItemResult | undefined): readonly FieldError[] {
  if (result?.errors && result.errors.length > 0) return result.errors;
  return [{ pointer: '', detail: result?.message ?? 'was rejected' }];
}

/** An error at or below a field the reader already reported: the reader's reason is the one for a CSV cell. */
function coveredBy(error: FieldError, problems: readonly FieldError[]): boolean {
  return problems.some((p) => p.pointer !== '' && (error.pointer === p.pointer || error.pointer.startsWith(`${p.pointer}/`)));
}

/** The id the service will use: its trimmed text, when it has one. */
function idOf(body: Record<string, unknown> | null): string | null {
  const id = body?.id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}
