/**
 * The random API steps of the schedule invariant (test/scheduling/invariant.test.ts) and its
 * per-customer checks (a)–(c), shared with the dispatch invariant so that both drive customers
 * the same way: creates, patches, schedule syncs, recorded calls and forward clock advances,
 * over places with awkward time zones, on awkward days.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { STOP_FLAGS } from '../../src/domain/call-fields.ts';
import { customerBody, type TestApp } from './app.ts';
import { customerViolations, pendingOf } from './plan-check.ts';

export interface Location {
  readonly name: string;
  readonly zipCode: string;
  readonly state: string;
  readonly city: string;
  readonly timezone: string;
  readonly phoneNumber: string;
}

export const LOCATIONS: readonly Location[] = [
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
  // Where a marketing call gets state telemarketing rules: Florida's hours and 3 in 24 hours, and
  // Alabama's Sunday and holiday ban.
  { name: 'Florida', zipCode: '33131', state: 'FL', city: 'Miami', timezone: 'America/New_York', phoneNumber: '+13055550114' },
  { name: 'Alabama', zipCode: '36602', state: 'AL', city: 'Mobile', timezone: 'America/Chicago', phoneNumber: '+12515550115' },
];

/** Numbers that belong to nobody in the pool: calls to them are calls to "another number". */
export const OTHER_NUMBERS = ['+13125550190', '+14155550191', '+16175550192'];
export const TASK_TYPES = ['collections', 'servicing', 'verification'] as const;
/** A task type whose calls are marketing calls (the telemarketing rules), which enableMarketing adds. */
export const MARKETING_TASK_TYPE = 'offers';

/**
 * Evenings, so that marketing plans meet Florida's 20:00 close: the second attempt of a day
 * prefers 20:05, two hours (the default minimum gap) after the first, which a collection call
 * may take and a marketing call in Florida may not.
 */
const MARKETING_CADENCE = {
  days: [0, 1, 2, 3, 4, 5],
  timeRanges: [
    { start: '18:00', end: '18:30' },
    { start: '20:05', end: '20:45' },
  ],
  attemptsPerDay: 2,
  totalAttempts: 12,
  horizonDays: 7,
};

/**
 * Lets the company place marketing calls and adds the marketing task type. The business
 * relationship it attests is what lets a marketing call reach a number whose National
 * Do-Not-Call Registry status a customer does not carry.
 */
export async function enableMarketing(t: TestApp, companyId: string): Promise<void> {
  await t.services.settings.updateCompliance(companyId, { policy: { marketingCalls: true, businessRelationship: true } });
  await t.services.companies.addTaskType(companyId, MARKETING_TASK_TYPE, MARKETING_CADENCE, 'marketing');
}
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
export const STARTS = [
  '2026-11-23T14:00:00Z', // Monday before Thanksgiving
  '2026-10-30T13:00:00Z', // Friday before the clocks go back
  '2026-03-06T14:00:00Z', // Friday before the clocks go forward
  '2026-12-31T16:00:00Z', // New Year's Eve
  '2026-07-02T15:00:00Z', // before Independence Day (observed Friday 07-03)
  '2026-06-10T12:00:00Z', // an ordinary Wednesday
];

export const MINUTE = 60_000;
const SLOTS = 3;

export type ScheduleOp =
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
      /** With consented: how long before the call the consent was given (null: not said). */
      consentAgoMinutes: number | null;
    }
  | { kind: 'advance'; minutes: number }
  | { kind: 'delete'; slot: number }
  /** An operator's POST /customers/{id}/schedule/stop|resume|rebuild. */
  | { kind: 'schedule'; slot: number; action: 'stop' | 'resume' | 'rebuild' };

export const locIndex = fc.integer({ min: 0, max: LOCATIONS.length - 1 });
export const slot = fc.integer({ min: 0, max: SLOTS - 1 });
export const taskType = fc.constantFrom(...TASK_TYPES, MARKETING_TASK_TYPE);
/** true about one time in `n`. */
export const sometimes = (n: number) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const patchChange: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  locIndex.map((i) => ({ phoneNumber: LOCATIONS[i]!.phoneNumber })),
  locIndex.map((i) => ({ zipCode: LOCATIONS[i]!.zipCode, state: LOCATIONS[i]!.state, city: LOCATIONS[i]!.city })),
  locIndex.map((i) => ({ timezone: LOCATIONS[i]!.timezone })),
  fc.boolean().map((doNotCall) => ({ doNotCall })),
  taskType.map((t) => ({ taskType: t })),
  fc.constantFrom({ firstName: 'Bea' }, { email: 'bea@example.com' }),
);

