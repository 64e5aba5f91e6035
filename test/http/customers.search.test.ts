/**
 * GET /customers?search=… and ?stopped=…: the operator console's search (by the start of an id or
 * a name, or by phone number) and the "calls stopped" filter, paged like every list and scoped to
 * the caller's company.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

interface Page {
  data: Array<{ id: string; stopReason?: string }>;
  hasMore: boolean;
  nextCursor: string | null;
}

for (const backend of backends) {
  describe(`customer search and the stopped filter (${backend})`, () => {
    let t: TestApp;
    let key: string;

    const ids = async (query: string, apiKey = key): Promise<string[]> => {
      const res = await t.request('GET', `/customers?${query}`, { key: apiKey });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Page>().data.map((c) => c.id);
    };

    before(async () => {
      t = await startTestApp(backend);
      const company = await t.services.companies.createCompany('Search Lender', { taskTypes: ['collections'] });
      key = (await t.services.companies.createApiKey(company.id)).secret;
      const people = [
        { id: 'ACME-100', firstName: 'Ana', lastName: 'Reyes', phoneNumber: '(415) 555-0100' },
        { id: 'ACME-101', firstName: 'Anabel', lastName: 'Stone', phoneNumber: '(303) 555-0142' },
        { id: 'acme-200', firstName: 'Bo', lastName: 'Reyes-Lin', phoneNumber: '(212) 555-0199' },
        { id: 'X_1%', firstName: 'Cy', lastName: 'Park', phoneNumber: '(617) 555-0123' },
        { id: 'X11', firstName: 'Di', lastName: 'Park', phoneNumber: '(617) 555-0124' },
      ];
      for (const person of people) {
        const res = await t.request('POST', '/customers', { key, body: customerBody(person) });
        assert.equal(res.statusCode, 201, res.body);
      }
      // Calls stop for ACME-101 (an attorney represents her).
      const call = await t.request('POST', '/calls', {
        key,
        body: { customerId: 'ACME-101', toPhoneNumber: '+13035550142', timestamp: new Date(Date.now() - 60_000).toISOString(), flags: ['ATTORNEY_REP'] },
      });
      assert.equal(call.statusCode, 201, call.body);
      // Another company's customer with a matching name and id is never found.
      assert.equal((await t.request('POST', '/customers', { key: t.otherApiKey, body: customerBody({ id: 'ACME-999', firstName: 'Ana' }) })).statusCode, 201);
    });
    after(async () => t?.close());

    it('finds customers by the start of their id, case-insensitively', async () => {
      assert.deepEqual(await ids('search=acme-1'), ['ACME-100', 'ACME-101']);
      assert.deepEqual(await ids('search=ACME'), ['ACME-100', 'ACME-101', 'acme-200']);
    });

    it("finds them by the start of a first name, a last name or 'first last'", async () => {
      assert.deepEqual(await ids('search=ana'), ['ACME-100', 'ACME-101']);
      assert.deepEqual(await ids('search=reyes'), ['ACME-100', 'acme-200']);
      assert.deepEqual(await ids(`search=${encodeURIComponent('Ana Re')}`), ['ACME-100']);
      assert.deepEqual(await ids('search=eyes'), [], 'the middle of a name is not a match');
    });

    it('finds them by phone number in any common format, or by four or more of its digits', async () => {
      assert.deepEqual(await ids(`search=${encodeURIComponent('(212) 555-0199')}`), ['acme-200']);
      assert.deepEqual(await ids(`search=${encodeURIComponent('+1 212.555.0199')}`), ['acme-200']);
      assert.deepEqual(await ids('search=0142'), ['ACME-101']);
      assert.deepEqual(await ids('search=617555'), ['X_1%', 'X11']);
      assert.deepEqual(await ids('search=555'), [], 'three digits are too few to search numbers by');
    });

    it('takes LIKE wildcards in the text literally', async () => {
      assert.deepEqual(await ids('search=X_'), ['X_1%']);
      assert.deepEqual(await ids(`search=${encodeURIComponent('X_1%')}`), ['X_1%']);
      assert.deepEqual(await ids(`search=${encodeURIComponent('%')}`), []);
    });

    it('filters by stopped, and combines filters with the search', async () => {
      assert.deepEqual(await ids('stopped=true'), ['ACME-101']);
      assert.deepEqual(await ids('stopped=false'), ['ACME-100', 'acme-200', 'X_1%', 'X11']);
      assert.deepEqual(await ids('search=ana&stopped=false'), ['ACME-100']);
      const res = await t.request('GET', '/customers?stopped=true', { key });
      assert.match(res.json<Page>().data[0]?.stopReason ?? '', /^ATTORNEY_REP/);
    });

    it('pages a search with the same cursor as the list', async () => {
      const first = await t.request('GET', '/customers?search=acme&limit=2', { key });
      const page = first.json<Page>();
      assert.deepEqual(
        page.data.map((c) => c.id),
        ['ACME-100', 'ACME-101'],
      );
      assert.equal(page.hasMore, true);
      const second = await t.request('GET', `/customers?search=acme&limit=2&cursor=${encodeURIComponent(page.nextCursor as string)}`, { key });
      assert.deepEqual(
        second.json<Page>().data.map((c) => c.id),
        ['acme-200'],
      );
      assert.equal(second.json<Page>().hasMore, false);
    });

    it("never finds another company's customers", async () => {
      assert.deepEqual(await ids('search=ACME-9'), []);
      assert.deepEqual(await ids('search=ACME', t.otherApiKey), ['ACME-999']);
    });

    it('refuses an empty or over-long search and a stopped that is not a boolean, naming each', async () => {
      const res = await t.request('GET', `/customers?search=&stopped=maybe`, { key });
      assert.equal(res.statusCode, 400, res.body);
      const pointers = res
        .json<{ errors: Array<{ pointer: string }> }>()
        .errors.map((e) => e.pointer)
        .sort();
      assert.deepEqual(pointers, ['/search', '/stopped']);
      const long = await t.request('GET', `/customers?search=${'a'.repeat(101)}`, { key });
      assert.equal(long.statusCode, 400);
    });
  });
}
