/**
 * The structured log never holds personal data or API keys: customers with distinctive values are
 * created, changed and refused in every way a client can manage, then every captured log line is
 * searched for those values.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from './helpers/app.ts';
import { textValues } from './helpers/log-text.ts';

/** Values long and odd enough that finding one anywhere in a log line can only mean a leak. */
const PII = {
  firstName: 'Quintaviusleak',
  lastName: 'Fairweather-Zylstraleak',
  email: 'q.zylstra.leak@example.org',
  phoneNumber: '(503) 555-0147',
  streetAddress1: '8841 Marigoldleak Terrace',
  streetAddress2: 'Suite Qleak-77',
  city: 'Tillamookleakville',
  birthday: '1977-08-19',
  externalMetadata: { employer_name: 'Leakyco Industries', home_phone: '+15035550148', note: 'metaleak-secret-note' },
};
/** Short values: only searched in log fields that carry text, where they cannot occur by chance. */
const SHORT_PII = { ssnLastFour: '8263', zipCode: '97141' };
const PHONE_FORMS = ['5035550147', '+15035550147', '503-555-0147', '(503) 555-0147', '+15035550148'];

for (const backend of backends) {
  describe(`structured logs hold no personal data or keys (${backend})`, () => {
    let t: TestApp;
    let revokedKey: string;
    const unknownKey = 'cw_leakUnknownKeyNeverIssued000000000';
    const statuses = new Set<number>();

    before(async () => {
      t = await startTestApp(backend);
      const key = await t.services.companies.createApiKey(t.companyId);
      await t.services.companies.revokeApiKey(key.id);
      revokedKey = key.secret;

      const full = customerBody({ id: 'log-1', ...PII, ...SHORT_PII, loanIds: [4471], loanId: 'LN-leak-1' });
      const send = async (method: string, url: string, options: Parameters<TestApp['request']>[2] = {}) => {
        const res = await t.request(method, url, options);
        statuses.add(res.statusCode);
        return res;
      };
      assert.equal((await send('POST', '/customers', { body: full })).statusCode, 201);
      await send('POST', '/customers', { body: full }); // 409
      await send('POST', '/customers', { body: { ...full, id: 'log-2', phoneNumber: '800-555-0147', timezone: 'EST' } }); // 400
      await send('POST', '/customers', { body: { ...full, id: 'log-3', taskType: 'leak-task' } }); // 400 invalid_task_type
      await send('POST', '/customers', { body: { ...full, id: 'log-4', sync: true }, key: t.otherApiKey }); // 400 lms_not_configured
      await send('POST', '/customers', { body: full, key: unknownKey }); // 401
      await send('POST', '/customers', { body: full, key: revokedKey }); // 401
      await send('POST', '/customers', { body: full, key: null }); // 401
      await send('PATCH', '/customers/log-1', { body: { firstName: `${PII.firstName}2`, email: `x.${PII.email}`, ssnLastFour: '8264' } }); // 200
      await send('PATCH', '/customers/log-1', { body: { birthday: '2999-01-01', city: PII.city, externalMetadata: [PII.externalMetadata.note] } }); // 400
      await send('PATCH', '/customers/missing-customer', { body: { lastName: PII.lastName, streetAddress1: PII.streetAddress1 } }); // 404
      await send('PATCH', '/customers/log-1', { body: { lastName: PII.lastName }, key: t.otherApiKey }); // 404 other company
      await send('GET', '/customers/log-1'); // 200
      await send('GET', '/customers?taskType=collections&test=false'); // 200
      await send('GET', `/customers?cursor=${encodeURIComponent(PII.email)}`); // 400
      await send('POST', '/customers', { body: `{"firstName":"${PII.firstName}",`, headers: { 'content-type': 'application/json' } }); // 400 malformed
      await send('POST', '/customers', { body: `firstName=${PII.firstName}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }); // 415
      await send('POST', '/customers', { body: { ...full, streetAddress2: 'x'.repeat(1024 * 1024) } }); // 413
      await send('DELETE', '/customers/log-1'); // 204
    });
    after(() => t.close());

    it('captured request logs for every kind of outcome', () => {
      assert.deepEqual([...statuses].sort(), [200, 201, 204, 400, 401, 404, 409, 413, 415]);
      const logged = new Set(
        t.logLines
          .map((line) => JSON.parse(line))
          .map((entry) => entry.res?.statusCode)
          .filter(Boolean),
      );
      for (const status of statuses) assert.ok(logged.has(status), `a completed ${status} was logged`);
      assert.ok(t.logLines.length >= 2 * statuses.size);
    });

    it('every line is JSON', () => {
      for (const line of t.logLines) assert.doesNotThrow(() => JSON.parse(line), line);
    });

    it('holds no name, e-mail, phone, address, birthday or metadata value', () => {
      const needles = [
        ...Object.values(PII).filter((v): v is string => typeof v === 'string'),
        ...Object.values(PII.externalMetadata),
        ...PHONE_FORMS,
        'x.q.zylstra.leak',
        'Quintaviusleak2',
        'leak-task',
        'LN-leak-1',
      ];
      for (const line of t.logLines) {
        for (const needle of needles) assert.ok(!line.includes(needle), `log line contains ${needle}: ${line}`);
      }
    });

    it('holds no SSN last four or ZIP code in any logged text', () => {
      for (const line of t.logLines) {
        const texts = textValues(JSON.parse(line));
        for (const needle of [...Object.values(SHORT_PII), '8264', '4471']) {
          assert.ok(!texts.some((text) => text.includes(needle)), `log line contains ${needle}: ${line}`);
        }
      }
    });

    it('holds no API key, valid, unknown or revoked', () => {
      for (const line of t.logLines) {
        for (const key of [t.apiKey, t.otherApiKey, unknownKey, revokedKey]) {
          assert.ok(!line.includes(key), `log line contains an API key: ${line}`);
          assert.ok(!line.includes(key.slice(3, 20)), `log line contains part of an API key: ${line}`);
        }
      }
    });

    it('logs no bodies or headers at all, only method, path, status and ids', () => {
      for (const line of t.logLines) {
        const entry = JSON.parse(line);
        if (entry.req) assert.deepEqual(Object.keys(entry.req).sort(), ['method', 'path', 'requestId']);
        assert.equal(entry.body, undefined);
        assert.equal(entry.headers, undefined);
        assert.ok(!line.includes('x-api-key'), line);
      }
    });
  });
}
