/**
 * `callwise lms configure|show|remove`: a company's loan management system. Building the
 * configuration from flags is pure (tested without a database); the configuration is validated
 * by the connector layer's schema (parseLmsConfig) and stored encrypted by LmsConfigService.
 *
 * Credentials are never printed back: every command prints describeLmsConfig, which redacts them.
 * Because a secret on the command line lands in shell history and `ps`, each secret flag may be
 * left out and given through an environment variable instead (CALLWISE_LMS_TOKEN, …).
 */
import type { Command } from 'commander';
import { DomainError } from '../domain/errors.ts';
import type { Services } from '../services/index.ts';

interface LmsOptions {
  kind?: string;
  baseUrl?: string;
  token?: string;
  tenant?: string;
  username?: string;
  password?: string;
  apiKey?: string;
  timeoutMs?: string;
  totalTimeoutMs?: string;
  maxRetries?: string;
  maxConcurrency?: string;
  tenantTimezone?: string;
  customerIdType?: string;
  statusMap?: string;
}

/** Secret flags and the environment variables that stand in for them. */
export const SECRET_ENV: Readonly<Record<'token' | 'tenant' | 'username' | 'password' | 'apiKey', string>> = {
  token: 'CALLWISE_LMS_TOKEN',
  tenant: 'CALLWISE_LMS_TENANT',
  username: 'CALLWISE_LMS_USERNAME',
  password: 'CALLWISE_LMS_PASSWORD',
  apiKey: 'CALLWISE_LMS_API_KEY',
};

const invalid = (detail: string) => new DomainError('validation_failed', detail);

function integer(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw invalid(`--${option} must be a whole number`);
  return Number(value);
}

/**
 * The LmsConfig the flags describe (not yet validated: the service does that with the schema).
 * Only the flags a kind uses are accepted, so a mistyped combination is refused, not ignored.
 */
export function lmsConfigFromOptions(options: LmsOptions, env: Readonly<Record<string, string | undefined>> = {}): Record<string, unknown> {
  const secret = (name: keyof typeof SECRET_ENV): string | undefined => options[name] ?? env[SECRET_ENV[name]];
  const kind = options.kind;
  if (!kind) throw invalid('--kind is required (loanpro, fineract, mambu or demo)');

  const tuning = {
    timeoutMs: integer('timeout-ms', options.timeoutMs),
    totalTimeoutMs: integer('total-timeout-ms', options.totalTimeoutMs),
    maxRetries: integer('max-retries', options.maxRetries),
    maxConcurrency: integer('max-concurrency', options.maxConcurrency),
  };
  let statusMap: unknown;
  if (options.statusMap !== undefined) {
    try {
      statusMap = JSON.parse(options.statusMap) as unknown;
    } catch {
      throw invalid('--status-map must be a JSON object, e.g. {"Open - Repossessed":"charged_off"}');
    }
  }
  const common = { ...tuning, ...(statusMap === undefined ? {} : { statusMap }) };
  const allowed: Record<string, ReadonlyArray<keyof LmsOptions>> = {
    demo: [],
    loanpro: ['baseUrl', 'token', 'tenant', 'tenantTimezone'],
    fineract: ['baseUrl', 'tenant', 'username', 'password', 'tenantTimezone', 'customerIdType'],
    mambu: ['baseUrl', 'apiKey', 'username', 'password', 'tenantTimezone'],
  };
  const accepted = allowed[kind];
  if (!accepted) throw invalid('--kind must be one of loanpro, fineract, mambu, demo');
  const stray = (['baseUrl', 'token', 'tenant', 'username', 'password', 'apiKey', 'tenantTimezone', 'customerIdType'] as const).filter(
    (name) => options[name] !== undefined && !accepted.includes(name),
  );
  if (stray.length > 0) throw invalid(`--kind ${kind} does not take ${stray.map(flag).join(', ')}`);

  const extra = {
    ...(options.tenantTimezone === undefined ? {} : { tenantTimezone: options.tenantTimezone }),
    ...(options.customerIdType === undefined ? {} : { customerIdType: options.customerIdType }),
  };
  const defined = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  switch (kind) {
    case 'demo':
      return defined({ kind, ...common });
    case 'loanpro':
      return defined({ kind, baseUrl: options.baseUrl, credentials: defined({ token: secret('token'), tenantId: secret('tenant') }), ...extra, ...common });
    case 'fineract':
      return defined({
        kind,
        baseUrl: options.baseUrl,
        credentials: defined({ username: secret('username'), password: secret('password'), tenantId: secret('tenant') }),
        ...extra,
        ...common,
      });
    default: {
      const apiKey = secret('apiKey');
      const credentials = apiKey !== undefined ? { apiKey } : defined({ username: secret('username'), password: secret('password') });
      return defined({ kind, baseUrl: options.baseUrl, credentials, ...extra, ...common });
    }
  }
}

