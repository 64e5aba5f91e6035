/**
 * The shared security suite: every authenticated route (test/helpers/routes.ts) refuses missing,
 * empty, unknown and revoked keys with the same 401 problem, works with a valid key, and answers
 * another company's objects with 404 while leaving them untouched. A route the app serves that is
 * neither public nor in the list fails the suite.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { backends } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { authenticatedRoutes, hasPathParams, isPublicRoute, registeredRoutes, routeUrl, type AuthenticatedRoute, type Fixture } from '../helpers/routes.ts';

/** Every row of every tenant table that belongs to `companyId`, as sorted JSON texts per table. */
async function companySnapshot(t: TestApp, companyId: string): Promise<Record<string, string[]>> {
  const tables = await sql<{ table_name: string }>`
    select distinct table_name from information_schema.columns
    where column_name = 'company_id' and table_schema = current_schema()
    order by table_name`.execute(t.services.db);
  assert.ok(tables.rows.length >= 3, 'tenant tables found');
  const snapshot: Record<string, string[]> = {};
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)} where company_id = ${companyId}`.execute(t.services.db);
    snapshot[table_name] = rows.rows.map((row) => JSON.stringify(row)).sort();
  }
  return snapshot;
}

function assertUnauthorized(res: LightMyRequestResponse, sentKey?: string): void {
  assert.equal(res.statusCode, 401, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(problem.code, 'unauthorized');
  assert.equal(problem.status, 401);
  assert.equal(problem.requestId, res.headers['x-request-id']);
  if (sentKey) assert.ok(!res.body.includes(sentKey), 'the 401 does not echo the key');
}

const label = (route: AuthenticatedRoute) => `${route.method} ${route.url}`;

for (const backend of backends) {
  describe(`security suite (${backend})`, () => {
    let t: TestApp;
    let revokedKey: string;
    let tagCounter = 0;
    const tag = () => `${backend}-${tagCounter++}`;

    before(async () => {
      t = await startTestApp(backend);
      const created = await t.services.companies.createApiKey(t.companyId, { name: 'to be revoked' });
      // The key works first (and is cached), so the 401 below proves revocation takes effect at once.
      const works = await t.request('GET', '/customers', { key: created.secret });
      assert.equal(works.statusCode, 200);
      await t.services.companies.revokeApiKey(created.id);
      revokedKey = created.secret;
    });
    after(() => t.close());

    const ownFixture = (route: AuthenticatedRoute): Promise<Fixture> => route.setup(t, t.apiKey, tag());
    const bodyFor = (route: AuthenticatedRoute, fixture: Fixture, sameCompany: boolean) => route.body?.({ fixture, sameCompany, tag: tag() });

    const send = (route: AuthenticatedRoute, url: string, key: string | null, body: unknown) =>
      t.request(route.method, url, { key, ...(body === undefined ? {} : { body }) });

    it('lists every authenticated route the app serves, and only routes it serves', () => {
      const served = registeredRoutes(t.app);
      assert.ok(
        served.some((r) => r.method === 'GET' && r.url === '/healthz'),
        'the route tree was read',
      );
      assert.ok(
        served.some((r) => r.method === 'POST' && r.url === '/customers'),
        'the route tree was read',
      );
      const listed = new Set(authenticatedRoutes.map(label));
      const missing = served.filter((r) => !isPublicRoute(r.url) && !listed.has(`${r.method} ${r.url}`));
      assert.deepEqual(missing, [], 'add these routes to test/helpers/routes.ts');
      for (const route of authenticatedRoutes) {
        assert.ok(t.app.hasRoute({ method: route.method, url: route.url }), `${label(route)} is not served`);
      }
    });

    it('serves the public routes without a key', async () => {
      for (const url of ['/healthz', '/readyz', '/openapi.json']) {
        const res = await t.request('GET', url, { key: null });
        assert.equal(res.statusCode, 200, url);
      }
    });

    it('answers unknown and revoked keys with the same 401, which never says whether the key exists', async () => {
      const bodies: Array<Record<string, unknown>> = [];
      for (const key of ['cw_thisKeyWasNeverIssued0000000000000', revokedKey, 'short']) {
        const res = await t.request('GET', '/customers', { key });
        assertUnauthorized(res, key);
        const { requestId: _id, ...rest } = res.json();
        bodies.push(rest);
      }
      assert.deepEqual(bodies[1], bodies[0]);
      assert.deepEqual(bodies[2], bodies[0]);
      const missing = await t.request('GET', '/customers', { key: null });
      assertUnauthorized(missing);
      assert.doesNotMatch(missing.json().detail, /revoked|unknown|exist/i, 'a missing key is just missing');
    });

    for (const route of authenticatedRoutes) {
      describe(label(route), () => {
        it(`works with a valid key (${route.successStatus})`, async () => {
          const fixture = await ownFixture(route);
          const res = await send(route, routeUrl(route, fixture), t.apiKey, bodyFor(route, fixture, true));
          assert.equal(res.statusCode, route.successStatus, res.body);
        });

        it('refuses a missing, empty, blank, unknown or revoked key with 401 and changes nothing', async () => {
          const fixture = await ownFixture(route);
          const url = routeUrl(route, fixture);
          const body = bodyFor(route, fixture, true);
          const before = await companySnapshot(t, t.companyId);
          assertUnauthorized(await send(route, url, null, body));
          for (const key of ['', '   ', 'cw_unknownKeyUnknownKeyUnknownKey00', t.apiKey.toUpperCase(), `${t.apiKey}x`, revokedKey]) {
            assertUnauthorized(await send(route, url, key, body), key.trim() || undefined);
          }
          assert.deepEqual(await companySnapshot(t, t.companyId), before, 'nothing changed');
          if (route.method === 'GET') {
            const head = await t.app.inject({ method: 'HEAD', url });
            assert.equal(head.statusCode, 401, 'HEAD needs a key too');
          }
        });

        it("never reveals or touches another company's data", async () => {
          const theirs = await route.setup(t, t.otherApiKey, tag());
          const before = await companySnapshot(t, t.otherCompanyId);
          const res = await send(route, routeUrl(route, theirs), t.apiKey, bodyFor(route, theirs, false));
          const expected = route.crossTenantStatus ?? (hasPathParams(route) ? 404 : route.successStatus);
          assert.equal(res.statusCode, expected, `${res.statusCode} ${res.body}`);
          if (expected === 404) assert.match(res.json().code, /not_found$/);
          assert.ok(!res.body.includes(theirs.marker), "the response shows nothing of the other company's data");
          assert.deepEqual(await companySnapshot(t, t.otherCompanyId), before, "the other company's data is unchanged");
          // And the owner still reaches what the path names.
          if (expected === 404 && hasPathParams(route)) {
            const own = await send(route, routeUrl(route, theirs), t.otherApiKey, bodyFor(route, theirs, true));
            assert.equal(own.statusCode, route.successStatus, own.body);
          }
        });
      });
    }
  });
}
