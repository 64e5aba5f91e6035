/**
 * Call purpose through the API: task types carry it, a marketing purpose needs the company to
 * enable marketing calls (422 naming the field otherwise), plans of a marketing task type obey the
 * telemarketing rules, and POST /compliance/check takes the purpose and the registry status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatLocal, zoneTable } from '../../src/compliance/index.ts';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { customerViolations, pendingOf } from '../helpers/plan-check.ts';

/** Monday 2026-11-30, 10:00 in Miami. */
const NOW = new Date('2026-11-30T15:00:00Z');
const MIAMI = { phoneNumber: '+13055550100', streetAddress1: '1 Brickell Ave', city: 'Miami', state: 'FL', zipCode: '33131', timezone: 'America/New_York' };
/** Preferred times around Florida's 20:00 close and the TCPA's 21:00, two a day. */
const EVENING_CADENCE = {
  days: [0, 1, 2, 3],
  timeRanges: [
    { start: '19:30', end: '19:55' },
    { start: '20:15', end: '20:45' },
  ],
  attemptsPerDay: 2,
  totalAttempts: 8,
  horizonDays: 6,
};

interface TaskType {
  name: string;
  purpose: string;
  defaultCadence: boolean;
}

for (const backend of backends) {
  describe(`call purpose (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { clock: () => NOW });
    });
    after(() => t.close());

    const setPurpose = (name: string, body: unknown, key?: string) => t.request('PUT', `/task-types/${name}/purpose`, { body, ...(key ? { key } : {}) });
    const taskTypes = async (key?: string) => (await t.request('GET', '/task-types', key ? { key } : {})).json<TaskType[]>();
    // A 30-minute gap lets the cadence's 20:15 slot follow its 19:30 one, so the plans below show
    // which window each purpose gets.
    const enableMarketing = (on: boolean) =>
      t.services.settings.updateCompliance(t.companyId, { policy: { marketingCalls: on, businessRelationship: true, minGapMinutes: 30 } });

    describe('task types', () => {
      it('every task type made before purposes existed is a collection task type', async () => {
        for (const type of await taskTypes()) assert.equal(type.purpose, 'collection', type.name);
      });

      it('PUT /task-types/{name}/purpose changes it and answers the task type', async () => {
        const res = await setPurpose('verification', { purpose: 'verification' });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(
          { name: res.json().name, purpose: res.json().purpose, defaultCadence: res.json().defaultCadence },
          { name: 'verification', purpose: 'verification', defaultCadence: true },
        );
        assert.equal((await taskTypes()).find((x) => x.name === 'verification')!.purpose, 'verification');
        // Names are matched case-insensitively, as everywhere.
        assert.equal((await setPurpose('SERVICING', { purpose: 'servicing' })).json().name, 'servicing');
      });

      it('marketing is refused with 422 naming /purpose while the company has not enabled marketing calls, and nothing changes', async () => {
        const res = await setPurpose('servicing', { purpose: 'marketing' });
        assert.equal(res.statusCode, 422);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        const problem = res.json();
        assert.equal(problem.code, 'marketing_not_enabled');
        assert.deepEqual(
          problem.errors.map((e: { pointer: string }) => e.pointer),
          ['/purpose'],
        );
        assert.match(problem.errors[0].detail, /marketingCalls/);
        assert.equal((await taskTypes()).find((x) => x.name === 'servicing')!.purpose, 'servicing');
        await assert.rejects(
          t.services.companies.addTaskType(t.companyId, 'offers', null, 'marketing'),
          (e: Error & { code?: string }) => e.code === 'marketing_not_enabled',
        );
      });

      it('an unknown purpose or field is a 400 naming each field; an unknown task type is a 404', async () => {
        const res = await setPurpose('servicing', { purpose: 'sales', extra: 1 });
        assert.equal(res.statusCode, 400);
        const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer);
        for (const expected of ['/purpose', '/extra']) assert.ok(pointers.includes(expected), `${expected} in ${JSON.stringify(pointers)}`);
        assert.equal((await setPurpose('servicing', {})).statusCode, 400);
        assert.equal((await setPurpose('nope', { purpose: 'servicing' })).statusCode, 404);
        assert.equal((await setPurpose('servicing', { purpose: 'servicing' }, t.otherApiKey)).statusCode, 404);
        await assert.rejects(
          t.services.companies.addTaskType(t.companyId, ' ', null, 'sales'),
          (e: Error & { errors?: Array<{ pointer: string }> }) => e.errors !== undefined && e.errors.map((x) => x.pointer).join() === '/name,/purpose',
        );
      });

      it('once marketing calls are enabled a task type may be given the purpose marketing', async () => {
        await enableMarketing(true);
        const res = await setPurpose('servicing', { purpose: 'marketing' });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().purpose, 'marketing');
        await setPurpose('servicing', { purpose: 'servicing' });
        const added = await t.services.companies.addTaskType(t.companyId, 'offers', EVENING_CADENCE, 'marketing');
        assert.deepEqual(added, { name: 'offers', purpose: 'marketing' });
        assert.equal((await taskTypes()).find((x) => x.name === 'offers')!.purpose, 'marketing');
        // Another company's task types are untouched.
        assert.deepEqual(
          (await taskTypes(t.otherApiKey)).map((x) => x.purpose),
          ['collection'],
        );
      });
    });

    describe('plans', () => {
      it('a marketing task type in Florida never lands at or after 20:00 local, and every attempt is lawful', async () => {
        await enableMarketing(true);
        const res = await t.request('POST', '/customers', { body: customerBody({ id: 'fl-offer', taskType: 'offers', ...MIAMI }) });
        assert.equal(res.statusCode, 201, res.body);
        const pending = await pendingOf(t, 'fl-offer');
        assert.ok(pending.length >= 3, `only ${pending.length} attempts`);
        const miami = zoneTable('America/New_York');
        for (const task of pending) {
          const local = formatLocal(miami, Date.parse(task.scheduledFor)).slice(11, 16);
          assert.ok(local >= '08:00' && local < '20:00', `${task.scheduledFor} is ${local} in Miami`);
        }
        const moved = pending.flatMap((task) => task.explanation.blockedBy.map((r) => r.code));
        assert.ok(moved.includes('FL_TELEMARKETING_HOURS'), JSON.stringify(moved));
        assert.deepEqual(await customerViolations(t, 'fl-offer'), []);
      });

      it('the same cadence for a collection task type keeps the collection window (calls until 20:50)', async () => {
        await t.services.companies.addTaskType(t.companyId, 'evening-collections', EVENING_CADENCE, 'collection');
        const res = await t.request('POST', '/customers', { body: customerBody({ id: 'fl-collect', taskType: 'evening-collections', ...MIAMI }) });
        assert.equal(res.statusCode, 201, res.body);
        const miami = zoneTable('America/New_York');
        const locals = (await pendingOf(t, 'fl-collect')).map((task) => formatLocal(miami, Date.parse(task.scheduledFor)).slice(11, 16));
        assert.ok(
          locals.some((local) => local >= '20:00'),
          JSON.stringify(locals),
        );
      });

      it('marketing switched off again: a marketing customer is planned no call', async () => {
        await enableMarketing(false);
        const res = await t.request('POST', '/customers', { body: customerBody({ id: 'fl-offer-off', taskType: 'offers', ...MIAMI }) });
        assert.equal(res.statusCode, 201, res.body);
        assert.deepEqual(await pendingOf(t, 'fl-offer-off'), []);
        await enableMarketing(true);
      });
    });

    describe('POST /compliance/check', () => {
      /** Tuesday 2026-12-01 at 20:00 in Miami. */
      const AT_2000 = '2026-12-02T01:00:00Z';
      const check = (body: Record<string, unknown>, key?: string) => t.request('POST', '/compliance/check', { body, ...(key ? { key } : {}) });
      const codes = (res: { json(): { reasons: Array<{ code: string }> } }) => res.json().reasons.map((r) => r.code);
      const FL_FACTS = { phoneNumber: '+13055550100', lineType: 'wireless', tcpaConsent: true, zipCode: '33131', state: 'FL' };

      it('without purpose a call is a collection call, as before', async () => {
        const res = await check({ at: AT_2000, ...FL_FACTS, policy: { endBufferMinutes: 0 } });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().allowed, true);
      });

      it('a marketing call gets the telemarketing rules, with citations', async () => {
        const res = await check({ at: AT_2000, ...FL_FACTS, purpose: 'marketing', nationalDncRegistered: false, policy: { endBufferMinutes: 0 } });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(codes(res), ['FL_TELEMARKETING_HOURS']);
        assert.equal(res.json().reasons[0].rule, 'Fla. Stat. 501.616(6)(a)');
        assert.equal(res.json().nextAllowedAt, '2026-12-02T13:00:00.000Z');
      });

      it('the registry status: registered is refused for good unless the company attests a business relationship', async () => {
        const body = { at: '2026-12-01T17:00:00Z', ...FL_FACTS, purpose: 'marketing', nationalDncRegistered: true };
        const refused = await check({ ...body, policy: { businessRelationship: false } });
        assert.deepEqual(codes(refused), ['NATIONAL_DNC_REGISTRY']);
        assert.equal(refused.json().nextAllowedAt, null);
        assert.equal((await check(body)).json().allowed, true); // the company attests one (enableMarketing)
      });

      it('a company that has not enabled marketing gets MARKETING_NOT_ENABLED, and a request cannot enable it', async () => {
        const res = await check({ at: '2026-12-01T17:00:00Z', ...FL_FACTS, purpose: 'marketing', nationalDncRegistered: false }, t.otherApiKey);
        assert.deepEqual(codes(res), ['MARKETING_NOT_ENABLED']);
        const override = await check({ at: '2026-12-01T17:00:00Z', ...FL_FACTS, purpose: 'marketing', policy: { marketingCalls: true } }, t.otherApiKey);
        assert.equal(override.statusCode, 400);
        assert.deepEqual(
          override.json().errors.map((e: { pointer: string }) => e.pointer),
          ['/policy/marketingCalls'],
        );
      });

      it('invalid purpose and registry status are 400s naming both fields', async () => {
        const res = await check({ at: AT_2000, purpose: 'sales', nationalDncRegistered: 'yes' });
        assert.equal(res.statusCode, 400);
        const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer);
        for (const expected of ['/purpose', '/nationalDncRegistered']) assert.ok(pointers.includes(expected), `${expected} in ${JSON.stringify(pointers)}`);
      });

      it("with customerId the purpose defaults to the customer's task type's, and the request's wins", async () => {
        const marketing = await check({ at: AT_2000, customerId: 'fl-offer', nationalDncRegistered: false, policy: { endBufferMinutes: 0 } });
        assert.equal(marketing.statusCode, 200, marketing.body);
        assert.ok(codes(marketing).includes('FL_TELEMARKETING_HOURS'), JSON.stringify(codes(marketing)));
        const collection = await check({ at: AT_2000, customerId: 'fl-offer', purpose: 'collection', policy: { endBufferMinutes: 0 } });
        assert.ok(!codes(collection).includes('FL_TELEMARKETING_HOURS'), JSON.stringify(codes(collection)));
      });
    });
  });
}
