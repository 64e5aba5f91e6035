/**
 * The schedule invariant, as a property: random sequences of customer creates, patches, schedule
 * syncs, recorded calls and clock advances (the clock only moves forward) against a running app.
 * After every step, for every customer of the run:
 *
 *  (a) its pending tasks, replayed in time order, are each allowed by the compliance engine given
 *      the recorded ledger plus the pending tasks before it (a callback with the consumer's consent);
 *  (b) a stop event — doNotCall, a stop flag on any recorded call, a WRONG_NUMBER on the customer's
 *      current number — leaves nothing pending;
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
import { STOP_FLAGS } from '../../src/domain/call-fields.ts';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { customerViolations, pendingOf } from '../helpers/plan-check.ts';

interface Location {
  readonly name: string;
  readonly zipCode: string;
  readonly state: string;
  readonly city: string;
  readonly timezone: string;
  readonly phoneNumber: string;
}

const LOCATIONS: readonly Location[] = [
  { name: 'Arizona', zipCode: '85004', state: 'AZ', city: 'Phoenix', timezone: 'America/Phoenix', phoneNumber: '+16025550101' },
  { name: 'Navajo Nation', zipCode: '86515', state: 'AZ', city: 'Window Rock', timezone: 'America/Denver', phoneNumber: '+19285550102' },
  { name: 'Indiana (Eastern)', zipCode: '46204', state: 'IN', city: 'Indianapolis', timezone: 'America/Indiana/Indianapolis', phoneNumber: '+13175550103' },
  { name: 'El Paso', zipCode: '79901', state: 'TX', city: 'El Paso', timezone: 'America/Denver', phoneNumber: '+19155550104' },
  { name: 'New York City', zipCode: '10001', state: 'NY', city: 'New York', timezone: 'America/New_York', phoneNumber: '+12125550105' },
  { name: 'Massachusetts', zipCode: '02134', state: 'MA', city: 'Boston', timezone: 'America/New_York', phoneNumber: '+16175550106' },
  { name: 'District of Columbia', zipCode: '20001', state: 'DC', city: 'Washington', timezone: 'America/New_York', phoneNumber: '+12025550107' },
  { name: 'Washington', zipCode: '98101', state: 'WA', city: 'Seattle', timezone: 'America/Los_Angeles', phoneNumber: '+12065550108' },
  { name: 'West Virginia', zipCode: '25301', state: 'WV', city: 'Charleston', timezone: 'America/New_York', phoneNumber: '+13045550109' },
  { name: 'Hawaii', zipCode: '96813', state: 'HI', city: 'Honolulu', timezone: 'Pacific/Honolulu', phoneNumber: '+18085550110' },
  { name: 'Alaska', zipCode: '99501', state: 'AK', city: 'Anchorage', timezone: 'America/Anchorage', phoneNumber: '+19075550111' },
  {
    name: 'San Francisco, New York number',
    zipCode: '94102',
    state: 'CA',
    city: 'San Francisco',
    timezone: 'America/Los_Angeles',
    phoneNumber: '+12125550112',
  },
  { name: 'New York, Hawaii number', zipCode: '10001', state: 'NY', city: 'New York', timezone: 'America/New_York', phoneNumber: '+18085550113' },
];

/** Numbers that belong to nobody in the pool: calls to them are calls to "another number". */
const OTHER_NUMBERS = ['+13125550190', '+14155550191', '+16175550192'];
const TASK_TYPES = ['collections', 'servicing', 'verification'] as const;
const FLAGS = [
  'NO_ANSWER',
  'VOICEMAIL',
  'MESSAGE_LEFT',
  'RPC',
  'LIVE_CONNECT',
  'THIRD_PARTY_CONTACT',
  'COMPLAINT',
  'HARDSHIP_REQUEST',
  'CALLBACK_REQUEST',
  'CALLBACK_REQUEST',
  'WRONG_NUMBER',
  'DNC',
  'ATTORNEY_REP',
  'BANKRUPTCY',
  'DECEASED',
  'DEBT_DISPUTE',
  'FRAUD_CLAIM',
] as const;
/** Where runs start: ordinary days and the awkward ones (holidays, DST changes, year end). */
const STARTS = [
  '2026-11-23T14:00:00Z', // Monday before Thanksgiving
  '2026-10-30T13:00:00Z', // Friday before the clocks go back
  '2026-03-06T14:00:00Z', // Friday before the clocks go forward
  '2026-12-31T16:00:00Z', // New Year's Eve
  '2026-07-02T15:00:00Z', // before Independence Day (observed Friday 07-03)
  '2026-06-10T12:00:00Z', // an ordinary Wednesday
];

