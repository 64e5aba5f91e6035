/**
 * Which ids of concurrent creates have records kept from a deleted customer, asked in one query
 * for all the creates of an event-loop turn. Every create must ask (what it inherits changes its
 * plan), but asking alone cost each create a round trip of its own outside the grouped write:
 * a third fewer creates per second on PostgreSQL and half on the embedded database (BENCHMARKS.md,
 * "A regression in POST /customers"). Bulk import asks per chunk the same way (keptRecordsLookup).
 */
import type { Db } from '../store/database.ts';
import { idsWithKeptRecords } from '../store/repositories/consent-events.ts';

interface Waiting {
  readonly id: string;
  readonly resolve: (kept: boolean) => void;
  readonly reject: (error: unknown) => void;
}

export class KeptRecordsBatcher {
  readonly #db: Db;
  /** Per company, the ids asked about since the last query. */
  #waiting = new Map<string, Waiting[]>();
  #scheduled = false;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Whether `customerId` may have kept records in the company (a false answer is certain). */
  mayHave(companyId: string, customerId: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const list = this.#waiting.get(companyId) ?? [];
      list.push({ id: customerId, resolve, reject });
      this.#waiting.set(companyId, list);
      if (!this.#scheduled) {
        this.#scheduled = true;
        // The next turn: creates being validated now join this query.
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batches = this.#waiting;
    this.#waiting = new Map();
    for (const [companyId, waiting] of batches) {
      const ids = [...new Set(waiting.map((w) => w.id))];
      idsWithKeptRecords(this.#db, companyId, ids).then(
        (kept) => {
          for (const w of waiting) w.resolve(kept.has(w.id));
        },
        (error: unknown) => {
          for (const w of waiting) w.reject(error);
        },
      );
    }
  }
}
