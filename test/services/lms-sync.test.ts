import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lmsConfigFromOptions } from '../../src/cli/lms.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  FIELD_MAX_LENGTHS,
  mergeIntoRequest,
  mergeIntoStored,
  overLongValues,
  sameProvenance,
  SYNCABLE_FIELDS,
  withCallerFields,
  zoneForZip,
} from '../../src/domain/lms-merge.ts';
import { customerUuid, loanUuid, uuidV5 } from '../../src/domain/stable-uuid.ts';
import { PROBLEM_TYPES, type ProblemCode } from '../../src/http/problems.ts';
import { customerFieldSchemas } from '../../src/schemas/customer.ts';
import { createConnector, createDemoConnector, isLmsError, LMS_ERROR_HTTP, type LmsConnector, type LmsErrorKind } from '../../src/lms/index.ts';
import { Keyring } from '../../src/security/encryption.ts';
import { DEMO_COMPANY_ID } from '../../src/services/companies.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { reEncryptCustomers } from '../../src/services/key-rotation.ts';
import { LmsConfigService, type SyncLogger } from '../../src/services/lms-configs.ts';
import { annotateSyncErrors, LmsSyncService } from '../../src/services/lms-sync.ts';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { lmsTestClock } from '../helpers/lms.ts';
import { startLoanProFake } from '../fakes/loanpro-fake.ts';
import { assertNoPii, renderings, spyLogger } from '../fakes/pii-spy.ts';
import { SCENARIO } from '../fakes/scenario.ts';

/**
 * The sync service below HTTP: the merge policy (pure), the error mapping, the fetch plan for
 * connectors of every capability, the overall deadline, the PII-free logging, and per-company
 * configuration stored encrypted (with key rotation and the demo company's default).
 */

installNetworkGuard();

