/**
 * Callwise answers a write — a stop request, a revoked consent, a recorded call — only once its
 * transaction has committed, so "recorded" means recorded only if PostgreSQL keeps what it
 * commits. Three settings trade that away for speed, and an operator may have copied them from a
 * benchmark or a test setup. A server on PostgreSQL says so at every start, by name, with what it
 * risks; it still starts (the settings are the operator's to choose, and some run on storage that
 * makes them safe), but the choice is no longer silent. The embedded database needs no such check:
 * it always syncs its commits (store/pglite-durable-fs.ts).
 */
import type { Db } from '../store/database.ts';
import { readDurabilitySettings, type DurabilitySetting } from '../store/repositories/durability-settings.ts';

export interface DurabilityWarning {
  readonly setting: DurabilitySetting;
  readonly value: string;
  readonly risk: string;
}

/** Each setting's risk when it is off (each is on by default in PostgreSQL). */
const RISK_WHEN_OFF: Record<DurabilitySetting, string> = {
  fsync:
    'PostgreSQL does not force its writes to disk: a power cut or an operating-system crash can lose writes Callwise acknowledged, stop requests among them, or corrupt the database',
  synchronous_commit:
    'PostgreSQL answers a commit before its log is on disk: a crash of PostgreSQL or its host can lose the last writes Callwise acknowledged, stop requests among them',
  full_page_writes: 'PostgreSQL cannot repair a page half-written by a power cut or an operating-system crash: the database can be corrupted',
};

/** The settings of `settings` that put acknowledged writes at risk. */
export function durabilityWarnings(settings: Partial<Record<DurabilitySetting, string>>): DurabilityWarning[] {
  return Object.entries(RISK_WHEN_OFF).flatMap(([setting, risk]) =>
    settings[setting as DurabilitySetting] === 'off' ? [{ setting: setting as DurabilitySetting, value: 'off', risk }] : [],
  );
}

/** What the database this process is connected to puts at risk. */
export async function checkDurability(db: Db): Promise<DurabilityWarning[]> {
  return durabilityWarnings(await readDurabilitySettings(db));
}
