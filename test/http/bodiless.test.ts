/**
 * Requests that say `Content-Type: application/json` but send no body, as several HTTP libraries
 * do for DELETE and GET: on a route that takes no body they work as if the header were absent; a
 * route that needs a body still answers an empty one with 400 malformed_json.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

for (const backend of backends) {
  describe(`bodiless requests with a JSON content type (${backend})`, () => {
    let t: TestApp;
    const json = { 'content-type': 'application/json' };

    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    it('DELETE /customers/{id} with the JSON content type and no body deletes: 204, and the customer is gone', async () => {
      assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'bodiless-1' }) })).statusCode, 201);
      const res = await t.request('DELETE', '/customers/bodiless-1', { headers: json });
      assert.equal(res.statusCode, 204, res.body);
      assert.equal(res.body, '');
      assert.match(String(res.headers['x-request-id']), /^req_/);
      const read = await t.request('GET', '/customers/bodiless-1');
      assert.equal(read.statusCode, 404);
      assert.equal(read.json().code, 'customer_not_found');
    });

    it('DELETE with the JSON content type and content-length 0 deletes too', async () => {
      assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'bodiless-2' }) })).statusCode, 201);
      const res = await t.request('DELETE', '/customers/bodiless-2', { headers: { ...json, 'content-length': '0' }, body: '' });
      assert.equal(res.statusCode, 204, res.body);
      assert.equal((await t.request('GET', '/customers/bodiless-2')).statusCode, 404);
    });

    it('DELETE of an unknown customer with the JSON content type is a 404, not a 400', async () => {
      const res = await t.request('DELETE', '/customers/bodiless-missing', { headers: json });
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().code, 'customer_not_found');
    });

    it('GET with the JSON content type and no body reads normally', async () => {
      assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'bodiless-3' }) })).statusCode, 201);
      const one = await t.request('GET', '/customers/bodiless-3', { headers: json });
      assert.equal(one.statusCode, 200, one.body);
      assert.equal(one.json().id, 'bodiless-3');
      const list = await t.request('GET', '/customers', { headers: { ...json, 'content-length': '0' }, body: '' });
      assert.equal(list.statusCode, 200, list.body);
    });

    it('POST, PATCH and PUT with an empty JSON body still answer 400 malformed_json', async () => {
      assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'bodiless-4' }) })).statusCode, 201);
      for (const [method, url] of [
        ['POST', '/customers'],
        ['PATCH', '/customers/bodiless-4'],
        ['PUT', '/task-types/collections/cadence'],
      ] as const) {
        for (const headers of [json, { ...json, 'content-length': '0' }]) {
          const res = await t.request(method, url, { headers, body: '' });
          assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
          assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
          assert.equal(res.json().code, 'malformed_json');
          assert.equal(res.json().detail, 'The body is empty; send a JSON object.');
        }
      }
      assert.equal((await t.request('GET', '/customers/bodiless-4')).statusCode, 200, 'the empty PATCH changed nothing');
    });

    it('a DELETE that does send a body still has it parsed: malformed JSON is refused', async () => {
      const res = await t.request('DELETE', '/customers/bodiless-missing', { headers: json, body: '{"oops' });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'malformed_json');
    });
  });
}
