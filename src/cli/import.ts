/**
 * `callwise import <companyId> <file>`: customers from a CSV (header row) or NDJSON file, each row
 * checked exactly as `POST /customers` checks a body and written a chunk at a time by the same
 * operation. The file is streamed, never held whole; rejected rows go to a rejects file (row,
 * line, field, reason — never a value) as the import runs. Rerunning the same file is safe: ids
 * already there are counted as existing and left alone, or updated with --upsert.
 *
 * Exit codes: 0 every row created, existing or updated (valid, in a dry run); 1 some rows were
 * rejected (the others were written) or the import failed; 2 the command could not start (usage).
 */
import type { Command, CommanderError } from 'commander';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../domain/errors.ts';
import type { Runtime } from '../runtime.ts';
import { combineMappings, parseMapOption, readMappingFile } from '../bulk/column-mapping.ts';
import { openCsvRows } from '../bulk/csv-rows.ts';
import { fileFormat } from '../bulk/file-format.ts';
import { type ImportSummary, type ImportTally, runImport } from '../bulk/import-run.ts';
import { ndjsonRows } from '../bulk/ndjson-rows.ts';
import { duration, Progress, rowsPerSecond } from '../bulk/progress.ts';
import { RejectsFile } from '../bulk/rejects-file.ts';
import { chunked } from '../bulk/source-row.ts';
import { TextSink } from '../bulk/text-sink.ts';
import { UsageError } from '../bulk/usage-error.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;

interface ImportFlags {
  readonly format?: string;
  readonly map: string[];
  readonly mapping?: string;
  readonly dryRun?: boolean;
  readonly upsert?: boolean;
  readonly rejects?: string;
  readonly chunkSize: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImportCommand(program: Command, withRuntime: WithRuntime, print: (line: string) => void): void {
  program
    .command('import')
    .argument('<companyId>')
    .argument('<file>', 'CSV with a header row (.csv), or one JSON object a line (.ndjson, .jsonl)')
    .option('--format <format>', 'csv or ndjson (default: from the extension)')
    .option('--map <pairs>', 'the file\'s names for fields, "Phone=phoneNumber,ZIP=zipCode"; "Notes=" leaves a column out (repeatable)', collect, [])
    .option('--mapping <file>', 'the same as a JSON file: {"Phone": "phoneNumber", "Notes": null}')
    .option('--dry-run', 'validate every row and write nothing')
    .option('--upsert', 'update customers whose id exists already (their fields as in the file, their schedule rebuilt)')
    .option('--rejects <file>', 'where the rejected rows are listed (default: <file>.rejects.csv)')
    .option('--chunk-size <rows>', 'rows written per transaction', '500')
    .description('create customers from a file, each row checked as POST /customers checks a body; rerunning the same file is safe')
    .exitOverride(exitTwoOnUsage)
    .action((companyId: string, file: string, flags: ImportFlags) => exitingOnUsage(() => importFile(companyId, file, flags, withRuntime, print)));
}

/** Commander's own usage errors (a missing argument, an unknown option) exit with 2, as ours do. */
export function exitTwoOnUsage(error: CommanderError): never {
  const shown = error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version';
  process.exit(shown ? error.exitCode : 2);
}

/** Runs a command, answering a usage error with its message and exit code 2. */
export async function exitingOnUsage(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`callwise: ${error.message}\n`);
    process.exitCode = 2;
  }
}

/** A company id that names no company is a usage error: nothing could be imported into it. */
export async function requireCompany(runtime: Runtime, companyId: string): Promise<void> {
  try {
    await runtime.services.companies.requireCompany(companyId);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') throw new UsageError(`no company with id ${companyId} (see: callwise company list)`);
    throw error;
  }
}

function positiveInteger(text: string, name: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`${name} must be an integer from 1 to ${max}`);
  return value;
}

function fileSize(file: string): number {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new UsageError(`${file} does not exist or cannot be read`);
  }
  if (!stats.isFile()) throw new UsageError(`${file} is not a file`);
  return stats.size;
}