const MINUTE = 60_000;
const SLOTS = 3;

type Op =
  | { kind: 'create'; slot: number; loc: number; taskType: string; doNotCall: boolean; test: boolean }
  | { kind: 'patch'; slot: number; change: Record<string, unknown> }
  | { kind: 'sync'; slot: number; loc: number; sameLocation: boolean; taskType: string; doNotCall: boolean | undefined }
  | {
      kind: 'call';
      slot: number;
      agoMinutes: number;
      direction: 'inbound' | 'outbound' | undefined;
      outcome: string | undefined;
      flags: string[];
      to: 'own' | number;
      callbackInMinutes: number | null;
      consented: boolean;
    }
  | { kind: 'advance'; minutes: number };

const locIndex = fc.integer({ min: 0, max: LOCATIONS.length - 1 });
const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const taskType = fc.constantFrom(...TASK_TYPES);
/** true about one time in `n`. */
const sometimes = (n: number) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const patchChange: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  locIndex.map((i) => ({ phoneNumber: LOCATIONS[i]!.phoneNumber })),
  locIndex.map((i) => ({ zipCode: LOCATIONS[i]!.zipCode, state: LOCATIONS[i]!.state, city: LOCATIONS[i]!.city })),
  locIndex.map((i) => ({ timezone: LOCATIONS[i]!.timezone })),
  fc.boolean().map((doNotCall) => ({ doNotCall })),
  taskType.map((t) => ({ taskType: t })),
  fc.constantFrom({ firstName: 'Bea' }, { email: 'bea@example.com' }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), slot, loc: locIndex, taskType, doNotCall: sometimes(6), test: sometimes(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('patch' as const), slot, change: patchChange }) },
  // sameLocation: a sync that keeps an existing customer's number and place (so its callbacks stay).
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      slot,
      loc: locIndex,
      sameLocation: fc.boolean(),
      taskType,
      doNotCall: fc.option(fc.boolean(), { nil: undefined }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('call' as const),
      slot,
      agoMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 6 * 24 * 60 })),
      direction: fc.option(fc.constantFrom('inbound' as const, 'outbound' as const), { nil: undefined }),
      outcome: fc.option(fc.constantFrom('not_connected', 'no_answer', 'voicemail', 'wrong_party', 'conversation'), { nil: undefined }),
      flags: fc.subarray([...FLAGS], { maxLength: 3 }).chain((picked) => fc.shuffledSubarray(picked)),
      to: fc.oneof({ weight: 4, arbitrary: fc.constant('own' as const) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: OTHER_NUMBERS.length - 1 }) }),
      callbackInMinutes: fc.option(fc.integer({ min: -24 * 60, max: 10 * 24 * 60 }), { nil: null }),
      consented: sometimes(6),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      minutes: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 120, max: 24 * 60 }), fc.integer({ min: 24 * 60, max: 3 * 24 * 60 })),
    }),
  },
);

const scenario = fc.record({
  start: fc.constantFrom(...STARTS),
  startShiftMinutes: fc.integer({ min: 0, max: 24 * 60 }),
  ops: fc.array(op, { minLength: 5, maxLength: 20 }),
});

const NUM_RUNS = Number(process.env.FC_RUNS ?? 25);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

