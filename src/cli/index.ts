/**
 * The operator's CLI: `npx callwise <command>`. It uses the same configuration as the server
 * (DATABASE_URL, or the embedded database in DATA_DIR) and the same services.
 */
import { Command } from 'commander';
import { loadConfig, ConfigError } from '../config.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import { readFileSync } from 'node:fs';
import { explain } from './input.ts';
import { Keyring } from '../security/encryption.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { DataDirInUseError } from '../store/data-dir-lock.ts';
import { migrateToLatest } from '../store/migrations/index.ts';
import { reEncryptCustomers } from '../services/key-rotation.ts';
import { registerSettingsCommands } from './compliance-settings.ts';
import { registerLmsCommands } from './lms.ts';
import { registerDispatchCommands } from './dispatch.ts';
import { registerWebhookCommands } from './webhooks.ts';
import { registerImportCommand } from './import.ts';
import { registerExportCommand } from './export.ts';
import { registerRecordCommands } from './records.ts';

const program = new Command();
program.name('callwise').description('Callwise operator commands').showHelpAfterError();

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const runtime = await openRuntime(loadConfig(), options);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const table = (rows: Array<Record<string, string | number | boolean | null | undefined>>): void => {
  if (rows.length === 0) return print('(none)');
  for (const row of rows)
    print(
      Object.values(row)
        .map((v) => (v === null || v === undefined ? '-' : String(v)))
        .join('\t'),
    );
};