async function importFile(companyId: string, file: string, flags: ImportFlags, withRuntime: WithRuntime, print: (line: string) => void): Promise<void> {
  // Everything that can be wrong with the command is found before the database is opened.
  const format = fileFormat(file, flags.format);
  const chunkSize = positiveInteger(flags.chunkSize, '--chunk-size', 5000);
  const mapping = combineMappings(flags.mapping === undefined ? undefined : readMappingFile(flags.mapping), parseMapOption(flags.map));
  const size = fileSize(file);
  const rejectsPath = flags.rejects ?? `${file}.rejects.csv`;
  if (path.resolve(rejectsPath) === path.resolve(file)) throw new UsageError('--rejects must name another file than the one imported');
  if (flags.dryRun && flags.upsert) throw new UsageError('--dry-run and --upsert together: a dry run writes nothing to update');

  const input = createReadStream(file);
  try {
    const source = format === 'csv' ? await openCsvRows(input, mapping) : ndjsonRows(input, mapping);
    for (const notice of source.notices) process.stderr.write(`callwise: ${notice}\n`);
    const dryRun = flags.dryRun === true;
    await withRuntime(async (runtime) => {
      await requireCompany(runtime, companyId);
      const rejects = await RejectsFile.open(new TextSink(createWriteStream(rejectsPath)), source.sourceOf);
      const progress = new Progress(process.stderr, size);
      let sofar: ImportTally | undefined;
      let summary: ImportSummary;
      try {
        summary = await runImport({
          importer: runtime.services.bulkImport,
          companyId,
          chunks: chunked(source.rows, chunkSize),
          dryRun,
          upsert: flags.upsert === true,
          rejects,
          onProgress: (tally, bytes) => {
            sofar = { ...tally };
            progress.update(tally.read, bytes);
          },
        });
      } catch (error) {
        progress.finish();
        // What was written before the failure stays written; rerunning the file finishes the job.
        if (sofar) report(print, sofar, progress.elapsedMs, dryRun, rejectsPath, rejects.rows);
        print('the import stopped early: the rows after those counted were not imported (rerunning the file is safe)');
        throw error;
      } finally {
        progress.finish();
        await rejects.close();
      }
      report(print, summary, progress.elapsedMs, dryRun, rejectsPath, rejects.rows);
      if (summary.stoppedAtLine !== undefined) {
        print(`reading stopped at line ${summary.stoppedAtLine}: the file is not valid CSV from there (see the rejects file)`);
      }
      if (rejects.rows > 0 || summary.stoppedAtLine !== undefined) process.exitCode = 1;
    });
  } finally {
    input.destroy();
  }
}

/** The final report: what became of every row, how fast, and where the rejected ones are listed. */
function report(print: (line: string) => void, tally: ImportTally, elapsedMs: number, dryRun: boolean, rejectsPath: string, rejected: number): void {
  const lines: Array<[string, string]> = [
    ['rows read', count(tally.read)],
    ...(dryRun
      ? [['valid', count(tally.valid)] as [string, string]]
      : [
          ['created', count(tally.created)] as [string, string],
          ['existing', `${count(tally.existing)}${tally.existing > 0 ? ' (already there: not changed; --upsert updates them)' : ''}`] as [string, string],
          ['updated', count(tally.updated)] as [string, string],
        ]),
    ['invalid', count(tally.invalid)],
    ['duplicate', `${count(tally.duplicate)}${tally.duplicate > 0 ? ' (an earlier row of the file has the id)' : ''}`],
    ['elapsed', `${elapsedMs < 60_000 ? `${(elapsedMs / 1000).toFixed(1)}s` : duration(elapsedMs)} (${count(rowsPerSecond(tally.read, elapsedMs))} rows/s)`],
    ['rejects', rejected > 0 ? `${rejectsPath} (${count(rejected)} rows)` : `none (${rejectsPath} lists no row)`],
  ];
  if (dryRun) print('dry run: nothing was written');
  for (const [name, value] of lines) print(`${name.padEnd(10)} ${value}`);
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