export const createOp: fc.Arbitrary<ScheduleOp> = fc.record({
  kind: fc.constant('create' as const),
  slot,
  loc: locIndex,
  taskType,
  doNotCall: sometimes(6),
  test: sometimes(3),
});

/**
 * Deleting a customer (its calls and consent are kept; a later create of its id inherits them).
 * Not among scheduleOps: a run with a dispatcher would have calls in flight for a deleted customer.
 */
export const deleteOp: fc.Arbitrary<ScheduleOp> = fc.record({ kind: fc.constant('delete' as const), slot });

/** Each kind of step with its weight, so that a caller can mix in steps of its own. */
export const scheduleOps: ReadonlyArray<{ weight: number; arbitrary: fc.Arbitrary<ScheduleOp> }> = [
  { weight: 3, arbitrary: createOp },
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
      consentAgoMinutes: fc.option(fc.integer({ min: 0, max: 9 * 24 * 60 }), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('schedule' as const), slot, action: fc.constantFrom('stop' as const, 'resume' as const, 'rebuild' as const) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      minutes: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 120, max: 24 * 60 }), fc.integer({ min: 24 * 60, max: 3 * 24 * 60 })),
    }),
  },
];

/** fast-check's run settings from FC_RUNS, FC_SEED and FC_PATH (see the invariant tests). */
export function runParameters(defaultRuns: number): fc.Parameters<unknown> {
  return {
    numRuns: Number(process.env.FC_RUNS ?? defaultRuns),
    ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }),
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  };
}

/** The test clock: the app's services read `now`, and only the steps move it (forward). */
export interface TestClock {
  now: Date;
}

/** Whose customers the steps act on: a company, its API key, and the clock. */
export interface Session {
  readonly t: TestApp;
  readonly companyId: string;
  readonly key: string;
  readonly clock: TestClock;
}

export interface StepResult {
  /** The customer whose schedule the step built or re-checked (check (c)), if any. */
  readonly touched: string | null;
  readonly note: string;
}

