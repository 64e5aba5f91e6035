/**
 * What an export writes: NDJSON lines exactly as the API returns a customer (a tasks array when
 * asked), CSV cells an import reads back, the tasks of a CSV export in a file of their own, and
 * the paging through `CustomerService.list` that keeps one page in memory.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { parseKeepingNumbers } from '../../src/domain/exact-json.ts';
import type { Customer, CustomerPage } from '../../src/schemas/customer.ts';
import type { TaskView } from '../../src/services/schedules.ts';
import { customerPages, runExport, type CustomerLister } from '../../src/bulk/export-run.ts';
import { cellText, customerCsvRecord, customerNdjsonLine, ExportWriter } from '../../src/bulk/export-writer.ts';
import { CUSTOMER_COLUMNS, TASK_COLUMNS } from '../../src/bulk/fields.ts';
import { TextSink } from '../../src/bulk/text-sink.ts';

const customer = (id: string, extra: Partial<Customer> = {}): Customer => ({
  firstName: 'Ana',
  lastName: 'Reyes',
  id,
  birthday: '1985-06-15',
  ssnLastFour: '1234',
  timezone: 'America/Los_Angeles',
  phoneNumber: '+14155550100',
  doNotCall: false,
  isTest: true,
  taskType: 'collections',
  externalMetadata: parseKeepingNumbers('{"big":12345678901234567890}') as Record<string, unknown>,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...extra,
});

const task = (id: string, customerId: string): TaskView => ({
  id,
  customerId,
  loanId: null,
  phoneNumber: '+14155550100',
  scheduledFor: '2024-01-02T17:00:00.000Z',
  localTimes: { 'America/Los_Angeles': '2024-01-02 09:00' },
  status: 'scheduled',
  kind: 'cadence',
  isTest: true,
  explanation: { summary: 'placed' },
  attempts: 0,
  life: [],
});

function capture(): { sink: TextSink; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { sink: new TextSink(stream), text: () => text };
}

describe('export records', () => {
  it('writes booleans, JSON and absent fields as an import reads them back', () => {
    assert.equal(cellText(undefined), '');
    assert.equal(cellText(null), '');
    assert.equal(cellText(false), 'false');
    assert.equal(cellText({ a: [1] }), '{"a":[1]}');
    const record = customerCsvRecord(customer('C1'));
    assert.deepEqual(record.slice(0, 2), ['C1', 'collections']);
    const at = (column: string) => record[CUSTOMER_COLUMNS.indexOf(column)];
    assert.equal(at('ssnLastFour'), '1234');
    assert.equal(at('email'), '');
    assert.equal(at('isTest'), 'true');
    assert.equal(at('externalMetadata'), '{"big":12345678901234567890}');
  });

  it('writes an NDJSON line as the API returns the customer, with its tasks when asked', () => {
    assert.equal(customerNdjsonLine(customer('C1')), `${JSON.stringify(customer('C1'))}\n`);
    assert.match(customerNdjsonLine(customer('C1')), /"big":12345678901234567890/);
    const withTasks = JSON.parse(customerNdjsonLine(customer('C1'), [task('t1', 'C1')])) as { tasks: Array<{ id: string }> };
    assert.deepEqual(
      withTasks.tasks.map((t) => t.id),
      ['t1'],
    );
  });
});

describe('runExport', () => {
  /** A company of `n` customers, listed a page at a time as CustomerService.list does. */
  function lister(n: number): CustomerLister & { pages: number; largestPage: number } {
    const all = Array.from({ length: n }, (_, i) => customer(`C${String(i).padStart(4, '0')}`));
    return {
      pages: 0,
      largestPage: 0,
      async list(_companyId, { limit, cursor }): Promise<CustomerPage> {
        this.pages += 1;
        const start = cursor === undefined ? 0 : Number(cursor);
        const data = all.slice(start, start + limit);
        this.largestPage = Math.max(this.largestPage, data.length);
        const hasMore = start + limit < all.length;
        return { data, hasMore, nextCursor: hasMore ? String(start + limit) : null };
      },
    };
  }

  it('pages through every customer, one page in hand at a time', async () => {
    const customers = lister(1234);
    const seen: string[] = [];
    for await (const page of customerPages(customers, 'cmp_1', 500)) seen.push(...page.map((c) => c.id));
    assert.equal(seen.length, 1234);
    assert.equal(new Set(seen).size, 1234);
    assert.equal(customers.pages, 3);
    assert.equal(customers.largestPage, 500);
  });

  it('writes CSV with a header, and the tasks to their own file', async () => {
    const out = capture();
    const tasksOut = capture();
    const counts = await runExport({
      pages: customerPages(lister(3), 'cmp_1', 2),
      writer: new ExportWriter('csv', out.sink, tasksOut.sink),
      companyId: 'cmp_1',
      tasks: { listTasks: async (_companyId, customerId) => (customerId === 'C0001' ? [] : [task(`t-${customerId}`, customerId)]) },
    });
    assert.deepEqual(counts, { customers: 3, tasks: 2 });
    const customers: string[][] = parse(out.text());
    assert.deepEqual(customers[0], [...CUSTOMER_COLUMNS]);
    assert.deepEqual(
      customers.slice(1).map((r) => r[0]),
      ['C0000', 'C0001', 'C0002'],
    );
    const tasks: string[][] = parse(tasksOut.text());
    assert.deepEqual(tasks[0], [...TASK_COLUMNS]);
    assert.deepEqual(
      tasks.slice(1).map((r) => [r[0], r[1]]),
      [
        ['t-C0000', 'C0000'],
        ['t-C0002', 'C0002'],
      ],
    );
  });

  it('writes NDJSON with a tasks array on every line when asked, an empty one for a customer without', async () => {
    const out = capture();
    await runExport({
      pages: customerPages(lister(2), 'cmp_1'),
      writer: new ExportWriter('ndjson', out.sink),
      companyId: 'cmp_1',
      tasks: { listTasks: async (_companyId, customerId) => (customerId === 'C0001' ? [] : [task('t1', customerId)]) },
    });
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; tasks: unknown[] });
    assert.deepEqual(
      lines.map((l) => [l.id, l.tasks.length]),
      [
        ['C0000', 1],
        ['C0001', 0],
      ],
    );
  });

  it('writes only a header for a company without customers', async () => {
    const out = capture();
    const counts = await runExport({ pages: customerPages(lister(0), 'cmp_1'), writer: new ExportWriter('csv', out.sink), companyId: 'cmp_1' });
    assert.deepEqual(counts, { customers: 0, tasks: 0 });
    assert.equal(out.text(), `${CUSTOMER_COLUMNS.join(',')}\n`);
  });
});