describe('merge policy (domain/lms-merge.ts)', () => {
  const lms = { firstName: 'Ana', lastName: 'Reyes', phoneNumber: '+12085550143', zipCode: '83702', state: 'ID', city: 'Boise', streetAddress1: '1 A St' };

  it('fills only what the request left out and records where each value came from', () => {
    const { body, provenance } = mergeIntoRequest({ id: 'x', firstName: 'Anita', email: 'a@example.test' }, lms);
    assert.equal(body.firstName, 'Anita');
    assert.equal(body.lastName, 'Reyes');
    assert.equal(body.email, 'a@example.test');
    assert.equal(body.timezone, 'America/Boise');
    assert.deepEqual(provenance, {
      firstName: 'caller',
      lastName: 'lms',
      email: 'caller',
      phoneNumber: 'lms',
      streetAddress1: 'lms',
      city: 'lms',
      state: 'lms',
      zipCode: 'lms',
      timezone: 'zip',
    });
  });

  it("the timezone: the caller's, else the LMS's, else from the merged ZIP (the caller's ZIP counts)", () => {
    assert.equal(mergeIntoRequest({ timezone: 'America/Chicago' }, { ...lms, timezone: 'America/Denver' }).provenance.timezone, 'caller');
    assert.equal(mergeIntoRequest({}, { ...lms, timezone: 'America/Denver' }).body.timezone, 'America/Denver');
    const callerZip = mergeIntoRequest({ zipCode: '46402-1234' }, lms);
    assert.deepEqual([callerZip.body.timezone, callerZip.provenance.timezone], ['America/Chicago', 'zip']);
    assert.equal(mergeIntoRequest({}, { ...lms, zipCode: '00000' }).body.timezone, undefined, 'an unknown ZIP gives none');
    assert.equal(zoneForZip('09001'), undefined, 'a military ZIP has no zone');
    assert.equal(zoneForZip('46402-1234'), 'America/Chicago');
    assert.equal(zoneForZip(46402), undefined);
  });

  it('a re-sync keeps caller-owned values, refreshes LMS ones, never erases, and moves a ZIP timezone with the ZIP', () => {
    const stored = { firstName: 'Anita', lastName: 'Reyes', email: 'old@example.test', zipCode: '83702', timezone: 'America/Boise', city: 'Boise' };
    const { values, provenance } = mergeIntoStored(
      stored,
      { firstName: 'caller', lastName: 'lms', email: 'lms', zipCode: 'lms', timezone: 'zip', city: 'lms' },
      { firstName: 'Ana', lastName: 'Reyes-Diaz', zipCode: '46402', city: 'Gary' },
    );
    assert.deepEqual(values, {
      firstName: 'Anita',
      lastName: 'Reyes-Diaz',
      email: 'old@example.test',
      zipCode: '46402',
      timezone: 'America/Chicago',
      city: 'Gary',
    });
    assert.deepEqual(provenance, { firstName: 'caller', lastName: 'lms', email: 'lms', zipCode: 'lms', timezone: 'zip', city: 'lms' });
  });

  it("a customer created without sync: every stored value is the caller's, gaps are filled", () => {
    const { values, provenance } = mergeIntoStored({ firstName: 'Anita', zipCode: '83702', timezone: 'America/Denver' }, null, lms);
    assert.equal(values.firstName, 'Anita');
    assert.equal(values.timezone, 'America/Denver');
    assert.equal(values.lastName, 'Reyes');
    assert.deepEqual([provenance.firstName, provenance.zipCode, provenance.timezone, provenance.lastName], ['caller', 'caller', 'caller', 'lms']);
  });

  it('values the caller changes become theirs; a customer without provenance keeps none', () => {
    assert.equal(withCallerFields(null, { city: 'X' }), null);
    assert.deepEqual(withCallerFields({ city: 'lms', email: 'lms', state: 'lms' }, { city: 'X', email: null, doNotCall: true }), {
      city: 'caller',
      state: 'lms',
    });
    assert.ok(sameProvenance({ a: 'lms', b: 'zip' } as never, { b: 'zip', a: 'lms' } as never));
    assert.ok(!sameProvenance({ city: 'lms' }, { city: 'caller' }));
    assert.ok(sameProvenance(null, {}));
  });

  it("LMS values are held to the request schema's length limits", () => {
    for (const field of SYNCABLE_FIELDS) {
      assert.equal(FIELD_MAX_LENGTHS[field], (customerFieldSchemas[field] as { maxLength?: number }).maxLength, field);
    }
    const long = 'x'.repeat(201);
    assert.deepEqual(overLongValues({ streetAddress1: long, city: long }, { streetAddress1: 'lms', city: 'caller' }), [{ field: 'streetAddress1', max: 200 }]);
  });

  it('errors say whether a value came from the LMS or the ZIP, never what it was', () => {
    const annotated = annotateSyncErrors(
      [
        { pointer: '/phoneNumber', detail: 'is required' },
        { pointer: '/email', detail: 'must be a valid e-mail address' },
        { pointer: '/timezone', detail: 'must be an IANA time-zone name' },
        { pointer: '/taskType', detail: 'is required' },
      ],
      { email: 'lms', timezone: 'zip' },
      [{ field: 'phoneNumber', code: 'invalid_phone' }],
    );
    assert.deepEqual(
      annotated.map((e) => e.detail),
      [
        'is required: not in the request, and the LMS value was unusable (invalid_phone)',
        'must be a valid e-mail address (value from the LMS)',
        'must be an IANA time-zone name (derived from the ZIP code)',
        'is required',
      ],
    );
  });
});

describe('error mapping and stable ids', () => {
  it('every LMS failure kind maps to a problem code with the status issue 5 §6 prescribes', () => {
    for (const [kind, { status, code }] of Object.entries(LMS_ERROR_HTTP) as Array<[LmsErrorKind, { status: number; code: string }]>) {
      assert.equal(PROBLEM_TYPES[code as ProblemCode]?.status, status, `${kind} → ${code}`);
    }
  });

  it('UUIDs are RFC 9562 version 5: the RFC test vector, stable per (company, id), distinct across companies', () => {
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    assert.equal(customerUuid('cmp_a', '12345'), customerUuid('cmp_a', '12345'));
    assert.notEqual(customerUuid('cmp_a', '12345'), customerUuid('cmp_b', '12345'));
    assert.notEqual(customerUuid('cmp_a', '12345'), loanUuid('cmp_a', '12345'));
  });
});

