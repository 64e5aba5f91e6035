/**
 * kill -9 of dispatchers mid-dial (issue: dispatch, item 7). Three `callwise dispatcher` processes
 * share one PostgreSQL and place calls through the Retell fake, which answers create-call late (the
 * `delay` fault), so a process killed right after a create-call reached the fake dies with the dial
 * in flight: the fake still places that call, and nobody in Callwise heard of it. Processes are
 * killed (one or two at a time, several rounds) and restarted while the others keep dialling; the
 * test plays the borrowers (ends each call after a while) and Retell's webhooks. Webhooks are sent
 * only for calls whose task knows its provider call id, so a call whose dispatcher died before
 * recording it reaches Callwise only by reconciliation (list-calls by task id).
 *
 * Proven, from the fake's own record and the database after the run settles:
 * 1. no task ever had two calls accepted by the provider (a released and re-dialled task had none);
 * 2. no borrower ever had two calls in progress at once;
 * 3. every call the provider accepted is recorded exactly once in `calls`, under its task;
 * 4. no task is left dispatched, and no due task is left undialled;
 * and that the run exercised what it claims: dials orphaned by a kill and found by reconciliation
 * (never released), and dials the provider never took, released only after it said so.
 *
 * Customers are created through the service, so their plans are real, in zones where calling is
 * lawful now (the dispatchers run on the real clock and re-check at dial time); their first attempt
 * is then made due now (and, for one in four, the second too, so two due tasks of one borrower
 * compete across processes). From about 10:50 to 12:00 UTC (and 06:45–22:00 UTC on Sundays) no US zone is in calling hours: skipped.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Keyring } from '../../src/security/encryption.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { TaskLifeEvent } from '../../src/store/schema.ts';
import { customerBody } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { childEnv, REPO_ROOT } from '../helpers/process.ts';
import { lawfulPlaces, type Place } from '../helpers/lawful-places.ts';
import { startRetellFake, type RetellCallEnd, type RetellFake } from '../fakes/retell-fake.ts';

const skip = !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)';

const CUSTOMERS = 200;
const DISPATCHERS = 3;
/** The company's Retell concurrency: small enough that the work lasts through several kill rounds. */
const CONCURRENCY = 25;
/** create-call is answered this late: a kill right after a request arrives lands mid-dial. */
const CREATE_DELAY_MS = 250;
/**
 * Dispatch timings of the processes, in seconds instead of minutes. The lease must outlast a dial
 * (the dial timeout) with room for a busy machine: a lease that ran out while its own dial is
 * still on the wire would be reconciled too early, a false double dial.
 */
const LEASE_MS = 6_000;
const DIAL_TIMEOUT_MS = 2_000;
const RECONCILE_RETRY_MS = 500;
const POLL_MS = 200;
/** Kill rounds: at least this many, more (up to the maximum) until a kill has orphaned a dial. */
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 8;
/**
 * The whole run, kills and settling, gives up after this: a hang fails rather than blocks. It took
 * 30–45 s on two cores shared with other suites; most of it is dispatchers starting.
 */
const RUN_LIMIT_MS = 75_000;
/** Calling must stay lawful this long from the start in the chosen zones. */
const LAWFUL_MARGIN_MS = 5 * 60_000;

const CREATE_CALL = '/v2/create-phone-call';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A `callwise dispatcher` child process that can be killed and started again. */
class DispatcherProcess {
  readonly name: string;
  readonly #env: NodeJS.ProcessEnv;
  #child: ChildProcess | undefined;
  #exited: Promise<unknown> = Promise.resolve();
  /** Started and not killed since. */
  running = false;
  /** stderr of every life of this process (round failures are logged there). */
  stderr = '';

  constructor(name: string, env: NodeJS.ProcessEnv) {
    this.name = name;
    this.#env = env;
  }

