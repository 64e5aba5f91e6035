/**
 * The one list of migrations, shared by PostgreSQL and PGlite. Names sort in the order they run;
 * a migration is never edited once it has landed — add a new one.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.ts';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.ts';
import * as schedules from './0002-schedules-and-calls.ts';
import * as idempotency from './0003-idempotency-keys.ts';
import * as rateLimits from './0004-api-key-rate-limits.ts';
import * as lmsConfigs from './0005-lms-configs-and-loan-details.ts';
import * as taskExplanationsJson from './0006-task-explanations-as-json.ts';
import * as customersPagePartial from './0007-customers-page-index-partial.ts';
import * as encryptionKeyFingerprints from './0008-encryption-key-fingerprints.ts';
import * as dispatch from './0009-dispatch.ts';
import * as webhooks from './0010-webhooks.ts';
import * as batchJobs from './0011-batch-jobs.ts';
import * as consentLedger from './0012-consent-ledger.ts';
import * as consentGrantTimes from './0013-consent-grant-times.ts';
import * as auditEvents from './0014-audit-events.ts';
import * as taskTypePurposes from './0015-task-type-purposes.ts';
import * as scheduleStops from './0016-schedule-stops.ts';
import * as webhookDeliveriesWithoutForeignKeys from './0017-webhook-deliveries-without-foreign-keys.ts';
import * as webhookFanOut from './0018-webhook-fan-out.ts';
import * as auditWebhookEndpoints from './0019-audit-webhook-endpoints.ts';
import * as taskCustomerCheckedPerStatement from './0020-task-customer-checked-per-statement.ts';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-schedules-and-calls': schedules,
  '0003-idempotency-keys': idempotency,
  '0004-api-key-rate-limits': rateLimits,
  '0005-lms-configs-and-loan-details': lmsConfigs,
  '0006-task-explanations-as-json': taskExplanationsJson,
  '0007-customers-page-index-partial': customersPagePartial,
  '0008-encryption-key-fingerprints': encryptionKeyFingerprints,
  '0009-dispatch': dispatch,
  '0010-webhooks': webhooks,
  '0011-batch-jobs': batchJobs,
  '0012-consent-ledger': consentLedger,
  '0013-consent-grant-times': consentGrantTimes,
  '0014-audit-events': auditEvents,
  '0015-task-type-purposes': taskTypePurposes,
  '0016-schedule-stops': scheduleStops,
  '0017-webhook-deliveries-without-foreign-keys': webhookDeliveriesWithoutForeignKeys,
  '0018-webhook-fan-out': webhookFanOut,
  '0019-audit-webhook-endpoints': auditWebhookEndpoints,
  '0020-task-customer-checked-per-statement': taskCustomerCheckedPerStatement,
};

/** Every migration's name, in order: what a database migrated to the latest holds. */
export const migrationNames: readonly string[] = Object.keys(migrations);

const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

/**
 * Undoes every migration after `name`, each with its own down(), newest first: a database as it
 * was before them (for tests that start from an older schema).
 */
export async function migrateDownTo(db: Kysely<Tables>, name: string): Promise<void> {
  if (!(name in migrations)) throw new Error(`no migration named ${name}`);
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(name);
  if (error) throw new Error(`undoing migrations after ${name} failed: ${error instanceof Error ? error.message : typeof error}`);
}

/**
 * Whether the database has applied exactly these migrations, in two small queries. Kysely's
 * Migrator finds its own tables by reading every table's columns from the catalog, twice, before
 * it takes its lock: most of a restart's migration step on the embedded database, for a database
 * with nothing to apply. Anything else (no table yet, a migration missing, one this code does not
 * know) goes to the Migrator, which applies or refuses as always.
 */
async function isUpToDate(db: Kysely<Tables>): Promise<boolean> {
  const { rows: found } = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!found[0]?.present) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name collate "C"`.execute(db);
  return rows.length === migrationNames.length && rows.every((row, i) => row.name === migrationNames[i]);
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Tables>): Promise<string[]> {
  if (await isUpToDate(db)) return [];
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const where = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`database migration failed${where}: ${error instanceof Error ? error.message : typeof error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
