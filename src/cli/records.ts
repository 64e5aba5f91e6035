/**
 * `callwise records purge`: removes what Regulation F no longer requires to be kept — the calls
 * and consent events of customers that were deleted, once their last activity is older than the
 * retention period (RECORD_RETENTION_YEARS, default and minimum 3 years: 12 CFR 1006.100(a)).
 * Records of customers that still exist are never touched.
 */
import type { Command } from 'commander';
import { DomainError } from '../domain/errors.ts';
import type { Runtime } from '../runtime.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;

export function registerRecordCommands(program: Command, withRuntime: WithRuntime, print: (line: string) => void, retentionYears: () => number): void {
  const records = program.command('records').description("records kept after a customer's deletion (calls, consent)");
  records
    .command('purge')
    .option('--company <companyId>', 'only this company (default: every company)')
    .option('--retention-years <years>', 'keep records whose last activity is newer than this (at least 3; default RECORD_RETENTION_YEARS or 3)')
    .description("delete deleted customers' calls and consent events whose last activity is older than the retention period")
    .action((options: { company?: string; retentionYears?: string }) =>
      withRuntime(async ({ services }) => {
        const years = options.retentionYears === undefined ? retentionYears() : Number(options.retentionYears);
        if (!Number.isInteger(years) || years < 3 || years > 100) {
          throw new DomainError(
            'validation_failed',
            '--retention-years must be a whole number from 3 to 100: Regulation F requires three years (12 CFR 1006.100)',
          );
        }
        const result = await services.consent.purgeExpired(years, options.company);
        print(`purged ${result.calls} calls and ${result.consentEvents} consent events last active before ${result.before.toISOString()}`);
      }),
    );
}