program
  .command('migrate')
  .description('apply pending database migrations (the server also applies them at start)')
  .action(() =>
    withRuntime(
      async ({ services }) => {
        const applied = await migrateToLatest(services.db);
        print(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
      },
      { migrate: false },
    ),
  );

const company = program.command('company').description('companies (tenants)');
company
  .command('create')
  .argument('<name>', 'company name')
  .option('--task-types <names>', 'comma-separated task types to add', 'collections,servicing,verification')
  .description('create a company (prints its id)')
  .action((name: string, options: { taskTypes: string }) =>
    withRuntime(async ({ services }) => {
      const taskTypes = options.taskTypes
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const created = await services.companies.createCompany(name, { taskTypes });
      print(created.id);
    }),
  );
company
  .command('list')
  .description('list companies')
  .action(() => withRuntime(async ({ services }) => table(await services.companies.listCompanies())));
registerSettingsCommands(company, (work) => withRuntime(work), print);

const key = program.command('key').description('API keys');
key
  .command('create')
  .argument('<companyId>')
  .option('--name <name>', 'a label for the key')
  .option('--rate-limit <perMinute>', 'requests per minute for this key (0 = unlimited; default RATE_LIMIT_PER_MINUTE)')
  .description('create an API key; the secret is printed once and only its hash is stored')
  .action((companyId: string, options: { name?: string; rateLimit?: string }) =>
    withRuntime(async ({ services }) => {
      const created = await services.companies.createApiKey(companyId, {
        ...(options.name ? { name: options.name } : {}),
        ...(options.rateLimit !== undefined ? { rateLimitPerMinute: Number(options.rateLimit) } : {}),
      });
      print(`key id: ${created.id}`);
      print(`secret (shown only now): ${created.secret}`);
    }),
  );
key
  .command('revoke')
  .argument('<keyId>')
  .description('revoke an API key (requests with it get 401)')
  .action((keyId: string) =>
    withRuntime(async ({ services }) => {
      await services.companies.revokeApiKey(keyId);
      print(`revoked ${keyId}`);
    }),
  );
key
  .command('list')
  .argument('<companyId>')
  .description("list a company's keys (prefixes only)")
  .action((companyId: string) => withRuntime(async ({ services }) => table(await services.companies.listApiKeys(companyId))));

const taskType = program.command('task-type').description("a company's task types");
taskType
  .command('add')
  .argument('<companyId>')
  .argument('<name>')
  .option('--purpose <purpose>', 'what its calls are for: collection | servicing | verification | marketing', 'collection')
  .description('add a task type (marketing needs the compliance setting --marketing-calls on)')
  .action((companyId: string, name: string, options: { purpose: string }) =>
    withRuntime(async ({ services }) => {
      const added = await services.companies.addTaskType(companyId, name, null, options.purpose).catch(explain);
      print(`added ${added.name} (${added.purpose})`);
    }),
  );
taskType
  .command('list')
  .argument('<companyId>')
  .description('list task types and their purposes')
  .action((companyId: string) =>
    withRuntime(async ({ services }) => {
      const types = await services.companies.listTaskTypes(companyId);
      table(types.map((t) => ({ name: t.name, purpose: t.purpose })));
    }),
  );
taskType
  .command('purpose')
  .argument('<companyId>')
  .argument('<name>')
  .argument('<purpose>', 'collection | servicing | verification | marketing')
  .description("change what a task type's calls are for (marketing needs the compliance setting --marketing-calls on)")
  .action((companyId: string, name: string, purpose: string) =>
    withRuntime(async ({ services }) => {
      const changed = await services.companies.setPurpose(companyId, name, purpose).catch(explain);
      print(`${changed.name}: ${changed.purpose}`);
    }),
  );

registerLmsCommands(program, (work) => withRuntime(work), print);
registerDispatchCommands(program, (work) => withRuntime(work), print);
registerWebhookCommands(program, (work) => withRuntime(work), print);
registerImportCommand(program, (work) => withRuntime(work), print);
registerExportCommand(program, (work) => withRuntime(work), print);
registerRecordCommands(
  program,
  (work) => withRuntime(work),
  print,
  () => loadConfig().recordRetentionYears,
);

const cadence = taskType.command('cadence').description("a task type's cadence (days, local time ranges, attempts)");
cadence
  .command('show')
  .argument('<companyId>')
  .argument('<name>')
  .description('print the cadence schedules are planned with (JSON)')
  .action((companyId: string, name: string) =>
    withRuntime(async ({ services }) => {
      const found = (await services.companies.taskTypesWithCadence(companyId)).find((t) => t.name.toLowerCase() === name.toLowerCase());
      if (!found) throw new DomainError('not_found', `no task type ${name} in company ${companyId}`);
      print(JSON.stringify({ name: found.name, defaultCadence: found.defaultCadence, cadence: found.cadence }, null, 2));
    }),
  );
cadence
  .command('set')
  .argument('<companyId>')
  .argument('<name>')
  .argument('<json>', 'the cadence as JSON, or @file.json')
  .description('replace the cadence (refused, with every problem listed, if invalid)')
  .action((companyId: string, name: string, json: string) =>
    withRuntime(async ({ services }) => {
      const text = json.startsWith('@') ? readFileSync(json.slice(1), 'utf8') : json;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new DomainError('validation_failed', 'the cadence is not valid JSON');
      }
      try {
        const saved = await services.companies.setCadence(companyId, name, parsed);
        print(`cadence of ${saved.name} saved`);
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new DomainError('validation_failed', `invalid cadence: ${error.errors.map((e) => `${e.pointer || '/'} ${e.detail}`).join('; ')}`);
        }
        throw error;
      }
    }),
  );

const encryption = program.command('encryption').description('encryption keys for personal data at rest');
encryption
  .command('generate-key')
  .description('print a new random key for CALLWISE_ENCRYPTION_KEY')
  .action(() => print(Keyring.generateKey()));

encryption
  .command('rotate')
  .description('re-encrypt personal data written with an older key under the newest key in CALLWISE_ENCRYPTION_KEY')
  .action(() =>
    withRuntime(async ({ services }) => {
      // LMS and dialer configurations hold credentials under the same keys, and webhook endpoints
      // their secrets and events their bodies: they are rotated too.
      const report = await reEncryptCustomers(
        services.db,
        services.keyring,
        async (trx) => (await services.lmsConfigs.reEncrypt(trx)) + (await services.dialers.reEncrypt(trx)) + (await services.webhookEndpoints.reEncrypt(trx)),
      );
      print(
        `scanned ${report.customersScanned} customers; re-encrypted ${report.valuesReEncrypted} values (LMS, dialer and webhook secrets included) with key v${services.keyring.currentVersion}`,
      );
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof DomainError || error instanceof ConfigError || error instanceof DataDirInUseError) {
    process.stderr.write(`callwise: ${error.message}\n`);
  } else {
    process.stderr.write(`callwise: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
});