describe('callwise lms configure: flags → configuration', () => {
  it('builds each kind; secrets may come from the environment instead of the command line', () => {
    assert.deepEqual(lmsConfigFromOptions({ kind: 'loanpro', baseUrl: 'https://x.test/api', tenant: '52', timeoutMs: '3000' }, { CALLWISE_LMS_TOKEN: 'tok' }), {
      kind: 'loanpro',
      baseUrl: 'https://x.test/api',
      credentials: { token: 'tok', tenantId: '52' },
      timeoutMs: 3000,
    });
    assert.deepEqual(
      lmsConfigFromOptions(
        { kind: 'fineract', baseUrl: 'https://f.test/api', username: 'u', tenant: 'default', customerIdType: 'externalId' },
        { CALLWISE_LMS_PASSWORD: 'p' },
      ),
      { kind: 'fineract', baseUrl: 'https://f.test/api', credentials: { username: 'u', password: 'p', tenantId: 'default' }, customerIdType: 'externalId' },
    );
    assert.deepEqual(lmsConfigFromOptions({ kind: 'mambu', baseUrl: 'https://m.test/api', apiKey: 'k' }).credentials, { apiKey: 'k' });
    assert.deepEqual(lmsConfigFromOptions({ kind: 'demo', statusMap: '{"Open":"active"}' }), { kind: 'demo', statusMap: { Open: 'active' } });
  });

  it('refuses flags the kind does not take, non-numbers and bad JSON, naming the flag only', () => {
    assert.throws(
      () => lmsConfigFromOptions({ kind: 'demo', token: 'SECRET' }),
      (e: Error) => /--token/.test(e.message) && !e.message.includes('SECRET'),
    );
    assert.throws(() => lmsConfigFromOptions({ kind: 'loanpro', timeoutMs: '3s' }), /--timeout-ms must be a whole number/);
    assert.throws(() => lmsConfigFromOptions({ kind: 'loanpro', statusMap: '{' }), /--status-map/);
    assert.throws(() => lmsConfigFromOptions({ kind: 'nls' }), /--kind must be one of/);
    assert.throws(() => lmsConfigFromOptions({}), /--kind is required/);
  });
});

/** A stand-in for LmsConfigService that hands out one connector and records what is logged. */
function stubConfigs(connector: LmsConnector, logger: SyncLogger) {
  return { connectorFor: async () => ({ connector, kind: connector.kind }), logger };
}

