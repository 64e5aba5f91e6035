/**
 * `callwise export <companyId>`: a company's customers as CSV or NDJSON — the lender's own data,
 * so every field `GET /customers` returns is written as it returns it, birthday and SSN last four
 * included — optionally with their tasks. Read a page at a time and written before the next page
 * is read, so memory stays flat whatever the company's size.
 *
 * A file is written under a temporary name with owner-only permissions (it holds personal data)
 * and renamed when complete: a failed export never leaves a file that looks whole.
 */
import type { Command } from 'commander';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Runtime } from '../runtime.ts';
import { customerPages, runExport } from '../bulk/export-run.ts';
import { ExportWriter } from '../bulk/export-writer.ts';
import { fileFormat } from '../bulk/file-format.ts';
import { duration } from '../bulk/progress.ts';
import { TextSink } from '../bulk/text-sink.ts';
import { UsageError } from '../bulk/usage-error.ts';
import { exitingOnUsage, exitTwoOnUsage, requireCompany } from './import.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;

interface ExportFlags {
  readonly format?: string;
  readonly withTasks?: boolean;
  readonly output?: string;
}

/** Where a CSV export's tasks go: customers.csv → customers.tasks.csv. */
function tasksFileOf(output: string): string {
  return `${output.replace(/\.csv$/i, '')}.tasks.csv`;
}

export function registerExportCommand(program: Command, withRuntime: WithRuntime, print: (line: string) => void): void {
  program
    .command('export')
    .argument('<companyId>')
    .option('--format <format>', 'csv or ndjson (default: from the --output extension, else csv)')
    .option('--with-tasks', "each customer's tasks too: a tasks array on each line (NDJSON), or a second file <output>.tasks.csv (CSV)")
    .option('--output <file>', 'the file to write (default: standard output)')
    .description("write a company's customers, as GET /customers returns them (personal data included), page by page")
    .exitOverride(exitTwoOnUsage)
    .action((companyId: string, flags: ExportFlags) => exitingOnUsage(() => exportCompany(companyId, flags, withRuntime, print)));
}

async function exportCompany(companyId: string, flags: ExportFlags, withRuntime: WithRuntime, print: (line: string) => void): Promise<void> {
  const format = fileFormat(flags.output, flags.format, 'csv');
  const output = flags.output;
  if (format === 'csv' && flags.withTasks && output === undefined) {
    throw new UsageError('--with-tasks with CSV needs --output: the tasks are written to a second file beside it (<output>.tasks.csv)');
  }
  const tasksOutput = format === 'csv' && flags.withTasks && output !== undefined ? tasksFileOf(output) : undefined;
  // Said where it does not mix with the data: on standard error when the data goes to standard output.
  const say = output === undefined ? (line: string) => process.stderr.write(`${line}\n`) : print;

  await withRuntime(async (runtime) => {
    await requireCompany(runtime, companyId);
    const started = performance.now();
    const files = [output, tasksOutput].flatMap((file) => (file === undefined ? [] : [{ file, partial: `${file}.partial` }]));
    const sinks = files.map(({ partial }) => new TextSink(createWriteStream(partial, { mode: 0o600 })));
    const customers = sinks[0] ?? new TextSink(process.stdout);
    try {
      const counts = await runExport({
        pages: customerPages(runtime.services.customers, companyId),
        writer: new ExportWriter(format, customers, sinks[1]),
        companyId,
        ...(flags.withTasks ? { tasks: runtime.services.schedules } : {}),
      });
      if (sinks.length === 0) await customers.close({ keepOpen: true });
      for (const sink of sinks) await sink.close();
      for (const { file, partial } of files) renameSync(partial, file);
      const where = files.length > 0 ? ` to ${files.map((f) => f.file).join(' and ')}` : '';
      const tasks = flags.withTasks ? ` with ${counted(counts.tasks, 'task')}` : '';
      const elapsed = performance.now() - started;
      say(`exported ${counted(counts.customers, 'customer')}${tasks}${where} in ${elapsed < 60_000 ? `${(elapsed / 1000).toFixed(1)}s` : duration(elapsed)}`);
    } catch (error) {
      for (const { partial } of files) rmSync(partial, { force: true });
      throw error;
    }
  });
}

const counted = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
