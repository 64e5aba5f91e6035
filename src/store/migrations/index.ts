/**
 * The one list of migrations, shared by PostgreSQL and PGlite. Names sort in the order they run;
 * a migration is never edited once it has landed — add a new one.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.ts';
import * as schedules from './0002-schedules-and-calls.ts';
import * as idempotency from './0003-idempotency-keys.ts';
import * as rateLimits from './0004-api-key-rate-limits.ts';
import * as lmsConfigs from './0005-lms-configs-and-loan-details.ts';
import * as taskExplanationsJson from './0006-task-explanations-as-json.ts';
import * as customersPagePartial from './0007-customers-page-index-partial.ts';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-schedules-and-calls': schedules,
  '0003-idempotency-keys': idempotency,
  '0004-api-key-rate-limits': rateLimits,
  '0005-lms-configs-and-loan-details': lmsConfigs,
  '0006-task-explanations-as-json': taskExplanationsJson,
  '0007-customers-page-index-partial': customersPagePartial,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