/** Which backends: PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
for (const backend of backends) {
  describe(`schedule invariant (${backend})`, () => {
    let t: TestApp;
    let now = new Date(STARTS[0]!);
    let run = 0;
    before(async () => {
      t = await startTestApp(backend, { clock: () => now });
    });
    after(() => t.close());

    async function execute(prefix: string, o: Op, ids: Set<string>): Promise<{ touched: string | null; note: string }> {
      const existing = [...ids];
      const idOf = (s: number) => `${prefix}-c${s}`;
      const target = (s: number) => (existing.length === 0 ? null : existing.includes(idOf(s)) ? idOf(s) : existing[s % existing.length]!);
      switch (o.kind) {
        case 'create': {
          const id = idOf(o.slot);
          const loc = LOCATIONS[o.loc]!;
          const res = await t.request('POST', '/customers', {
            body: customerBody({
              id,
              taskType: o.taskType,
              zipCode: loc.zipCode,
              state: loc.state,
              city: loc.city,
              timezone: loc.timezone,
              phoneNumber: loc.phoneNumber,
              doNotCall: o.doNotCall,
              test: o.test,
            }),
          });
          if (ids.has(id)) {
            assert.equal(res.statusCode, 409, res.body);
            return { touched: null, note: `create ${id}: exists` };
          }
          assert.equal(res.statusCode, 201, res.body);
          ids.add(id);
          return { touched: id, note: `create ${id} (${loc.name}, ${o.taskType}${o.doNotCall ? ', doNotCall' : ''})` };
        }
        case 'patch': {
          const id = target(o.slot);
          if (!id) return { touched: null, note: 'patch: no customer yet' };
          const res = await t.request('PATCH', `/customers/${id}`, { body: o.change });
          assert.equal(res.statusCode, 200, res.body);
          const rebuilds = Object.keys(o.change).some((k) => k !== 'firstName' && k !== 'email');
          return { touched: rebuilds ? id : null, note: `patch ${id} ${JSON.stringify(o.change)}` };
        }
        case 'sync': {
          const id = idOf(o.slot);
          const current = o.sameLocation && ids.has(id) ? (await t.request('GET', `/customers/${id}`)).json() : undefined;
          const loc: Location = current ? { name: 'its current place', ...current } : LOCATIONS[o.loc]!;
          const body = customerBody({
            id,
            taskType: o.taskType,
            zipCode: loc.zipCode,
            state: loc.state,
            city: loc.city,
            timezone: loc.timezone,
            phoneNumber: loc.phoneNumber,
            email: 'ana@example.com',
            birthday: '1985-06-15',
            ssnLastFour: '1234',
            ...(o.doNotCall === undefined ? {} : { doNotCall: o.doNotCall }),
          });
          const res = await t.request('POST', '/customers/schedule/sync', { body });
          assert.equal(res.statusCode, 200, res.body);
          ids.add(id);
          return {
            touched: id,
            note: `sync ${id} (${loc.name}, ${o.taskType}, doNotCall ${String(o.doNotCall)}) → ${res.json<{ tasksCreated: number }>().tasksCreated} tasks`,
          };
        }
        case 'call': {
          const id = target(o.slot);
          if (!id) return { touched: null, note: 'call: no customer yet' };
          const customer = (await t.request('GET', `/customers/${id}`)).json();
          const to = o.to === 'own' ? (customer.phoneNumber as string) : OTHER_NUMBERS[o.to]!;
          const body: Record<string, unknown> = {
            customerId: id,
            toPhoneNumber: to,
            timestamp: new Date(now.getTime() - o.agoMinutes * MINUTE).toISOString(),
            flags: o.flags,
            ...(o.direction ? { direction: o.direction } : {}),
            ...(o.outcome ? { outcome: o.outcome } : {}),
            ...(o.consented ? { consented: true } : {}),
            ...(o.callbackInMinutes === null ? {} : { callbackAt: new Date(now.getTime() + o.callbackInMinutes * MINUTE).toISOString() }),
          };
          const res = await t.request('POST', '/calls', { body });
          if (o.flags.includes('CALLBACK_REQUEST') && o.callbackInMinutes === null) {
            // A callback request must say when: refused, nothing recorded.
            assert.equal(res.statusCode, 400, res.body);
            return { touched: null, note: `call ${id} refused (CALLBACK_REQUEST without callbackAt)` };
          }
          assert.equal(res.statusCode, 201, res.body);
          return { touched: id, note: `call ${id} ${JSON.stringify(body)}` };
        }
        case 'advance': {
          now = new Date(now.getTime() + o.minutes * MINUTE);
          return { touched: null, note: `advance ${o.minutes} min → ${now.toISOString()}` };
        }
      }
    }

    async function check(id: string, touched: boolean): Promise<string[]> {
      const problems: string[] = [];
      const customer = (await t.request('GET', `/customers/${id}`)).json<{ phoneNumber: string | null; doNotCall: boolean }>();
      const pending = await pendingOf(t, id);
      const ledger = await t.services.db
        .selectFrom('calls')
        .select(['flags', 'to_phone_number'])
        .where('company_id', '=', t.companyId)
        .where('customer_id', '=', id)
        .execute();
      // (a)
      for (const v of await customerViolations(t, id))
        problems.push(`(a) ${id}: task at ${new Date(v.task.at).toISOString()} is refused: ${v.reasons.join(' | ')}`);
      // (b)
      const stopFlag = ledger.flatMap((c) => c.flags).find((f) => STOP_FLAGS.has(f as never));
      const wrongOwn = ledger.some((c) => c.flags.includes('WRONG_NUMBER') && c.to_phone_number === customer.phoneNumber);
      const stop = customer.doNotCall ? 'doNotCall' : (stopFlag ?? (wrongOwn ? 'WRONG_NUMBER on its own number' : null));
      if (stop && pending.length > 0) problems.push(`(b) ${id}: ${pending.length} task(s) pending after ${stop}`);
      // (c)
      if (touched) {
        for (const task of pending) {
          if (Date.parse(task.scheduledFor) < now.getTime()) problems.push(`(c) ${id}: task at ${task.scheduledFor} is before now (${now.toISOString()})`);
        }
      }
      for (const task of pending) {
        if (task.phoneNumber !== customer.phoneNumber)
          problems.push(`${id}: task at ${task.scheduledFor} dials ${task.phoneNumber}, not the customer's ${customer.phoneNumber}`);
      }
      return problems;
    }

    it('after every step, every pending task is lawful and stop events leave nothing pending', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ start, startShiftMinutes, ops }) => {
          run++;
          const prefix = `r${run}`;
          now = new Date(Date.parse(start) + startShiftMinutes * MINUTE);
          const ids = new Set<string>();
          const log: string[] = [`start ${now.toISOString()}`];
          for (const [i, o] of ops.entries()) {
            const { touched, note } = await execute(prefix, o, ids);
            log.push(`${i + 1}. ${note}`);
            const problems: string[] = [];
            for (const id of ids) problems.push(...(await check(id, id === touched)));
            if (problems.length > 0) throw new Error(`after step ${i + 1}:\n${problems.join('\n')}\n--- steps ---\n${log.join('\n')}`);
          }
        }),
        { numRuns: NUM_RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) },
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
          now = new Date(Date.parse(start) + startShiftMinutes * MINUTE);
          const place = { zipCode: loc.zipCode, state: loc.state, city: loc.city, timezone: loc.timezone, phoneNumber: loc.phoneNumber };
          const created = await t.request('POST', '/customers', { body: customerBody({ id, taskType: type, ...place }) });
          assert.equal(created.statusCode, 201, created.body);
          for (const request of requests) {
            now = new Date(now.getTime() + request.advanceMinutes * MINUTE);
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
        { numRuns: NUM_RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) },
      );
    });
  });
}