/** Runs one step; customer ids are `${prefix}-c${slot}`, and `ids` gains those created. */
export async function executeScheduleOp(s: Session, prefix: string, o: ScheduleOp, ids: Set<string>): Promise<StepResult> {
  const request = (method: string, url: string, body?: unknown) => s.t.request(method, url, { key: s.key, ...(body === undefined ? {} : { body }) });
  const existing = [...ids];
  const idOf = (n: number) => `${prefix}-c${n}`;
  const target = (n: number) => (existing.length === 0 ? null : existing.includes(idOf(n)) ? idOf(n) : existing[n % existing.length]!);
  const now = s.clock.now;
  switch (o.kind) {
    case 'create': {
      const id = idOf(o.slot);
      const loc = LOCATIONS[o.loc]!;
      const res = await request(
        'POST',
        '/customers',
        customerBody({
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
      );
      if (ids.has(id)) {
        assert.equal(res.statusCode, 409, res.body);
        return { touched: null, note: `create ${id}: exists` };
      }
      assert.equal(res.statusCode, 201, res.body);
      ids.add(id);
      return { touched: id, note: `create ${id} (${loc.name}, ${o.taskType}${o.doNotCall ? ', doNotCall' : ''}${o.test ? ', test' : ''})` };
    }
    case 'patch': {
      const id = target(o.slot);
      if (!id) return { touched: null, note: 'patch: no customer yet' };
      const res = await request('PATCH', `/customers/${id}`, o.change);
      assert.equal(res.statusCode, 200, res.body);
      const rebuilds = Object.keys(o.change).some((k) => k !== 'firstName' && k !== 'email');
      return { touched: rebuilds ? id : null, note: `patch ${id} ${JSON.stringify(o.change)}` };
    }
    case 'sync': {
      const id = idOf(o.slot);
      const current = o.sameLocation && ids.has(id) ? (await request('GET', `/customers/${id}`)).json() : undefined;
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
      const res = await request('POST', '/customers/schedule/sync', body);
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
      const customer = (await request('GET', `/customers/${id}`)).json();
      const to = o.to === 'own' ? (customer.phoneNumber as string) : OTHER_NUMBERS[o.to]!;
      const body: Record<string, unknown> = {
        customerId: id,
        toPhoneNumber: to,
        timestamp: new Date(now.getTime() - o.agoMinutes * MINUTE).toISOString(),
        flags: o.flags,
        ...(o.direction ? { direction: o.direction } : {}),
        ...(o.outcome ? { outcome: o.outcome } : {}),
        ...(o.consented ? { consented: true } : {}),
        ...(o.consented && o.consentAgoMinutes !== null
          ? { consentGrantedAt: new Date(now.getTime() - (o.agoMinutes + o.consentAgoMinutes) * MINUTE).toISOString() }
          : {}),
        ...(o.callbackInMinutes === null ? {} : { callbackAt: new Date(now.getTime() + o.callbackInMinutes * MINUTE).toISOString() }),
      };
      const res = await request('POST', '/calls', body);
      if (o.flags.includes('CALLBACK_REQUEST') && o.callbackInMinutes === null) {
        // A callback request must say when: refused, nothing recorded.
        assert.equal(res.statusCode, 400, res.body);
        return { touched: null, note: `call ${id} refused (CALLBACK_REQUEST without callbackAt)` };
      }
      assert.equal(res.statusCode, 201, res.body);
      return { touched: id, note: `call ${id} ${JSON.stringify(body)}` };
    }
    case 'delete': {
      const id = target(o.slot);
      if (!id) return { touched: null, note: 'delete: no customer yet' };
      const res = await request('DELETE', `/customers/${id}`);
      assert.equal(res.statusCode, 204, res.body);
      ids.delete(id);
      return { touched: null, note: `delete ${id} (its calls and consent are kept)` };
    }
    case 'schedule': {
      const id = target(o.slot);
      if (!id) return { touched: null, note: `${o.action}: no customer yet` };
      const res = await request('POST', `/customers/${id}/schedule/${o.action}`);
      assert.equal(res.statusCode, 200, res.body);
      return { touched: id, note: `${o.action} the schedule of ${id} → ${res.json<{ tasksCreated: number }>().tasksCreated} tasks` };
    }
    case 'advance': {
      s.clock.now = new Date(now.getTime() + o.minutes * MINUTE);
      return { touched: null, note: `advance ${o.minutes} min → ${s.clock.now.toISOString()}` };
    }
  }
}

/**
 * Why calls to the customer are stopped (doNotCall, an operator's stop, a consumer's DNC on any
 * recorded call — which no later doNotCall: false undoes —, a stop flag, a wrong number on its own
 * number), or null.
 */
export function stopOf(
  customer: { doNotCall: boolean; phoneNumber: string | null; scheduleStoppedAt?: string },
  ledger: ReadonlyArray<{ flags: readonly string[]; to_phone_number: string }>,
) {
  const stopFlag = ledger.flatMap((c) => c.flags).find((f) => STOP_FLAGS.has(f as never));
  const wrongOwn = ledger.some((c) => c.flags.includes('WRONG_NUMBER') && c.to_phone_number === customer.phoneNumber);
  const revoked = ledger.some((c) => c.flags.includes('DNC'));
  if (customer.doNotCall) return 'doNotCall';
  if (customer.scheduleStoppedAt !== undefined) return 'an operator stopped the schedule';
  if (revoked) return 'the consumer asked not to be called (DNC on a recorded call)';
  return stopFlag ?? (wrongOwn ? 'WRONG_NUMBER on its own number' : null);
}

/** The schedule invariant's checks (a)–(c) for one customer (see invariant.test.ts). */
export async function checkCustomer(s: Session, id: string, touched: boolean): Promise<string[]> {
  const problems: string[] = [];
  const customer = (await s.t.request('GET', `/customers/${id}`, { key: s.key })).json<{
    phoneNumber: string | null;
    doNotCall: boolean;
    scheduleStoppedAt?: string;
  }>();
  const pending = await pendingOf(s.t, id, s.key);
  const ledger = await s.t.services.db
    .selectFrom('calls')
    .select(['flags', 'to_phone_number'])
    .where('company_id', '=', s.companyId)
    .where('customer_id', '=', id)
    .execute();
  // (a)
  for (const v of await customerViolations(s.t, id, s.companyId, s.key))
    problems.push(`(a) ${id}: task at ${new Date(v.task.at).toISOString()} is refused: ${v.reasons.join(' | ')}`);
  // (b)
  const stop = stopOf(customer, ledger);
  if (stop && pending.length > 0) problems.push(`(b) ${id}: ${pending.length} task(s) pending after ${stop}`);
  // (c)
  if (touched) {
    for (const task of pending) {
      if (Date.parse(task.scheduledFor) < s.clock.now.getTime())
        problems.push(`(c) ${id}: task at ${task.scheduledFor} is before now (${s.clock.now.toISOString()})`);
    }
  }
  for (const task of pending) {
    if (task.phoneNumber !== customer.phoneNumber)
      problems.push(`${id}: task at ${task.scheduledFor} dials ${task.phoneNumber}, not the customer's ${customer.phoneNumber}`);
  }
  return problems;
}
