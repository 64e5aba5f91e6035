/**
 * The whole dispatch loop through the HTTP server, against each provider fake and the simulator:
 * a customer is created through the API, a dispatcher round claims and dials its first attempt,
 * the fake ends the call with a native outcome and posts its signed webhook to the listening
 * server, and the call, the task and the plan are read back through the API. Also per provider:
 * forged webhooks, redeliveries, stop requests found by the post-call extraction, a borrower who
 * becomes do-not-call between planning and dialling, and test customers. Then the pull API and
 * pausing.
 *
 * The app runs on a fixed clock (a Wednesday, 07:00 in Los Angeles when customers are created,
 * then moved to their first attempt at 10:00), so every plan is reproducible. It is years ahead
 * of the wall clock on purpose: the Twilio connector bounds TimeLimit with the real clock, and a
 * call window already closed by it would not be placed. Webhook signatures are stamped on the
 * app's clock, and fakes that stamp call start times with the wall clock are told the app's time.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { agentVariables, type AgentContext } from '../../src/dispatch/agent-context.ts';
import { sql } from 'kysely';
import { Dispatcher } from '../../src/dispatcher.ts';
import { eventBodyContext } from '../../src/services/webhook-events.ts';
import { startRetellFake, type RetellFake } from '../fakes/retell-fake.ts';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.ts';
import { startVapiFake, type VapiFake } from '../fakes/vapi-fake.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { backends, type Backend } from '../helpers/database.ts';
import { customerViolations, tasksOf, type ApiTask } from '../helpers/plan-check.ts';
import { freePort } from '../helpers/process.ts';

/** Wednesday 2036-03-12, 07:00 in Los Angeles (PDT); the first attempt is planned for 10:00. */
const CREATED_AT = new Date('2036-03-12T14:00:00Z');
const SEVEN_DAYS_MS = 7 * 86_400_000;

/** The PostgreSQL server when one is given (what a deployment with providers runs on), else PGlite. */
const providerBackend: Backend = backends.includes('postgres') ? 'postgres' : 'pglite';

interface Task extends ApiTask {
  attempts: number;
  provider?: string;
  providerCallId?: string;
  leaseUntil?: string;
  callId?: string;
  life: Array<{ at: string; event: string; detail?: string }>;
}

interface Call {
  id: string;
  taskId?: string;
  outcome: string;
  flags: string[];
  timestamp: string;
  durationSeconds?: number;
  summarization?: string;
}

/** An app on a settable clock, listening on loopback so that fakes can post webhooks to it. */
class Loop {
  readonly #clock: { now: Date };
  readonly t: TestApp;
  readonly publicUrl: string;
  readonly dispatcher: Dispatcher;
  readonly #customers: Array<{ id: string; key: string }> = [];
  /** What the dispatcher logged as warnings. */
  readonly warnings: Array<{ obj: object; msg?: string }> = [];

  private constructor(t: TestApp, publicUrl: string, clock: { now: Date }) {
    this.#clock = clock;
    this.t = t;
    this.publicUrl = publicUrl;
    this.dispatcher = new Dispatcher(t.services.dispatch, t.services.providerWebhooks, t.services.database, {
      warn: (obj, msg) => this.warnings.push({ obj, msg }),
    });
  }

  static async start(backend: Backend): Promise<Loop> {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const clock = { now: CREATED_AT };
    const t = await startTestApp(backend, { clock: () => clock.now, publicUrl });
    await t.app.listen({ port, host: '127.0.0.1' });
    return new Loop(t, publicUrl, clock);
  }

  get now(): Date {
    return this.#clock.now;
  }

  set now(at: Date) {
    this.#clock.now = at;
  }

  /** A customer created now through the API; its first attempt is returned. */
  async customer(id: string, phoneNumber: string, extra: Record<string, unknown> = {}, key = this.t.apiKey): Promise<Task> {
    this.now = CREATED_AT;
    const res = await this.t.request('POST', '/customers', { body: customerBody({ id, phoneNumber, ...extra }), key });
    assert.equal(res.statusCode, 201, res.body);
    this.#customers.push({ id, key });
    const first = (await this.tasks(id, key))[0]!;
    assert.equal(first.status, 'scheduled');
    return first;
  }

