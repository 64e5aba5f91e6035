/**
 * The schedule invariant, as a property: random sequences of customer creates, patches, schedule
 * syncs, recorded calls, an operator's schedule stops, resumes and rebuilds, deletes and clock advances (the clock only moves forward) against a
 * running app. After every step, for every customer of the run:
 *
 *  (a) its pending tasks, replayed in time order, are each allowed by the compliance engine given
 *      the recorded ledger plus the pending tasks before it (a callback with the consumer's consent);
 *      the ledger is every call recorded for its id, those of a deleted customer of that id included,
 *      and a customer of the marketing task type is judged as a marketing call (the telemarketing
 *      rules, Florida's and Alabama's among the locations);
 *  (b) a stop event — doNotCall, an operator's stop still in force, a DNC or a stop flag on any recorded call (before a delete too,
 *      whatever doNotCall later says), a WRONG_NUMBER on the customer's current number — leaves
 *      nothing pending;
 *  (c) a customer whose schedule the step built or re-checked has no pending task before now.
 *      Tasks of other customers are NOT required to be in the future: with no dispatcher yet, a
 *      task whose time passes during a clock advance stays `scheduled` (due) until something
 *      re-checks or rebuilds that customer's plan. (a) still holds for them: nothing about the
 *      customer changed since its plan was last checked.
 *
 * fast-check prints the seed and the shrunk sequence on failure; reproduce with
 * FC_SEED=<seed> [FC_PATH=<path>] [FC_RUNS=n].
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { customerViolations, pendingOf } from '../helpers/plan-check.ts';
import {
  checkCustomer,
  deleteOp,
  enableMarketing,
  executeScheduleOp,
  LOCATIONS,
  locIndex,
  MINUTE,
  runParameters,
  scheduleOps,
  STARTS,
  taskType,
  type Session,
  type TestClock,
} from '../helpers/schedule-steps.ts';

const scenario = fc.record({
  start: fc.constantFrom(...STARTS),
  startShiftMinutes: fc.integer({ min: 0, max: 24 * 60 }),
  ops: fc.array(fc.oneof(...scheduleOps, { weight: 1, arbitrary: deleteOp }), { minLength: 5, maxLength: 20 }),
});

const RUNS = runParameters(25);

/** Which backends: PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
for (const backend of backends) {
  describe(`schedule invariant (${backend})`, () => {
    let t: TestApp;
    const clock: TestClock = { now: new Date(STARTS[0]!) };
    let session: Session;
    let run = 0;
    before(async () => {
      t = await startTestApp(backend, { clock: () => clock.now });
      await enableMarketing(t, t.companyId);
      session = { t, companyId: t.companyId, key: t.apiKey, clock };
    });
    after(() => t.close());

    it('after every step, every pending task is lawful and stop events leave nothing pending', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ start, startShiftMinutes, ops }) => {
          run++;
          const prefix = `r${run}`;
          clock.now = new Date(Date.parse(start) + startShiftMinutes * MINUTE);
          const ids = new Set<string>();
          const log: string[] = [`start ${clock.now.toISOString()}`];
          for (const [i, o] of ops.entries()) {
            const { touched, note } = await executeScheduleOp(session, prefix, o, ids);
            log.push(`${i + 1}. ${note}`);
            const problems: string[] = [];
            for (const id of ids) problems.push(...(await checkCustomer(session, id, id === touched)));
            if (problems.length > 0) throw new Error(`after step ${i + 1}:\n${problems.join('\n')}\n--- steps ---\n${log.join('\n')}`);
          }
        }),
        RUNS,
      );
    });

    // Callbacks are rare in the random sequences above (they need a connected call on the
    // customer's own number with a time, and no stop); here every scenario has some, then rebuilds.
    const callbackScenario = fc.record({
      start: fc.constantFrom(...STARTS),
      startShiftMinutes: fc.integer({ min: 0, max: 24 * 60 }),
      loc: locIndex,
      taskType,
      requests: fc.array(
        fc.record({
          advanceMinutes: fc.integer({ min: 0, max: 2 * 24 * 60 }),
          flags: fc.constantFrom(['CALLBACK_REQUEST'], ['RPC', 'CALLBACK_REQUEST'], ['LIVE_CONNECT', 'CALLBACK_REQUEST']),
          direction: fc.constantFrom('inbound' as const, 'outbound' as const),
          callbackInMinutes: fc.integer({ min: 30, max: 8 * 24 * 60 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      rebuild: fc.oneof(
        taskType.map((type) => ({ how: 'sync' as const, taskType: type })),
        taskType.map((type) => ({ how: 'patch' as const, taskType: type })),
      ),
    });

    it('a rebuild keeps every pending callback where it was, and plans lawfully around them', async () => {
      await fc.assert(
        fc.asyncProperty(callbackScenario, async ({ start, startShiftMinutes, loc: locAt, taskType: type, requests, rebuild }) => {
          run++;
          const id = `r${run}-cb`;
          const loc = LOCATIONS[locAt]!;
          clock.now = new Date(Date.parse(start) + startShiftMinutes * MINUTE);
          const place = { zipCode: loc.zipCode, state: loc.state, city: loc.city, timezone: loc.timezone, phoneNumber: loc.phoneNumber };
          const created = await t.request('POST', '/customers', { body: customerBody({ id, taskType: type, ...place }) });
          assert.equal(created.statusCode, 201, created.body);
          for (const request of requests) {
            clock.now = new Date(clock.now.getTime() + request.advanceMinutes * MINUTE);
            const now = clock.now;
            const res = await t.request('POST', '/calls', {
              body: {
                customerId: id,
                toPhoneNumber: loc.phoneNumber,
                timestamp: now.toISOString(),
                direction: request.direction,
                flags: request.flags,
                callbackAt: new Date(now.getTime() + request.callbackInMinutes * MINUTE).toISOString(),
              },
            });
            assert.equal(res.statusCode, 201, res.body);
          }
          const callbacksBefore = (await pendingOf(t, id)).filter((task) => task.kind === 'callback').map((task) => [task.id, task.scheduledFor]);
          const res =
            rebuild.how === 'sync'
              ? await t.request('POST', '/customers/schedule/sync', {
                  body: customerBody({ id, taskType: rebuild.taskType, ...place, email: 'ana@example.com', birthday: '1985-06-15', ssnLastFour: '1234' }),
                })
              : await t.request('PATCH', `/customers/${id}`, { body: { taskType: rebuild.taskType === type ? 'servicing' : rebuild.taskType } });
          assert.equal(res.statusCode, 200, res.body);
          const callbacksAfter = (await pendingOf(t, id)).filter((task) => task.kind === 'callback').map((task) => [task.id, task.scheduledFor]);
          assert.deepEqual(callbacksAfter, callbacksBefore, 'the same callbacks, at the same times');
          const violations = await customerViolations(t, id);
          assert.deepEqual(
            violations.map((v) => `${new Date(v.task.at).toISOString()}: ${v.reasons.join(' | ')}`),
            [],
          );
        }),
        RUNS,
      );
    });
  });
}
