import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, METRICS_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { Keyring } from '../../src/security/encryption.ts';
import { reEncryptCustomers } from '../../src/services/key-rotation.ts';
import { CustomerMapper } from '../../src/services/customer-mapper.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { createServices } from '../../src/services/index.ts';

for (const backend of backends) {
  describe(`operations (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    it('exposes Prometheus metrics: requests, latency, errors by code, pool, planning', async () => {
      await t.request('POST', '/customers', { body: customerBody({ id: 'metrics-1' }) });
      await t.request('POST', '/customers', { body: customerBody({ id: 'metrics-2', phoneNumber: '800-555-0100' }) });
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/plain/);
      const text = res.body;
      assert.match(text, /callwise_http_requests_total\{method="POST",route="\/customers",status="201"\} [1-9]/);
      assert.match(text, /callwise_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/customers"\}/);
      assert.match(text, /callwise_http_errors_total\{code="validation_failed"\} [1-9]/);
      assert.match(text, /callwise_db_pool_connections\{state="total"\} \d/);
      assert.match(text, /callwise_schedule_planning_seconds_count [1-9]/);
      assert.match(text, /callwise_dispatch_tasks\{state="due"\} \d+/);
      assert.match(text, /callwise_dispatch_tasks\{state="in_flight"\} \d+/);
      assert.match(text, /callwise_process_resident_memory_bytes [1-9]/);
      assert.ok(!text.includes('Ana') && !text.includes('4155550100'), 'no personal data in metrics');
    });
  });
}

describe('key rotation (service)', () => {
  it('re-encrypts v1 values under v2, leaves no plaintext, and decrypts with the new keyring', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const keyV1 = Keyring.generateKey();
      const keyV2 = Keyring.generateKey();
      const before = createServices(database.handle, Keyring.parse(`1:${keyV1}`), { groupCommit: false });
      await before.companies.bootstrapDemo({ secret: 'cw_rotation_test_key_0000000000', createIfEmpty: false });
      for (let i = 0; i < 3; i++) {
        await before.customers.create('cmp_demo', { body: customerBody({ id: `rot-${i}`, ssnLastFour: '7351', birthday: '1971-03-09' }), schemaErrors: [] });
      }
      const both = Keyring.parse(`1:${keyV1},2:${keyV2}`);
      const report = await reEncryptCustomers(database.handle.db, both);
      assert.equal(report.customersScanned, 3);
      assert.equal(report.valuesReEncrypted, 6);
      const raw = await database.handle.db.selectFrom('customers').selectAll().execute();
      for (const row of raw) {
        assert.match(row.ssn_last_four_enc!, /^v2\./);
        assert.match(row.birthday_enc!, /^v2\./);
        assert.ok(!JSON.stringify(row).includes('7351') && !JSON.stringify(row).includes('1971-03-09'));
      }
      // Only the new key is needed from now on.
      const mapper = new CustomerMapper(Keyring.parse(`2:${keyV2}`));
      const customer = mapper.toCustomer({ ...raw[0]!, created_at_key: '' } as never);
      assert.equal(customer.ssnLastFour, '7351');
      assert.equal(customer.birthday, '1971-03-09');
      assert.equal((await reEncryptCustomers(database.handle.db, both)).valuesReEncrypted, 0, 'a second run has nothing to do');

      // LMS credentials ride on the same keys and the same command.
      await before.lmsConfigs.configure('cmp_demo', {
        kind: 'loanpro',
        baseUrl: 'https://loanpro.example.test/api/public/api/1',
        credentials: { token: 'secret-token-123', tenantId: '5200123' },
      });
      const after = createServices(database.handle, both, { groupCommit: false });
      const lmsReport = await reEncryptCustomers(database.handle.db, both, (trx) => after.lmsConfigs.reEncrypt(trx));
      assert.equal(lmsReport.valuesReEncrypted, 1);
      const stored = await database.handle.db.selectFrom('lms_configs').selectAll().execute();
      const text = JSON.stringify(stored);
      assert.ok(!text.includes('secret-token-123'), 'no plaintext credential');
      assert.match(text, /"v2\./);
      const newOnly = createServices(database.handle, Keyring.parse(`2:${keyV2}`), { groupCommit: false });
      assert.equal((await newOnly.lmsConfigs.describe('cmp_demo'))?.kind, 'loanpro');
    } finally {
      await database.drop();
    }
  });
});
