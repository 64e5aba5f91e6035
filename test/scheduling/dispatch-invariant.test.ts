/**
 * The schedule invariant with dispatch running: the random API steps of invariant.test.ts mixed
 * with dispatcher rounds at the test clock (the company dials through the simulator, whose calls
 * last `callMs` of that clock), outcomes arriving (the clock passes a call's length, a round
 * reconciles it), a customer made doNotCall while a call is in flight, and pause/resume.
 *
 * The property: no call is ever placed outside what the engine allows at that instant. Every
 * `claimed` event of a task (at instant t) is checked against the customer and the ledger as they
 * stood when that round began — nothing else runs during a round, so that is the state at t:
 *
 *  (d) the compliance engine, called directly, allows the attempt at t and at every minute up to
 *      t + maxCallMinutes (the whole call fits in lawful time);
 *  (e) the customer was not stopped at t (doNotCall, a stop flag on a recorded call, a wrong number
 *      on its own number), the task dials the customer's number of that moment, and the company
 *      was not paused. (A doNotCall the lender lifts again through the API is the lender's word:
 *      it is the state at t that counts, not whether the customer was ever stopped.)
 *  (f) a claim happens only in a dispatcher round, and a call the simulator placed is recorded
 *      once its length has passed: after a round, no task dialled `callMs` or more ago is still in
 *      flight, and none is released as never dialled (the simulator keeps every call it placed).
 *
 * (a)–(c) of invariant.test.ts hold after every step as before; (c) also covers the customers a
 * round re-planned (an outcome recorded, a task moved at dial time).
 *
 * Each run has a company of its own (its dialer, its maxCallMinutes), paused when the run ends,
 * so earlier runs never share a claim round or a concurrency budget with later ones.
 * Reproduce a failure with FC_SEED=<seed> [FC_PATH=<path>] [FC_RUNS=n].
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate, evaluatePrepared, nextAllowedAtPrepared, prepare, type ContactEvent } from '../../src/compliance/index.ts';
import { Dispatcher } from '../../src/dispatcher.ts';
import { eventBodyContext } from '../../src/services/webhook-events.ts';
import type { TaskLifeEvent } from '../../src/store/schema.ts';
import { backends } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { customerFacts, ledgerOf, pendingOf } from '../helpers/plan-check.ts';
import {
  checkCustomer,
  createOp,
  enableMarketing,
  executeScheduleOp,
  MINUTE,
  runParameters,
  scheduleOps,
  slot,
  STARTS,
  stopOf,
  TASK_TYPES,
  type ScheduleOp,
  type Session,
  type TestClock,
} from '../helpers/schedule-steps.ts';

type DispatchOp =
  | ScheduleOp
  /** A dispatcher round at the current clock. */
  | { kind: 'round' }
  /** The clock moves to the earliest pending task (plus a little), then a round: claims on time. */
  | { kind: 'dueRound'; extraMinutes: number }
  /**
   * The clock moves to a little before a customer's lawful time next ends (a calling window
   * closing), then a round: a call that would not fit must not be dialled.
   */
  | { kind: 'closingRound'; slot: number; minutesBefore: number }
  /** The clock passes the simulator's call length, then a round reconciles the calls. */
  | { kind: 'outcomes' }
  /** PATCH doNotCall on a customer with a call in flight (any customer when none is). */
  | { kind: 'stopInFlight'; slot: number }
  | { kind: 'pause' }
  | { kind: 'resume' }
  /** The last step of every run (not generated): pause, let every call end, a round records them. */
  | { kind: 'drain' };

const op: fc.Arbitrary<DispatchOp> = fc.oneof(
  ...scheduleOps,
  { weight: 2, arbitrary: fc.constant({ kind: 'round' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('dueRound' as const), extraMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })) }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('closingRound' as const),
      slot,
      minutesBefore: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 70 })),
    }),
  },
  { weight: 4, arbitrary: fc.constant({ kind: 'outcomes' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stopInFlight' as const), slot }) },
  // Resumes outnumber pauses: most of a run dials.
  { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'resume' as const }) },
);