function flag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

type RunWith = <T>(work: (runtime: { services: Services }) => Promise<T>) => Promise<T>;

export function registerLmsCommands(program: Command, run: RunWith, print: (line: string) => void): void {
  const lms = program.command('lms').description("a company's loan management system (LMS) for sync: true and the LMS webhooks");
  lms
    .command('configure')
    .argument('<companyId>')
    .requiredOption('--kind <kind>', 'loanpro | fineract | mambu | demo')
    .option('--base-url <url>', 'the LMS API base URL (https; http only for loopback hosts)')
    .option('--token <token>', `LoanPro API token (or ${SECRET_ENV.token})`)
    .option('--tenant <id>', `LoanPro / Fineract tenant id (or ${SECRET_ENV.tenant})`)
    .option('--username <name>', `Fineract / Mambu user (or ${SECRET_ENV.username})`)
    .option('--password <password>', `Fineract / Mambu password (or ${SECRET_ENV.password})`)
    .option('--api-key <key>', `Mambu API key (or ${SECRET_ENV.apiKey})`)
    .option('--timeout-ms <ms>', 'per HTTP attempt (100–120000; default 5000)')
    .option('--total-timeout-ms <ms>', 'per LMS call, retries included (default 15000, at least 3 attempts)')
    .option('--max-retries <n>', 'retries of a failed read (0–5; default 2)')
    .option('--max-concurrency <n>', 'requests in flight to this LMS (1–32; default 4)')
    .option('--tenant-timezone <zone>', "the LMS tenant's IANA zone, for days past due (default UTC)")
    .option('--customer-id-type <type>', 'Fineract: which client id the customer id is (id | externalId)')
    .option('--status-map <json>', 'LMS status text → pending | active | paid_off | charged_off | closed | other')
    .description('set (or replace) the LMS of a company; credentials are stored encrypted and never printed')
    .action((companyId: string, options: LmsOptions) =>
      run(async ({ services }) => {
        const described = await services.lmsConfigs.configure(companyId, lmsConfigFromOptions(options, process.env));
        print(`configured ${companyId}: ${JSON.stringify(described)}`);
      }),
    );
  lms
    .command('show')
    .argument('<companyId>')
    .description("print a company's LMS configuration (credentials redacted)")
    .action((companyId: string) =>
      run(async ({ services }) => {
        await services.companies.requireCompany(companyId);
        const described = await services.lmsConfigs.describe(companyId);
        print(described ? JSON.stringify(described, null, 2) : `no LMS is configured for ${companyId}`);
      }),
    );
  lms
    .command('remove')
    .argument('<companyId>')
    .description("remove a company's LMS configuration (sync: true then answers 400 lms_not_configured)")
    .action((companyId: string) =>
      run(async ({ services }) => {
        await services.companies.requireCompany(companyId);
        print((await services.lmsConfigs.remove(companyId)) ? `removed the LMS of ${companyId}` : `no LMS was configured for ${companyId}`);
      }),
    );
}
