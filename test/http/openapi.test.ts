import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileEverySerializer } from '../../src/http/serialization.ts';
import { backends } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** Every field of the seed's POST /customers request. */
const SEED_FIELDS = [
  'id',
  'taskType',
  'firstName',
  'lastName',
  'email',
  'birthday',
  'ssnLastFour',
  'timezone',
  'phoneNumber',
  'streetAddress1',
  'streetAddress2',
  'city',
  'state',
  'zipCode',
  'doNotCall',
  'isTest',
  'test',
  'externalMetadata',
  'loanIds',
  'sync',
  'loanId',
];
/** What a customer response carries (the seed's response schema plus timestamps). */
const RESPONSE_FIELDS = [
  'id',
  'taskType',
  'firstName',
  'lastName',
  'email',
  'birthday',
  'ssnLastFour',
  'timezone',
  'phoneNumber',
  'streetAddress1',
  'streetAddress2',
  'city',
  'state',
  'zipCode',
  'doNotCall',
  'isTest',
  'externalMetadata',
  'callingStopped',
  'createdAt',
  'updatedAt',
];

type Schema = { $ref?: string; properties?: Record<string, Schema>; description?: string; required?: string[]; [k: string]: unknown };
type Doc = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        security?: Array<Record<string, unknown>>;
        parameters?: Array<{ name: string; in: string; description?: string; required?: boolean }>;
        requestBody?: { content: Record<string, { schema: Schema }> };
        responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
      }
    >
  >;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Record<string, unknown>> };
};

