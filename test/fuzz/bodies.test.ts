/**
 * Hostile input (issue 6 §6): property-based fuzzing (fast-check) of every POST, PUT and PATCH
 * body the app has — the routes are read from the app itself (printRoutes), so a route added later
 * is fuzzed too. Bodies are random JSON of every type, objects with the route's own field names
 * holding hostile values, valid bodies with fields swapped for hostile values or unknown fields
 * added, deep nesting, huge strings, unicode (NUL, unpaired surrogates, RTL marks, emoji),
 * injection strings, malformed JSON text and odd content types. Properties:
 *
 * - never a 5xx, and every error is an application/problem+json body;
 * - after every 4xx the database is unchanged: a row count and checksum of every table;
 * - injection strings that are valid values are stored and returned verbatim (customers, their
 *   PATCH, and recorded calls).
 *
 * PGlite always, PostgreSQL too when TEST_DATABASE_URL is set. FUZZ_RUNS scales the run counts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

const SCALE = Number(process.env.FUZZ_RUNS || 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const INJECTIONS = [
  "'; DROP TABLE customers; --",
  "Robert'); DROP TABLE students;--",
  "' OR '1'='1",
  '" OR 1=1 --',
  '1; SELECT pg_sleep(10)',
  "admin'--",
  '$$; DROP TABLE calls; $$',
  // The tags the embedded database's prepared statements quote parameters with.
  '$cw$); DROP TABLE customers; --',
  '$cw$ $cw0$ $cw1$ x',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  // Template-injection probes: the `${` is the payload, not a mistaken template literal.
  // eslint-disable-next-line no-template-curly-in-string
  '${jndi:ldap://127.0.0.1/a}',
  // eslint-disable-next-line no-template-curly-in-string
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '$(rm -rf /)',
  '`id`',
  '%s%s%s%n',
  '%00',
  '\\u0000',
  '\\',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'prototype',
  'ＡＢＣ　全角',
  '\u202ereversed\u202c',
  'RTL \u200f mark \u200e',
  'zero\u200bwidth\ufeffbom',
  'Zalgo t̸̛̗e̵̢͇x̷̨͈t',
  'emoji 😀 𝕏 👩‍👩‍👧',
  'مرحبا بالعالم',
  'שלום',
  'Ünïcödé Ñame',
  "O'Brien-Smith Jr.",
];

/** Strings no field may hold: NUL, unpaired surrogates, control characters. */
const NASTY_UNITS = [
  '\u0000',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u202e',
  '\ufffe',
  '\uffff',
  '\n',
  '\t',
  '"',
  '\\',
  "'",
];

const nastyString = fc.string({ unit: fc.oneof(fc.constantFrom(...NASTY_UNITS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 40 });
const hugeString = fc.tuple(fc.constantFrom(1_000, 70_000, 300_000), fc.constantFrom('x', 'é', '😀', "'", '\u0000')).map(([n, unit]) => unit.repeat(n));
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '   \t  ', '0', '-1', '1e999', 'true', '2026-02-30', '+14155550100', 'America/New_York') },
);
const hostileNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-300));
const hostileLeaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const hostileKey = fc.oneof(fc.constantFrom(...INJECTIONS), nastyString, fc.string({ maxLength: 10 }));
const { hostileValue } = fc.letrec((tie) => ({
  hostileValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: hostileLeaf },
    { weight: 1, arbitrary: fc.array(tie('hostileValue'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(hostileKey, tie('hostileValue'), { maxKeys: 4 }) },
  ),
}));

