import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

interface Page {
  data: Array<Record<string, unknown> & { id: string }>;
  hasMore: boolean;
  nextCursor: string | null;
}

/** A company of its own, so a test sees exactly the customers it made. */
async function newCompany(t: TestApp, name: string, taskTypes: string[] = ['collections', 'servicing', 'verification']) {
  const company = await t.services.companies.createCompany(name, { taskTypes });
  const key = await t.services.companies.createApiKey(company.id);
  return { companyId: company.id, key: key.secret };
}

async function create(t: TestApp, key: string, overrides: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await t.request('POST', '/customers', { key, body: customerBody(overrides) });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function list(t: TestApp, key: string, query: string): Promise<Page> {
  const res = await t.request('GET', `/customers${query}`, { key });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** Follows nextCursor to the end; returns every page. */
async function allPages(t: TestApp, key: string, query: string): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    if (cursor !== null) params.set('cursor', cursor);
    const page: Page = await list(t, key, `?${params.toString()}`);
    pages.push(page);
    assert.equal(page.nextCursor === null, !page.hasMore, 'nextCursor is given exactly when hasMore');
    cursor = page.nextCursor;
    assert.ok(pages.length < 200, 'pagination ends');
  } while (cursor !== null);
  return pages;
}

const ids = (page: Page) => page.data.map((c) => c.id);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

