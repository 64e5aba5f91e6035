/**
 * An export, page by page: the customers of a company in the order `GET /customers` lists them
 * (keyset pages, so a page costs the same at the millionth customer as at the first), each page
 * written before the next is read, so memory holds one page whatever the company's size.
 */
import type { Customer, CustomerPage } from '../schemas/customer.ts';
import type { TaskView } from '../services/schedules.ts';
import type { ExportWriter } from './export-writer.ts';

export interface CustomerLister {
  list(companyId: string, query: { limit: number; cursor?: string }): Promise<CustomerPage>;
}

export interface TaskLister {
  listTasks(companyId: string, customerId: string): Promise<TaskView[]>;
}

const PAGE_SIZE = 500;

export async function* customerPages(customers: CustomerLister, companyId: string, pageSize = PAGE_SIZE): AsyncGenerator<Customer[]> {
  let cursor: string | null = null;
  do {
    const page: CustomerPage = await customers.list(companyId, { limit: pageSize, ...(cursor === null ? {} : { cursor }) });
    if (page.data.length > 0) yield page.data;
    cursor = page.hasMore ? page.nextCursor : null;
  } while (cursor !== null);
}

export interface ExportCounts {
  customers: number;
  tasks: number;
}

export async function runExport(options: {
  readonly pages: AsyncIterable<readonly Customer[]>;
  readonly writer: ExportWriter;
  readonly companyId: string;
  /** With tasks: where they are read, a customer at a time (as `GET /customers/{id}/tasks`). */
  readonly tasks?: TaskLister;
  readonly onPage?: (counts: Readonly<ExportCounts>) => void;
}): Promise<ExportCounts> {
  const counts: ExportCounts = { customers: 0, tasks: 0 };
  await options.writer.start();
  for await (const page of options.pages) {
    let tasks: Map<string, TaskView[]> | undefined;
    if (options.tasks) {
      const lister = options.tasks;
      tasks = new Map(await Promise.all(page.map(async (c) => [c.id, await lister.listTasks(options.companyId, c.id)] as const)));
      for (const list of tasks.values()) counts.tasks += list.length;
    }
    await options.writer.add(page, tasks);
    counts.customers += page.length;
    options.onPage?.(counts);
  }
  return counts;
}