/** The value one time in `every`, else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/** Deep nesting, as JSON text (JSON.stringify itself would overflow on the deepest). */
const deepText = fc
  .tuple(fc.integer({ min: 50, max: 5_000 }), fc.boolean())
  .map(([depth, arrays]) => (arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

interface Target {
  readonly method: string;
  /** Route as registered, e.g. /customers/:id. */
  readonly route: string;
  /** URL to send to (path parameters filled in). */
  url(): string;
  /** A body the route accepts (or at least parses), to mutate. */
  valid(): Record<string, unknown>;
  /** Top-level field names of the body (from the route's schema). */
  readonly fields: readonly string[];
}

type Request = { payload: string; contentType: string | undefined; idempotencyKey?: string };

/** What to send: JSON of a random body, or raw text, with an occasional odd content type. */
function requestArb(target: Target): fc.Arbitrary<Request> {
  const json = (arb: fc.Arbitrary<unknown>) => arb.map((body) => ({ payload: JSON.stringify(body) ?? 'null', contentType: 'application/json' }));
  const fieldsArb = target.fields.length > 0 ? fc.constantFrom(...target.fields) : fc.constant('id');
  const mutated = fc
    .tuple(
      fc.array(fc.tuple(fieldsArb, fc.oneof(hostileValue, fc.constant(undefined))), { minLength: 1, maxLength: 3 }),
      sometimes(fc.dictionary(hostileKey, hostileLeaf, { minKeys: 1, maxKeys: 2 }), 4),
    )
    .map(([changes, extra]) => {
      const body: Record<string, unknown> = { ...target.valid(), ...(extra ?? {}) };
      for (const [field, value] of changes) {
        if (value === undefined) delete body[field];
        else body[field] = value;
      }
      return body;
    });
  const ownFields = fc.uniqueArray(fc.tuple(fieldsArb, hostileValue), { selector: ([field]) => field, maxLength: 6 }).map((pairs) => Object.fromEntries(pairs));
  const deepInField = fc.tuple(fieldsArb, deepText).map(([field, deep]) => {
    const text = JSON.stringify({ ...target.valid(), [field]: 0 });
    return { payload: text.replace(`${JSON.stringify(field)}:0`, `${JSON.stringify(field)}:${deep}`), contentType: 'application/json' };
  });
  const rawText = fc
    .oneof(
      fc.constantFrom(
        '',
        ' ',
        'null',
        '"text"',
        '12',
        '[]',
        '{',
        '{"a":1,}',
        '{"a":1}{"b":2}',
        '\ufeff{}',
        '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '{"id":1e999999}',
        'NaN',
        '{"a":"\\ud800"}',
        '{"a":"\\u0000"}',
        '{"a":"\u0000"}',
      ),
      fc.nat().map((n) => {
        const text = JSON.stringify(target.valid());
        return text.slice(0, 1 + (n % text.length)); // cut short
      }),
      deepText,
    )
    .map((payload) => ({ payload, contentType: 'application/json' }));
  const base = fc.oneof(
    { weight: 2, arbitrary: json(hostileValue) },
    { weight: 3, arbitrary: json(ownFields) },
    { weight: 5, arbitrary: json(mutated) },
    { weight: 1, arbitrary: deepInField },
    { weight: 2, arbitrary: rawText },
  );
  return fc
    .tuple(
      base,
      sometimes(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=utf-8',
          'application/json; charset=latin1',
          'application/JSON',
          'application/vnd.api+json',
          'multipart/form-data; boundary=x',
          '',
        ),
        8,
      ),
      sometimes(fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 300 }), fc.constantFrom('', ' ', '"q"', 'a b', 'ok-key')), 4),
    )
    .map(([request, contentType, key]) => ({
      ...request,
      contentType: contentType ?? request.contentType,
      // Header values are Latin-1 on the wire; inject() refuses the rest before the app sees them.
      ...(key !== null && /^[\t\x20-\x7e]*$/.test(key) ? { idempotencyKey: key } : {}),
    }));
}

/** Every table's row count and a checksum of its rows, in one query. */
async function snapshot(t: TestApp): Promise<string> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(t.services.db);
  const parts = tables.map(
    ({ name }) =>
      sql`select ${name}::text as name, count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${sql.table(name)} x`,
  );
  const { rows } = await sql<{ name: string; n: number; h: string }>`${sql.join(parts, sql` union all `)}`.execute(t.services.db);
  return rows.map((r) => `${r.name}:${r.n}:${r.h}`).join('\n');
}

/** Body routes as the app registers them: method and URL, from printRoutes' tree. */
function bodyRoutes(t: TestApp): Array<{ method: string; route: string }> {
  const out: Array<{ method: string; route: string }> = [];
  const stack: string[] = [];
  for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = Math.round(match[1]!.length / 4);
    stack.length = depth;
    stack.push(match[2]!);
    const route = stack.join('');
    for (const method of match[3]!.split(', ')) if (['POST', 'PUT', 'PATCH'].includes(method)) out.push({ method, route });
  }
  return out;
}

