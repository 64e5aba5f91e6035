/**
 * One problem shape everywhere, a request id on every response, and the framework's edges
 * (bad JSON, content types, oversized bodies, unknown routes, hostile input) answered as problems
 * — never as a 500.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { authenticatedRoutes, routeUrl } from '../helpers/routes.ts';

const REQUEST_ID = /^req_[0-9a-z]{9}[0-9a-f]{20}$/;

/** Asserts the one problem shape and returns the body. */
function assertProblem(res: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(typeof problem.type, 'string');
  assert.match(problem.type, /^https:\/\//);
  assert.equal(typeof problem.title, 'string');
  assert.ok(problem.title.length > 0);
  assert.equal(problem.status, status);
  assert.equal(typeof problem.detail, 'string');
  assert.ok(problem.detail.length > 0);
  assert.equal(problem.code, code);
  assert.match(problem.requestId, REQUEST_ID);
  assert.equal(problem.requestId, res.headers['x-request-id'], 'the body and the header carry the same id');
  assert.doesNotMatch(res.body, /FST_|stack|node_modules|at .*\.ts:\d+/, 'no framework internals');
  return problem;
}

for (const backend of backends) {
  describe(`errors and edges (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
      assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'existing' }) })).statusCode, 201);
    });
    after(() => t.close());

    /** A raw request: exact bytes and headers, the demo key unless told otherwise. */
    const raw = (method: string, url: string, payload: string | Buffer | undefined, headers: Record<string, string> = {}) =>
      t.app.inject({ method: method as never, url, headers: { 'x-api-key': t.apiKey, ...headers }, ...(payload === undefined ? {} : { payload }) });

    describe('the problem shape', () => {
      const cases: Array<[string, () => Promise<LightMyRequestResponse>, number, string]> = [
        ['validation', () => t.request('POST', '/customers', { body: {} }), 400, 'validation_failed'],
        ['unknown task type', () => t.request('POST', '/customers', { body: customerBody({ id: 'tt', taskType: 'nope' }) }), 400, 'invalid_task_type'],
        // The second company has no loan management system configured.
        [
          'sync without an LMS',
          () => t.request('POST', '/customers', { key: t.otherApiKey, body: { id: 's', taskType: 'collections', sync: true } }),
          400,
          'lms_not_configured',
        ],
        ['malformed JSON', () => raw('POST', '/customers', '{', { 'content-type': 'application/json' }), 400, 'malformed_json'],
        ['bad query', () => t.request('GET', '/customers?limit=0'), 400, 'validation_failed'],
        ['bad cursor', () => t.request('GET', '/customers?cursor=zzz'), 400, 'validation_failed'],
        ['missing key', () => t.request('GET', '/customers', { key: null }), 401, 'unauthorized'],
        ['customer not found', () => t.request('GET', '/customers/missing'), 404, 'customer_not_found'],
        ['unknown route', () => t.request('GET', '/nowhere'), 404, 'route_not_found'],
        ['conflict', () => t.request('POST', '/customers', { body: customerBody({ id: 'existing' }) }), 409, 'customer_exists'],
        ['too large', () => raw('POST', '/customers', 'x'.repeat(1024 * 1024 + 1), { 'content-type': 'application/json' }), 413, 'payload_too_large'],
        ['wrong content type', () => raw('POST', '/customers', 'id=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
        ['bad percent-encoding', () => t.request('GET', '/customers/%E0%A4%A'), 400, 'validation_failed'],
      ];
      for (const [what, send, status, code] of cases) {
        it(`${what} → ${status} ${code}`, async () => {
          assertProblem(await send(), status, code);
        });
      }

      it('lists every failing field with a JSON pointer and a sentence', async () => {
        const problem = assertProblem(
          await t.request('POST', '/customers', { body: customerBody({ id: 'p', timezone: 'EST', state: 'XX', extra: 1 }) }),
          400,
          'validation_failed',
        );
        const errors = problem.errors as Array<{ pointer: string; detail: string }>;
        assert.deepEqual(errors.map((e) => e.pointer).sort(), ['/extra', '/state', '/timezone']);
        for (const error of errors) {
          assert.deepEqual(Object.keys(error).sort(), ['detail', 'pointer']);
          assert.ok(error.detail.length > 5);
        }
      });

      it('gives each code a stable type URI and title', async () => {
        const a = assertProblem(await t.request('GET', '/customers/one'), 404, 'customer_not_found');
        const b = assertProblem(await t.request('GET', '/customers/two'), 404, 'customer_not_found');
        assert.equal(a.type, b.type);
        assert.equal(a.title, b.title);
        assert.notEqual(a.requestId, b.requestId);
        const c = assertProblem(await t.request('GET', '/nowhere'), 404, 'route_not_found');
        assert.notEqual(c.type, a.type);
      });
    });

    describe('request ids', () => {
      it('puts an x-request-id on every response, success or error, each one new', async () => {
        const responses = [
          await t.request('GET', '/customers'),
          await t.request('GET', '/customers/existing'),
          await t.request('POST', '/customers', { body: customerBody({ id: 'rid-1' }) }),
          await t.request('PATCH', '/customers/rid-1', { body: { city: 'Oakland' } }),
          await t.request('DELETE', '/customers/rid-1'),
          await t.request('GET', '/healthz', { key: null }),
          await t.request('GET', '/readyz', { key: null }),
          await t.request('GET', '/openapi.json', { key: null }),
          await t.request('GET', '/docs', { key: null }),
          await t.app.inject({ method: 'HEAD', url: '/healthz' }),
          await t.request('GET', '/customers', { key: null }),
          await t.request('GET', '/customers/missing'),
          await t.request('GET', '/nowhere'),
          await raw('POST', '/customers', '{', { 'content-type': 'application/json' }),
          await raw('POST', '/customers', 'x', { 'content-type': 'text/plain' }),
          await t.request('GET', '/customers/%E0%A4%A'),
        ];
        const ids = responses.map((res) => res.headers['x-request-id']);
        for (const [i, id] of ids.entries()) assert.match(String(id), REQUEST_ID, `response ${i} (${responses[i]!.statusCode})`);
        assert.equal(new Set(ids).size, ids.length, 'every response has its own id');
        assert.deepEqual(
          responses.map((r) => r.statusCode),
          [200, 200, 201, 200, 204, 200, 200, 200, responses[8]!.statusCode, 200, 401, 404, 404, 400, 415, 400],
        );
      });

      it('ignores a request id sent by the client', async () => {
        const res = await t.request('GET', '/customers/missing', { headers: { 'x-request-id': 'client-chosen-id' } });
        assert.notEqual(res.headers['x-request-id'], 'client-chosen-id');
        assert.notEqual(res.json().requestId, 'client-chosen-id');
        assert.match(String(res.headers['x-request-id']), REQUEST_ID);
      });
    });

    describe('bodies the API cannot read', () => {
      for (const text of ['{', '{"id": "x",}', "{'id': 'x'}", '{"id": "x"', 'undefined', '{"a":1}{"b":2}', '\u0000']) {
        it(`answers ${JSON.stringify(text)} with 400 malformed_json`, async () => {
          assertProblem(await raw('POST', '/customers', text, { 'content-type': 'application/json' }), 400, 'malformed_json');
          assertProblem(await raw('PATCH', '/customers/existing', text, { 'content-type': 'application/json' }), 400, 'malformed_json');
        });
      }

      it('answers an empty body with a JSON content type with 400', async () => {
        for (const method of ['POST', 'PATCH']) {
          const url = method === 'POST' ? '/customers' : '/customers/existing';
          assertProblem(await raw(method, url, '', { 'content-type': 'application/json' }), 400, 'malformed_json');
          const noPayload = await raw(method, url, undefined, { 'content-type': 'application/json' });
          assert.equal(noPayload.statusCode, 400, noPayload.body);
        }
      });

      const types = [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/json',
        'application/octet-stream',
      ];
      for (const type of types) {
        it(`answers content type ${type} with 415`, async () => {
          const body = JSON.stringify(customerBody({ id: 'ct' }));
          assertProblem(await raw('POST', '/customers', body, { 'content-type': type }), 415, 'unsupported_media_type');
          assertProblem(await raw('PATCH', '/customers/existing', body, { 'content-type': type }), 415, 'unsupported_media_type');
        });
      }

      it('answers a body without a content type with 415', async () => {
        const body = Buffer.from(JSON.stringify(customerBody({ id: 'no-ct' })));
        assertProblem(await raw('POST', '/customers', body), 415, 'unsupported_media_type');
        assertProblem(await raw('PATCH', '/customers/existing', Buffer.from('{"city":"X"}')), 415, 'unsupported_media_type');
        assert.equal((await t.request('GET', '/customers/no-ct')).statusCode, 404);
      });

      it('accepts application/json with a charset parameter', async () => {
        const res = await raw('POST', '/customers', JSON.stringify(customerBody({ id: 'charset' })), { 'content-type': 'application/json; charset=utf-8' });
        assert.equal(res.statusCode, 201, res.body);
      });

      it('answers a body over 1 MiB with 413 and accepts one of exactly 1 MiB', async () => {
        const exact = (size: number) => {
          const base = JSON.stringify({ ...customerBody({ id: 'big' }), externalMetadata: { pad: '' } });
          return base.replace('"pad":""', `"pad":"${'x'.repeat(size - base.length)}"`);
        };
        assert.equal(Buffer.byteLength(exact(1024 * 1024)), 1024 * 1024);
        const atLimit = await raw('POST', '/customers', exact(1024 * 1024), { 'content-type': 'application/json' });
        assert.equal(atLimit.statusCode, 400, 'read and validated (metadata over 64 KiB), not refused for size');
        assert.deepEqual(
          atLimit.json().errors.map((e: { pointer: string }) => e.pointer),
          ['/externalMetadata'],
        );
        assertProblem(await raw('POST', '/customers', exact(1024 * 1024 + 1), { 'content-type': 'application/json' }), 413, 'payload_too_large');
        assertProblem(await raw('PATCH', '/customers/existing', exact(5 * 1024 * 1024), { 'content-type': 'application/json' }), 413, 'payload_too_large');
        assert.equal((await t.request('GET', '/customers/big')).statusCode, 404);
      });

      for (const [what, text] of [
        ['an array', '[]'],
        ['an array of customers', JSON.stringify([customerBody({ id: 'arr' })])],
        ['a string', '"customer"'],
        ['a number', '42'],
        ['null', 'null'],
        ['true', 'true'],
      ]) {
        it(`answers ${what} as the body with 400, never 500`, async () => {
          const post = assertProblem(await raw('POST', '/customers', text, { 'content-type': 'application/json' }), 400, 'validation_failed');
          assert.ok((post.errors as Array<{ pointer: string; detail: string }>).some((e) => e.pointer === '' && e.detail === 'must be a JSON object'));
          const patch = assertProblem(await raw('PATCH', '/customers/existing', text, { 'content-type': 'application/json' }), 400, 'validation_failed');
          assert.deepEqual(patch.errors, [{ pointer: '', detail: 'must be a JSON object' }]);
        });
      }
    });

    describe('routes that do not exist', () => {
      for (const [method, url] of [
        ['GET', '/nowhere'],
        ['POST', '/customer'],
        ['GET', '/customers/a/b'],
        ['PUT', '/customers/existing'],
        ['POST', '/customers/existing'],
        ['DELETE', '/customers'],
        ['GET', '/v1/customers'],
      ]) {
        it(`${method} ${url} → 404 route_not_found`, async () => {
          const res = await t.request(method!, url!, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
          const problem = assertProblem(res, 404, 'route_not_found');
          assert.ok(String(problem.detail).includes(url!));
        });
      }

      it('answers an unknown route the same with or without a key', async () => {
        assertProblem(await t.request('GET', '/nowhere', { key: null }), 404, 'route_not_found');
      });
    });

    describe('hostile input never produces a 500', () => {
      const deep = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
      const withMetadata = (id: string, metadata: string) => JSON.stringify(customerBody({ id })).replace(/}$/, `,"externalMetadata":${metadata}}`);

      it('keeps metadata nested 32 deep, and refuses far deeper nesting with 400 under /externalMetadata', async () => {
        const ok = await raw('POST', '/customers', withMetadata('deep-32', deep(32)), { 'content-type': 'application/json' });
        assert.equal(ok.statusCode, 201, ok.body);
        assert.equal(JSON.stringify((await t.request('GET', '/customers/deep-32')).json().externalMetadata), deep(32));
        for (const depth of [100, 5_000, 100_000]) {
          const res = await raw('POST', '/customers', withMetadata(`deep-${depth}`, deep(depth)), { 'content-type': 'application/json' });
          const problem = assertProblem(res, 400, 'validation_failed');
          const pointers = (problem.errors as Array<{ pointer: string }>).map((e) => e.pointer);
          assert.ok(pointers.length > 0 && pointers.every((p) => p.startsWith('/externalMetadata')), pointers.join(', '));
          const patch = await raw('PATCH', '/customers/existing', `{"externalMetadata":${deep(depth)}}`, { 'content-type': 'application/json' });
          assertProblem(patch, 400, 'validation_failed');
          assert.equal((await t.request('GET', `/customers/deep-${depth}`)).statusCode, 404);
        }
      });

      it('answers deeply nested bodies anywhere else with 400', async () => {
        for (const text of [
          '['.repeat(50_000) + ']'.repeat(50_000),
          `{"nested":${deep(50_000)}}`,
          `{"id":${deep(10_000)}}`,
          `{"loanIds":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
        ]) {
          const res = await raw('POST', '/customers', text, { 'content-type': 'application/json' });
          assertProblem(res, 400, 'validation_failed');
        }
      });

      it('answers very long strings with 400 (or 413 over 1 MiB)', async () => {
        for (const field of [
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
          'loanId',
        ]) {
          const res = await t.request('POST', '/customers', { body: customerBody({ id: 'long', [field]: 'x'.repeat(100_000) }) });
          const problem = assertProblem(res, 400, 'validation_failed');
          assert.deepEqual(
            (problem.errors as Array<{ pointer: string }>).map((e) => e.pointer),
            [`/${field}`],
            field,
          );
        }
        assertProblem(await t.request('POST', '/customers', { body: customerBody({ id: 'x', firstName: 'x'.repeat(2_000_000) }) }), 413, 'payload_too_large');
        assertProblem(await t.request('GET', `/customers?taskType=${'x'.repeat(5_000)}`), 400, 'validation_failed');
        assertProblem(await t.request('GET', `/customers/${'x'.repeat(5_000)}`), 400, 'validation_failed');
      });

      it('stores unicode exactly: accents, CJK, emoji, right-to-left and combining marks', async () => {
        const values = {
          id: 'unicode-Zoë-東京-🚀',
          firstName: 'Zoë 🚀',
          lastName: 'Nguyễn-محمد',
          streetAddress1: '東京都 1-2-3',
          streetAddress2: 'Ｂｌｄｇ ２',
          city: 'São Paulo e\u0301',
          externalMetadata: { ключ: 'значение', emoji: '👩‍👩‍👧‍👦', rtl: '\u202Eevil', zeroWidth: 'a\u200Bb', astral: '𝕏𝔸' },
        };
        const res = await t.request('POST', '/customers', { body: customerBody(values) });
        assert.equal(res.statusCode, 201, res.body);
        const stored = (await t.request('GET', `/customers/${encodeURIComponent(values.id)}`)).json();
        for (const [key, value] of Object.entries(values)) assert.deepEqual(stored[key], value, key);
      });

      it('refuses control characters in text fields and NUL in paths, queries and cursors without a 500', async () => {
        for (const field of ['id', 'firstName', 'city', 'taskType', 'loanId']) {
          const res = await t.request('POST', '/customers', { body: customerBody({ id: 'ctl', [field]: `bad\u0000value` }) });
          assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
        }
        // NUL is refused where it enters — the path, the query string, the body — naming where.
        for (const [method, url] of [
          ['GET', '/customers/a%00b'],
          ['PATCH', '/customers/a%00b'],
          ['DELETE', '/customers/a%00b'],
        ] as const) {
          const res = await t.request(method, url, method === 'PATCH' ? { body: { city: 'X' } } : {});
          const problem = assertProblem(res, 400, 'validation_failed');
          assert.deepEqual(
            (problem.errors as Array<{ pointer: string }>).map((e) => e.pointer),
            ['/id'],
            `${method} ${url}`,
          );
        }
        const filtered = assertProblem(await t.request('GET', '/customers?taskType=coll%00ections'), 400, 'validation_failed');
        assert.deepEqual(
          (filtered.errors as Array<{ pointer: string }>).map((e) => e.pointer),
          ['/taskType'],
        );
        const nul = assertProblem(
          await t.request('POST', '/customers', { body: customerBody({ id: 'nul-meta', externalMetadata: { note: 'a\u0000b', 'k\u0000': 1 } }) }),
          400,
          'validation_failed',
        );
        assert.deepEqual((nul.errors as Array<{ pointer: string }>).map((e) => e.pointer).sort(), ['/externalMetadata/k\u0000', '/externalMetadata/note']);
        const cursor = Buffer.from(JSON.stringify(['2024-01-01T00:00:00.000000Z', 'a\u0000'])).toString('base64url');
        assertProblem(await t.request('GET', `/customers?cursor=${cursor}`), 400, 'validation_failed');
      });

      it('survives lone surrogates and invalid UTF-8 without a 500', async () => {
        for (const [id, fields] of [
          ['lone-1', { firstName: '\ud800x' }],
          ['lone-2', { externalMetadata: { s: '\udc00' } }],
          ['lone-3', { externalMetadata: { ['\ud83d']: 1 } }],
        ] as const) {
          const lone = await raw('POST', '/customers', JSON.stringify(customerBody({ id, ...fields })), { 'content-type': 'application/json' });
          assertProblem(lone, 400, 'validation_failed');
        }
        const bytes = Buffer.concat([Buffer.from('{"id":"utf8","taskType":"collections","firstName":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
        const invalid = await raw('POST', '/customers', bytes, { 'content-type': 'application/json' });
        assertProblem(invalid, 400, 'validation_failed');
        assertProblem(await t.request('GET', '/customers/%ED%A0%80'), 400, 'validation_failed');
      });

      it('treats injection strings as data', async () => {
        const injections = [
          "'; DROP TABLE customers; --",
          'Robert"); DELETE FROM api_keys; --',
          // eslint-disable-next-line no-template-curly-in-string -- a template-injection probe, sent as data
          '${7*7}{{7*7}}<%= 7*7 %>',
          '<script>alert(1)</script>',
          '../../etc/passwd',
          '%00%27',
          '$where: 1',
        ];
        for (const [i, text] of injections.entries()) {
          const id = `inj-${i}-${text}`.slice(0, 255);
          const res = await t.request('POST', '/customers', { body: customerBody({ id, firstName: text, city: text, externalMetadata: { [text]: text } }) });
          assert.equal(res.statusCode, 201, res.body);
          const stored = (await t.request('GET', `/customers/${encodeURIComponent(id)}`)).json();
          assert.equal(stored.firstName, text);
          assert.deepEqual(stored.externalMetadata, { [text]: text });
          const filtered = await t.request('GET', `/customers?taskType=${encodeURIComponent(text.slice(0, 100))}`);
          assert.equal(filtered.statusCode, 200);
          assert.deepEqual(filtered.json().data, []);
        }
        assert.equal((await t.request('GET', '/customers/existing')).statusCode, 200, 'the table is still there');
        assert.equal((await t.request('GET', '/customers')).statusCode, 200, 'and the key still works');
      });

      it('refuses prototype-pollution names as unknown fields, keeps them as ordinary names in metadata, and pollutes nothing', async () => {
        for (const [text, pointer] of [
          ['{"id":"proto","__proto__":{"polluted":true}}', '/__proto__'],
          ['{"id":"ctor","constructor":{"prototype":{"polluted":true}}}', '/constructor'],
        ] as const) {
          const res = await raw('POST', '/customers', text, { 'content-type': 'application/json' });
          const problem = assertProblem(res, 400, 'validation_failed');
          assert.ok(
            (problem.errors as Array<{ pointer: string; detail: string }>).some((e) => e.pointer === pointer && e.detail === 'is not a known field'),
            res.body,
          );
        }
        const metadata = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
        const kept = await raw('POST', '/customers', JSON.stringify(customerBody({ id: 'proto-meta' })).replace(/}$/, `,"externalMetadata":${metadata}}`), {
          'content-type': 'application/json',
        });
        assert.equal(kept.statusCode, 201, kept.body);
        assert.ok(kept.body.includes(`"externalMetadata":${metadata}`), kept.body);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      });

      for (const route of authenticatedRoutes) {
        it(`${route.method} ${route.url}: hostile paths, queries and bodies get a problem, never a 500`, async () => {
          const fixture = await route.setup(t, t.apiKey, `hostile-${route.method}-${route.url}`.replace(/[^A-Za-z0-9]/g, ''));
          const names = Object.keys(fixture.params).filter((name) => route.url.includes(`:${name}`));
          const withParams = (value: string) => routeUrl(route, { params: Object.fromEntries(names.map((n) => [n, value])), marker: '' });
          const urls = [routeUrl(route, fixture)];
          if (names.length > 0) {
            urls.push(withParams('a\u0000b'), withParams('x'.repeat(300)), withParams("'; drop table customers; --"));
            urls.push(route.url.replace(/:\w+/g, '%E0%A4%A'), route.url.replace(/:\w+/g, 'x'.repeat(5000)));
          }
          urls.push(`${urls[0]}?limit=1e999&offset=-0&cursor=%00&status=%00&unknown=1`);
          const valid = route.body?.({ fixture, sameCompany: true, tag: 'h' });
          const mutate = (change: (value: unknown) => unknown) =>
            JSON.stringify(Object.fromEntries(Object.entries(valid as Record<string, unknown>).map(([k, v]) => [k, change(v)])));
          const bodies: Array<string | undefined> =
            valid === undefined
              ? [undefined]
              : [
                  '[]',
                  '"x"',
                  '42',
                  'null',
                  '{}',
                  `{"x":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
                  mutate((v) => (typeof v === 'string' ? `${v}\u0000` : v)),
                  mutate((v) => (typeof v === 'string' ? 'x'.repeat(100_000) : v)),
                  mutate(() => null),
                  mutate((v) => [v]),
                  mutate((v) => (typeof v === 'number' ? 1e308 : v)),
                  JSON.stringify({ ...(valid as object), unexpected: true }),
                ];
          for (const url of urls) {
            for (const body of bodies) {
              const res = body === undefined ? await t.request(route.method, url) : await raw(route.method, url, body, { 'content-type': 'application/json' });
              assert.ok(res.statusCode < 500, `${route.method} ${url.slice(0, 60)} ${String(body).slice(0, 60)} → ${res.statusCode} ${res.body}`);
              if (res.statusCode >= 400) assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
            }
          }
        });
      }

      it('answers odd numbers and types in every field with 400', async () => {
        const odd: unknown[] = [1e308, -0, 0.1, [], {}, true, null];
        for (const field of ['id', 'phoneNumber', 'timezone', 'birthday', 'doNotCall', 'loanIds']) {
          for (const value of odd) {
            const res = await t.request('POST', '/customers', { body: customerBody({ id: 'odd', [field]: value }) });
            const valid = (field === 'loanIds' && Array.isArray(value)) || (field === 'doNotCall' && value === true);
            if (valid) {
              assert.ok(res.statusCode === 201 || res.statusCode === 409, `${field}=${JSON.stringify(value)}: ${res.statusCode}`);
              continue;
            }
            assert.ok(res.statusCode === 400, `${field}=${JSON.stringify(value)}: ${res.statusCode} ${res.body}`);
          }
        }
        for (const ids of [[1e300], [2 ** 53], [Number.MAX_SAFE_INTEGER]]) {
          const res = await t.request('POST', '/customers', { body: customerBody({ id: `loan-${ids[0]}`, loanIds: ids }) });
          assert.ok(res.statusCode < 500, `${JSON.stringify(ids)}: ${res.body}`);
        }
      });
    });
  });
}
