/**
 * Many customers at once — the batch API's jobs and `callwise import` share this. Each item is
 * validated exactly as `POST /customers` validates a body (the same schema, the same rules, the
 * same plan), and a chunk of valid items is written in one transaction by the same operation that
 * writes single creates: one statement for the customers, one for their tasks. Every item is
 * independent: a bad one is reported, never fails the others; an id already taken is reported as
 * existing (or, with `upsert`, updated like a PATCH with every field sent).
 */
import { type FieldError, DomainError, ValidationError } from '../domain/errors.ts';
import { unsafeInputProblems } from '../domain/input-hygiene.ts';
import { CreateCustomerBody } from '../schemas/customer.ts';
import { schemaFieldErrors } from '../schemas/field-errors.ts';
import type { Trx } from '../store/database.ts';
import type { Transactions } from '../store/transactions.ts';
import { wasWritten, writeNewCustomers } from '../store/repositories/customer-writes.ts';
import type { Customer } from '../schemas/customer.ts';
import type { CustomerService, PreparedCreate } from './customers.ts';

const createBodyErrors = schemaFieldErrors(CreateCustomerBody);

export interface ImportOptions {
  /** Validate and plan only; nothing is written. */
  readonly dryRun?: boolean;
  /** An id already taken is updated with the item's fields (its plan rebuilt) instead of reported. */
  readonly upsert?: boolean;
}

export type ImportOutcome = 'created' | 'updated' | 'exists' | 'invalid' | 'valid';

export interface ImportItemResult {
  /** The item's position in its batch or file (0-based). */
  readonly index: number;
  /** The item's id, when it had a usable one. */
  readonly id: string | null;
  readonly success: boolean;
  readonly outcome: ImportOutcome;
  readonly message: string;
  /** The customer as stored (created or updated). */
  readonly customer?: Customer;
  readonly errors?: readonly FieldError[];
}

/** Top-level strings trimmed, as the API trims a body before validating it. */
function trimmed(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  // fromEntries defines every key as an own property: `__proto__` stays an ordinary (unknown) field.
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value]));
}

function idOf(item: unknown): string | null {
  const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

export class BulkImportService {
  readonly #customers: CustomerService;
  readonly #tx: Transactions;

  constructor(customers: CustomerService, tx: Transactions) {
    this.#customers = customers;
    this.#tx = tx;
  }

  /**
   * Validates every item, then writes the valid ones together in one transaction. `firstIndex`
   * numbers the results (a chunk of a larger file). Results come back in the items' order.
   */
  async importChunk(companyId: string, items: readonly unknown[], firstIndex: number, options: ImportOptions = {}): Promise<ImportItemResult[]> {
    const checked = await this.checkChunk(companyId, items, firstIndex);
    if (options.dryRun) {
      return checked.map((c) =>
        'result' in c
          ? c.result
          : { index: c.index, id: c.prepared.fields.id, success: true, outcome: 'valid', message: 'valid: nothing was written (dry run)' },
      );
    }
    const valid = checked.filter((c): c is CheckedItem => !('result' in c));
    const written = valid.length === 0 ? [] : await this.#tx.run((trx) => this.writeChunk(trx, valid));
    const byIndex = new Map(written.map((r) => [r.index, r]));
    const results: ImportItemResult[] = [];
    for (const c of checked) {
      if ('result' in c) results.push(c.result);
      else if (byIndex.get(c.index)?.outcome !== 'exists' || !options.upsert) results.push(byIndex.get(c.index)!);
      else {
        // Updated like a PATCH with every field sent (its own transaction: it re-plans the customer).
        const customer = await this.#customers.update(companyId, c.prepared.fields.id, { body: c.item, schemaErrors: [] });
        results.push({ index: c.index, id: c.prepared.fields.id, success: true, outcome: 'updated', message: 'updated', customer });
      }
    }
    return results;
  }

  /**
   * Each item checked as a create would check it, and planned; nothing is written. An item that
   * fails comes back with its result; a valid one ready to write.
   */
  async checkChunk(
    companyId: string,
    items: readonly unknown[],
    firstIndex: number,
  ): Promise<Array<CheckedItem | { index: number; result: ImportItemResult }>> {
    const out: Array<CheckedItem | { index: number; result: ImportItemResult }> = [];
    const seen = new Set<string>();
    const trimmedItems = items.map(trimmed);
    // Records kept from deleted customers, asked about for the whole chunk in one statement.
    const ids = trimmedItems.map(idOf).filter((id): id is string => id !== null);
    const mayHaveKeptRecords = await this.#customers.keptRecordsLookup(companyId, ids);
    for (const [at, item] of trimmedItems.entries()) {
      const index = firstIndex + at;
      const id = idOf(item);
      try {
        const schemaErrors = [...unsafeInputProblems(item), ...createBodyErrors(item)];
        const prepared = await this.#customers.prepareImport(companyId, { body: item, schemaErrors }, mayHaveKeptRecords);
        // Two items with one id in the same chunk: the second is the existing one, as it would be
        // in the next chunk.
        if (seen.has(prepared.fields.id)) {
          out.push({
            index,
            result: { index, id, success: false, outcome: 'exists', message: `customer ${prepared.fields.id} appears earlier in this import` },
          });
          continue;
        }
        seen.add(prepared.fields.id);
        out.push({ index, prepared, item });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const errors = error instanceof ValidationError ? error.errors : [];
        out.push({ index, result: { index, id, success: false, outcome: 'invalid', message: error.message, ...(errors.length > 0 ? { errors } : {}) } });
      }
    }
    return out;
  }

  /** Writes checked items in the caller's transaction: created, or `exists` for an id already taken. */
  async writeChunk(trx: Trx, items: readonly CheckedItem[]): Promise<ImportItemResult[]> {
    const rows = await writeNewCustomers.execute(
      trx,
      items.map((c) => c.prepared.write),
    );
    // As a single create does (CustomerService.commitCreate): a revocation recorded since the chunk
    // read its kept records is honoured.
    for (const [n, c] of items.entries()) {
      if (wasWritten(rows[n]) && c.prepared.inheritsKeptRecords) await this.#customers.alignWithLedger(trx, c.prepared.companyId, c.prepared.fields.id);
    }
    return items.map((c, n) =>
      wasWritten(rows[n])
        ? { index: c.index, id: c.prepared.fields.id, success: true, outcome: 'created', message: 'created', customer: c.prepared.customer }
        : {
            index: c.index,
            id: c.prepared.fields.id,
            success: false,
            outcome: 'exists',
            message: `customer ${c.prepared.fields.id} already exists (not changed)`,
          },
    );
  }
}

/** An item that passed every check, ready to write. */
export interface CheckedItem {
  readonly index: number;
  readonly prepared: PreparedCreate;
  /** The item as sent (trimmed), for an upsert. */
  readonly item: unknown;
}