for (const backend of backends) {
  describe(`OpenAPI, reference page and health (${backend})`, () => {
    let t: TestApp;
    let doc: Doc;
    before(async () => {
      t = await startTestApp(backend);
      const res = await t.request('GET', '/openapi.json', { key: null });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      doc = res.json();
    });
    after(() => t.close());

    it("compiles every route's response serialisers (they are built on first use, so a broken schema would otherwise wait for its first answer)", () => {
      const compiled = compileEverySerializer();
      // One app per backend in this file: the second finds the first's already compiled and its own waiting.
      assert.ok(compiled > 50, `compiled ${compiled}`);
      assert.equal(compileEverySerializer(), 0, 'nothing left waiting');
    });

    /** Follows a local $ref into components. */
    const resolve = (schema: Schema): Schema => {
      if (!schema.$ref) return schema;
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = doc.components.schemas[name];
      assert.ok(target, `unresolved ${schema.$ref}`);
      return resolve(target);
    };
    const operation = (path: string, method: string) => {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
      return op;
    };
    const requestSchema = (path: string, method: string) => resolve(operation(path, method).requestBody!.content['application/json']!.schema);

    it('is OpenAPI 3.1 with a title, version and description', () => {
      assert.match(doc.openapi, /^3\.1\.\d+$/);
      assert.equal(doc.info.title, 'Callwise API');
      assert.ok(doc.info.version);
      assert.ok((doc.info.description ?? '').includes('X-API-Key'));
    });

    it('documents every lender webhook event: the envelope, its data and an example that fits it', () => {
      const webhooks = (
        doc as unknown as {
          webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: Schema; example: Record<string, unknown> }> } } }>;
        }
      ).webhooks;
      assert.deepEqual(Object.keys(webhooks).sort(), [
        'batch.completed',
        'call.completed',
        'customer.callback_requested',
        'customer.calls_stopped',
        'customer.consent_changed',
        'customer.do_not_call',
        'schedule.rebuilt',
        'task.skipped',
      ]);
      for (const [type, item] of Object.entries(webhooks)) {
        const { schema, example } = item.post.requestBody.content['application/json']!;
        assert.deepEqual(Object.keys(schema.properties ?? {}), ['type', 'timestamp', 'data'], type);
        assert.equal(example.type, type);
        const data = resolve(schema.properties!.data!);
        for (const field of data.required ?? []) assert.ok(field in (example.data as object), `${type} example has ${field}`);
      }
      const call = resolve(webhooks['call.completed']!.post.requestBody.content['application/json']!.schema.properties!.data!);
      for (const field of ['customerId', 'toPhoneNumber', 'transcript', 'recordingUrl', 'timestamp', 'flags', 'summarization', 'taskId', 'outcome'])
        assert.ok(call.properties?.[field], `call.completed data has ${field}`);
    });

    it('documents POST, GET, PATCH and DELETE for customers', () => {
      assert.deepEqual(Object.keys(doc.paths['/customers'] ?? {}).sort(), ['get', 'post']);
      assert.deepEqual(Object.keys(doc.paths['/customers/{id}'] ?? {}).sort(), ['delete', 'get', 'patch']);
      for (const [path, method] of [
        ['/customers', 'post'],
        ['/customers', 'get'],
        ['/customers/{id}', 'get'],
        ['/customers/{id}', 'patch'],
        ['/customers/{id}', 'delete'],
      ] as const) {
        assert.ok(operation(path, method).summary, `${method} ${path} has a summary`);
      }
    });

    it('documents every seed request field of POST /customers, each with a description', () => {
      const schema = requestSchema('/customers', 'post');
      assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), [...SEED_FIELDS].sort());
      for (const field of SEED_FIELDS) {
        const description = schema.properties![field]!.description;
        assert.equal(typeof description, 'string', field);
        assert.ok(description!.trim().length > 0, `${field} has a description`);
      }
      assert.deepEqual([...(schema.required ?? [])].sort(), ['id', 'taskType']);
      assert.equal(schema.additionalProperties, false, 'unknown fields are refused, and the document says so');
    });

    it('gives the seed fields examples and the rules a client must know', () => {
      const props = requestSchema('/customers', 'post').properties!;
      for (const field of ['id', 'taskType', 'firstName', 'timezone', 'phoneNumber', 'state', 'zipCode', 'externalMetadata', 'loanIds']) {
        assert.ok(Array.isArray(props[field]!.examples) && (props[field]!.examples as unknown[]).length > 0, `${field} has an example`);
      }
      assert.match(props.timezone!.description!, /IANA/);
      assert.match(props.phoneNumber!.description!, /E\.164/);
      assert.match(props.test!.description!, /isTest/);
      assert.equal((props.loanIds as Schema).maxItems, 1000);
    });

    it('documents the customer response with every field described', () => {
      const created = operation('/customers', 'post').responses['201']!.content!['application/json']!.schema;
      const customer = resolve(created);
      const documented = Object.keys(customer.properties ?? {});
      for (const field of RESPONSE_FIELDS) assert.ok(documented.includes(field), `${field} is in the response schema`);
      for (const field of documented) assert.ok(customer.properties![field]!.description, `${field} is described`);
      assert.ok(!documented.includes('test') && !documented.includes('sync'), 'responses say isTest; sync is a request option');
      for (const [path, method, status] of [
        ['/customers/{id}', 'get', '200'],
        ['/customers/{id}', 'patch', '200'],
      ] as const) {
        assert.deepEqual(resolve(operation(path, method).responses[status]!.content!['application/json']!.schema), customer);
      }
    });

    it('documents PATCH fields with descriptions, and that null clears the optional ones', () => {
      const props = requestSchema('/customers/{id}', 'patch').properties!;
      for (const [field, schema] of Object.entries(props)) assert.ok(schema.description, `${field} is described`);
      for (const field of ['email', 'birthday', 'ssnLastFour', 'streetAddress2', 'externalMetadata']) {
        assert.match(props[field]!.description!, /null clears/i, field);
      }
      assert.ok(!('sync' in props), 'create-only fields are not offered');
    });

    it('documents the list filters and pagination, each described', () => {
      const params = operation('/customers', 'get').parameters ?? [];
      assert.deepEqual(params.map((p) => p.name).sort(), ['cursor', 'doNotCall', 'limit', 'search', 'stopped', 'taskType', 'test']);
      for (const p of params) {
        assert.equal(p.in, 'query');
        assert.ok(p.description, p.name);
      }
      const page = resolve(operation('/customers', 'get').responses['200']!.content!['application/json']!.schema);
      assert.deepEqual(Object.keys(page.properties ?? {}).sort(), ['data', 'hasMore', 'nextCursor']);
    });

    it('declares the X-API-Key scheme and requires it on every operation but health, readiness and provider webhooks', () => {
      const schemes = Object.entries(doc.components.securitySchemes);
      assert.equal(schemes.length, 1);
      const [name, scheme] = schemes[0]!;
      assert.deepEqual(scheme, { type: 'apiKey', in: 'header', name: 'X-API-Key' });
      let customerOperations = 0;
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          if (path === '/healthz' || path === '/readyz') {
            assert.equal(op.security, undefined, `${method} ${path} is public`);
            continue;
          }
          if (path.startsWith('/webhooks/providers/')) {
            // Authenticated by the provider's own signature, which a provider cannot replace with our key.
            assert.deepEqual(op.security, [], `${method} ${path} needs no API key`);
            assert.ok(op.responses['401'], `${method} ${path} documents 401 for a bad signature`);
            continue;
          }
          if (path.startsWith('/customers')) customerOperations++;
          assert.deepEqual(op.security, [{ [name]: [] }], `${method} ${path}`);
          assert.ok(op.responses['401'], `${method} ${path} documents 401`);
        }
      }
      assert.ok(customerOperations >= 5);
    });

    it('documents the problem shape for errors', () => {
      const problem = resolve(operation('/customers', 'post').responses['400']!.content!['application/json']!.schema);
      for (const field of ['type', 'title', 'status', 'detail', 'code', 'requestId', 'errors']) {
        assert.ok(problem.properties?.[field]?.description, field);
      }
      for (const status of ['400', '401', '409', '413', '415']) assert.ok(operation('/customers', 'post').responses[status], status);
      assert.ok(operation('/customers/{id}', 'get').responses['404']);
    });

    it('serves a readable HTML reference at /docs', async () => {
      let res = await t.request('GET', '/docs', { key: null });
      if (res.statusCode >= 300 && res.statusCode < 400) {
        const location = String(res.headers.location);
        assert.match(location, /^\/docs\/?$/);
        res = await t.request('GET', location, { key: null });
      }
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /<html/i);
      assert.match(res.body, /\/openapi\.json/, 'the page reads the generated document');
    });

    it('answers /healthz and /readyz with 200 and no key', async () => {
      const health = await t.request('GET', '/healthz', { key: null });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), { status: 'ok' });
      const ready = await t.request('GET', '/readyz', { key: null });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready' });
    });
  });
}
