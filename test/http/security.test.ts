import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.js';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.js';
import { AUTHENTICATED_ROUTES, CUSTOMER, PUBLIC_ROUTES } from '../helpers/routes.js';

for (const backend of backends) {
  describe(`every route: keys and tenants (${backend})`, () => {
    let t: TestApp;
    let revokedKey: string;
    const theirs = 'their-customer';
    before(async () => {
      t = await startTestApp(backend);
      const revoked = await t.services.companies.createApiKey(t.companyId, { name: 'to revoke' });
      await t.services.companies.revokeApiKey(revoked.id);
      revokedKey = revoked.secret;
      const created = await t.request('POST', '/customers', { body: customerBody({ id: theirs }), key: t.otherApiKey });
      assert.equal(created.statusCode, 201);
    });
    after(() => t.close());

    it('lists every authenticated route the app has', async () => {
      const declared = new Set(AUTHENTICATED_ROUTES.map((r) => `${r.method} ${r.route}`));
      const found: string[] = [];
      // Every "METHOD path" the router answers, from its route table.
      for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const) {
        for (const route of collectPaths(t)) {
          if (t.app.hasRoute({ method, url: route })) found.push(`${method} ${route}`);
        }
      }
      const missing = found.filter((r) => !declared.has(r) && !PUBLIC_ROUTES.has(r));
      assert.deepEqual(missing, [], 'authenticated routes missing from test/helpers/routes.ts');
      assert.ok(found.length >= AUTHENTICATED_ROUTES.length);
    });

    for (const route of AUTHENTICATED_ROUTES) {
      const label = `${route.method} ${route.route}`;
      const url = route.url.replace(CUSTOMER, theirs);
      const body = route.body?.(theirs);

      it(`${label}: no key → 401`, async () => {
        const res = await t.request(route.method, url, { key: null, ...(body === undefined ? {} : { body }) });
        assert.equal(res.statusCode, 401);
        assert.equal(res.json().code, 'unauthorized');
      });

      it(`${label}: empty, unknown and revoked keys → 401, worded alike for unknown and revoked`, async () => {
        for (const key of ['', 'cw_not_a_real_key_000000000000000']) {
          assert.equal((await t.request(route.method, url, { key, ...(body === undefined ? {} : { body }) })).statusCode, 401);
        }
        const unknown = await t.request(route.method, url, { key: 'cw_not_a_real_key_000000000000000', ...(body === undefined ? {} : { body }) });
        const revoked = await t.request(route.method, url, { key: revokedKey, ...(body === undefined ? {} : { body }) });
        assert.equal(revoked.statusCode, 401);
        assert.equal(revoked.json().detail, unknown.json().detail, 'a caller cannot tell a revoked key from an unknown one');
      });

      if (route.owned) {
        it(`${label}: another company's customer → 404`, async () => {
          const res = await t.request(route.method, url, body === undefined ? {} : { body });
          assert.equal(res.statusCode, 404, res.body);
          assert.ok(!res.body.includes('Ana'), 'nothing of the other company\'s customer leaks');
        });
      }
    }

    it("another company's customer is untouched by every attempt", async () => {
      const res = await t.request('GET', `/customers/${theirs}`, { key: t.otherApiKey });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().firstName, 'Ana');
      const list = await t.request('GET', '/customers?limit=100');
      assert.ok(!list.json().data.some((c: { id: string }) => c.id === theirs));
    });
  });
}

/** Every path template the app serves, read from its route table. */
function collectPaths(t: TestApp): string[] {
  const paths = new Set<string>();
  for (const route of AUTHENTICATED_ROUTES) paths.add(route.route);
  const printed = t.app.printRoutes({ commonPrefix: false });
  // printRoutes draws a tree; rebuild full paths from indentation.
  const stack: Array<{ depth: number; path: string }> = [];
  for (const line of printed.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    while (stack.length > depth) stack.pop();
    const full = (stack.at(-1)?.path ?? '') + match[2];
    stack.push({ depth, path: full });
    paths.add(full);
  }
  return [...paths];
}
