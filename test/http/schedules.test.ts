/**
 * Schedules through the HTTP API: the plan a customer write produces, its rebuilds, schedule sync,
 * task types and their cadences. The clock is fixed (Monday 2026-11-30, 07:00 in Los Angeles) so
 * every plan is reproducible; every plan is also replayed through the compliance engine.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CADENCES } from '../../src/scheduling/cadence.ts';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { customerViolations, pendingOf, tasksOf, wallClock, type ApiTask } from '../helpers/plan-check.ts';

const NOW = new Date('2026-11-30T15:00:00Z');
const UTC_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

function syncBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return customerBody({ email: 'ana@example.com', birthday: '1985-06-15', ssnLastFour: '1234', ...overrides });
}

function instants(tasks: readonly ApiTask[]): string[] {
  return tasks.map((t) => t.scheduledFor);
}

for (const backend of backends) {
  describe(`schedules (${backend})`, () => {
    let t: TestApp;
    let now = NOW;
    before(async () => {
      t = await startTestApp(backend, { clock: () => now });
    });
    after(() => t.close());

    async function create(body: Record<string, unknown>, key?: string) {
      const res = await t.request('POST', '/customers', { body, ...(key ? { key } : {}) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<Record<string, unknown>>();
    }

    async function assertLawful(id: string) {
      const violations = await customerViolations(t, id);
      assert.deepEqual(
        violations.map((v) => ({ at: new Date(v.task.at).toISOString(), reasons: v.reasons })),
        [],
        `plan of ${id}`,
      );
    }

    it('POST /customers creates a visible, explained, lawful schedule', async () => {
      await create(customerBody({ id: 'plan-1' }));
      const tasks = await tasksOf(t, 'plan-1');
      assert.equal(tasks.length, DEFAULT_CADENCES.collections!.totalAttempts);
      for (const task of tasks) {
        assert.deepEqual(
          Object.keys(task).sort(),
          ['attempts', 'customerId', 'explanation', 'id', 'isTest', 'kind', 'life', 'loanId', 'localTimes', 'phoneNumber', 'scheduledFor', 'status'].sort(),
        );
        assert.match(task.id, /^\S+$/);
        assert.equal(task.customerId, 'plan-1');
        assert.equal(task.loanId, null);
        assert.equal(task.phoneNumber, '+14155550100');
        assert.match(task.scheduledFor, UTC_INSTANT);
        assert.equal(task.status, 'scheduled');
        assert.equal(task.kind, 'cadence');
        assert.equal(task.isTest, false);
        assert.ok(Date.parse(task.scheduledFor) >= NOW.getTime(), 'nothing before now');
        assert.deepEqual(task.localTimes, { 'America/Los_Angeles': wallClock('America/Los_Angeles', Date.parse(task.scheduledFor)) });
        const e = task.explanation;
        assert.equal(typeof e.summary, 'string');
        assert.ok(e.summary.length > 20, e.summary);
        assert.equal(typeof e.moved, 'boolean');
        assert.ok(Array.isArray(e.blockedBy), 'blockedBy is a list');
        assert.deepEqual(e.candidateZones, ['America/Los_Angeles']);
        assert.deepEqual(e.jurisdictions, ['CA']);
        assert.equal(e.preferred?.zone, 'America/Los_Angeles');
      }
      const sorted = [...instants(tasks)].sort();
      assert.deepEqual(instants(tasks), sorted, 'oldest first');
      // The first attempt is Monday at 10:00 local: the preferred time, lawful.
      assert.equal(tasks[0]!.localTimes['America/Los_Angeles'], '2026-11-30 10:00');
      assert.equal(tasks[0]!.explanation.moved, false);
      await assertLawful('plan-1');
    });

    it('stores each placement compactly and renders its explanation when read; older rendered rows read unchanged', async () => {
      await create(customerBody({ id: 'plan-stored' }));
      const rows = await t.services.db
        .selectFrom('call_tasks')
        .select(['id', 'explanation'])
        .where('company_id', '=', t.companyId)
        .where('customer_id', '=', 'plan-stored')
        .orderBy('scheduled_for')
        .execute();
      const first = JSON.parse(rows[0]!.explanation) as Record<string, unknown>;
      assert.equal(first.summary, undefined, 'the sentence is not stored');
      assert.equal(first.label, `Attempt 1 of ${DEFAULT_CADENCES.collections!.totalAttempts}`);
      assert.ok(JSON.stringify(first).length < 400, JSON.stringify(first));
      const [task] = await tasksOf(t, 'plan-stored');
      assert.equal(
        task!.explanation.summary,
        `Attempt 1 of ${DEFAULT_CADENCES.collections!.totalAttempts}: preferred 2026-11-30 10:00 America/Los_Angeles (range 10:00–12:00); placed at that time, lawful under every rule in America/Los_Angeles.`,
      );
      assert.deepEqual(task!.explanation.preferred, { at: '2026-11-30T18:00:00.000Z', local: '2026-11-30 10:00', zone: 'America/Los_Angeles' });

      // A task written by a version that stored the rendered explanation.
      const rendered = { ...task!.explanation, summary: 'Attempt 1 of 10: as an earlier version wrote it.' };
      await t.services.db
        .updateTable('call_tasks')
        .set({ explanation: JSON.stringify(rendered) })
        .where('company_id', '=', t.companyId)
        .where('id', '=', rows[0]!.id)
        .execute();
      const [again] = await tasksOf(t, 'plan-stored');
      assert.deepEqual(again!.explanation, rendered);
    });

    it('the schedule is in the same transaction as the customer: a refused create leaves no tasks', async () => {
      const again = await t.request('POST', '/customers', { body: customerBody({ id: 'plan-1', phoneNumber: '+12125550100' }) });
      assert.equal(again.statusCode, 409);
      const tasks = await tasksOf(t, 'plan-1');
      assert.equal(tasks.length, DEFAULT_CADENCES.collections!.totalAttempts);
      assert.ok(
        tasks.every((task) => task.phoneNumber === '+14155550100'),
        'still the first schedule',
      );
    });

    it('filters tasks by status and refuses an unknown status', async () => {
      assert.equal((await tasksOf(t, 'plan-1', 'scheduled')).length, 10);
      assert.deepEqual(await tasksOf(t, 'plan-1', 'cancelled'), []);
      const bad = await t.request('GET', '/customers/plan-1/tasks?status=pending');
      assert.equal(bad.statusCode, 400);
    });

    it('a doNotCall customer gets no schedule', async () => {
      await create(customerBody({ id: 'dnc-1', doNotCall: true }));
      assert.deepEqual(await tasksOf(t, 'dnc-1'), []);
    });

    it("a test customer's tasks are marked isTest", async () => {
      await create(customerBody({ id: 'test-1', test: true }));
      await create(customerBody({ id: 'test-2', isTest: true }));
      for (const id of ['test-1', 'test-2']) {
        const tasks = await tasksOf(t, id);
        assert.ok(tasks.length > 0, `${id} has a schedule`);
        assert.ok(
          tasks.every((task) => task.isTest === true),
          `${id}: every task is a test task`,
        );
      }
    });

    it('PATCH of isTest re-marks the pending tasks', async () => {
      await create(customerBody({ id: 'test-3' }));
      assert.equal((await t.request('PATCH', '/customers/test-3', { body: { isTest: true } })).statusCode, 200);
      const tasks = await tasksOf(t, 'test-3', 'scheduled');
      assert.ok(tasks.length > 0, 'a plan');
      assert.ok(
        tasks.every((task) => task.isTest === true),
        'every pending task of a test customer is a test task',
      );
    });

    it('a ZIP in another zone than the stated timezone puts both zones in localTimes, and the plan is lawful in both', async () => {
      // A New York City address, a stated Chicago zone and a Los Angeles number.
      await create(customerBody({ id: 'zones-1', zipCode: '10001', state: 'NY', city: 'New York', timezone: 'America/Chicago', phoneNumber: '+14155550101' }));
      const tasks = await tasksOf(t, 'zones-1');
      assert.ok(tasks.length > 0, 'a plan');
      for (const task of tasks) {
        const at = Date.parse(task.scheduledFor);
        assert.deepEqual(Object.keys(task.localTimes).sort(), ['America/Chicago', 'America/Los_Angeles', 'America/New_York']);
        for (const [zone, local] of Object.entries(task.localTimes)) {
          assert.equal(local, wallClock(zone, at), zone);
          const minutes = Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
          assert.ok(minutes >= 8 * 60 && minutes < 20 * 60 + 50, `${zone} ${local} is inside the calling window`);
        }
        assert.deepEqual([...task.explanation.candidateZones].sort(), ['America/Chicago', 'America/Los_Angeles', 'America/New_York']);
        // The cadence reads its times on the stated zone's clock.
        assert.equal(task.explanation.preferred?.zone, 'America/Chicago');
      }
      await assertLawful('zones-1');
    });

    for (const [field, value] of [
      ['phoneNumber', '+12125550100'],
      ['zipCode', '90001'],
      ['timezone', 'America/Denver'],
      ['taskType', 'servicing'],
    ] as const) {
      it(`PATCH of ${field} rebuilds the schedule: the old pending tasks are gone`, async () => {
        const id = `rebuild-${field}`;
        await create(customerBody({ id }));
        const before = await tasksOf(t, id);
        assert.ok(before.length > 0, 'a first plan');
        const res = await t.request('PATCH', `/customers/${id}`, { body: { [field]: value } });
        assert.equal(res.statusCode, 200, res.body);
        const after = await tasksOf(t, id);
        assert.ok(after.length > 0, 'a new plan');
        const oldIds = new Set(before.map((task) => task.id));
        assert.ok(
          after.every((task) => !oldIds.has(task.id)),
          'none of the old tasks remain',
        );
        assert.ok(
          after.every((task) => task.status === 'scheduled'),
          'only the new plan',
        );
        if (field === 'phoneNumber')
          assert.ok(
            after.every((task) => task.phoneNumber === value),
            'the new number',
          );
        if (field === 'taskType') assert.equal(after.length, DEFAULT_CADENCES.servicing!.totalAttempts);
        if (field === 'timezone')
          assert.ok(
            after.every((task) => 'America/Denver' in task.localTimes),
            'the new zone is a candidate',
          );
        await assertLawful(id);
      });
    }

    it('PATCH doNotCall: true removes the plan; doNotCall: false builds a new one', async () => {
      await create(customerBody({ id: 'rebuild-dnc' }));
      assert.ok((await tasksOf(t, 'rebuild-dnc')).length > 0, 'a first plan');
      assert.equal((await t.request('PATCH', '/customers/rebuild-dnc', { body: { doNotCall: true } })).statusCode, 200);
      assert.deepEqual(await tasksOf(t, 'rebuild-dnc'), []);
      assert.equal((await t.request('PATCH', '/customers/rebuild-dnc', { body: { doNotCall: false } })).statusCode, 200);
      assert.equal((await tasksOf(t, 'rebuild-dnc')).length, 10);
      await assertLawful('rebuild-dnc');
    });

    it('PATCH of firstName or email leaves the schedule alone', async () => {
      await create(customerBody({ id: 'keep-1' }));
      const before = await tasksOf(t, 'keep-1');
      for (const body of [{ firstName: 'Ann' }, { email: 'ann@example.com' }, { lastName: 'Ray', externalMetadata: { a: 1 } }]) {
        const res = await t.request('PATCH', '/customers/keep-1', { body });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(await tasksOf(t, 'keep-1'), before, JSON.stringify(body));
      }
    });

    it('a refused PATCH changes neither the customer nor the plan', async () => {
      const before = await tasksOf(t, 'keep-1');
      const res = await t.request('PATCH', '/customers/keep-1', { body: { phoneNumber: '800-555-0100' } });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(await tasksOf(t, 'keep-1'), before);
    });

    describe('POST /customers/schedule/sync', () => {
      it('creates the customer and its schedule, with the sync metadata', async () => {
        const res = await t.request('POST', '/customers/schedule/sync', { body: syncBody({ id: 'sync-1' }) });
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.id, 'sync-1');
        assert.equal(body.firstName, 'Ana');
        assert.equal(body.email, 'ana@example.com');
        assert.equal(body.birthday, '1985-06-15');
        assert.equal(body.ssnLastFour, '1234');
        assert.equal(body.doNotCall, false);
        assert.equal(body.scheduleCreated, true);
        assert.equal(body.tasksCreated, 10);
        assert.equal(body.existingTasksRemoved, 0);
        assert.equal((await pendingOf(t, 'sync-1')).length, 10);
        const stored = await t.request('GET', '/customers/sync-1');
        assert.equal(stored.statusCode, 200);
        assert.equal('scheduleCreated' in stored.json(), false, 'the metadata belongs to the sync response only');
      });

      it('updates an existing customer and replaces its pending tasks', async () => {
        await create(customerBody({ id: 'sync-2' }));
        const before = await pendingOf(t, 'sync-2');
        const res = await t.request('POST', '/customers/schedule/sync', {
          body: syncBody({ id: 'sync-2', firstName: 'Anita', phoneNumber: '+12125550100', taskType: 'verification' }),
        });
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.firstName, 'Anita');
        assert.equal(body.phoneNumber, '+12125550100');
        assert.equal(body.taskType, 'verification');
        assert.equal(body.existingTasksRemoved, before.length);
        const after = await pendingOf(t, 'sync-2');
        assert.equal(body.tasksCreated, after.length);
        assert.ok(after.length > 0, 'a new plan');
        const oldIds = new Set(before.map((task) => task.id));
        assert.ok(
          after.every((task) => !oldIds.has(task.id)),
          'old tasks removed',
        );
        assert.equal((await tasksOf(t, 'sync-2')).length, after.length, 'removed, not kept as cancelled');
        await assertLawful('sync-2');
      });

      it('an omitted doNotCall keeps the stored value; an explicit one replaces it', async () => {
        await create(customerBody({ id: 'sync-dnc', doNotCall: true }));
        const kept = await t.request('POST', '/customers/schedule/sync', { body: syncBody({ id: 'sync-dnc' }) });
        assert.equal(kept.statusCode, 200, kept.body);
        assert.equal(kept.json().doNotCall, true);
        assert.equal(kept.json().scheduleCreated, false);
        assert.equal(kept.json().tasksCreated, 0);
        assert.deepEqual(await tasksOf(t, 'sync-dnc'), []);
        const cleared = await t.request('POST', '/customers/schedule/sync', { body: syncBody({ id: 'sync-dnc', doNotCall: false }) });
        assert.equal(cleared.json().doNotCall, false);
        assert.equal(cleared.json().scheduleCreated, true);
        assert.equal((await pendingOf(t, 'sync-dnc')).length, cleared.json().tasksCreated);
        const set = await t.request('POST', '/customers/schedule/sync', { body: syncBody({ id: 'sync-dnc', doNotCall: true }) });
        assert.equal(set.json().doNotCall, true);
        assert.equal(set.json().existingTasksRemoved, cleared.json().tasksCreated);
        assert.deepEqual(await pendingOf(t, 'sync-dnc'), []);
      });

      it("requires the sync page's list, including email, birthday and ssnLastFour", async () => {
        const res = await t.request('POST', '/customers/schedule/sync', { body: {} });
        assert.equal(res.statusCode, 400);
        const pointers = res
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort();
        assert.deepEqual(pointers, [
          '/birthday',
          '/city',
          '/email',
          '/firstName',
          '/id',
          '/lastName',
          '/phoneNumber',
          '/ssnLastFour',
          '/state',
          '/streetAddress1',
          '/taskType',
          '/timezone',
          '/zipCode',
        ]);
        for (const field of ['email', 'birthday', 'ssnLastFour']) {
          const body = syncBody({ id: `sync-missing-${field}` });
          delete body[field];
          const one = await t.request('POST', '/customers/schedule/sync', { body });
          assert.equal(one.statusCode, 400, field);
          assert.deepEqual(one.json().errors, [{ pointer: `/${field}`, detail: 'is required' }]);
          assert.equal((await t.request('GET', `/customers/sync-missing-${field}`)).statusCode, 404, 'nothing stored');
        }
      });

      it('validates like create: a bad task type is refused with the valid list', async () => {
        const res = await t.request('POST', '/customers/schedule/sync', { body: syncBody({ id: 'sync-bad', taskType: 'nope' }) });
        assert.equal(res.statusCode, 400);
        assert.deepEqual([...res.json().validTaskTypes].sort(), ['collections', 'servicing', 'verification']);
      });

      it('retrying the same request reaches the same end state', async () => {
        const body = syncBody({ id: 'sync-retry', zipCode: '10001', state: 'NY', city: 'New York', timezone: 'America/New_York', phoneNumber: '+12125550100' });
        const first = await t.request('POST', '/customers/schedule/sync', { body });
        assert.equal(first.statusCode, 200, first.body);
        const customerAfterFirst = (await t.request('GET', '/customers/sync-retry')).json();
        const tasksAfterFirst = await pendingOf(t, 'sync-retry');
        for (let i = 0; i < 2; i++) {
          const again = await t.request('POST', '/customers/schedule/sync', { body });
          assert.equal(again.statusCode, 200, again.body);
          assert.equal(again.json().tasksCreated, first.json().tasksCreated);
          assert.equal(again.json().existingTasksRemoved, first.json().tasksCreated, 'exactly the previous plan was removed');
          const { scheduleCreated: _a, tasksCreated: _b, existingTasksRemoved: _c, ...customerFields } = again.json();
          const { scheduleCreated: _d, tasksCreated: _e, existingTasksRemoved: _f, ...firstFields } = first.json();
          assert.deepEqual(customerFields, firstFields);
          assert.deepEqual((await t.request('GET', '/customers/sync-retry')).json(), customerAfterFirst);
          const tasks = await pendingOf(t, 'sync-retry');
          assert.deepEqual(instants(tasks), instants(tasksAfterFirst), 'the same instants');
          assert.deepEqual(
            tasks.map((task) => task.explanation),
            tasksAfterFirst.map((task) => task.explanation),
            'the same explanations',
          );
        }
        await assertLawful('sync-retry');
      });
    });

    describe('task types and cadences', () => {
      it('GET /task-types shows every task type with its cadence', async () => {
        const res = await t.request('GET', '/task-types');
        assert.equal(res.statusCode, 200);
        const list = res.json<Array<{ name: string; cadence: unknown; defaultCadence: boolean }>>();
        assert.deepEqual(list.map((x) => x.name).sort(), ['collections', 'servicing', 'verification']);
        for (const x of list) {
          assert.deepEqual(x.cadence, DEFAULT_CADENCES[x.name]);
          assert.equal(x.defaultCadence, true);
        }
        const other = await t.request('GET', '/task-types', { key: t.otherApiKey });
        assert.deepEqual(
          other.json().map((x: { name: string }) => x.name),
          ['collections'],
        );
        assert.equal((await t.request('GET', '/task-types', { key: null })).statusCode, 401);
      });

      it('PUT of an invalid cadence is refused with every problem listed, and nothing changes', async () => {
        const res = await t.request('PUT', '/task-types/servicing/cadence', {
          body: { days: [3, 1], timeRanges: [{ start: '9:00', end: '08:00' }], attemptsPerDay: 0, totalAttempts: 3, horizonDays: 2, extra: 1 },
        });
        assert.equal(res.statusCode, 400);
        const problem = res.json();
        assert.equal(problem.code, 'validation_failed');
        const pointers = problem.errors.map((e: { pointer: string }) => e.pointer);
        for (const expected of ['/extra', '/attemptsPerDay', '/days/0', '/timeRanges/0/start']) {
          assert.ok(pointers.includes(expected), `${expected} in ${JSON.stringify(pointers)}`);
        }
        for (const error of problem.errors) assert.equal(typeof error.detail, 'string');
        const list = (await t.request('GET', '/task-types')).json<Array<{ name: string; defaultCadence: boolean }>>();
        assert.equal(list.find((x) => x.name === 'servicing')!.defaultCadence, true);
        const notJson = await t.request('PUT', '/task-types/servicing/cadence', { body: [] });
        assert.equal(notJson.statusCode, 400);
      });

      it('PUT for a task type the company does not have is 404', async () => {
        const cadence = { days: [0], timeRanges: [{ start: '10:00', end: '11:00' }], attemptsPerDay: 1, totalAttempts: 1, horizonDays: 2 };
        assert.equal((await t.request('PUT', '/task-types/nope/cadence', { body: cadence })).statusCode, 404);
        assert.equal((await t.request('PUT', '/task-types/servicing/cadence', { body: cadence, key: t.otherApiKey })).statusCode, 404);
      });

      it('a new cadence drives the schedules built afterwards, and only those', async () => {
        await t.services.companies.addTaskType(t.companyId, 'early-stage');
        await create(customerBody({ id: 'cad-before', taskType: 'early-stage' }));
        const before = await tasksOf(t, 'cad-before');
        assert.equal(before.length, 10, 'a task type without its own cadence plans like collections');
        const cadence = { days: [0, 2], timeRanges: [{ start: '13:00', end: '14:00' }], attemptsPerDay: 1, totalAttempts: 2, horizonDays: 4 };
        const put = await t.request('PUT', '/task-types/Early-Stage/cadence', { body: cadence });
        assert.equal(put.statusCode, 200, put.body);
        assert.deepEqual(put.json(), { name: 'early-stage', cadence, defaultCadence: false, purpose: 'collection' });
        const shown = (await t.request('GET', '/task-types')).json().find((x: { name: string }) => x.name === 'early-stage');
        assert.deepEqual(shown, { name: 'early-stage', cadence, defaultCadence: false, purpose: 'collection' });

        await create(customerBody({ id: 'cad-after', taskType: 'early-stage' }));
        const after = await tasksOf(t, 'cad-after');
        assert.deepEqual(
          after.map((task) => task.localTimes['America/Los_Angeles']),
          ['2026-11-30 13:00', '2026-12-02 13:00'],
        );
        assert.deepEqual(await tasksOf(t, 'cad-before'), before, 'existing schedules keep their attempts until rebuilt');
        const rebuilt = await t.request('POST', '/customers/schedule/sync', { body: syncBody({ id: 'cad-before', taskType: 'early-stage' }) });
        assert.equal(rebuilt.json().tasksCreated, 2);
        assert.equal(rebuilt.json().existingTasksRemoved, 10);
      });
    });

    describe('tenancy', () => {
      it("GET /customers/{id}/tasks of another company's customer is 404", async () => {
        const res = await t.request('GET', '/customers/plan-1/tasks', { key: t.otherApiKey });
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().code, 'customer_not_found');
        assert.equal((await t.request('GET', '/customers/no-such/tasks')).statusCode, 404);
        assert.equal((await t.request('GET', '/customers/plan-1/tasks', { key: null })).statusCode, 401);
      });

      it('the same customer id in two companies has two separate schedules', async () => {
        await create(customerBody({ id: 'plan-1', taskType: 'collections', phoneNumber: '+12125550100' }), t.otherApiKey);
        const mine = await tasksOf(t, 'plan-1');
        const theirs = await tasksOf(t, 'plan-1', undefined, t.otherApiKey);
        assert.ok(
          mine.every((task) => task.phoneNumber === '+14155550100'),
          'mine unchanged',
        );
        assert.ok(theirs.length > 0 && theirs.every((task) => task.phoneNumber === '+12125550100'), 'theirs');
        const mineIds = new Set(mine.map((task) => task.id));
        assert.ok(
          theirs.every((task) => !mineIds.has(task.id)),
          'no shared tasks',
        );
      });
    });

    it('a customer created later plans from the clock at that time', async () => {
      now = new Date('2026-12-04T20:00:00Z'); // Friday 12:00 in Los Angeles
      try {
        await create(customerBody({ id: 'later-1' }));
        const tasks = await tasksOf(t, 'later-1');
        assert.ok(
          tasks.every((task) => Date.parse(task.scheduledFor) >= now.getTime()),
          'nothing before now',
        );
        // Day 0's 10:00 has passed: the first attempt is now (12:00, still inside the calling window).
        assert.equal(tasks[0]!.scheduledFor, now.toISOString());
        assert.equal(tasks[0]!.explanation.moved, true);
        await assertLawful('later-1');
      } finally {
        now = NOW;
      }
    });
  });
}
