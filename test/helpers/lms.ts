/**
 * Shared pieces of the LMS sync and webhook tests: the fixed clock the fakes' scenario needs,
 * configuring a company against a fake through the service (as the CLI does), counting and
 * snapshotting what a sync wrote, and log lines made comparable for the PII spy.
 */
import { startFineractFake, type FineractFake, type FineractFakeOptions } from '../fakes/fineract-fake.ts';
import { startLoanProFake, type LoanProFake, type LoanProFakeOptions } from '../fakes/loanpro-fake.ts';
import type { TestApp } from './app.ts';

/** 11:00 in Denver on the scenario's asOf (the fakes' figures are as of 2026-11-20). */
export const LMS_TEST_NOW = new Date('2026-11-20T18:00:00Z');
export const lmsTestClock = () => LMS_TEST_NOW;

/** Small bounds so a failure test takes a second or two, with room for a loaded test machine. */
export const FAST_TUNING = { timeoutMs: 500, totalTimeoutMs: 1500, maxRetries: 1 } as const;

export async function loanProFor(t: TestApp, companyId: string, options: LoanProFakeOptions = {}, config: Record<string, unknown> = {}): Promise<LoanProFake> {
  const fake = await startLoanProFake(options);
  await t.services.lmsConfigs.configure(companyId, {
    kind: 'loanpro',
    baseUrl: fake.baseUrl,
    credentials: { token: fake.token, tenantId: fake.tenantId },
    tenantTimezone: 'America/Denver',
    ...FAST_TUNING,
    ...config,
  });
  return fake;
}

export async function fineractFor(
  t: TestApp,
  companyId: string,
  options: FineractFakeOptions = {},
  config: Record<string, unknown> = {},
): Promise<FineractFake> {
  const fake = await startFineractFake(options);
  await t.services.lmsConfigs.configure(companyId, {
    kind: 'fineract',
    baseUrl: fake.baseUrl,
    credentials: { username: fake.username, password: fake.password, tenantId: fake.tenantId },
    tenantTimezone: 'America/Denver',
    ...FAST_TUNING,
    ...config,
  });
  return fake;
}

/** A company of its own per test group, so row counts are not disturbed by other tests. */
export async function newCompany(t: TestApp, name: string, taskTypes: readonly string[] = ['collections', 'servicing']) {
  const company = await t.services.companies.createCompany(name, { taskTypes });
  const key = await t.services.companies.createApiKey(company.id);
  return { companyId: company.id, key: key.secret };
}

const TABLES = ['customers', 'loans', 'customer_loans', 'call_tasks', 'idempotency_keys'] as const;

/** Rows per table for one company: what "nothing was saved" is measured with. */
export async function countRows(t: TestApp, companyId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await t.services.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('company_id', '=', companyId)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Every row a sync writes for the company, ordered, as JSON: equal snapshots = same state. */
export async function snapshot(t: TestApp, companyId: string): Promise<string> {
  const db = t.services.db;
  const [customers, loans, links, tasks] = await Promise.all([
    db.selectFrom('customers').selectAll().where('company_id', '=', companyId).orderBy('id').execute(),
    db.selectFrom('loans').selectAll().where('company_id', '=', companyId).orderBy('loan_id').execute(),
    db.selectFrom('customer_loans').selectAll().where('company_id', '=', companyId).orderBy('customer_id').orderBy('loan_id').execute(),
    db.selectFrom('call_tasks').selectAll().where('company_id', '=', companyId).orderBy('id').execute(),
  ]);
  return JSON.stringify({ customers, loans, links, tasks });
}

/**
 * Log lines without the fields that are numbers unrelated to anyone (timestamps, durations,
 * process ids), which could otherwise collide with a four-digit SSN pattern by chance.
 */
export function comparableLogLines(lines: readonly string[]): string[] {
  return lines.map((line) => {
    try {
      const { time: _t, pid: _p, hostname: _h, responseTime: _r, ms: _m, delayMs: _d, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    } catch {
      return line;
    }
  });
}