const scenario = fc.record({
  start: fc.constantFrom(...STARTS),
  startShiftMinutes: fc.integer({ min: 0, max: 24 * 60 }),
  /** How long a simulated call lasts, and the longest call the company allows (whole minutes). */
  callMinutes: fc.constantFrom(1, 4, 14),
  maxCallMinutes: fc.constantFrom(15, 60, 1),
  // A run starts with customers to dial.
  ops: fc.tuple(fc.array(createOp, { minLength: 1, maxLength: 3 }), fc.array(op, { minLength: 5, maxLength: 25 })).map(([first, rest]) => [...first, ...rest]),
});

const RUNS = runParameters(15);

interface TaskRow {
  id: string;
  customer_id: string;
  status: string;
  phone_number: string;
  loan_id: string | null;
  consented: boolean;
  consent_granted_at: Date | null;
  dispatched_at: Date | null;
  life: TaskLifeEvent[];
}

/** The state of the run's customers as a round begins: what the claims of that round must obey. */
interface RoundSnapshot {
  readonly at: number;
  readonly paused: boolean;
  readonly customers: Map<string, { customer: Record<string, unknown>; ledger: ContactEvent[]; stop: string | null }>;
}

for (const backend of backends) {
  describe(`dispatch invariant (${backend})`, () => {
    let t: TestApp;
    let dispatcher: Dispatcher;
    const clock: TestClock = { now: new Date(STARTS[0]!) };
    let run = 0;
    before(async () => {
      t = await startTestApp(backend, { clock: () => clock.now });
      // Driven by runOnce() only: never started, so no timer or notification claims behind the test's back.
      dispatcher = new Dispatcher(t.services.dispatch, t.services.providerWebhooks, t.services.database, { warn: () => {} });
    });
    after(() => t.close());

    async function tasksOfCompany(companyId: string): Promise<TaskRow[]> {
      return t.services.db
        .selectFrom('call_tasks')
        .select(['id', 'customer_id', 'status', 'phone_number', 'loan_id', 'consented', 'consent_granted_at', 'dispatched_at', 'life'])
        .where('company_id', '=', companyId)
        .execute();
    }

    async function snapshot(s: Session, ids: ReadonlySet<string>): Promise<RoundSnapshot> {
      const customers: RoundSnapshot['customers'] = new Map();
      for (const id of ids) {
        const customer = (await t.request('GET', `/customers/${id}`, { key: s.key })).json<Record<string, unknown>>();
        const ledger = await ledgerOf(t, s.companyId, id);
        const flags = await t.services.db
          .selectFrom('calls')
          .select(['flags', 'to_phone_number'])
          .where('company_id', '=', s.companyId)
          .where('customer_id', '=', id)
          .execute();
        customers.set(id, { customer, ledger, stop: stopOf(customer as { doNotCall: boolean; phoneNumber: string | null }, flags) });
      }
      const status = await t.request('GET', '/dispatch', { key: s.key });
      assert.equal(status.statusCode, 200, status.body);
      return { at: s.clock.now.getTime(), paused: status.json<{ paused: boolean }>().paused, customers };
    }

    /**
     * Where the lawful stretch ends in which the customer's first pending task comes due (the
     * stretch at or after the task's time): the task is due by then. Null without a task or a stretch.
     */
    async function lawfulTimeEnds(s: Session, id: string): Promise<number | null> {
      const [first] = await pendingOf(t, id, s.key);
      if (!first) return null;
      const customer = (await t.request('GET', `/customers/${id}`, { key: s.key })).json<Record<string, unknown>>();
      const { facts, policy } = await customerFacts(t, s.companyId, customer);
      const prepared = prepare({ ...facts, loanId: first.loanId, consented: false, history: await ledgerOf(t, s.companyId, id) }, policy);
      const from = nextAllowedAtPrepared(prepared, Math.max(s.clock.now.getTime(), Date.parse(first.scheduledFor)), 3 * 24 * 60 * MINUTE);
      if (from === null) return null;
      // Minute by minute with the plain evaluation, like the oracle of (d).
      for (let at = from + MINUTE; at <= from + 24 * 60 * MINUTE; at += MINUTE) if (!evaluatePrepared(prepared, at).allowed) return at;
      return null;
    }

    /**
     * Runs one dispatch step: moves the clock (forward only) and says whether a round follows.
     * The schedule steps go to executeScheduleOp.
     */
    async function execute(
      s: Session,
      prefix: string,
      o: DispatchOp,
      ids: Set<string>,
      callMs: number,
    ): Promise<{ note: string; touched: string | null; round: boolean }> {
      const moveTo = (at: number) => {
        if (at > s.clock.now.getTime()) s.clock.now = new Date(at);
      };
      switch (o.kind) {
        case 'round':
          return { note: 'round', touched: null, round: true };
        case 'dueRound': {
          const due = await t.services.db
            .selectFrom('call_tasks')
            .select((eb) => eb.fn.min('scheduled_for').as('first'))
            .where('company_id', '=', s.companyId)
            .where('status', '=', 'scheduled')
            .executeTakeFirst();
          if (due?.first) moveTo(new Date(due.first).getTime() + o.extraMinutes * MINUTE);
          return { note: `round at the first due task + ${o.extraMinutes} min`, touched: null, round: true };
        }
        case 'closingRound': {
          const id = [...ids][o.slot % ids.size]!;
          const closing = await lawfulTimeEnds(s, id);
          if (closing !== null) moveTo(closing - o.minutesBefore * MINUTE);
          return { note: `round ${o.minutesBefore} min before ${id}'s lawful time ends`, touched: null, round: true };
        }
        case 'outcomes':
          moveTo(s.clock.now.getTime() + callMs);
          return { note: `advance ${callMs / MINUTE} min, round`, touched: null, round: true };
        case 'stopInFlight': {
          const inFlight = (await tasksOfCompany(s.companyId)).filter((task) => task.status === 'dispatched').map((task) => task.customer_id);
          const pool = inFlight.length > 0 ? inFlight : [...ids];
          const id = pool[o.slot % pool.length]!;
          const res = await t.request('PATCH', `/customers/${id}`, { key: s.key, body: { doNotCall: true } });
          assert.equal(res.statusCode, 200, res.body);
          return { note: `patch ${id} doNotCall${inFlight.includes(id) ? ' (call in flight)' : ''}`, touched: id, round: false };
        }
        case 'pause':
        case 'resume': {
          const res = await t.request('POST', `/dispatch/${o.kind}`, { key: s.key });
          assert.equal(res.statusCode, 200, res.body);
          return { note: o.kind, touched: null, round: false };
        }
        case 'drain': {
          const res = await t.request('POST', '/dispatch/pause', { key: s.key });
          assert.equal(res.statusCode, 200, res.body);
          moveTo(s.clock.now.getTime() + callMs);
          return { note: `drain: pause, advance ${callMs / MINUTE} min, round`, touched: null, round: true };
        }
        case 'create':
        case 'patch':
        case 'sync':
        case 'call':
        case 'advance':
        case 'delete':
        case 'schedule':
          return { ...(await executeScheduleOp(s, prefix, o, ids)), round: false };
      }
    }

    /** (d) and (e) for one claim at `at`; `round`: the snapshot of the round of this step, if it had one. */
    async function claimProblems(s: Session, task: TaskRow, at: number, round: RoundSnapshot | null, maxCallMinutes: number): Promise<string[]> {
      const where = `${task.customer_id}: task ${task.id} claimed at ${new Date(at).toISOString()}`;
      if (!round || round.at !== at) return [`(f) ${where}, outside a dispatcher round`];
      if (round.paused) return [`(e) ${where} while the company was paused`];
      const state = round.customers.get(task.customer_id);
      if (!state) return [`(e) ${where}: not a customer of the run`];
      if (state.stop) return [`(e) ${where} after ${state.stop}`];
      const problems: string[] = [];
      if (task.phone_number !== state.customer.phoneNumber)
        problems.push(`(e) ${where} dials ${task.phone_number}, not the customer's ${String(state.customer.phoneNumber)}`);
      const { facts, policy } = await customerFacts(t, s.companyId, state.customer);
      const attempt = {
        ...facts,
        loanId: task.loan_id,
        consented: task.consented,
        consentGrantedAt: task.consent_granted_at?.getTime() ?? null,
        history: state.ledger,
      };
      const evaluation = evaluate(attempt, at, policy);
      if (!evaluation.allowed) problems.push(`(d) ${where} is refused by the engine: ${evaluation.reasons.map((r) => `${r.code}: ${r.detail}`).join(' | ')}`);
      // The whole call: every minute of it, and its last millisecond, lawful. Rules change on whole
      // local minutes and claims happen on whole minutes, so this is exact. (Not asked of
      // nextDisallowedAtPrepared: the dial-time check uses it, and an oracle that shares the code
      // under test cannot see its mistakes.)
      const instants = [...Array.from({ length: maxCallMinutes }, (_, k) => at + k * MINUTE), at + maxCallMinutes * MINUTE - 1];
      const ends = instants.find((instant) => !evaluate(attempt, instant, policy).allowed);
      if (ends !== undefined) problems.push(`(d) ${where}: not lawful at ${new Date(ends).toISOString()}, before a ${maxCallMinutes}-minute call would end`);
      return problems;
    }

    it('every claimed call was lawful for its whole length at the instant it was claimed', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ start, startShiftMinutes, callMinutes, maxCallMinutes, ops }) => {
          run++;
          const prefix = `r${run}`;
          clock.now = new Date(Date.parse(start) + startShiftMinutes * MINUTE);
          const company = await t.services.companies.createCompany(`Lender ${prefix}`, { taskTypes: TASK_TYPES });
          await enableMarketing(t, company.id);
          const s: Session = { t, companyId: company.id, key: (await t.services.companies.createApiKey(company.id)).secret, clock };
          const callMs = callMinutes * MINUTE;
          await t.services.dialers.configure(company.id, { kind: 'simulator', callMs });
          await t.services.settings.updateDispatch(company.id, { maxCallMinutes });
          const ids = new Set<string>();
          /** How many of each task's life events earlier steps have looked at. */
          const seen = new Map<string, number>();
          const log: string[] = [`start ${clock.now.toISOString()}, calls last ${callMinutes} min, maxCallMinutes ${maxCallMinutes}`];
          try {
            for (const [i, o] of [...ops, { kind: 'drain' as const }].entries()) {
              const step = await execute(s, prefix, o, ids, callMs);
              let round: RoundSnapshot | null = null;
              if (step.round) {
                round = await snapshot(s, ids);
                await dispatcher.runOnce();
              }
              const touched = new Set(step.touched ? [step.touched] : []);

              // The step's new life events: claims to check, customers a round re-planned.
              const problems: string[] = [];
              const counts = new Map<string, number>();
              const tasks = await tasksOfCompany(s.companyId);
              for (const task of tasks) {
                for (const event of task.life.slice(seen.get(task.id) ?? 0)) {
                  counts.set(event.event, (counts.get(event.event) ?? 0) + 1);
                  if (event.event === 'claimed') problems.push(...(await claimProblems(s, task, Date.parse(event.at), round, maxCallMinutes)));
                  if (event.event === 'completed' || event.event === 'moved') touched.add(task.customer_id);
                  if (event.event === 'released' || event.event === 'not dialled')
                    problems.push(`(f) ${task.customer_id}: task ${task.id} ${event.event}: ${event.detail ?? ''} (the simulator keeps every call it placed)`);
                }
                seen.set(task.id, task.life.length);
              }
              // (f) Outcomes arrive: after a round, no call whose length has passed is still in flight.
              if (round) {
                for (const task of tasks) {
                  if (task.status === 'dispatched' && new Date(task.dispatched_at!).getTime() + callMs <= clock.now.getTime())
                    problems.push(`(f) ${task.customer_id}: task ${task.id} dialled at ${new Date(task.dispatched_at!).toISOString()} is still in flight`);
                }
              }
              const events = [...counts].map(([event, n]) => `${event} ×${n}`).join(', ');
              log.push(`${i + 1}. ${step.note}${round ? ` at ${clock.now.toISOString()}` : ''}${events ? ` {${events}}` : ''}`);
              for (const id of ids) problems.push(...(await checkCustomer(s, id, touched.has(id))));
              if (problems.length > 0) throw new Error(`after step ${i + 1}:\n${problems.join('\n')}\n--- steps ---\n${log.join('\n')}`);
            }
          } finally {
            // Whatever happened, this company dials no more: later runs' rounds never claim its tasks.
            await t.services.dispatch.pause(s.companyId, 'cli');
          }
          // Every simulated call reached the ledger once, at the instant it was claimed.
          const calls = await t.services.db.selectFrom('calls').select(['task_id', 'occurred_at']).where('company_id', '=', s.companyId).execute();
          for (const task of await tasksOfCompany(s.companyId)) {
            const dialled = task.life.filter((e) => e.event === 'dialled').length;
            const recorded = calls.filter((c) => c.task_id === task.id);
            assert.equal(recorded.length, dialled, `${task.id}: ${dialled} call(s) dialled, ${recorded.length} recorded\n${log.join('\n')}`);
            if (recorded[0])
              assert.equal(new Date(recorded[0].occurred_at).getTime(), new Date(task.dispatched_at!).getTime(), `${task.id}: recorded at its claim`);
          }
          // The lender was told of every call and of every attempt the dial-time check held back,
          // once each (the outbox is written in the same transactions).
          const told = await webhookEventsOf(t, s.companyId);
          assert.equal(told.filter((e) => e.type === 'call.completed').length, calls.length, `call.completed per call\n${log.join('\n')}`);
          // A rebuild deletes pending tasks (their events stay): compare the tasks that are still there.
          const remaining = await tasksOfCompany(s.companyId);
          const heldBack = remaining.flatMap((task) =>
            task.life
              .filter((e) => (e.event === 'moved' && (e.detail ?? '').startsWith('not lawful at dial time')) || e.event === 'skipped')
              .map((e) => `${task.id} ${e.event === 'moved' ? 'moved' : 'skipped'}`),
          );
          const stillThere = new Set(remaining.map((task) => task.id));
          const skippedEvents = told
            .filter((e) => e.type === 'task.skipped' && stillThere.has(String(e.data.taskId)))
            .map((e) => `${String(e.data.taskId)} ${String(e.data.action)}`);
          assert.deepEqual(skippedEvents.sort(), heldBack.sort(), `task.skipped per dial-time move or skip\n${log.join('\n')}`);
        }),
        RUNS,
      );
    });
  });
}

/** A company's lender webhook events, opened, oldest first. */
async function webhookEventsOf(t: TestApp, companyId: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const rows = await t.services.db.selectFrom('webhook_events').select(['id', 'body_enc']).where('company_id', '=', companyId).orderBy('seq').execute();
  return rows.map(
    (row) => JSON.parse(t.services.keyring.decrypt(row.body_enc, eventBodyContext(companyId, row.id))) as { type: string; data: Record<string, unknown> },
  );
}