for (const backend of backends) {
  describe(`reading customers (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    describe('GET /customers/{id}', () => {
      it('returns the customer exactly as creation returned it', async () => {
        const created = await create(t, t.apiKey, {
          id: 'read-1',
          email: 'ana@example.com',
          birthday: '1980-01-31',
          ssnLastFour: '0042',
          streetAddress2: 'Apt 2',
          doNotCall: true,
          test: true,
          externalMetadata: { employer: 'Acme', tags: ['a', 1, null] },
        });
        const res = await t.request('GET', '/customers/read-1');
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.deepEqual(res.json(), created);
        assert.equal(res.json().isTest, true);
        assert.equal(res.json().ssnLastFour, '0042');
      });

      it('leaves out fields that have no value', async () => {
        await create(t, t.apiKey, { id: 'read-sparse' });
        const body = (await t.request('GET', '/customers/read-sparse')).json();
        for (const absent of ['email', 'birthday', 'ssnLastFour', 'streetAddress2', 'externalMetadata', 'test', 'sync', 'loanIds', 'loanId']) {
          assert.equal(absent in body, false, absent);
        }
        assert.deepEqual(Object.keys(body).sort(), [
          'city',
          'createdAt',
          'doNotCall',
          'firstName',
          'id',
          'isTest',
          'lastName',
          'phoneNumber',
          'state',
          'streetAddress1',
          'taskType',
          'timezone',
          'updatedAt',
          'zipCode',
        ]);
      });

      it('answers an unknown id with 404 customer_not_found', async () => {
        const res = await t.request('GET', '/customers/no-such-customer');
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().code, 'customer_not_found');
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      });

      it('finds ids with spaces, slashes, unicode and quotes when percent-encoded', async () => {
        for (const id of ['ACME/2024 #7?x=1', 'Zoë-東京-🚀', "O'Brien; --", '100%', 'a+b']) {
          await create(t, t.apiKey, { id });
          const res = await t.request('GET', `/customers/${encodeURIComponent(id)}`);
          assert.equal(res.statusCode, 200, `${id}: ${res.body}`);
          assert.equal(res.json().id, id);
        }
      });

      it('reads, changes and deletes an id of the maximum length (255 characters, even when encoded long)', async () => {
        const id = 'é'.repeat(255);
        const created = await t.request('POST', '/customers', { body: customerBody({ id }) });
        assert.equal(created.statusCode, 201, created.body);
        const url = created.headers.location as string;
        assert.equal(url, `/customers/${encodeURIComponent(id)}`);
        assert.equal((await t.request('GET', url)).json().id, id);
        assert.equal((await t.request('PATCH', url, { body: { city: 'Oakland' } })).statusCode, 200);
        assert.equal((await t.request('DELETE', url)).statusCode, 204);
        const tooLong = await t.request('GET', `/customers/${'x'.repeat(256)}`);
        assert.equal(tooLong.statusCode, 400, 'an id longer than any stored one is a client error');
        assert.match(String(tooLong.headers['content-type']), /^application\/problem\+json/);
      });

      it("answers another company's customer with 404, both ways", async () => {
        await create(t, t.otherApiKey, { id: 'theirs-1' });
        const mine = await t.request('GET', '/customers/theirs-1');
        assert.equal(mine.statusCode, 404);
        assert.equal(mine.json().code, 'customer_not_found');
        await create(t, t.apiKey, { id: 'ours-1' });
        assert.equal((await t.request('GET', '/customers/ours-1', { key: t.otherApiKey })).statusCode, 404);
        assert.equal((await t.request('GET', '/customers/theirs-1', { key: t.otherApiKey })).statusCode, 200);
      });
    });

    describe('GET /customers filters', () => {
      let key: string;
      // Ids sort in creation order, so the expected order holds even when two rows share a timestamp.
      const dataset: Array<Record<string, unknown>> = [
        { id: 'f1-real-collections' },
        { id: 'f2-test-collections', test: true },
        { id: 'f3-real-servicing-dnc', taskType: 'servicing', doNotCall: true },
        { id: 'f4-test-servicing-dnc', taskType: 'Servicing', isTest: true, doNotCall: true },
        { id: 'f5-real-hardship', taskType: 'HARDSHIP', doNotCall: false },
        { id: 'f6-seed-flags', isTest: true, test: false },
        { id: 'f7-both-false', isTest: false, test: false, taskType: 'verification' },
      ];
      before(async () => {
        ({ key } = await newCompany(t, 'Filter Lender', ['collections', 'servicing', 'verification', 'Hardship']));
        for (const customer of dataset) await create(t, key, customer);
        // Another company with customers that match every filter: none may ever show up.
        await create(t, t.otherApiKey, { id: 'f0-other-test', test: true, doNotCall: true });
        await create(t, t.otherApiKey, { id: 'f0-other-real' });
      });

      const cases: Array<[string, string[]]> = [
        [
          '',
          [
            'f1-real-collections',
            'f2-test-collections',
            'f3-real-servicing-dnc',
            'f4-test-servicing-dnc',
            'f5-real-hardship',
            'f6-seed-flags',
            'f7-both-false',
          ],
        ],
        ['test=true', ['f2-test-collections', 'f4-test-servicing-dnc', 'f6-seed-flags']],
        ['test=false', ['f1-real-collections', 'f3-real-servicing-dnc', 'f5-real-hardship', 'f7-both-false']],
        ['taskType=collections', ['f1-real-collections', 'f2-test-collections', 'f6-seed-flags']],
        ['taskType=COLLECTIONS', ['f1-real-collections', 'f2-test-collections', 'f6-seed-flags']],
        ['taskType=servicing', ['f3-real-servicing-dnc', 'f4-test-servicing-dnc']],
        ['taskType=hardship', ['f5-real-hardship']],
        ['taskType=HaRdShIp', ['f5-real-hardship']],
        ['taskType=verification', ['f7-both-false']],
        ['taskType=marketing', []],
        ['doNotCall=true', ['f3-real-servicing-dnc', 'f4-test-servicing-dnc']],
        ['doNotCall=false', ['f1-real-collections', 'f2-test-collections', 'f5-real-hardship', 'f6-seed-flags', 'f7-both-false']],
        ['test=true&doNotCall=true', ['f4-test-servicing-dnc']],
        ['test=false&doNotCall=true', ['f3-real-servicing-dnc']],
        ['test=true&taskType=Collections', ['f2-test-collections', 'f6-seed-flags']],
        ['test=false&taskType=servicing&doNotCall=true', ['f3-real-servicing-dnc']],
        ['test=true&taskType=servicing&doNotCall=false', []],
        ['doNotCall=false&taskType=hardship&test=false', ['f5-real-hardship']],
      ];
      for (const [query, expected] of cases) {
        it(`?${query} → ${expected.length} customers`, async () => {
          const page = await list(t, key, query === '' ? '' : `?${query}`);
          assert.deepEqual(ids(page), expected);
          assert.equal(page.hasMore, false);
          assert.equal(page.nextCursor, null);
        });
      }

      it('returns the same objects as GET /customers/{id}, with isTest and the company spelling of taskType', async () => {
        const page = await list(t, key, '');
        for (const customer of page.data) {
          assert.deepEqual(customer, (await t.request('GET', `/customers/${customer.id}`, { key })).json());
        }
        const hardship = page.data.find((c) => c.id === 'f5-real-hardship')!;
        assert.equal(hardship.taskType, 'Hardship');
        assert.equal(page.data.find((c) => c.id === 'f6-seed-flags')!.isTest, true);
        assert.ok(
          page.data.every((c) => !('test' in c)),
          'responses say isTest, never test',
        );
      });

      it('keeps filters across pages', async () => {
        const pages = await allPages(t, key, 'test=false&limit=1');
        assert.deepEqual(pages.flatMap(ids), ['f1-real-collections', 'f3-real-servicing-dnc', 'f5-real-hardship', 'f7-both-false']);
        assert.deepEqual(
          pages.map((p) => p.data.length),
          [1, 1, 1, 1],
        );
        const dnc = await allPages(t, key, 'doNotCall=false&taskType=collections&limit=2');
        assert.deepEqual(dnc.flatMap(ids), ['f1-real-collections', 'f2-test-collections', 'f6-seed-flags']);
      });

      for (const [query, pointer] of [
        ['test=yes', '/test'],
        ['test=', '/test'],
        ['doNotCall=maybe', '/doNotCall'],
        ['taskType=', '/taskType'],
        [`taskType=${'x'.repeat(101)}`, '/taskType'],
      ] as const) {
        it(`?${query.slice(0, 30)} → 400 at ${pointer}`, async () => {
          const res = await t.request('GET', `/customers?${query}`, { key });
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, 'validation_failed');
          assert.deepEqual(
            res.json().errors.map((e: { pointer: string }) => e.pointer),
            [pointer],
          );
        });
      }

      it("never lists another company's customers, whatever the filter", async () => {
        for (const query of ['', '?test=true', '?doNotCall=true', '?taskType=collections', '?limit=100']) {
          const page = await list(t, key, query);
          assert.ok(
            page.data.every((c) => !c.id.startsWith('f0-other')),
            query,
          );
        }
        const theirs = ids(await list(t, t.otherApiKey, '?limit=100'));
        assert.ok(theirs.includes('f0-other-test') && theirs.includes('f0-other-real'), 'they see their own');
        assert.deepEqual(
          theirs.filter((id) => /^f[1-7]-/.test(id)),
          [],
          'and nothing of this company',
        );
      });
    });

    describe('GET /customers pagination', () => {
      it('pages 20 at a time by default, oldest first, with hasMore and an opaque nextCursor', async () => {
        const { key } = await newCompany(t, 'Default Page Lender');
        const made = Array.from({ length: 23 }, (_, i) => `p-${String(i).padStart(2, '0')}`);
        for (const id of made) await create(t, key, { id });
        const first = await list(t, key, '');
        assert.equal(first.data.length, 20);
        assert.deepEqual(ids(first), made.slice(0, 20));
        assert.equal(first.hasMore, true);
        assert.equal(typeof first.nextCursor, 'string');
        assert.match(first.nextCursor!, /^[A-Za-z0-9_-]+$/, 'the cursor is URL-safe');
        assert.ok(!first.nextCursor!.includes('p-19'), 'the cursor does not spell out the last id');
        const second = await list(t, key, `?cursor=${first.nextCursor}`);
        assert.deepEqual(ids(second), made.slice(20));
        assert.equal(second.hasMore, false);
        assert.equal(second.nextCursor, null);
      });

      it('gives hasMore: false on an exactly full last page', async () => {
        const { key } = await newCompany(t, 'Exact Page Lender');
        for (const id of ['e-1', 'e-2', 'e-3', 'e-4']) await create(t, key, { id });
        const first = await list(t, key, '?limit=2');
        assert.equal(first.hasMore, true);
        const second = await list(t, key, `?limit=2&cursor=${first.nextCursor}`);
        assert.deepEqual(ids(second), ['e-3', 'e-4']);
        assert.equal(second.hasMore, false);
        assert.equal(second.nextCursor, null);
        const all = await list(t, key, '?limit=4');
        assert.equal(all.hasMore, false);
        const empty = await list(t, (await newCompany(t, 'Empty Lender')).key, '');
        assert.deepEqual(empty, { data: [], hasMore: false, nextCursor: null });
      });

      it('accepts limit from 1 to 100', async () => {
        const { key } = await newCompany(t, 'Limit Lender');
        for (let i = 0; i < 3; i++) await create(t, key, { id: `l-${i}` });
        assert.equal((await list(t, key, '?limit=1')).data.length, 1);
        assert.equal((await list(t, key, '?limit=100')).data.length, 3);
        const pages = await allPages(t, key, 'limit=1');
        assert.deepEqual(pages.flatMap(ids), ['l-0', 'l-1', 'l-2']);
      });

      for (const limit of ['101', '0', '-1', '1.5', '2.0e1', 'abc', '', '0x10', '1000000000000']) {
        it(`refuses limit=${limit} with 400 at /limit`, async () => {
          const res = await t.request('GET', `/customers?limit=${limit}`);
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, 'validation_failed');
          assert.deepEqual(
            res.json().errors.map((e: { pointer: string }) => e.pointer),
            ['/limit'],
          );
        });
      }

      it('is stable when many rows share one created_at: every row exactly once, in (created_at, id) order', async () => {
        const { companyId, key } = await newCompany(t, 'Same Instant Lender');
        const shared = '2031-03-04T05:06:07.123456Z';
        const sameIds = Array.from({ length: 25 }, (_, i) => `same-${String(i).padStart(2, '0')}`);
        // Inserted in shuffled order in one transaction, so only the id can order them.
        const shuffled = sameIds.map((_, i) => sameIds[(i * 7) % sameIds.length]!);
        assert.notDeepEqual(shuffled, sameIds);
        const rows: Array<[string, string]> = [
          ...shuffled.map((id): [string, string] => [id, shared]),
          // One microsecond either side: a cursor that kept only milliseconds would lose or repeat these.
          ['zz-one-microsecond-before', '2031-03-04T05:06:07.123455Z'],
          ['aa-one-microsecond-after', '2031-03-04T05:06:07.123457Z'],
        ];
        await t.services.db.transaction().execute(async (trx) => {
          for (const [id, at] of rows) {
            await sql`insert into customers (company_id, id, task_type, first_name, created_at, updated_at)
                      values (${companyId}, ${id}, 'collections', 'Same', ${at}::timestamptz, ${at}::timestamptz)`.execute(trx);
          }
        });
        const pages = await allPages(t, key, 'limit=7');
        const seen = pages.flatMap(ids);
        assert.deepEqual(seen, ['zz-one-microsecond-before', ...sameIds, 'aa-one-microsecond-after']);
        assert.equal(new Set(seen).size, seen.length, 'no row twice');
        assert.deepEqual(
          pages.map((p) => p.data.length),
          [7, 7, 7, 6],
        );
        assert.deepEqual(
          pages.map((p) => p.hasMore),
          [true, true, true, false],
        );
        assert.ok(pages.every((p) => p.data.every((c) => c.createdAt === '2031-03-04T05:06:07.123Z')));
      });

      it('continues correctly when the row a cursor points at is deleted, and shows rows added later', async () => {
        const { key } = await newCompany(t, 'Changing Lender');
        for (let i = 0; i < 6; i++) await create(t, key, { id: `c-${i}` });
        const first = await list(t, key, '?limit=3');
        assert.deepEqual(ids(first), ['c-0', 'c-1', 'c-2']);
        assert.equal((await t.request('DELETE', '/customers/c-2', { key })).statusCode, 204);
        await create(t, key, { id: 'c-6' });
        const rest = await allPages(t, key, `limit=3&cursor=${first.nextCursor}`);
        assert.deepEqual(rest.flatMap(ids), ['c-3', 'c-4', 'c-5', 'c-6']);
      });

      it("positions another company's cursor without revealing anything of theirs", async () => {
        const a = await newCompany(t, 'Cursor A');
        const b = await newCompany(t, 'Cursor B');
        for (let i = 0; i < 3; i++) await create(t, a.key, { id: `a-${i}` });
        const page = await list(t, a.key, '?limit=1');
        const theirs = await list(t, b.key, `?cursor=${page.nextCursor}`);
        assert.deepEqual(theirs, { data: [], hasMore: false, nextCursor: null });
      });

      const badCursors: Array<[string, string]> = [
        ['not base64 JSON', 'abc'],
        ['an object', b64({ createdAt: '2024-01-01T00:00:00.000000Z', id: 'x' })],
        ['wrong arity', b64(['2024-01-01T00:00:00.000000Z'])],
        ['a timestamp without microseconds', b64(['2024-01-01T00:00:00.000Z', 'x'])],
        ['an impossible date', b64(['2024-02-30T00:00:00.000000Z', 'x'])],
        ['hour 99', b64(['2024-01-01T99:00:00.000000Z', 'x'])],
        ['year 0000', b64(['0000-01-01T00:00:00.000000Z', 'x'])],
        ['a NUL in the id', b64(['2024-01-01T00:00:00.000000Z', 'a\u0000b'])],
        ['a number id', b64(['2024-01-01T00:00:00.000000Z', 42])],
        ['SQL in the timestamp', b64(["2024-01-01'; drop table customers; --", 'x'])],
        ['too long', 'A'.repeat(1025)],
      ];
      for (const [what, cursor] of badCursors) {
        it(`refuses a cursor that is ${what} with 400 at /cursor`, async () => {
          const res = await t.request('GET', `/customers?cursor=${encodeURIComponent(cursor)}`);
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, 'validation_failed');
          assert.deepEqual(
            res.json().errors.map((e: { pointer: string }) => e.pointer),
            ['/cursor'],
          );
        });
      }

      it('refuses a tampered cursor', async () => {
        const { key } = await newCompany(t, 'Tamper Lender');
        for (let i = 0; i < 2; i++) await create(t, key, { id: `t-${i}` });
        const cursor = (await list(t, key, '?limit=1')).nextCursor!;
        const res = await t.request('GET', `/customers?cursor=${cursor.slice(0, -6)}`, { key });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().errors[0].pointer, '/cursor');
      });

      for (const query of ['foo=1', 'isTest=true', 'Test=true', 'page=2', 'offset=10', 'sort=id']) {
        it(`refuses the unknown query parameter in ?${query} with 400 naming it`, async () => {
          const res = await t.request('GET', `/customers?${query}`);
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, 'validation_failed');
          assert.deepEqual(res.json().errors, [{ pointer: `/${query.split('=')[0]}`, detail: 'is not a known field' }]);
        });
      }
    });
  });
}