  /** Each test starts from an empty queue: a round claims only what the test planned. */
  async forgetCustomers(): Promise<void> {
    for (const { id, key } of this.#customers.splice(0)) await this.t.request('DELETE', `/customers/${id}`, { key });
  }

  async tasks(customerId: string, key = this.t.apiKey): Promise<Task[]> {
    return (await tasksOf(this.t, customerId, undefined, key)) as Task[];
  }

  async task(customerId: string, taskId: string, key = this.t.apiKey): Promise<Task> {
    const task = (await this.tasks(customerId, key)).find((x) => x.id === taskId);
    assert.ok(task, `task ${taskId} of ${customerId}`);
    return task;
  }

  async calls(customerId: string, key = this.t.apiKey): Promise<Call[]> {
    const res = await this.t.request('GET', `/calls/customer/${customerId}`, { key });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Call[]>();
  }

  async customerView(customerId: string): Promise<Record<string, unknown>> {
    const res = await this.t.request('GET', `/customers/${customerId}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, unknown>>();
  }

  /** The lender webhook events written about a customer, oldest first, opened. */
  async webhookEvents(customerId: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
    const rows = await this.t.services.db
      .selectFrom('webhook_events')
      .select(['company_id', 'id', 'body_enc'])
      .where('customer_id', '=', customerId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => {
      const body = JSON.parse(this.t.services.keyring.decrypt(row.body_enc, eventBodyContext(row.company_id, row.id))) as {
        type: string;
        data: Record<string, unknown>;
      };
      return { type: body.type, data: body.data };
    });
  }

  async storedEvents(): Promise<number> {
    const row = await this.t.services.db
      .selectFrom('provider_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A dispatcher round at `at`: claims, dials, reconciles expired leases, applies stored events. */
  async round(at: Date): Promise<void> {
    this.now = at;
    await this.dispatcher.runOnce();
  }

  async close(): Promise<void> {
    await this.dispatcher.stop();
    await this.t.close();
  }
}

const events = (task: Task) => task.life.map((e) => e.event);
const pendingPlan = (tasks: readonly Task[]) => tasks.filter((x) => x.status === 'scheduled').map((x) => `${x.id}@${x.scheduledFor}`);

// ---- the provider fakes behind one face -------------------------------------------------------

type Ending = 'conversation' | 'unanswered' | 'stop request';

interface Expected {
  readonly outcome: string;
  readonly flags: readonly string[];
}

/** What the loop needs of a fake: the dialer config, the calls it took, ending and reporting one. */
interface ProviderHarness {
  readonly kind: 'retell' | 'vapi' | 'twilio';
  dialer(): Record<string, unknown>;
  /** The create-call requests the fake received for this number, with the call each made. */
  placed(phoneNumber: string): Array<{ callId: string; request: unknown }>;
  /** The request in the provider's documented shape, carrying our ids and the agent's variables. */
  assertCreateShape(request: unknown, ids: { companyId: string; taskId: string; customerId: string; webhookUrl: string }): void;
  /** Ends the call at `at` (the app's time); what Callwise should record for it. */
  end(callId: string, ending: Ending, at: Date): Expected;
  /** Posts the call's final event, signed as the provider signs (or with the wrong key). */
  deliver(callId: string, request: unknown, at: Date, options?: { forged?: boolean }): Promise<number>;
  close(): Promise<void>;
}

const record = (value: unknown) => value as Record<string, unknown>;

/** Agent variables and our ids as Retell and Vapi carry them: the variables are the context's. */
function assertContextCarried(variables: unknown, metadata: Record<string, unknown>, ids: { companyId: string; taskId: string; customerId: string }) {
  assert.equal(metadata.callwise_company_id, ids.companyId);
  assert.equal(metadata.callwise_task_id, ids.taskId);
  const context = metadata.context as AgentContext;
  assert.equal(context.task?.id, ids.taskId);
  assert.equal(context.customer.id, ids.customerId);
  assert.equal(context.customer.firstName, 'Ana');
  assert.ok(context.callMustEndBy, 'a dispatched call says when it must end');
  assert.deepEqual(variables, agentVariables(context));
}

async function retellHarness(): Promise<ProviderHarness> {
  const fake: RetellFake = await startRetellFake();
  const calls = (phone: string) => [...fake.calls.values()].filter((c) => c.to_number === phone);
  return {
    kind: 'retell',
    dialer: () => ({ kind: 'retell', apiKey: fake.apiKey, fromNumber: '+13035550100', agentId: 'agent_collections', baseUrl: fake.baseUrl }),
    placed: (phone) =>
      fake.requests
        .filter((r) => r.path === '/v2/create-phone-call')
        .map((r) => JSON.parse(r.body) as Record<string, unknown>)
        .filter((body) => body.to_number === phone)
        .map((body) => ({
          request: body,
          callId: calls(phone).find((c) => record(c.metadata).callwise_task_id === record(body.metadata).callwise_task_id)!.call_id as string,
        })),
    assertCreateShape(request, ids) {
      const body = record(request);
      assert.equal(body.from_number, '+13035550100');
      assert.equal(body.override_agent_id, 'agent_collections');
      // The company's longest call (15 minutes): lawful time lasts longer.
      assert.deepEqual(body.agent_override, { agent: { webhook_url: ids.webhookUrl, max_call_duration_ms: 15 * 60_000 } });
      assert.equal(record(body.metadata).callwise_customer_id, ids.customerId);
      assertContextCarried(body.retell_llm_dynamic_variables, record(body.metadata), ids);
    },
    end(callId, ending, at) {
      // Retell stamps the start with its own clock; here it is the app's.
      (fake.calls.get(callId) as Record<string, unknown>).start_timestamp = at.getTime() - 95_000;
      switch (ending) {
        case 'conversation':
          fake.endCall(callId, {
            disconnection_reason: 'user_hangup',
            durationMs: 95_000,
            analysis: { call_summary: 'Promised a payment on Friday.', custom_analysis_data: { right_party_contact: true } },
          });
          return { outcome: 'conversation', flags: ['CONNECT', 'LIVE_CONNECT', 'CUSTOMER_HANGUP', 'RPC'] };
        case 'unanswered':
          fake.endCall(callId, { disconnection_reason: 'voicemail_reached', durationMs: 30_000, analysis: { in_voicemail: true, call_summary: 'Voicemail.' } });
          return { outcome: 'voicemail', flags: ['VOICEMAIL'] };
        case 'stop request':
          fake.endCall(callId, {
            disconnection_reason: 'user_hangup',
            analysis: { call_summary: 'Asked not to be called.', custom_analysis_data: { right_party_contact: true, do_not_call_requested: true } },
          });
          return { outcome: 'conversation', flags: ['CONNECT', 'LIVE_CONNECT', 'CUSTOMER_HANGUP', 'RPC', 'DNC'] };
      }
    },
    deliver: (callId, request, at, options = {}) =>
      fake.deliver(record(record(record(request).agent_override).agent).webhook_url as string, 'call_analyzed', callId, {
        timestampMs: at.getTime(),
        ...(options.forged ? { signWith: 'key_not_this_account' } : {}),
      }),
    close: () => fake.close(),
  };
}

async function vapiHarness(): Promise<ProviderHarness> {
  const fake: VapiFake = await startVapiFake();
  return {
    kind: 'vapi',
    dialer: () => ({
      kind: 'vapi',
      apiKey: fake.apiKey,
      assistantId: fake.assistantId,
      phoneNumberId: fake.phoneNumberId,
      webhookSecret: fake.webhookSecret,
      baseUrl: fake.baseUrl,
    }),
    placed: (phone) =>
      [...fake.calls.values()]
        .filter((c) => record(c.customer).number === phone)
        .map((c) => ({ callId: c.id as string, request: fake.createBodies.find((b) => record(b.customer).number === phone && sameTask(b, c)) })),
    assertCreateShape(request, ids) {
      const body = record(request);
      assert.equal(body.assistantId, fake.assistantId);
      assert.equal(body.phoneNumberId, fake.phoneNumberId);
      assert.deepEqual(body.customer, { number: record(body.customer).number, name: 'Ana Reyes', externalId: ids.taskId });
      const overrides = record(body.assistantOverrides);
      assert.equal(record(overrides.server).url, ids.webhookUrl);
      assertContextCarried(overrides.variableValues, record(overrides.metadata), ids);
    },
    end(callId, ending, at) {
      // Vapi stamps calls with its own clock; here it is the app's.
      fake.calls.get(callId)!.startedAt = new Date(at.getTime() - 95_000).toISOString();
      switch (ending) {
        case 'conversation':
          fake.endCall(callId, {
            endedReason: 'customer-ended-call',
            durationSeconds: 95,
            transcript: 'AI: Hello Ana.\nUser: I will pay on Friday.',
            structuredData: { right_party_contact: true },
          });
          return { outcome: 'conversation', flags: ['CONNECT', 'LIVE_CONNECT', 'RPC'] };
        case 'unanswered':
          fake.endCall(callId, { endedReason: 'customer-did-not-answer' });
          return { outcome: 'no_answer', flags: ['NO_ANSWER'] };
        case 'stop request':
          fake.endCall(callId, {
            endedReason: 'customer-ended-call',
            durationSeconds: 20,
            transcript: 'User: Stop calling me.',
            structuredData: { right_party_contact: true, do_not_call_requested: true },
          });
          return { outcome: 'conversation', flags: ['CONNECT', 'LIVE_CONNECT', 'RPC', 'DNC'] };
      }
    },
    deliver: (callId, request, at, options = {}) =>
      fake.deliverWebhook(record(record(record(request).assistantOverrides).server).url as string, callId, {
        type: 'end-of-call-report',
        timestampSeconds: Math.floor(at.getTime() / 1000),
        ...(options.forged ? { secret: 'whsec-of-another-credential' } : {}),
      }),
    close: () => fake.close(),
  };
}

function sameTask(body: Record<string, unknown>, call: Record<string, unknown>): boolean {
  const task = (x: Record<string, unknown>) => record(record(x.assistantOverrides).metadata).callwise_task_id;
  return task(body) === task(call);
}

async function twilioHarness(clock: () => Date): Promise<ProviderHarness> {
  const fake: TwilioFake = await startTwilioFake({ now: clock });
  const twimlUrl = 'https://agent.lender.example/twiml';
  return {
    kind: 'twilio',
    dialer: () => ({ kind: 'twilio', accountSid: fake.accountSid, authToken: fake.authToken, fromNumber: '+13035550111', twimlUrl, baseUrl: fake.baseUrl }),
    placed: (phone) => fake.calls.filter((c) => c.form.get('To') === phone).map((c) => ({ callId: c.sid, request: c.form })),
    assertCreateShape(request, ids) {
      const form = request as URLSearchParams;
      assert.equal(form.get('From'), '+13035550111');
      const url = new URL(form.get('Url')!);
      assert.equal(`${url.origin}${url.pathname}`, twimlUrl);
      assert.deepEqual(Object.fromEntries(url.searchParams), {
        callwise_company_id: ids.companyId,
        callwise_task_id: ids.taskId,
        callwise_customer_id: ids.customerId,
      });
      const callback = new URL(form.get('StatusCallback')!);
      assert.equal(`${callback.origin}${callback.pathname}`, ids.webhookUrl);
      assert.deepEqual(Object.fromEntries(callback.searchParams), { callwise_company_id: ids.companyId, callwise_task_id: ids.taskId });
      assert.deepEqual(form.getAll('StatusCallbackEvent'), ['initiated', 'ringing', 'answered', 'completed']);
      assert.equal(form.get('MachineDetection'), 'Enable');
      // The call window closes at 21:00 in Los Angeles, hours away: the company's longest call bounds it.
      assert.equal(form.get('TimeLimit'), String(15 * 60));
    },
    end(callId, ending) {
      if (ending === 'conversation') {
        fake.end(callId, { status: 'completed', answeredBy: 'human', durationSeconds: 95 });
        return { outcome: 'conversation', flags: ['CONNECT', 'LIVE_CONNECT'] };
      }
      fake.end(callId, { status: 'completed', answeredBy: 'machine_end_beep', durationSeconds: 30 });
      return { outcome: 'voicemail', flags: ['VOICEMAIL'] };
    },
    deliver: (callId, _request, _at, options = {}) => fake.deliver(callId, options.forged ? { authToken: 'a-token-of-another-account-0123' } : {}),
    close: () => fake.close(),
  };
}

// ---- per provider ------------------------------------------------------------------------------

const harnesses: Record<ProviderHarness['kind'], (clock: () => Date) => Promise<ProviderHarness>> = {
  retell: retellHarness,
  vapi: vapiHarness,
  twilio: twilioHarness,
};

for (const kind of ['retell', 'vapi', 'twilio'] as const) {
  describe(`dispatch loop through ${kind} (${providerBackend})`, () => {
    let loop: Loop;
    let fake: ProviderHarness;
    let phoneSeq = 0;
    const webhookUrl = () => `${loop.publicUrl}/webhooks/providers/${kind}`;

    before(async () => {
      loop = await Loop.start(providerBackend);
      fake = await harnesses[kind](() => loop.now);
      await loop.t.services.dialers.configure(loop.t.companyId, fake.dialer());
    });
    afterEach(() => loop.forgetCustomers());
    after(async () => {
      await loop?.close();
      await fake?.close();
    });

    /** A new customer whose first attempt a round has dialled through the fake. */
    async function dialled(id: string) {
      const phone = `+1415555${String(1000 + phoneSeq++)}`;
      const first = await loop.customer(id, phone);
      const planned = await loop.tasks(id);
      const at = new Date(first.scheduledFor);
      await loop.round(at);
      const placed = fake.placed(phone);
      assert.equal(placed.length, 1, `one create-call for ${id}`);
      return { phone, first, planned, at, ...placed[0]! };
    }

    it('dials the due attempt, records the outcome its signed webhook brings, and re-plans', async () => {
      const { first, planned, at, callId, request } = await dialled(`${kind}-loop`);
      fake.assertCreateShape(request, { companyId: loop.t.companyId, taskId: first.id, customerId: `${kind}-loop`, webhookUrl: webhookUrl() });
      const out = await loop.task(`${kind}-loop`, first.id);
      assert.equal(out.status, 'dispatched');
      assert.equal(out.provider, kind);
      assert.equal(out.providerCallId, callId);
      assert.deepEqual(events(out), ['claimed', 'dialled']);

      const endedAt = new Date(at.getTime() + 120_000);
      loop.now = endedAt;
      const expected = fake.end(callId, 'conversation', endedAt);
      assert.equal(await fake.deliver(callId, request, endedAt), 200);

      const calls = await loop.calls(`${kind}-loop`);
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.taskId, first.id);
      assert.equal(calls[0]!.outcome, expected.outcome);
      assert.deepEqual([...calls[0]!.flags].sort(), [...expected.flags].sort());
      assert.equal(calls[0]!.durationSeconds, 95);
      const done = await loop.task(`${kind}-loop`, first.id);
      assert.equal(done.status, 'completed');
      assert.equal(done.callId, calls[0]!.id);
      assert.deepEqual(events(done), ['claimed', 'dialled', 'completed']);

      // A conversation closes the next seven days (Reg F): the attempts planned in them moved or went.
      const after = await loop.tasks(`${kind}-loop`);
      const pending = after.filter((x) => x.status === 'scheduled');
      assert.notDeepEqual(pendingPlan(after), pendingPlan(planned.slice(1)), 'the plan changed');
      assert.ok(pending.length > 0);
      for (const task of pending) assert.ok(Date.parse(task.scheduledFor) >= Date.parse(calls[0]!.timestamp) + SEVEN_DAYS_MS, task.scheduledFor);
      assert.deepEqual(await customerViolations(loop.t, `${kind}-loop`), []);
      // The lender is told: the call as GET /calls shows it, with the task it completed.
      const told = (await loop.webhookEvents(`${kind}-loop`)).filter((e) => e.type === 'call.completed');
      assert.deepEqual(
        told.map((e) => e.data),
        [calls[0]],
      );
      assert.equal(told[0]!.data.taskId, first.id);
    });

    it('refuses a webhook signed with the wrong key (401) and stores nothing', async () => {
      const { at, callId, request, first } = await dialled(`${kind}-forged`);
      fake.end(callId, 'unanswered', at);
      const stored = await loop.storedEvents();
      assert.equal(await fake.deliver(callId, request, at, { forged: true }), 401);
      assert.equal(await loop.storedEvents(), stored);
      assert.deepEqual(await loop.calls(`${kind}-forged`), []);
      assert.equal((await loop.task(`${kind}-forged`, first.id)).status, 'dispatched');
    });

    it('acknowledges a redelivery as a duplicate and records the call once', async () => {
      const { at, callId, request, first } = await dialled(`${kind}-twice`);
      const expected = fake.end(callId, 'unanswered', at);
      assert.equal(await fake.deliver(callId, request, at), 200);
      const stored = await loop.storedEvents();
      const again = await redeliver(fake, callId, request, at);
      assert.deepEqual(again, { status: 200, body: { received: 0, duplicates: 1 } });
      assert.equal(await loop.storedEvents(), stored);
      const calls = await loop.calls(`${kind}-twice`);
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.outcome, expected.outcome);
      assert.deepEqual([...calls[0]!.flags].sort(), [...expected.flags].sort());
      assert.equal((await loop.task(`${kind}-twice`, first.id)).status, 'completed');
    });

    // Raw Twilio has no post-call analysis: no stop request can come from it.
    if (kind !== 'twilio')
      it('a stop request in the post-call extraction makes the customer do-not-call and cancels every pending task', async () => {
        const { at, callId, request, first } = await dialled(`${kind}-stop`);
        const expected = fake.end(callId, 'stop request', at);
        assert.equal(await fake.deliver(callId, request, at), 200);
        const calls = await loop.calls(`${kind}-stop`);
        assert.deepEqual([...calls[0]!.flags].sort(), [...expected.flags].sort());
        assert.equal((await loop.customerView(`${kind}-stop`)).doNotCall, true);
        const tasks = await loop.tasks(`${kind}-stop`);
        assert.equal(tasks.find((x) => x.id === first.id)!.status, 'completed');
        const rest = tasks.filter((x) => x.id !== first.id);
        assert.ok(rest.length > 0);
        for (const task of rest) {
          assert.equal(task.status, 'cancelled');
          assert.match(task.cancelReason ?? '', /not to be called/);
        }
      });

    it('never dials a borrower who became do-not-call between planning and dialling', async () => {
      // Through the API: the write re-plans, and a do-not-call customer has no plan left.
      const viaApi = await loop.customer(`${kind}-dnc-api`, '+14155552001');
      const res = await loop.t.request('PATCH', `/customers/${kind}-dnc-api`, { body: { doNotCall: true } });
      assert.equal(res.statusCode, 200, res.body);
      // Behind the plan's back (a write that raced the claim): only the dial-time check can catch it.
      const raced = await loop.customer(`${kind}-dnc-raced`, '+14155552002');
      await loop.t.services.db
        .updateTable('customers')
        .set({ do_not_call: true })
        .where('company_id', '=', loop.t.companyId)
        .where('id', '=', `${kind}-dnc-raced`)
        .execute();

      await loop.round(new Date(viaApi.scheduledFor));
      assert.deepEqual(fake.placed('+14155552001'), []);
      assert.deepEqual(fake.placed('+14155552002'), []);
      assert.deepEqual(
        (await loop.tasks(`${kind}-dnc-api`)).filter((x) => x.status === 'scheduled' || x.status === 'dispatched'),
        [],
      );
      const skipped = await loop.task(`${kind}-dnc-raced`, raced.id);
      assert.equal(skipped.status, 'skipped');
      assert.match(skipped.cancelReason ?? '', /marked doNotCall/);
      assert.deepEqual(events(skipped), ['skipped']);
      for (const task of (await loop.tasks(`${kind}-dnc-raced`)).filter((x) => x.id !== raced.id)) {
        assert.equal(task.status, 'cancelled');
        assert.match(task.cancelReason ?? '', /marked doNotCall/);
      }
      // The lender hears of both: the mark made through the API, and the attempt held back at dial time.
      assert.deepEqual(
        (await loop.webhookEvents(`${kind}-dnc-api`)).map((e) => (e.type === 'customer.do_not_call' ? e : e.type)),
        [{ type: 'customer.do_not_call', data: { customerId: `${kind}-dnc-api`, source: 'api', at: CREATED_AT.toISOString() } }, 'schedule.rebuilt'],
      );
      const [held] = await loop.webhookEvents(`${kind}-dnc-raced`);
      assert.equal(held?.type, 'task.skipped');
      assert.deepEqual(
        { ...held.data, reason: undefined },
        {
          customerId: `${kind}-dnc-raced`,
          taskId: raced.id,
          action: 'skipped',
          scheduledFor: raced.scheduledFor,
          movedTo: null,
          reason: undefined,
          reasonCodes: ['NOT_CALLABLE'],
        },
      );
    });

    it('dials a test customer with the simulator, never through the provider', async () => {
      const first = await loop.customer(`${kind}-test`, '+14155552003', { isTest: true });
      await loop.round(new Date(first.scheduledFor));
      assert.deepEqual(fake.placed('+14155552003'), []);
      const task = await loop.task(`${kind}-test`, first.id);
      assert.equal(task.status, 'dispatched');
      assert.equal(task.provider, 'simulator');
      assert.match(task.providerCallId ?? '', /^sim_/);
      assert.match(task.life[0]?.detail ?? '', /test customer: dialled by the simulator/);
    });
  });
}

/** The same signed event again, read back with the receipt the route answers. */
async function redeliver(fake: ProviderHarness, callId: string, request: unknown, at: Date): Promise<{ status: number; body: unknown }> {
  // The fakes' deliver helpers answer the status only; a tap on fetch keeps the body as well.
  const original = globalThis.fetch;
  let body: unknown;
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    if (typeof input === 'string' && input.includes('/webhooks/providers/')) body = await res.clone().json();
    return res;
  };
  try {
    const status = await fake.deliver(callId, request, at);
    return { status, body };
  } finally {
    globalThis.fetch = original;
  }
}

// ---- the simulator, the pull API and pausing -----------------------------------------------------

for (const backend of backends) {
  describe(`dispatch loop through the simulator, the pull API and pausing (${backend})`, () => {
    let loop: Loop;
    /** The second company dials with its own dialer, through the pull API. */
    let pullKey: string;

    before(async () => {
      loop = await Loop.start(backend);
      // Simulated calls end 1 ms (of wall-clock time) after they are placed.
      await loop.t.services.dialers.configure(loop.t.companyId, { kind: 'simulator', callMs: 1 });
      await loop.t.services.dialers.configure(loop.t.otherCompanyId, { kind: 'pull' });
      pullKey = loop.t.otherApiKey;
    });
    afterEach(() => loop.forgetCustomers());
    after(() => loop?.close());

    it('the simulator dials the due attempt; reconciliation records what it reports and re-plans', async () => {
      const first = await loop.customer('sim-loop', '+14155553003');
      const at = new Date(first.scheduledFor);
      await loop.round(at);
      const out = await loop.task('sim-loop', first.id);
      assert.equal(out.status, 'dispatched');
      assert.equal(out.provider, 'simulator');
      assert.deepEqual(events(out), ['claimed', 'dialled']);

      // The simulator sends no webhook: its outcome is fetched once the lease runs out.
      await sleep(5);
      await loop.round(new Date(at.getTime() + 60_000));
      const simulator = (await loop.t.services.dialers.dialerFor(loop.t.companyId))!.connector!;
      const reported = (await simulator.fetchCall(out.providerCallId!, AbortSignal.timeout(1000)))!;
      assert.equal(reported.status, 'ended');
      const calls = await loop.calls('sim-loop');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.taskId, first.id);
      assert.equal(calls[0]!.outcome, reported.outcome);
      assert.equal(calls[0]!.durationSeconds, reported.durationSeconds);
      assert.deepEqual(
        calls[0]!.flags.filter((f) => f !== 'CALLBACK_REQUEST'),
        reported.flags.filter((f) => f !== 'CALLBACK_REQUEST'),
      );
      const done = await loop.task('sim-loop', first.id);
      assert.equal(done.status, 'completed');
      assert.deepEqual(events(done), ['claimed', 'dialled', 'reconciling', 'completed']);
      assert.deepEqual(await customerViolations(loop.t, 'sim-loop'), []);
    });

    it('an attempt no longer lawful at dial time is moved, keeps its name in the cadence and says why', async () => {
      const first = await loop.customer('sim-moved', '+14155553004');
      assert.match(first.explanation.summary, /^Attempt 1 of \d+: /);
      // Behind the plan's back: a stated zone where 10:00 in Los Angeles is 07:00, before calling hours.
      await loop.t.services.db
        .updateTable('customers')
        .set({ timezone: 'Pacific/Honolulu' })
        .where('company_id', '=', loop.t.companyId)
        .where('id', '=', 'sim-moved')
        .execute();
      await loop.round(new Date(first.scheduledFor));
      const moved = await loop.task('sim-moved', first.id);
      assert.equal(moved.status, 'scheduled');
      assert.equal(moved.scheduledFor, new Date(Date.parse(first.scheduledFor) + 3_600_000).toISOString(), '08:00 in Honolulu');
      assert.deepEqual(events(moved), ['moved']);
      assert.match(moved.explanation.summary, /^Attempt 1 of \d+ \(re-checked at dial time\): preferred .* moved to .* 08:00 Pacific\/Honolulu/);
    });

    it('a callback the borrower asked for is dialled under their consent, and the call recorded for it carries when that consent was given', async () => {
      await loop.customer('sim-callback', '+14155553009');
      const askedAt = CREATED_AT.toISOString();
      const callbackAt = new Date(CREATED_AT.getTime() + 26 * 3_600_000).toISOString(); // the next day, 09:00 in Los Angeles
      const asked = await loop.t.request('POST', '/calls', {
        body: { customerId: 'sim-callback', toPhoneNumber: '+14155553009', timestamp: askedAt, flags: ['RPC', 'CALLBACK_REQUEST'], callbackAt },
      });
      assert.equal(asked.statusCode, 201, asked.body);
      const callback = (await loop.tasks('sim-callback')).find((x) => x.kind === 'callback' && x.status === 'scheduled');
      assert.ok(callback, 'a callback task');
      assert.equal(callback.scheduledFor, new Date(callbackAt).toISOString(), "inside the conversation's quiet period: only the consent allows it");
      await loop.round(new Date(callback.scheduledFor));
      assert.equal((await loop.task('sim-callback', callback.id)).status, 'dispatched');
      await sleep(5);
      await loop.round(new Date(Date.parse(callback.scheduledFor) + 60_000));
      const recorded = await loop.t.services.db
        .selectFrom('calls')
        .select(['consented', 'consent_granted_at'])
        .where('company_id', '=', loop.t.companyId)
        .where('task_id', '=', callback.id)
        .executeTakeFirstOrThrow();
      assert.equal(recorded.consented, true);
      assert.equal(recorded.consent_granted_at?.toISOString(), askedAt);
    });

    it('a database error while recording what was dialled stops nothing: the task waits out its lease, then the provider is asked', async () => {
      const first = await loop.customer('answers-lost', '+14155557001');
      const at = new Date(first.scheduledFor);
      // The write of the dials' answers fails as a connection lost mid-dial would make it fail.
      await sql`
        create function callwise_test_refuse_placed() returns trigger language plpgsql as $$
        begin
          if new.provider_call_id is not null and old.provider_call_id is null then raise exception 'refused for the test'; end if;
          return new;
        end $$`.execute(loop.t.services.db);
      await sql`create trigger callwise_test_refuse_placed before update on call_tasks for each row execute function callwise_test_refuse_placed()`.execute(
        loop.t.services.db,
      );
      loop.warnings.length = 0;
      try {
        await loop.round(at); // resolves: the failure is the dials', not the round's
      } finally {
        await sql`drop trigger callwise_test_refuse_placed on call_tasks`.execute(loop.t.services.db);
        await sql`drop function callwise_test_refuse_placed()`.execute(loop.t.services.db);
      }
      assert.deepEqual(
        loop.warnings.map((w) => [w.msg, (w.obj as { err: { message: string } }).err.message]),
        [['dispatched calls: answers not recorded; reconciliation will ask the provider', 'refused for the test']],
      );
      const waiting = await loop.task('answers-lost', first.id);
      assert.equal(waiting.status, 'dispatched');
      assert.equal(waiting.providerCallId, undefined);
      assert.deepEqual(events(waiting), ['claimed']);

      // The lease runs out: the simulator is asked for the task's call, which it did place.
      await sleep(5);
      await loop.round(new Date(at.getTime() + 60_000));
      const calls = await loop.calls('answers-lost');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.taskId, first.id);
      const done = await loop.task('answers-lost', first.id);
      assert.equal(done.status, 'completed');
      assert.deepEqual(events(done), ['claimed', 'reconciling', 'completed']);
    });

    it("a callback reported through the pull API keeps the consumer's consent and its grant time unless the dialer says otherwise", async () => {
      await loop.customer('pull-callback', '+14155554009', {}, pullKey);
      const askedAt = CREATED_AT.toISOString();
      const callbackAt = new Date(CREATED_AT.getTime() + 26 * 3_600_000).toISOString();
      const asked = await loop.t.request('POST', '/calls', {
        key: pullKey,
        body: { customerId: 'pull-callback', toPhoneNumber: '+14155554009', timestamp: askedAt, flags: ['RPC', 'CALLBACK_REQUEST'], callbackAt },
      });
      assert.equal(asked.statusCode, 201, asked.body);
      const callback = (await loop.tasks('pull-callback', pullKey)).find((x) => x.kind === 'callback' && x.status === 'scheduled');
      assert.ok(callback, 'a callback task');
      loop.now = new Date(callback.scheduledFor);
      const claimed = await loop.t.request('POST', '/dispatch/claim', { body: { leaseSeconds: 60 }, key: pullKey });
      assert.deepEqual(
        claimed.json<{ tasks: Array<{ task: Task }> }>().tasks.map((x) => x.task.id),
        [callback.id],
      );
      const res = await loop.t.request('POST', `/dispatch/${callback.id}/result`, {
        key: pullKey,
        body: { timestamp: new Date(Date.parse(callback.scheduledFor) + 30_000).toISOString(), outcome: 'voicemail' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const recorded = await loop.t.services.db
        .selectFrom('calls')
        .select(['consented', 'consent_granted_at'])
        .where('company_id', '=', loop.t.otherCompanyId)
        .where('task_id', '=', callback.id)
        .executeTakeFirstOrThrow();
      assert.equal(recorded.consented, true);
      assert.equal(recorded.consent_granted_at?.toISOString(), askedAt);
    });

    it("the pull API leases due tasks with their agent context, one per customer, and takes back what the lender's dialer did not report", async () => {
      const first = await loop.customer('pull-a', '+14155554001', {}, pullKey);
      const second = (await loop.tasks('pull-a', pullKey))[1]!;
      const claim = async (leaseSeconds: number) => {
        const res = await loop.t.request('POST', '/dispatch/claim', { body: { leaseSeconds }, key: pullKey });
        assert.equal(res.statusCode, 200, res.body);
        return res.json<{ tasks: Array<{ task: Task; context: AgentContext; leaseUntil: string }> }>().tasks;
      };

      // The dispatcher leaves a pull company's tasks to the lender.
      await loop.round(new Date(first.scheduledFor));
      assert.equal((await loop.task('pull-a', first.id, pullKey)).status, 'scheduled');

      const claimed = await claim(30);
      assert.equal(claimed.length, 1);
      const leaseUntil = new Date(loop.now.getTime() + 30_000).toISOString();
      assert.equal(claimed[0]!.leaseUntil, leaseUntil);
      assert.equal(claimed[0]!.task.id, first.id);
      assert.equal(claimed[0]!.task.status, 'dispatched');
      assert.equal(claimed[0]!.task.provider, 'pull');
      assert.equal(claimed[0]!.task.leaseUntil, leaseUntil);
      assert.equal(claimed[0]!.context.customer.id, 'pull-a');
      assert.equal(claimed[0]!.context.customer.phoneNumber, '+14155554001');
      assert.equal(claimed[0]!.context.task?.id, first.id);
      assert.ok(claimed[0]!.context.callMustEndBy);

      // The next attempt comes due while the first is still out: not handed out for this customer.
      loop.now = new Date(second.scheduledFor);
      assert.deepEqual(await claim(30), []);

      const res = await loop.t.request('POST', `/dispatch/${first.id}/result`, {
        key: pullKey,
        body: { timestamp: new Date(Date.parse(first.scheduledFor) + 60_000).toISOString(), outcome: 'voicemail', flags: ['VOICEMAIL'], durationSeconds: 40 },
      });
      assert.equal(res.statusCode, 201, res.body);
      const calls = await loop.calls('pull-a', pullKey);
      assert.deepEqual(
        calls.map((c) => [c.taskId, c.outcome, c.flags]),
        [[first.id, 'voicemail', ['VOICEMAIL']]],
      );
      const done = await loop.task('pull-a', first.id, pullKey);
      assert.equal(done.status, 'completed');
      assert.deepEqual(events(done), ['claimed', 'completed']);

      // Reported: the same claim, at the same instant, now hands out the next attempt.
      const next = await claim(30);
      assert.deepEqual(
        next.map((x) => x.task.id),
        [second.id],
      );

      // Not reported before its lease ends: back in the queue, and claimable again.
      await loop.round(new Date(loop.now.getTime() + 31_000));
      const expired = await loop.task('pull-a', second.id, pullKey);
      assert.equal(expired.status, 'scheduled');
      assert.deepEqual(events(expired), ['claimed', 'lease expired']);
      const again = await claim(30);
      assert.deepEqual(
        again.map((x) => [x.task.id, x.task.attempts]),
        [[second.id, 2]],
      );
    });

    it("a due attempt's agent context says the call must end where the lawful window closes", async () => {
      const first = await loop.customer('window', '+14155556001');
      loop.now = new Date(first.scheduledFor);
      const res = await loop.t.request('GET', '/customers/window/agent-context');
      // The company's calling window in Los Angeles: 08:00–21:00, narrowed by its buffers to 20:50.
      assert.equal(res.json<AgentContext>().callMustEndBy?.local, '2036-03-12 20:50');
    });

    it('a paused company is not dialled, nor its tasks handed out; resumed, it is', async () => {
      const first = await loop.customer('paused', '+14155555001');
      const pulled = await loop.customer('paused-pull', '+14155555002', {}, pullKey);
      loop.now = new Date(first.scheduledFor);
      for (const key of [loop.t.apiKey, pullKey]) {
        const res = await loop.t.request('POST', '/dispatch/pause', { key });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json<{ paused: boolean }>().paused, true);
      }
      const status = await loop.t.request('GET', '/dispatch');
      assert.equal(status.json<{ due: number }>().due, 1, 'the due count is read on the service clock');

      await loop.round(loop.now);
      const held = await loop.task('paused', first.id);
      assert.equal(held.status, 'scheduled');
      assert.equal(held.attempts, 0);
      const claim = await loop.t.request('POST', '/dispatch/claim', { body: {}, key: pullKey });
      assert.deepEqual(claim.json(), { tasks: [] });

      for (const key of [loop.t.apiKey, pullKey])
        assert.equal((await loop.t.request('POST', '/dispatch/resume', { key })).json<{ paused: boolean }>().paused, false);
      await loop.round(loop.now);
      assert.equal((await loop.task('paused', first.id)).status, 'dispatched');
      const resumed = await loop.t.request('POST', '/dispatch/claim', { body: {}, key: pullKey });
      assert.deepEqual(
        resumed.json<{ tasks: Array<{ task: Task }> }>().tasks.map((x) => x.task.id),
        [pulled.id],
      );
    });
  });
}