  /** Spawns it and waits until it says it runs (it has migrated and checked the key by then). */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/callwise.js'), 'dispatcher', '--poll-ms', String(POLL_MS)], {
      cwd: REPO_ROOT,
      env: this.#env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', resolve));
    child.stderr.on('data', (chunk) => (this.stderr += String(chunk)));
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start: ${stdout} ${this.stderr}`)), 30_000);
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        if (stdout.includes('dispatcher running')) {
          clearTimeout(timer);
          this.running = true;
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited with ${code} before it ran: ${this.stderr}`));
      });
    });
  }

  async kill9(): Promise<void> {
    this.running = false;
    if (this.#child?.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    await this.#exited;
  }
}

/** What the test saw of one call the fake accepted. */
interface SeenCall {
  readonly callId: string;
  readonly taskId: string;
  readonly customerId: string;
  readonly endAt: number;
  /** The borrower answered (one call in four); the rest ring out. */
  readonly connected: boolean;
  ended: boolean;
  /** The webhook was sent, or the task was found recorded without one (reconciliation did it). */
  settled: 'webhook' | 'without webhook' | null;
}

/** The calls of one task's life, split into attempts: each starts at a `claimed` event. */
function attemptsOf(life: readonly TaskLifeEvent[]): Array<string[]> {
  const attempts: Array<string[]> = [];
  for (const event of life) {
    if (event.event === 'claimed') attempts.push([]);
    attempts.at(-1)?.push(event.event);
  }
  return attempts;
}

/** The dispatcher that claimed this attempt never recorded the provider's answer to its dial. */
const DIAL_ANSWERS = new Set(['dialled', 'refused', 'unanswered']);
const orphaned = (attempt: readonly string[]) =>
  attempt.includes('reconciling') && !attempt.slice(0, attempt.indexOf('reconciling')).some((e) => DIAL_ANSWERS.has(e));

