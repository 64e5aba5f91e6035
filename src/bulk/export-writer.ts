/**
 * How an export writes customers: NDJSON, one customer a line exactly as `GET /customers/{id}`
 * returns it (with its tasks as a `tasks` array when asked), or CSV with the customer fields as
 * columns and the tasks in a second CSV. CSV cells are written so an import reads them back:
 * booleans as true/false, JSON objects and arrays as JSON text, absent fields as empty cells.
 */
import { stringify } from 'csv-stringify/sync';
import type { Customer } from '../schemas/customer.ts';
import type { TaskView } from '../services/schedules.ts';
import { CUSTOMER_COLUMNS, TASK_COLUMNS } from './fields.ts';
import type { FileFormat } from './file-format.ts';
import type { TextSink } from './text-sink.ts';

/** A value as a CSV cell; metadata numbers keep their text (JSON.stringify writes raw JSON as it is). */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

const record = (columns: readonly string[], value: object): string[] => columns.map((column) => cellText((value as Record<string, unknown>)[column]));

export function customerCsvRecord(customer: Customer): string[] {
  return record(CUSTOMER_COLUMNS, customer);
}

function taskCsvRecord(task: TaskView): string[] {
  return record(TASK_COLUMNS, task);
}

export function customerNdjsonLine(customer: Customer, tasks?: readonly TaskView[]): string {
  return `${JSON.stringify(tasks ? { ...customer, tasks } : customer)}\n`;
}

export class ExportWriter {
  readonly #format: FileFormat;
  readonly #customers: TextSink;
  /** CSV with tasks only: where the tasks go. */
  readonly #tasks: TextSink | undefined;

  constructor(format: FileFormat, customers: TextSink, tasks?: TextSink) {
    this.#format = format;
    this.#customers = customers;
    this.#tasks = tasks;
  }

  /** The header rows of a CSV export (an empty company's export is its header). */
  async start(): Promise<void> {
    if (this.#format !== 'csv') return;
    await this.#customers.write(stringify([[...CUSTOMER_COLUMNS]]));
    await this.#tasks?.write(stringify([[...TASK_COLUMNS]]));
  }

  /** One page: its customers (and their tasks, by customer) in one write per file. */
  async add(customers: readonly Customer[], tasks?: ReadonlyMap<string, readonly TaskView[]>): Promise<void> {
    if (this.#format === 'ndjson') {
      await this.#customers.write(customers.map((c) => customerNdjsonLine(c, tasks ? (tasks.get(c.id) ?? []) : undefined)).join(''));
      return;
    }
    await this.#customers.write(stringify(customers.map(customerCsvRecord)));
    if (this.#tasks && tasks) {
      const rows = customers.flatMap((c) => (tasks.get(c.id) ?? []).map(taskCsvRecord));
      if (rows.length > 0) await this.#tasks.write(stringify(rows));
    }
  }
}
