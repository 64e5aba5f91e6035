/**
 * A company's task types, their cadences and purposes, cached briefly: every create matches its taskType
 * and plans with its cadence, so reading them from the database each time would be a query per
 * request for data that changes a few times a year. Changes made in this process clear the cache
 * at once; changes made elsewhere (the CLI, another process) show within TTL_MS.
 */
import type { CallPurpose } from '../compliance/types.ts';
import { validateCadence, defaultCadenceFor, type Cadence } from '../scheduling/cadence.ts';
import type { Db } from '../store/database.ts';
import { listTaskTypes } from '../store/repositories/task-types.ts';

const TTL_MS = 10_000;

export interface TaskTypeEntry {
  /** The company's spelling. */
  readonly name: string;
  /** The cadence schedules are planned with: the task type's own, or the default for its name. */
  readonly cadence: Cadence;
  readonly defaultCadence: boolean;
  /** What its calls are for: the compliance engine gets it with every call of the task type. */
  readonly purpose: CallPurpose;
}

interface CompanyEntry {
  readonly byKey: ReadonlyMap<string, TaskTypeEntry>;
  readonly names: readonly string[];
  readonly expires: number;
}

export class TaskTypeCatalog {
  readonly #cache = new Map<string, CompanyEntry>();

  private readonly db: Db;
  private readonly now: () => number;

  constructor(db: Db, now: () => number = Date.now) {
    this.db = db;
    this.now = now;
  }

  /** Inside a transaction pass its handle (PGlite has one connection). */
  async load(companyId: string, executor: Db = this.db): Promise<CompanyEntry> {
    const hit = this.#cache.get(companyId);
    if (hit && hit.expires > this.now()) return hit;
    const rows = await listTaskTypes(executor, companyId);
    const byKey = new Map<string, TaskTypeEntry>();
    for (const row of rows) {
      const own = row.cadence ? validateCadence(row.cadence).cadence : null;
      byKey.set(row.name.toLowerCase(), { name: row.name, cadence: own ?? defaultCadenceFor(row.name), defaultCadence: own === null, purpose: row.purpose });
    }
    const entry = { byKey, names: rows.map((r) => r.name), expires: this.now() + TTL_MS };
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(companyId, entry);
    return entry;
  }

  async find(companyId: string, name: string, executor?: Db): Promise<TaskTypeEntry | undefined> {
    return (await this.load(companyId, executor)).byKey.get(name.toLowerCase());
  }

  async names(companyId: string): Promise<readonly string[]> {
    return (await this.load(companyId)).names;
  }

  invalidate(companyId: string): void {
    this.#cache.delete(companyId);
  }
}
