/**
 * externalMetadata is stored and returned exactly as sent: numbers JavaScript cannot hold
 * (12345678901234567890, 1e400, -0, 1.0e2) come back as written on every path that returns a
 * customer, `__proto__` is an ordinary name, and a name given twice anywhere in a body is refused
 * with its pointer. The texts are compared as the raw response bodies: a parsed response would
 * round the very numbers under test.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { lmsTestClock } from '../helpers/lms.ts';

installNetworkGuard();

/** Numbers JSON.parse would change, at the top of the metadata, nested in arrays and in objects. */
const NUMBERS =
  '{"bigId":12345678901234567890,"huge":1e400,"minusZero":-0,"hundred":1.0e2,"tiny":-2.5E-400,"padded":0.10,' +
  '"nested":[[1e400,-0,[12345678901234567890]],{"deep":[9007199254740993,1E+2,-0.0]}],"plain":42,"half":0.5}';

/** Names JSON.parse makes ordinary own members, and which some parsers treat as the prototype. */
const PROTO = '{"__proto__":{"polluted":true,"n":1e400},"constructor":{"prototype":{"polluted":true}},"after":-0}';

/** A create body's text with `metadata` (JSON text) as its externalMetadata, written as it is. */
function bodyWithMetadata(id: string, metadata: string, overrides: Record<string, unknown> = {}): string {
  return `${JSON.stringify(customerBody({ id, ...overrides })).slice(0, -1)},"externalMetadata":${metadata}}`;
}

const JSON_TYPE = { 'content-type': 'application/json' };

