/**
 * The typed client (clients/typescript): its committed schema is exactly what the API's current
 * OpenAPI document generates (else run `npm run client`), and the client works against a running
 * server — typed answers, problems as errors, ids percent-encoded in paths, the key in X-API-Key.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createCallwiseClient, type CallwiseClient } from '../../clients/typescript/index.js';
import { CLIENT_SCHEMA_FILE, clientSchemaSource, openApiDocument } from '../../scripts/client-schema.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

describe('the typed TypeScript client', () => {
  it('is up to date with the API: the committed schema is what `npm run client` generates', async () => {
    const committed = readFileSync(CLIENT_SCHEMA_FILE, 'utf8');
    const generated = await clientSchemaSource(await openApiDocument());
    assert.ok(committed === generated, 'clients/typescript/schema.d.ts is out of date with the API: run `npm run client` and commit the result');
  });

  describe('against a running server', () => {
    let t: TestApp;
    let api: CallwiseClient;
    let baseUrl: string;

    before(async () => {
      t = await startTestApp('pglite');
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      api = createCallwiseClient({ baseUrl, apiKey: t.apiKey });
    });
    after(async () => t?.close());

    it('creates and reads a customer whose id needs percent-encoding', async () => {
      const created = await api.POST('/customers', { body: customerBody({ id: 'ACME/7?x#1' }) as never });
      assert.equal(created.response.status, 201);
      assert.equal(created.data?.id, 'ACME/7?x#1');
      const read = await api.GET('/customers/{id}', { params: { path: { id: 'ACME/7?x#1' } } });
      assert.equal(read.response.status, 200);
      assert.equal(read.data?.phoneNumber, '+14155550100');
      const tasks = await api.GET('/customers/{id}/tasks', { params: { path: { id: 'ACME/7?x#1' } } });
      assert.ok((tasks.data ?? []).length > 0, 'the plan is listed');
    });

    it('answers problems as typed errors', async () => {
      const missing = await api.GET('/customers/{id}', { params: { path: { id: 'nobody' } } });
      assert.equal(missing.response.status, 404);
      assert.equal(missing.error?.code, 'customer_not_found');
      const invalid = await api.GET('/customers', { params: { query: { limit: 0 } } });
      assert.equal(invalid.response.status, 400);
      assert.deepEqual(
        invalid.error?.errors?.map((e) => e.pointer),
        ['/limit'],
      );
    });

    it('sends its key, and a wrong one is refused', async () => {
      const wrong = createCallwiseClient({ baseUrl, apiKey: 'cw_not_a_key_0000000000000000' });
      const res = await wrong.GET('/task-types');
      assert.equal(res.response.status, 401);
      assert.equal(res.error?.code, 'unauthorized');
    });
  });
});