describe('kill -9 of dispatchers mid-dial (postgres)', { skip }, () => {
  let database: TestDatabase;
  let services: Services;
  let fake: RetellFake;
  const dispatchers: DispatcherProcess[] = [];

  before(async () => {
    database = await createTestDatabase('postgres', { poolSize: 4 });
    const key = Keyring.generateKey();
    services = createServices(database.handle, Keyring.parse(key));
    fake = await startRetellFake();
    const env = childEnv({
      DATABASE_URL: database.url!,
      CALLWISE_ENCRYPTION_KEY: key,
      DATABASE_POOL_SIZE: '4',
      DISPATCH_LEASE_MS: String(LEASE_MS),
      DISPATCH_DIAL_TIMEOUT_MS: String(DIAL_TIMEOUT_MS),
      DISPATCH_RECONCILE_RETRY_MS: String(RECONCILE_RETRY_MS),
    });
    for (let i = 0; i < DISPATCHERS; i++) dispatchers.push(new DispatcherProcess(`dispatcher ${i + 1}`, env));
  });
  after(async () => {
    await Promise.all(dispatchers.map((d) => d.kill9()));
    await fake?.close();
    await database?.drop();
  });

  it('never dials a borrower twice for one attempt, and records every placed call once', async (t) => {
    const company = await services.companies.createCompany('Crash Lender', { taskTypes: ['collections'] });
    const companyId = company.id;
    // Sundays and holidays would leave whole days without a lawful zone; the hours still apply.
    await services.settings.updateCompliance(companyId, { policy: { blockSundays: false, blockHolidays: false } });
    await services.dialers.configure(companyId, {
      kind: 'retell',
      apiKey: fake.apiKey,
      fromNumber: '+13035550100',
      baseUrl: fake.baseUrl,
      concurrency: CONCURRENCY,
    });

    const places = await lawfulPlacesFor(services, companyId);
    if (places.length === 0) {
      t.skip(
        'no US zone is in calling hours now (about 10:50–12:00 UTC, and 06:45–22:00 UTC on Sundays): the dispatchers re-check at dial time on the real clock',
      );
      return;
    }

    // Customers through the service: each gets its real plan.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let n = next++; n < CUSTOMERS; n = next++) {
          const place = places[n % places.length]!;
          const body = customerBody({
            id: `borrower-${n}`,
            phoneNumber: `+1${place.areaCode}555${String(2000 + n).padStart(4, '0')}`,
            timezone: place.timezone,
            state: place.state,
            zipCode: place.zipCode,
            city: place.city,
          });
          await services.customers.create(companyId, { body, schemaErrors: [] });
        }
      }),
    );
    // The first attempt of every customer is due now; one customer in four has its second too.
    const pending = await services.db
      .selectFrom('call_tasks')
      .select(['id', 'customer_id'])
      .where('company_id', '=', companyId)
      .where('status', '=', 'scheduled')
      .orderBy('customer_id')
      .orderBy('scheduled_for')
      .execute();
    const dueIds: string[] = [];
    const rank = new Map<string, number>();
    for (const task of pending) {
      const r = rank.get(task.customer_id) ?? 0;
      rank.set(task.customer_id, r + 1);
      if (r === 0 || (r === 1 && Number(task.customer_id.split('-')[1]) % 4 === 0)) dueIds.push(task.id);
    }
    const startedAt = new Date();
    await services.db.updateTable('call_tasks').set({ scheduled_for: startedAt }).where('company_id', '=', companyId).where('id', 'in', dueIds).execute();

    // A few create-calls are cut off before Retell takes them (no call placed, no answer): those
    // tasks must be released, on the provider's word, and dialled again. Every other is late.
    fake.inject({ match: CREATE_CALL, fault: { type: 'reset' }, times: 3 });
    fake.inject({ match: CREATE_CALL, fault: { type: 'delay', ms: CREATE_DELAY_MS } });

    const seen = new Map<string, SeenCall>();
    const overlaps: string[] = [];
    const webhookErrors: string[] = [];
    let driving = true;
    const driver = driveCalls();

    /** Plays the borrowers and Retell: watches new calls, ends them, sends their webhooks. */
    async function driveCalls(): Promise<void> {
      while (driving) {
        for (const [callId, call] of fake.calls) {
          if (seen.has(callId)) continue;
          const metadata = call.metadata as Record<string, string>;
          const customerId = metadata.callwise_customer_id!;
          // Calls are only ever ended below, after this check: a live call of the same borrower
          // here was in progress when this one was placed.
          const live = [...seen.values()].filter((c) => c.customerId === customerId && !c.ended);
          if (live.length > 0) overlaps.push(`${customerId}: ${callId} placed while ${live.map((c) => c.callId).join(', ')} in progress`);
          seen.set(callId, {
            callId,
            taskId: metadata.callwise_task_id!,
            customerId,
            endAt: Date.now() + 100 + Math.random() * 700,
            connected: Math.random() < 0.25,
            ended: false,
            settled: null,
          });
        }
        for (const call of seen.values()) {
          if (call.ended || call.endAt > Date.now()) continue;
          fake.endCall(call.callId, endingOf(call));
          call.ended = true;
        }
        const waiting = [...seen.values()].filter((c) => c.ended && c.settled === null);
        if (waiting.length > 0) {
          const tasks = await services.db
            .selectFrom('call_tasks')
            .select(['id', 'status', 'provider_call_id'])
            .where('company_id', '=', companyId)
            .where(
              'id',
              'in',
              waiting.map((c) => c.taskId),
            )
            .execute();
          const byId = new Map(tasks.map((row) => [row.id, row]));
          for (const call of waiting) {
            const task = byId.get(call.taskId);
            if (task && task.status !== 'dispatched') call.settled = 'without webhook';
            else if (task?.provider_call_id === call.callId) {
              await deliverWebhook(call);
              call.settled = 'webhook';
            }
          }
        }
        await sleep(50);
      }
    }

    async function deliverWebhook(call: SeenCall): Promise<void> {
      // A connected call is final once analysed; one that rang out, as soon as it ends.
      const rawBody = fake.webhookBody(call.connected ? 'call_analyzed' : 'call_ended', call.callId);
      try {
        await services.providerWebhooks.receive('retell', {
          rawBody,
          headers: { 'content-type': 'application/json', 'x-retell-signature': fake.sign(rawBody) },
          url: 'http://127.0.0.1/webhooks/providers/retell',
        });
      } catch (error) {
        webhookErrors.push(`${call.callId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    const deadline = Date.now() + RUN_LIMIT_MS;
    const countTasks = async (due: boolean) => {
      let query = services.db
        .selectFrom('call_tasks')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('company_id', '=', companyId);
      query = due ? query.where('status', '=', 'scheduled').where('scheduled_for', '<=', new Date()) : query.where('status', '=', 'dispatched');
      return Number((await query.executeTakeFirstOrThrow()).n);
    };
    const dispatched = () => countTasks(false);
    const due = () => countTasks(true);
    /** Resolves true as soon as a create-call reaches the fake; false when nothing is left to dial. */
    const nextCreateCall = async (): Promise<boolean> => {
      const before = fake.count(CREATE_CALL);
      for (let i = 1; Date.now() < deadline; i++) {
        if (fake.count(CREATE_CALL) > before) return true;
        if (i % 20 === 0 && (await due()) + (await dispatched()) === 0) return false;
        await sleep(5);
      }
      return false;
    };
    /** Dials placed but never recorded by their (killed) dispatcher, found by reconciliation. */
    const orphansFound = async () => {
      const rows = await services.db.selectFrom('call_tasks').select(['id', 'life']).where('company_id', '=', companyId).execute();
      const called = new Set([...seen.values()].map((c) => c.taskId));
      return rows.filter((row) => called.has(row.id) && orphaned(attemptsOf(row.life).at(-1) ?? [])).length;
    };

    try {
      await Promise.all(dispatchers.map((d) => d.start()));

      // Rounds: kill one or two running dispatchers as a create-call arrives; they come back in
      // the background (a start takes seconds) while the others keep dialling.
      let rounds = 0;
      let killed = 0;
      const restarts: Array<Promise<unknown>> = [];
      while (rounds < MAX_ROUNDS && (rounds < MIN_ROUNDS || (await orphansFound()) === 0) && (await nextCreateCall())) {
        const running = dispatchers.filter((d) => d.running).sort(() => Math.random() - 0.5);
        // One or two, never the last one running: the others carry on while the victims restart.
        const victims = running.slice(0, Math.min(running.length - 1, Math.random() < 0.5 ? 1 : 2));
        if (victims.length === 0) {
          await sleep(100);
          continue;
        }
        await Promise.all(victims.map((d) => d.kill9()));
        killed += victims.length;
        rounds++;
        restarts.push(
          ...victims.map(async (d) => {
            await sleep(Math.random() * 500);
            await d.start();
          }),
        );
        await sleep(300 + Math.random() * 700);
      }

      // Settle: nothing dispatched, nothing due, every call ended and accounted for. The
      // dispatchers still starting join in when they are up.
      for (;;) {
        const settled = [...seen.values()].every((c) => c.settled !== null) && (await dispatched()) === 0 && (await due()) === 0;
        if (settled) break;
        if (Date.now() > deadline) {
          assert.fail(
            `not settled after ${RUN_LIMIT_MS} ms: ${await dispatched()} dispatched, ${await due()} due, ` +
              `${[...seen.values()].filter((c) => c.settled === null).length} calls unaccounted; ${dispatchers.map((d) => d.stderr.slice(-1_000)).join(' ')}`,
          );
        }
        await sleep(100);
      }
      driving = false;
      await driver;
      await Promise.all(restarts);

      // (1) At most one accepted create-call per task.
      const callsByTask = new Map<string, string[]>();
      for (const call of seen.values()) callsByTask.set(call.taskId, [...(callsByTask.get(call.taskId) ?? []), call.callId]);
      const doubled = [...callsByTask].filter(([, calls]) => calls.length > 1).map(([task, calls]) => `${task}: ${calls.join(', ')}`);
      assert.deepEqual(doubled, [], 'a task the provider accepted a call for was dialled again');
      assert.equal(seen.size, fake.calls.size);

      // (2) One call in progress per borrower.
      assert.deepEqual(overlaps, [], 'a borrower had two calls in progress at once');

      // (3) Every accepted call recorded once, under its task; nothing recorded that was not placed.
      const recorded = await services.db
        .selectFrom('calls')
        .select(['task_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('company_id', '=', companyId)
        .where('task_id', 'is not', null)
        .groupBy('task_id')
        .execute();
      const recordedByTask = new Map(recorded.map((r) => [r.task_id!, Number(r.n)]));
      const unrecorded = [...callsByTask.keys()].filter((task) => recordedByTask.get(task) !== 1);
      assert.deepEqual(unrecorded, [], 'calls the provider placed that are not recorded exactly once');
      assert.deepEqual([...recordedByTask.keys()].sort(), [...callsByTask.keys()].sort(), 'every recorded call is one the provider placed');
      assert.deepEqual(webhookErrors, []);

      // (4) Nothing left dispatched; every attempt due at the start was dialled, moved or skipped at
      // dial time (the second due attempt of a borrower just called is too close), or cancelled.
      assert.equal(await dispatched(), 0);
      const tasks = await services.db.selectFrom('call_tasks').selectAll().where('company_id', '=', companyId).where('id', 'in', dueIds).execute();
      const outcomes = new Map<string, number>();
      for (const task of tasks) {
        const outcome = task.status === 'completed' ? 'completed' : task.status === 'scheduled' && task.scheduled_for > startedAt ? 'moved' : task.status;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (task.status === 'completed') assert.equal(recordedByTask.get(task.id), 1, `task ${task.id} completed with its call recorded`);
      }
      assert.deepEqual(
        [...outcomes.keys()].filter((o) => !['completed', 'moved', 'skipped', 'cancelled'].includes(o)),
        [],
        'every due attempt ended dialled, moved or skipped at dial time, or cancelled by a re-plan',
      );

      // What the run exercised, from the tasks' own histories.
      let orphans = 0;
      let released = 0;
      for (const task of await services.db.selectFrom('call_tasks').select(['id', 'life']).where('company_id', '=', companyId).execute()) {
        // A task's call, if it has one, belongs to its last attempt: an earlier one that had a call
        // and was dialled again would show as two calls above.
        const attempts = attemptsOf(task.life);
        for (const attempt of attempts) {
          if (orphaned(attempt) && attempt === attempts.at(-1) && callsByTask.has(task.id)) {
            orphans++;
            // Found by asking the provider: the attempt was never released to be dialled again.
            assert.ok(!attempt.includes('released'), `task ${task.id}: its placed call was lost to a kill, yet the task was released: ${attempt.join(' → ')}`);
          }
          if (attempt.includes('released')) {
            released++;
            const asked = attempt.indexOf('reconciling');
            assert.ok(asked >= 0 && asked < attempt.indexOf('released'), `task ${task.id}: released without asking the provider: ${attempt.join(' → ')}`);
          }
        }
      }
      const reconciledOnly = [...seen.values()].filter((c) => c.settled === 'without webhook').length;
      assert.ok(orphans > 0, `no kill landed mid-dial in ${rounds} rounds: the run proved nothing about orphaned dials`);
      assert.ok(released > 0, 'no cut-off create-call was released and dialled again');
      t.diagnostic(
        `dispatch crash: ${killed} kills in ${rounds} rounds; ${fake.count(CREATE_CALL)} create-calls, ${seen.size} placed, ` +
          `${orphans} orphaned by a kill and found by reconciliation, ${released} released on the provider's word and re-dialled, ` +
          `${reconciledOnly} recorded without a webhook; due attempts: ${JSON.stringify(Object.fromEntries(outcomes))}`,
      );
    } finally {
      driving = false;
      await driver.catch(() => {});
    }
  });
});

/** A call that rang out, or a conversation with Retell's post-call analysis. */
function endingOf(call: SeenCall): RetellCallEnd {
  return call.connected
    ? { disconnection_reason: 'user_hangup', analysis: { call_summary: 'The borrower will pay on Friday.', custom_analysis_data: {} } }
    : { disconnection_reason: 'dial_no_answer' };
}

/** The places where a call may be dialled now and for the whole run, by the company's own settings. */
async function lawfulPlacesFor(services: Services, companyId: string): Promise<Place[]> {
  const settings = await services.settings.compliance(companyId);
  const maxCallMs = (await services.settings.dispatch(companyId)).maxCallMinutes * 60_000;
  return lawfulPlaces({
    marginMs: LAWFUL_MARGIN_MS,
    maxCallMs,
    policy: settings.policy,
    tcpaConsent: settings.assumeTcpaConsent,
    lineType: settings.defaultLineType,
  });
}
