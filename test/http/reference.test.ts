import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const backend of backends) {
  describe(`GET /reference (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    const known: Array<[string, string, string[]]> = [
      ['10001', 'NY', ['America/New_York']],
      ['86515', 'AZ', ['America/Denver']], // Window Rock: the Navajo Nation keeps DST, unlike the rest of Arizona
      ['85001', 'AZ', ['America/Phoenix']],
      ['96813', 'HI', ['Pacific/Honolulu']],
      ['99546', 'AK', ['America/Adak']], // Adak: Hawaii-Aleutian time, with DST
      ['94102', 'CA', ['America/Los_Angeles']],
    ];
    for (const [zip, state, timezones] of known) {
      it(`answers ${zip} with ${state} ${timezones.join(', ')}`, async () => {
        const res = await t.request('GET', `/reference/zip/${zip}`);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.deepEqual({ zipCode: body.zipCode, state: body.state, timezones: body.timezones }, { zipCode: zip, state, timezones });
        assert.ok(['high', 'medium', 'low'].includes(body.confidence));
        assert.deepEqual(Object.keys(body).sort(), ['confidence', 'state', 'timezones', 'zipCode']);
      });
    }

    it('accepts ZIP+4 in both spellings and answers with the 5-digit ZIP', async () => {
      for (const zip of ['10001-1234', '100011234']) {
        const res = await t.request('GET', `/reference/zip/${zip}`);
        assert.equal(res.statusCode, 200, zip);
        assert.equal(res.json().zipCode, '10001');
      }
    });

    it('answers a military ZIP with no zones and confidence none', async () => {
      const res = await t.request('GET', '/reference/zip/09001');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { zipCode: '09001', state: 'AE', timezones: [], confidence: 'none' });
    });

    it('answers an unknown ZIP with 404 zip_not_found', async () => {
      for (const zip of ['00000', '99999']) {
        const res = await t.request('GET', `/reference/zip/${zip}`);
        assert.equal(res.statusCode, 404, zip);
        assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
        assert.equal(res.json().code, 'zip_not_found');
      }
    });

    for (const bad of ['abc', '1234', '123456', '10001-12', '1000x', '10001--1234', '10001%201234', '1'.repeat(21)]) {
      it(`refuses the malformed ZIP ${JSON.stringify(bad)} with 400 and a pointer`, async () => {
        const res = await t.request('GET', `/reference/zip/${bad}`);
        assert.equal(res.statusCode, 400, res.body);
        const problem = res.json();
        assert.equal(problem.code, 'validation_failed');
        assert.deepEqual(
          problem.errors.map((e: { pointer: string }) => e.pointer),
          ['/zipCode'],
        );
      });
    }

    it('answers area codes: single zone, multi-zone, territory, non-geographic', async () => {
      const cases: Array<[string, unknown]> = [
        ['212', { areaCode: '212', state: 'NY', timezones: ['America/New_York'], geographic: true }],
        ['907', { areaCode: '907', state: 'AK', timezones: ['America/Anchorage', 'America/Juneau', 'America/Adak'], geographic: true }],
        ['787', { areaCode: '787', state: 'PR', timezones: ['America/Puerto_Rico'], geographic: true }],
        ['800', { areaCode: '800', state: null, timezones: [], geographic: false }],
      ];
      for (const [code, expected] of cases) {
        const res = await t.request('GET', `/reference/area-codes/${code}`);
        assert.equal(res.statusCode, 200, code);
        assert.deepEqual(res.json(), expected);
      }
    });

    it('answers a non-US or unassigned area code with 404 and a malformed one with 400', async () => {
      for (const code of ['416', '999']) {
        const res = await t.request('GET', `/reference/area-codes/${code}`);
        assert.equal(res.statusCode, 404, code);
        assert.equal(res.json().code, 'area_code_not_found');
      }
      for (const code of ['012', '21', '2125', 'abc', '1'.repeat(11)]) {
        const res = await t.request('GET', `/reference/area-codes/${code}`);
        assert.equal(res.statusCode, 400, code);
        assert.deepEqual(
          res.json().errors.map((e: { pointer: string }) => e.pointer),
          ['/areaCode'],
        );
      }
    });

    it('requires an API key', async () => {
      for (const url of ['/reference/zip/10001', '/reference/area-codes/212']) {
        const res = await t.request('GET', url, { key: null });
        assert.equal(res.statusCode, 401, url);
        assert.equal(res.json().code, 'unauthorized');
      }
    });

    it('documents both lookups in the OpenAPI document', async () => {
      const spec = (await t.request('GET', '/openapi.json')).json();
      for (const path of ['/reference/zip/{zipCode}', '/reference/area-codes/{areaCode}']) {
        const op = spec.paths[path]?.get;
        assert.ok(op, path);
        assert.deepEqual(op.tags, ['Reference data']);
        assert.ok(op.responses['404'] && op.responses['400']);
      }
    });
  });
}