for (const backend of backends) {
  describe(`externalMetadata exactly as sent (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { clock: lmsTestClock });
    });
    after(() => t.close());

    const post = (text: string, headers: Record<string, string> = {}) => t.request('POST', '/customers', { body: text, headers: { ...JSON_TYPE, ...headers } });
    const expected = (metadata: string) => `"externalMetadata":${metadata}`;

    it('returns big integers, 1e400, -0 and exponents as written: create, GET and the list', async () => {
      const created = await post(bodyWithMetadata('meta-numbers', NUMBERS));
      assert.equal(created.statusCode, 201, created.body);
      assert.ok(created.body.includes(expected(NUMBERS)), created.body);
      const read = await t.request('GET', '/customers/meta-numbers');
      assert.equal(read.statusCode, 200);
      assert.ok(read.body.includes(expected(NUMBERS)), read.body);
      const list = await t.request('GET', '/customers?limit=100');
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(expected(NUMBERS)), list.body);
    });

    it('keeps the numbers through an update', async () => {
      assert.equal((await post(bodyWithMetadata('meta-patch', '{"a":1}'))).statusCode, 201);
      const patched = await t.request('PATCH', '/customers/meta-patch', { body: `{"firstName":"Bea","externalMetadata":${NUMBERS}}`, headers: JSON_TYPE });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.ok(patched.body.includes(expected(NUMBERS)), patched.body);
      const read = await t.request('GET', '/customers/meta-patch');
      assert.ok(read.body.includes(expected(NUMBERS)), read.body);
    });

    it('replays the same text for the same Idempotency-Key', async () => {
      const text = bodyWithMetadata('meta-keyed', NUMBERS);
      const first = await post(text, { 'idempotency-key': 'meta-keyed-1' });
      assert.equal(first.statusCode, 201, first.body);
      const again = await post(text, { 'idempotency-key': 'meta-keyed-1' });
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
      assert.ok(again.body.includes(expected(NUMBERS)), again.body);
    });

    it('tells numbers JSON.parse would confuse apart when matching an Idempotency-Key', async () => {
      for (const [sent, other] of [
        ['{"n":1e400}', '{"n":null}'],
        ['{"n":1e400}', '{"n":{"rawJSON":"1e400"}}'],
        ['{"n":-0}', '{"n":0}'],
        ['{"n":12345678901234567890}', '{"n":12345678901234567000}'],
      ] as const) {
        const key = `meta-fingerprint-${sent}-${other}`.replace(/[^A-Za-z0-9-]/g, '');
        const id = `meta-fp-${key.length}-${Math.random().toString(36).slice(2, 8)}`;
        assert.equal((await post(bodyWithMetadata(id, sent), { 'idempotency-key': key })).statusCode, 201);
        const reused = await post(bodyWithMetadata(id, other), { 'idempotency-key': key });
        assert.equal(reused.statusCode, 422, `${sent} then ${other}: ${reused.body}`);
        assert.equal(reused.json().code, 'idempotency_key_reused');
      }
    });

    it('stores __proto__ and constructor as ordinary names, returns them verbatim and pollutes nothing', async () => {
      const created = await post(bodyWithMetadata('meta-proto', PROTO));
      assert.equal(created.statusCode, 201, created.body);
      assert.ok(created.body.includes(expected(PROTO)), created.body);
      const read = await t.request('GET', '/customers/meta-proto');
      assert.ok(read.body.includes(expected(PROTO)), read.body);
      const list = await t.request('GET', '/customers?limit=100');
      assert.ok(list.body.includes(expected(PROTO)), list.body);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.getPrototypeOf(JSON.parse(read.body)), Object.prototype);
    });

    it('refuses __proto__ where the schema names the fields, as an unknown field', async () => {
      const text = `${JSON.stringify(customerBody({ id: 'meta-proto-top' })).slice(0, -1)},"__proto__":{"doNotCall":true}}`;
      const res = await post(text);
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json().errors, [{ pointer: '/__proto__', detail: 'is not a known field' }]);
      assert.equal((await t.request('GET', '/customers/meta-proto-top')).statusCode, 404);
    });

    it('keeps the numbers of a customer created with sync: true (merged with the LMS record) and refreshed by a webhook', async () => {
      const created = await post(`{"id":"demo-1001","taskType":"collections","sync":true,"externalMetadata":${NUMBERS}}`);
      assert.equal(created.statusCode, 201, created.body);
      assert.ok(created.body.includes(expected(NUMBERS)), created.body);
      const synced = await t.request('POST', '/customers/schedule/sync', {
        body: `{"id":"demo-1001","taskType":"collections","sync":true,"externalMetadata":${PROTO}}`,
        headers: JSON_TYPE,
      });
      assert.equal(synced.statusCode, 200, synced.body);
      assert.ok(synced.body.includes(expected(PROTO)), synced.body);
      const refreshed = await t.request('POST', '/webhooks/lms/sync/customer-full', { body: { customerId: 'demo-1001' } });
      assert.equal(refreshed.statusCode, 200, refreshed.body);
      const read = await t.request('GET', '/customers/demo-1001');
      assert.ok(read.body.includes(expected(PROTO)), read.body);
    });

    it('reads numbers in typed fields as numbers, as before', async () => {
      const res = await post(`${JSON.stringify(customerBody({ id: 'meta-typed' })).slice(0, -1)},"loanIds":[7.0,8e0,1E1],"externalMetadata":{"n":7.0}}`);
      assert.equal(res.statusCode, 201, res.body);
      assert.ok(res.body.includes('"externalMetadata":{"n":7.0}'), res.body);
      const loans = (await t.request('GET', '/customers/meta-typed/loans')).json<Array<{ loanId: string }>>();
      assert.deepEqual(loans.map((l) => l.loanId).sort(), ['10', '7', '8']);
    });
  });

  describe(`a name given twice in a body (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    const DETAIL = 'is given more than once in its object: send each name once';

    it('refuses it at the top level and nested, every one in one answer, and writes nothing', async () => {
      const text = `${JSON.stringify(customerBody({ id: 'dup-1', doNotCall: true })).slice(0, -1)},"doNotCall":false,"externalMetadata":{"a":{"b":1,"b":2,"b":3},"list":[{"x":1},{"x":1,"x":2}]}}`;
      const res = await t.request('POST', '/customers', { body: text, headers: { ...JSON_TYPE, 'idempotency-key': 'dup-1-key' } });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'validation_failed');
      assert.deepEqual(res.json().errors, [
        { pointer: '/doNotCall', detail: DETAIL },
        { pointer: '/externalMetadata/a/b', detail: DETAIL },
        { pointer: '/externalMetadata/list/1/x', detail: DETAIL },
      ]);
      assert.equal((await t.request('GET', '/customers/dup-1')).statusCode, 404);
      assert.deepEqual((await t.request('GET', '/customers')).json().data, []);
      // The key was not claimed either: the same key with a valid body creates the customer.
      const valid = await t.request('POST', '/customers', { body: customerBody({ id: 'dup-1' }), headers: { 'idempotency-key': 'dup-1-key' } });
      assert.equal(valid.statusCode, 201, valid.body);
    });

    it('sees a name written with escapes as the same name', async () => {
      const text = `${JSON.stringify(customerBody({ id: 'dup-2' })).slice(0, -1)},"do\\u004eotCall":true,"doNotCall":false}`;
      const res = await t.request('POST', '/customers', { body: text, headers: JSON_TYPE });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json().errors, [{ pointer: '/doNotCall', detail: DETAIL }]);
      assert.equal((await t.request('GET', '/customers/dup-2')).statusCode, 404);
    });

    it('reports repeated names together with text that cannot be stored', async () => {
      const res = await t.request('POST', '/customers', {
        body: `{"id":"dup-3","id":"dup-3","taskType":"collections","externalMetadata":{"nul":"a\\u0000b"}}`,
        headers: JSON_TYPE,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json().errors, [
        { pointer: '/id', detail: DETAIL },
        { pointer: '/externalMetadata/nul', detail: 'must not contain the NUL character (U+0000)' },
      ]);
    });

    it('refuses it on an update and on the other POST routes, and changes nothing', async () => {
      assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'dup-4' }) })).statusCode, 201);
      const patch = await t.request('PATCH', '/customers/dup-4', { body: '{"doNotCall":true,"doNotCall":false}', headers: JSON_TYPE });
      assert.equal(patch.statusCode, 400, patch.body);
      assert.deepEqual(patch.json().errors, [{ pointer: '/doNotCall', detail: DETAIL }]);
      assert.equal((await t.request('GET', '/customers/dup-4')).json().doNotCall, false);

      const check = await t.request('POST', '/compliance/check', {
        body: '{"phoneNumber":"+14155550100","at":"2026-12-01T18:00:00Z","policy":{"mode":"strict","mode":"calendar"}}',
        headers: JSON_TYPE,
      });
      assert.equal(check.statusCode, 400, check.body);
      assert.deepEqual(check.json().errors, [{ pointer: '/policy/mode', detail: DETAIL }]);
    });
  });
}
