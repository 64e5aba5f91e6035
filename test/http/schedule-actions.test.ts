/**
 * An operator's stop, resume and rebuild of one customer's schedule: a stop cancels every pending
 * attempt with its reason and holds through anything that would plan again; a resume lifts only
 * the operator's stop (never a recorded call's); a rebuild plans anew without touching the stop.
 * Each is on the audit trail with the key, and another company's customer is a 404.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

interface Task {
  id: string;
  status: string;
  kind: string;
  cancelReason?: string;
}
interface ActionAnswer {
  id: string;
  scheduleStoppedAt?: string;
  scheduleCreated: boolean;
  tasksCreated: number;
  existingTasksRemoved: number;
  notPlannedBecause?: string;
}

for (const backend of backends) {
  describe(`schedule stop, resume and rebuild (${backend})`, () => {
    let t: TestApp;
    const act = (id: string, action: string, key?: string) =>
      t.request('POST', `/customers/${encodeURIComponent(id)}/schedule/${action}`, key === undefined ? {} : { key });
    const tasks = async (id: string): Promise<Task[]> => (await t.request('GET', `/customers/${encodeURIComponent(id)}/tasks`)).json<Task[]>();
    const pending = async (id: string) => (await tasks(id)).filter((task) => task.status === 'scheduled');
    const trail = async (id: string) =>
      (await t.request('GET', `/audit-events?customerId=${encodeURIComponent(id)}`)).json<Array<{ action: string; fields: string[]; apiKeyPrefix: string }>>();

    before(async () => {
      t = await startTestApp(backend);
      for (const id of ['SC-1', 'SC-2', 'SC-3']) assert.equal((await t.request('POST', '/customers', { body: customerBody({ id }) })).statusCode, 201);
    });
    after(async () => t?.close());

    it('stops: every pending attempt cancelled with the reason, scheduleStoppedAt set, on the trail', async () => {
      const planned = (await pending('SC-1')).length;
      assert.ok(planned > 0);
      const res = await act('SC-1', 'stop');
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json<ActionAnswer>();
      assert.equal(answer.id, 'SC-1');
      assert.ok(answer.scheduleStoppedAt && Date.parse(answer.scheduleStoppedAt) <= Date.now());
      assert.deepEqual([answer.scheduleCreated, answer.tasksCreated, answer.existingTasksRemoved], [false, 0, planned]);
      assert.equal(answer.notPlannedBecause, 'an operator stopped the schedule');
      assert.deepEqual(await pending('SC-1'), []);
      const cancelled = (await tasks('SC-1')).filter((task) => task.status === 'cancelled');
      assert.equal(cancelled.length, planned);
      assert.ok(cancelled.every((task) => task.cancelReason === 'an operator stopped the schedule'));
      assert.equal((await t.request('GET', '/customers/SC-1')).json<ActionAnswer>().scheduleStoppedAt, answer.scheduleStoppedAt);
      const [event] = await trail('SC-1');
      assert.equal(event?.action, 'schedule.stopped');
      assert.deepEqual(event?.fields, ['scheduleStoppedAt']);
      assert.equal(event?.apiKeyPrefix, t.apiKey.slice(0, 9));
    });

    it('holds through a change that would plan again, and a second stop changes nothing', async () => {
      const patched = await t.request('PATCH', '/customers/SC-1', { body: { phoneNumber: '+14155550199' } });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.deepEqual(await pending('SC-1'), [], 'a PATCH plans nothing while the schedule is stopped');
      const since = (await t.request('GET', '/customers/SC-1')).json<ActionAnswer>().scheduleStoppedAt;
      const again = await act('SC-1', 'stop');
      assert.equal(again.statusCode, 200);
      assert.equal(again.json<ActionAnswer>().scheduleStoppedAt, since, 'stopped since the first stop');
      assert.deepEqual((await trail('SC-1'))[0]?.fields, [], 'the second stop changed no field');
    });

    it('rebuilds a stopped schedule to nothing: the stop stays', async () => {
      const res = await act('SC-1', 'rebuild');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<ActionAnswer>().scheduleCreated, false);
      assert.ok(res.json<ActionAnswer>().scheduleStoppedAt);
      assert.deepEqual(await pending('SC-1'), []);
      assert.equal((await trail('SC-1'))[0]?.action, 'schedule.rebuilt');
    });

    it('resumes: the stop lifted and a plan built from now', async () => {
      const res = await act('SC-1', 'resume');
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json<ActionAnswer>();
      assert.equal(answer.scheduleStoppedAt, undefined);
      assert.equal(answer.scheduleCreated, true);
      assert.ok(answer.tasksCreated > 0);
      assert.equal(answer.notPlannedBecause, undefined);
      assert.equal((await pending('SC-1')).length, answer.tasksCreated);
      const [event] = await trail('SC-1');
      assert.deepEqual([event?.action, event?.fields], ['schedule.resumed', ['scheduleStoppedAt']]);
    });

    it("never lifts a recorded call's stop", async () => {
      const call = await t.request('POST', '/calls', {
        body: { customerId: 'SC-2', toPhoneNumber: '+14155550100', timestamp: new Date().toISOString(), outcome: 'conversation', flags: ['ATTORNEY_REP'] },
      });
      assert.equal(call.statusCode, 201, call.body);
      assert.equal((await act('SC-2', 'stop')).statusCode, 200);
      const res = await act('SC-2', 'resume');
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json<ActionAnswer & { stopReason?: string }>();
      assert.equal(answer.scheduleStoppedAt, undefined);
      assert.match(answer.stopReason ?? '', /^ATTORNEY_REP/);
      assert.equal(answer.scheduleCreated, false);
      assert.match(answer.notPlannedBecause ?? '', /calls are stopped: ATTORNEY_REP/);
      assert.deepEqual(await pending('SC-2'), []);
    });

    it('rebuilds a running schedule: the pending attempts replaced by a fresh plan', async () => {
      const before = (await pending('SC-3')).map((task) => task.id);
      const res = await act('SC-3', 'rebuild');
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json<ActionAnswer>();
      assert.equal(answer.scheduleCreated, true);
      assert.equal(answer.existingTasksRemoved, before.length);
      const after = (await pending('SC-3')).map((task) => task.id);
      assert.equal(after.length, answer.tasksCreated);
      assert.ok(
        after.every((id) => !before.includes(id)),
        'new tasks',
      );
      assert.deepEqual((await trail('SC-3'))[0]?.fields, []);
    });

    it("answers 404 for an unknown customer or another company's, and writes nothing", async () => {
      for (const action of ['stop', 'resume', 'rebuild']) {
        const missing = await act('NOBODY', action);
        assert.equal(missing.statusCode, 404, missing.body);
        assert.equal(missing.json<{ code: string }>().code, 'customer_not_found');
        assert.equal((await act('SC-3', action, t.otherApiKey)).statusCode, 404);
      }
      assert.deepEqual(await trail('NOBODY'), []);
      assert.equal((await trail('SC-3')).length, 1, 'only the rebuild above');
      assert.equal((await act('SC-3', 'stop', null as unknown as string)).statusCode, 401);
    });

    it('replays a stop sent again with the same Idempotency-Key', async () => {
      const headers = { 'idempotency-key': 'stop-sc-3-once' };
      const first = await t.request('POST', '/customers/SC-3/schedule/stop', { headers });
      assert.equal(first.statusCode, 200, first.body);
      const replay = await t.request('POST', '/customers/SC-3/schedule/stop', { headers });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.body, first.body);
      assert.equal((await trail('SC-3')).filter((e) => e.action === 'schedule.stopped').length, 1);
      const other = await t.request('POST', '/customers/SC-2/schedule/stop', { headers });
      assert.equal(other.statusCode, 422, 'the same key for another customer is another request');
    });
  });
}