describe('LmsSyncService reads', () => {
  it('without a loan list (a "Tier 3" LMS) imports only the loans named by loanIds and loanId', async () => {
    const demo = createDemoConnector({ dataset: SCENARIO });
    const calls: string[] = [];
    const tier3: LmsConnector = {
      kind: 'demo',
      capabilities: { ...demo.capabilities, loansByCustomer: false, customerByLoan: false },
      getCustomer: (id, o) => (calls.push(`customer ${id}`), demo.getCustomer(id, o)),
      findCustomerByLoan: () => assert.fail('not supported'),
      listLoans: () => assert.fail('not supported'),
      getLoan: (id, o) => (calls.push(`loan ${id}`), demo.getLoan(id, o)),
    };
    const sync = new LmsSyncService(stubConfigs(tier3, spyLogger()));
    const none = await sync.enrich('cmp_x', { id: '1006' }, { id: '1006' });
    assert.deepEqual(none.lms.loans, []);
    const some = await sync.enrich('cmp_x', { id: '1006' }, { id: '1006', loanIds: ['5007'], loanId: '5006' });
    assert.deepEqual(
      some.lms.loans.map((l) => l.loanId),
      ['5007', '5006'],
    );
    assert.deepEqual(calls.slice(-3), ['customer 1006', 'loan 5006', 'loan 5007']);
    await assert.rejects(
      sync.fetchByLoan('cmp_x', '5007'),
      (e: unknown) => e instanceof DomainError && e.code === 'lms_unsupported' && PROBLEM_TYPES[e.code].status === 400,
    );
  });

  it('reports over-long LMS values as errors of the field', async () => {
    const dataset = structuredClone(SCENARIO);
    dataset.customers[0]!.address!.line1 = 'x'.repeat(250);
    const sync = new LmsSyncService(stubConfigs(createDemoConnector({ dataset }), spyLogger()));
    const synced = await sync.enrich('cmp_x', { id: '1001' }, { id: '1001' });
    assert.deepEqual(synced.errors, [{ pointer: '/streetAddress1', detail: 'must be at most 200 characters (value from the LMS)' }]);
  });

  it('refuses an LMS answer holding text PostgreSQL cannot store, naming where and never the value', async () => {
    for (const [field, value] of [
      ['line1', 'Elm\u0000St'],
      ['line2', 'Apt \ud800'],
    ] as const) {
      const dataset = structuredClone(SCENARIO);
      dataset.customers[0]!.address![field] = value;
      const sync = new LmsSyncService(stubConfigs(createDemoConnector({ dataset }), spyLogger()));
      await assert.rejects(sync.enrich('cmp_x', { id: '1001' }, { id: '1001' }), (e: unknown) => {
        assert.ok(e instanceof DomainError && e.code === 'lms_upstream_error', String(e));
        assert.match(e.message, /cannot be stored at \/customer\//);
        assert.ok(!e.message.includes(value), 'the value is not repeated');
        return true;
      });
    }
  });

  it("one overall deadline bounds a sync, whatever the connector's own timeouts", async () => {
    const fake = await startLoanProFake();
    try {
      const connector = createConnector(
        { kind: 'loanpro', baseUrl: fake.baseUrl, credentials: { token: fake.token, tenantId: fake.tenantId }, timeoutMs: 5000, totalTimeoutMs: 20_000 },
        { clock: lmsTestClock },
      );
      fake.inject({ fault: { type: 'delay', ms: 3000 } });
      const sync = new LmsSyncService(stubConfigs(connector, spyLogger()), 200);
      const started = Date.now();
      await assert.rejects(sync.enrich('cmp_x', { id: '1001' }, { id: '1001' }), (e: unknown) => e instanceof DomainError && e.code === 'lms_timeout');
      assert.ok(Date.now() - started < 2000, 'gave up at the deadline');
    } finally {
      await fake.close();
    }
  });

  it('a spy logger sees outcomes and failures of every read, and no SSN, birthday, phone or name', async () => {
    const logger = spyLogger();
    const sync = new LmsSyncService(stubConfigs(createDemoConnector({ dataset: SCENARIO }), logger));
    for (const c of SCENARIO.customers) await sync.enrich('cmp_x', { id: c.id }, { id: c.id });
    await sync.fetchCustomerFull('cmp_x', '1006');
    await sync.fetchByLoan('cmp_x', '5003');
    const errors: unknown[] = [];
    for (const attempt of [
      () => sync.enrich('cmp_x', { id: '9999' }, { id: '9999' }),
      () => sync.enrich('cmp_x', { id: '1001' }, { id: '1001', loanId: '5004' }),
      () => sync.enrich('cmp_x', { id: '1001' }, { id: '1001', loanIds: ['5003'] }),
    ]) {
      await assert.rejects(attempt(), (e: unknown) => (errors.push(e), e instanceof DomainError));
    }
    assert.equal(logger.lines.filter((l) => l.includes('lms read failed')).length, 3);
    assert.ok(logger.lines.length >= SCENARIO.customers.length + 5);
    assertNoPii(logger.lines, 'the sync log');
    assertNoPii(errors.flatMap(renderings), 'sync errors');
  });
});

for (const backend of backends) {
  describe(`LmsConfigService (${backend})`, () => {
    let database: TestDatabase;
    const v1 = Keyring.generateKey();
    let services: Services;
    let companyId: string;
    const loanpro = { kind: 'loanpro', baseUrl: 'https://lender.loanpro.test/api/public/api/1', credentials: { token: 'tok-SECRET-123', tenantId: '5200243' } };

    before(async () => {
      database = await createTestDatabase(backend);
      services = createServices(database.handle, Keyring.parse(`1:${v1}`), lmsTestClock);
      companyId = (await services.companies.createCompany('Config Lender')).id;
    });
    after(() => database.drop());

    it('stores the configuration encrypted, kind in clear, and describes it without credentials', async () => {
      const described = await services.lmsConfigs.configure(companyId, loanpro);
      assert.deepEqual(described.credentials, { token: '[redacted]', tenantId: '[redacted]' });
      const row = await services.db.selectFrom('lms_configs').selectAll().where('company_id', '=', companyId).executeTakeFirstOrThrow();
      assert.equal(row.kind, 'loanpro');
      assert.match(row.config_enc, /^v1\./);
      assert.ok(!row.config_enc.includes('SECRET') && !JSON.stringify(row).includes('tok-SECRET-123'));
      assert.deepEqual(await services.lmsConfigs.describe(companyId), described);
    });

    it('refuses an invalid configuration by path, never echoing a value; and an unknown company', async () => {
      await assert.rejects(
        services.lmsConfigs.configure(companyId, { ...loanpro, baseUrl: 'http://lender.example/api', credentials: { token: 'line\nSECRET', tenantId: '1' } }),
        (e: unknown) =>
          e instanceof DomainError && e.code === 'validation_failed' && /\/baseUrl|\/credentials\/token/.test(e.message) && !e.message.includes('SECRET'),
      );
      await assert.rejects(services.lmsConfigs.configure('cmp_nope', { kind: 'demo' }), (e: unknown) => e instanceof DomainError && e.code === 'not_found');
      assert.equal((await services.lmsConfigs.describe(companyId))?.kind, 'loanpro', 'the stored one is untouched');
    });

    it('keeps one connector per company until its configuration changes', async () => {
      const first = await services.lmsConfigs.connectorFor(companyId);
      assert.equal((await services.lmsConfigs.connectorFor(companyId)).connector, first.connector);
      await services.lmsConfigs.configure(companyId, { ...loanpro, timeoutMs: 2000 });
      assert.notEqual((await services.lmsConfigs.connectorFor(companyId)).connector, first.connector);
    });

    it("a ciphertext copied to another company's row does not decrypt", async () => {
      const other = (await services.companies.createCompany('Copycat')).id;
      const row = await services.db.selectFrom('lms_configs').select('config_enc').where('company_id', '=', companyId).executeTakeFirstOrThrow();
      await services.db.insertInto('lms_configs').values({ company_id: other, kind: 'loanpro', config_enc: row.config_enc }).execute();
      await assert.rejects(services.lmsConfigs.describe(other));
      await services.lmsConfigs.remove(other);
    });

    it('`callwise encryption rotate` re-encrypts LMS configurations under the newest key', async () => {
      const rotated = Keyring.parse(`1:${v1},2:${Keyring.generateKey()}`);
      const configs = new LmsConfigService(services.db, rotated, lmsTestClock);
      const report = await reEncryptCustomers(services.db, rotated, (trx) => configs.reEncrypt(trx));
      assert.equal(report.valuesReEncrypted, 1);
      const row = await services.db.selectFrom('lms_configs').select('config_enc').where('company_id', '=', companyId).executeTakeFirstOrThrow();
      assert.match(row.config_enc, /^v2\./);
      assert.equal((await configs.describe(companyId))?.kind, 'loanpro');
      assert.equal(await services.db.transaction().execute((trx) => configs.reEncrypt(trx)), 0, 'nothing left to do');
    });

    it('remove: the company has no LMS any more', async () => {
      assert.equal(await services.lmsConfigs.remove(companyId), true);
      assert.equal(await services.lmsConfigs.remove(companyId), false);
      await assert.rejects(services.lmsConfigs.connectorFor(companyId), (e: unknown) => isLmsError(e) && e.kind === 'not_configured');
    });

    it('the demo company made at first start syncs from the embedded demo LMS', async () => {
      const fresh = await createTestDatabase(backend);
      try {
        const s = createServices(fresh.handle, Keyring.parse(Keyring.generateKey()), lmsTestClock);
        assert.ok(await s.companies.bootstrapDemo({ createIfEmpty: true }));
        assert.deepEqual(await s.lmsConfigs.describe(DEMO_COMPANY_ID), { kind: 'demo' });
        assert.equal((await s.lmsConfigs.connectorFor(DEMO_COMPANY_ID)).kind, 'demo');
      } finally {
        await fresh.drop();
      }
    });
  });
}