for (const backend of backends) {
  describe(`hostile input to every POST, PUT and PATCH body (${backend})`, () => {
    let t: TestApp;
    let seq = 0;
    const uniq = (prefix: string) => `${prefix}-${seq++}`;
    const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();

    /** Valid bodies for the routes we know; any other route gets {} and its schema's names. */
    const VALID: Record<string, () => Record<string, unknown>> = {
      'POST /customers': () =>
        customerBody({ id: uniq('fuzz'), email: 'a@example.com', birthday: '1985-06-15', ssnLastFour: '1234', externalMetadata: { k: 'v' }, loanIds: [1] }),
      'PATCH /customers/:id': () => ({ firstName: 'Ana', city: 'Denver', externalMetadata: { k: 'v' } }),
      'POST /customers/schedule/sync': () => customerBody({ id: uniq('fuzz-sync'), email: 'a@example.com', birthday: '1985-06-15', ssnLastFour: '1234' }),
      'POST /calls': () => ({
        customerId: 'fuzz-calls',
        toPhoneNumber: '+14155550100',
        timestamp: minuteAgo(),
        flags: ['NO_ANSWER'],
        transcript: 'hello',
        loanIds: ['L1'],
      }),
      'PUT /task-types/:name/cadence': () => ({
        days: [0, 1, 2],
        timeRanges: [{ start: '09:00', end: '12:00' }],
        attemptsPerDay: 1,
        totalAttempts: 3,
        horizonDays: 7,
      }),
      'POST /compliance/check': () => ({ at: new Date().toISOString(), zipCode: '10001', state: 'NY', phoneNumber: '+12125550100', customerId: 'fuzz-calls' }),
      'POST /webhooks/lms/sync/customer-full': () => ({ customerId: 'fuzz-calls' }),
      'POST /webhooks/lms/sync/loan': () => ({ loanId: '99001' }),
      'POST /dispatch/claim': () => ({ limit: 5, leaseSeconds: 60 }),
      'POST /dispatch/:taskId/result': () => ({ timestamp: minuteAgo(), outcome: 'no_answer', flags: ['NO_ANSWER'] }),
      'POST /customers/:id/consent': () => ({
        kind: 'granted',
        channel: 'web',
        effectiveAt: minuteAgo(),
        scope: { channel: 'voice' },
        evidence: 'Portal form 12',
      }),
    };
    const fill = (route: string) =>
      route
        .replace(':id', 'fuzz-base')
        .replace(':customerId', 'fuzz-base')
        .replace(':name', 'collections')
        .replace(/:[A-Za-z]+/g, 'x');

    let targets: Target[] = [];
    before(async () => {
      t = await startTestApp(backend);
      for (const id of ['fuzz-base', 'fuzz-calls']) {
        const res = await t.request('POST', '/customers', { body: customerBody({ id }) });
        assert.equal(res.statusCode, 201, res.body);
      }
      const openapi = t.app.swagger() as {
        paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>>;
      };
      targets = bodyRoutes(t).flatMap(({ method, route }) => {
        const doc = openapi.paths[route.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()];
        // Routes that take no body (pause, resume) are test/http/bodiless.test.ts's; provider
        // webhooks take the provider's raw bytes, refused unsigned (test/dispatch/loop.test.ts).
        if (!doc?.requestBody) return [];
        const fields = Object.keys(doc?.requestBody?.content?.['application/json']?.schema?.properties ?? {});
        const valid = VALID[`${method} ${route}`] ?? (() => ({}));
        return [{ method, route, url: () => fill(route), valid, fields: fields.length > 0 ? fields : Object.keys(valid()) }];
      });
    });
    after(() => t.close());

    it('finds every body route, the known ones among them', () => {
      const found = targets.map((target) => `${target.method} ${target.route}`);
      for (const known of Object.keys(VALID).filter((k) => !k.includes('webhooks')))
        assert.ok(found.includes(known), `${known} not found among ${found.join(', ')}`);
      for (const target of targets) assert.ok(target.fields.length > 0, `${target.method} ${target.route}: no field names`);
    });

    it('never answers 5xx to a hostile body, and a 4xx leaves the database unchanged', async (tc) => {
      const perRoute = runs(150);
      const statuses: Record<string, Record<number, number>> = {};
      let state = await snapshot(t);
      for (const target of targets) {
        const name = `${target.method} ${target.route}`;
        statuses[name] = {};
        await fc.assert(
          fc.asyncProperty(requestArb(target), async (request) => {
            const headers: Record<string, string> = { 'x-api-key': t.apiKey };
            if (request.contentType !== undefined) headers['content-type'] = request.contentType;
            if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
            const res = await t.app.inject({ method: target.method as 'POST', url: target.url(), headers, payload: request.payload });
            statuses[name]![res.statusCode] = (statuses[name]![res.statusCode] ?? 0) + 1;
            assert.ok(res.statusCode < 500, `${name} → ${res.statusCode}: ${res.body.slice(0, 500)}`);
            const after = await snapshot(t);
            if (res.statusCode >= 400) {
              assert.match(String(res.headers['content-type']), /^application\/problem\+json/, `${name} → ${res.statusCode} without a problem body`);
              const problem = JSON.parse(res.body) as { status: number; code: string };
              assert.equal(problem.status, res.statusCode);
              assert.equal(after, state, `${name} → ${res.statusCode} ${problem.code} changed the database`);
            }
            state = after;
          }),
          { numRuns: perRoute, endOnFailure: true },
        );
      }
      tc.diagnostic(`${perRoute} runs per route; statuses: ${JSON.stringify(statuses)}`);
    });

    // Matching control characters is the point here.
    // eslint-disable-next-line no-control-regex
    const CONTROL_CHAR = /[\u0000-\u001f\u007f]/;
    /** Values a text field accepts as they are: no control characters, no outer blanks, short. */
    const validText = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS.filter((s) => !CONTROL_CHAR.test(s) && s.trim() === s && s.length <= 100)) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s !== '' && !CONTROL_CHAR.test(s)) },
    );
    /** Any text without NUL or unpaired surrogates is a valid metadata value, kept exactly. */
    const metadataText = fc.oneof(
      fc.constantFrom(...INJECTIONS),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(' padded ', 'tab\there', 'line\nbreak', '\u0085\u2028'),
    );
    // __proto__ and constructor among them: ordinary names in metadata, kept as sent.
    const metadataKey = fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'grapheme', maxLength: 12 }));
    const metadata = fc
      .dictionary(
        metadataKey,
        fc.oneof(
          metadataText,
          fc.array(metadataText, { maxLength: 3 }),
          fc.dictionary(metadataKey, metadataText, { maxKeys: 2 }),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
        ),
        { maxKeys: 4 },
      )
      // Plain objects, as a client's JSON gives (fast-check makes null-prototype ones).
      .map((m) => JSON.parse(JSON.stringify(m)) as Record<string, unknown>);

    it('stores injection strings that are valid values and returns them verbatim (POST /customers)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ firstName: validText, lastName: validText, city: validText, streetAddress1: validText, streetAddress2: validText, loanId: validText }),
          metadata,
          async (text, externalMetadata) => {
            const id = uniq('verbatim');
            const res = await t.request('POST', '/customers', { body: customerBody({ id, ...text, externalMetadata }) });
            assert.equal(res.statusCode, 201, res.body);
            const stored = (await t.request('GET', `/customers/${encodeURIComponent(id)}`)).json();
            for (const [field, value] of Object.entries(text)) {
              if (field === 'loanId') continue; // not part of the customer response
              assert.equal(stored[field], value, field);
            }
            assert.deepEqual(stored.externalMetadata, externalMetadata);
            assert.deepEqual(res.json(), stored);
          },
        ),
        { numRuns: runs(40) },
      );
    });

    it('stores injection strings that are valid values and returns them verbatim (PATCH /customers/{id})', async () => {
      await fc.assert(
        fc.asyncProperty(fc.record({ firstName: validText, lastName: validText, streetAddress2: validText }), metadata, async (text, externalMetadata) => {
          const res = await t.request('PATCH', '/customers/fuzz-base', { body: { ...text, externalMetadata } });
          assert.equal(res.statusCode, 200, res.body);
          const stored = (await t.request('GET', '/customers/fuzz-base')).json();
          for (const [field, value] of Object.entries(text)) assert.equal(stored[field], value, field);
          assert.deepEqual(stored.externalMetadata, externalMetadata);
        }),
        { numRuns: runs(40) },
      );
    });

    it('stores injection strings that are valid values and returns them verbatim (POST /calls)', async () => {
      await fc.assert(
        fc.asyncProperty(validText, validText, fc.array(validText, { maxLength: 3 }), async (transcript, summarization, loanIds) => {
          const res = await t.request('POST', '/calls', {
            body: { customerId: 'fuzz-calls', toPhoneNumber: '+14155550100', timestamp: minuteAgo(), flags: ['NO_ANSWER'], transcript, summarization, loanIds },
          });
          assert.equal(res.statusCode, 201, res.body);
          const call = res.json();
          const listed = (await t.request('GET', '/calls/customer/fuzz-calls?limit=1000')).json<Array<{ id: string }>>();
          const stored = listed.find((c) => c.id === call.id);
          assert.deepEqual(stored, call);
          assert.equal(call.transcript, transcript);
          assert.equal(call.summarization, summarization);
          assert.deepEqual([...call.loanIds].sort(), [...new Set(loanIds)].sort());
        }),
        { numRuns: runs(40) },
      );
    });
  });
}
