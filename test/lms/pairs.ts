import type { LmsConnector } from '../../src/lms/connector.ts';
import { createDemoConnector } from '../../src/lms/demo.ts';
import { createFineractConnector, type FineractSettings } from '../../src/lms/fineract.ts';
import type { ConnectorDeps, HttpTuning } from '../../src/lms/http-client.ts';
import { createLoanProConnector, type LoanProSettings } from '../../src/lms/loanpro.ts';
import { createMambuConnector, type MambuSettings } from '../../src/lms/mambu.ts';
import { createConnector } from '../../src/lms/registry.ts';
import { startFineractFake, type FineractFake, type FineractFakeOptions } from '../fakes/fineract-fake.ts';
import { startLoanProFake, type LoanProFake, type LoanProFakeOptions } from '../fakes/loanpro-fake.ts';
import { startMambuFake, type MambuFake, type MambuFakeOptions } from '../fakes/mambu-fake.ts';
import { SCENARIO } from '../fakes/scenario.ts';

/** Connector + fake pairs for the LMS tests. */

/** 11:00 in Denver on the scenario's asOf: "today" is 2026-11-20 in every US zone. */
export const TEST_NOW = new Date('2026-11-20T18:00:00Z');
export const testClock = () => TEST_NOW;

/** Small numbers so fault tests run in milliseconds. */
export const FAST: HttpTuning = { timeoutMs: 150, totalTimeoutMs: 1500, maxRetries: 2, maxConcurrency: 4, baseDelayMs: 10, maxDelayMs: 40 };

export interface Pair {
  readonly name: string;
  readonly connector: LmsConnector;
  close(): Promise<void>;
}

export function demoPair(): Pair {
  return { name: 'demo', connector: createDemoConnector({ dataset: SCENARIO }), close: async () => {} };
}

/** Built through the registry from a stored-config-like object, as production does. */
export async function loanProViaRegistry(fakeOptions: LoanProFakeOptions = {}, config: Record<string, unknown> = {}): Promise<Pair & { fake: LoanProFake }> {
  const fake = await startLoanProFake(fakeOptions);
  const connector = createConnector(
    { kind: 'loanpro', baseUrl: fake.baseUrl, credentials: { token: fake.token, tenantId: fake.tenantId }, tenantTimezone: 'America/Denver', ...config },
    { clock: testClock },
  );
  return { name: 'loanpro', connector, fake, close: () => fake.close() };
}

export async function fineractViaRegistry(fakeOptions: FineractFakeOptions = {}, config: Record<string, unknown> = {}): Promise<Pair & { fake: FineractFake }> {
  const fake = await startFineractFake(fakeOptions);
  const connector = createConnector(
    {
      kind: 'fineract',
      baseUrl: fake.baseUrl,
      credentials: { username: fake.username, password: fake.password, tenantId: fake.tenantId },
      tenantTimezone: 'America/Denver',
      ...config,
    },
    { clock: testClock },
  );
  return { name: 'fineract', connector, fake, close: () => fake.close() };
}

export async function mambuViaRegistry(fakeOptions: MambuFakeOptions = {}, config: Record<string, unknown> = {}): Promise<Pair & { fake: MambuFake }> {
  const fake = await startMambuFake(fakeOptions);
  const connector = createConnector(
    { kind: 'mambu', baseUrl: fake.baseUrl, credentials: { apiKey: fake.apiKey }, tenantTimezone: 'America/Denver', ...config },
    { clock: testClock },
  );
  return { name: 'mambu', connector, fake, close: () => fake.close() };
}

/** Direct construction with full control of the HTTP tuning (fault tests). */
export async function loanProDirect(
  fakeOptions: LoanProFakeOptions = {},
  settings: Partial<LoanProSettings> = {},
  deps: ConnectorDeps = {},
): Promise<Pair & { fake: LoanProFake }> {
  const fake = await startLoanProFake(fakeOptions);
  const connector = createLoanProConnector(
    {
      baseUrl: fake.baseUrl,
      token: fake.token,
      tenantId: fake.tenantId,
      pageSize: 50,
      offsetParam: '$skip',
      statusArchiveLookbackDays: 7,
      tenantTimezone: 'America/Denver',
      http: FAST,
      ...settings,
    },
    { clock: testClock, ...deps },
  );
  return { name: 'loanpro', connector, fake, close: () => fake.close() };
}

export async function fineractDirect(
  fakeOptions: FineractFakeOptions = {},
  settings: Partial<FineractSettings> = {},
  deps: ConnectorDeps = {},
): Promise<Pair & { fake: FineractFake }> {
  const fake = await startFineractFake(fakeOptions);
  const connector = createFineractConnector(
    {
      baseUrl: fake.baseUrl,
      username: fake.username,
      password: fake.password,
      tenantId: fake.tenantId,
      customerIdType: 'id',
      externalIdLookup: 'path',
      ssnDocumentType: 'SSN',
      addresses: true,
      tenantTimezone: 'America/Denver',
      http: FAST,
      ...settings,
    },
    { clock: testClock, ...deps },
  );
  return { name: 'fineract', connector, fake, close: () => fake.close() };
}

export async function mambuDirect(
  fakeOptions: MambuFakeOptions = {},
  settings: Partial<MambuSettings> = {},
  deps: ConnectorDeps = {},
): Promise<Pair & { fake: MambuFake }> {
  const fake = await startMambuFake(fakeOptions);
  const connector = createMambuConnector(
    { baseUrl: fake.baseUrl, auth: { apiKey: fake.apiKey }, ssnDocumentType: 'SSN', pageSize: 50, tenantTimezone: 'America/Denver', http: FAST, ...settings },
    { clock: testClock, ...deps },
  );
  return { name: 'mambu', connector, fake, close: () => fake.close() };
}
