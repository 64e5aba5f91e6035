/**
 * Dispatch: due tasks become placed calls, and outcomes come back into the plan.
 *
 * - Claim (one transaction): lock due tasks (`SKIP LOCKED`), keep one per customer whose row is
 *   free and who has no call in flight, count the company's provider budget, and re-run the
 *   compliance engine at this instant with the latest customer and ledger (dial-time check). A
 *   lawful task becomes `dispatched` with a lease; one that is not is moved to its next lawful
 *   instant or skipped, with the reason. An error in the check dials nothing (fail closed).
 * - Dial (after commit): the connector places the call. Accepted → the provider's call id is kept;
 *   refused (never dialled) → back to the queue; no trustworthy answer → left leased, and
 *   reconciled with the provider before anything is dialled again.
 * - Outcome: a provider event or a reconciliation records the call through the same path as
 *   `POST /calls` (it completes the task and re-plans).
 *
 * docs/dispatch.md tells the whole life of a task.
 */
import { hasConsent, parseStanding } from '../domain/consent.ts';
import type { WebhookEvents } from './webhook-events.ts';
import type { Reason } from '../compliance/index.ts';
import { prepare } from '../compliance/index.ts';
import type { CallFields, CallFlag } from '../domain/call-fields.ts';
import { DomainError } from '../domain/errors.ts';
import type { AgentContext } from '../dispatch/agent-context.ts';
import type { ProviderCall, ProviderConnector } from '../dispatch/providers/provider.ts';
import type { Metrics } from '../observability/metrics.ts';
import { customerCallFacts, planningZone } from '../scheduling/customer-facts.ts';
import { dialTimeDecision, type DialDecision } from '../scheduling/dial-check.ts';
import { taskLabel, type Placement } from '../scheduling/explanation.ts';
import type { Db, Trx } from '../store/database.ts';
import * as taskRepo from '../store/repositories/call-tasks.ts';
import type { CallTaskRow } from '../store/repositories/call-tasks.ts';
import { listLedger, listLedgers, type CallRow } from '../store/repositories/calls.ts';
import type { CustomerRow } from '../store/repositories/customers.ts';
import * as customerRepo from '../store/repositories/customers.ts';
import * as repo from '../store/repositories/dispatch.ts';
import type { TaskLifeEvent } from '../store/schema.ts';
import type { Transactions } from '../store/transactions.ts';
import type { AgentContextService } from './agent-context.ts';
import { recordChange, type Actor, type ChangeActor } from './audit.ts';
import type { CallService, CallView, PreparedCall } from './calls.ts';
import type { Clock } from './clock.ts';
import type { CompanySettingsService } from './company-settings.ts';
import type { DialerService } from './dialers.ts';
import { ledgerEvent, ScheduleService, type TaskView } from './schedules.ts';

export interface DispatchOptions {
  /** How long a claimed task waits for the provider's answer before it is reconciled (default 60 s). */
  readonly dialLeaseMs?: number;
  /** Bound on one placeCall request (default 15 s). */
  readonly dialTimeoutMs?: number;
  /** A provider that refused a call without a Retry-After: try again after this long (default 60 s). */
  readonly refusedRetryMs?: number;
  /** A reconciliation that could not reach the provider: ask again after this long (default 60 s). */
  readonly reconcileRetryMs?: number;
  /** Public base URL of this deployment, for providers that take a per-call webhook URL. */
  readonly publicUrl?: string | null;
}

/** A task the claim found lawful and leased, ready to be dialled. */
export interface Claim {
  readonly companyId: string;
  readonly task: CallTaskRow;
  readonly context: AgentContext;
  /** Who dials it: the company's connector, or the simulator for a test customer. */
  readonly connector: ProviderConnector;
  /** When the claim committed (service clock, epoch ms). */
  readonly claimedAt: number;
}

export interface PulledTask {
  readonly task: TaskView;
  readonly context: AgentContext;
  readonly leaseUntil: string;
}

export interface DispatchStatus {
  readonly companyName: string;
  readonly paused: boolean;
  readonly pausedAt: string | null;
  readonly pausedBy: string | null;
  readonly dialer: Record<string, unknown> | null;
  readonly due: number;
  readonly inFlight: number;
  readonly scheduled: number;
}

const PULL = 'pull';
/** The reason of a claim not dialled because it was held too long (see #place). */
const STALE_CLAIM = 'the claim was held too long to dial safely';

export type DialOutcome = 'placed' | 'refused' | 'unknown';

const life = (now: Date, event: string, detail?: string): TaskLifeEvent => ({ at: now.toISOString(), event, ...(detail ? { detail } : {}) });

const customerKey = (companyId: string, customerId: string) => `${companyId}\u0000${customerId}`;

function describeReasons(reasons: readonly Reason[]): string {
  return reasons.map((r) => `${r.code} (${r.rule})${r.zone ? ` in ${r.zone}` : ''}`).join('; ') || 'no reason given';
}

export class DispatchService {
  private readonly db: Db;
  private readonly tx: Transactions;
  private readonly calls: CallService;
  private readonly schedules: ScheduleService;
  private readonly settings: CompanySettingsService;
  private readonly dialers: DialerService;
  private readonly contexts: AgentContextService;
  private readonly clock: Clock;
  private readonly metrics: Metrics;
  private readonly events: WebhookEvents;
  private readonly options: Required<DispatchOptions>;

  constructor(deps: {
    db: Db;
    tx: Transactions;
    calls: CallService;
    schedules: ScheduleService;
    settings: CompanySettingsService;
    dialers: DialerService;
    contexts: AgentContextService;
    clock: Clock;
    metrics: Metrics;
    events: WebhookEvents;
    options?: DispatchOptions;
  }) {
    this.events = deps.events;
    this.db = deps.db;
    this.tx = deps.tx;
    this.calls = deps.calls;
    this.schedules = deps.schedules;
    this.settings = deps.settings;
    this.dialers = deps.dialers;
    this.contexts = deps.contexts;
    this.clock = deps.clock;
    this.metrics = deps.metrics;
    this.options = {
      dialLeaseMs: 60_000,
      dialTimeoutMs: 15_000,
      refusedRetryMs: 60_000,
      reconcileRetryMs: 60_000,
      publicUrl: null,
      ...deps.options,
    };
  }

  // ---- claiming ----------------------------------------------------------------------------

  /** One claim round for the connectors: up to `limit` due tasks, checked and leased. */
  async claimDue(limit: number): Promise<Claim[]> {
    const now = this.clock();
    const screened = await this.tx.run(async (trx) => this.#screen(trx, await repo.lockDueTasks(trx, now, limit), now, 'push'));
    return screened.map(({ companyId, task, context, connector }) => ({ companyId, task, context, connector: connector!, claimedAt: now.getTime() }));
  }

  /**
   * The pull API: up to `limit` of the company's due tasks, checked and leased for `leaseMs` to
   * the lender's own dialer, with their agent context.
   */
  async claimForCompany(companyId: string, limit: number, leaseMs: number): Promise<PulledTask[]> {
    const dialer = await this.dialers.dialerFor(companyId);
    if (dialer && dialer.config.kind !== PULL) {
      throw new DomainError('conflict', `this company's calls are placed by its ${dialer.config.kind} connector; configure the pull dialer to claim tasks`);
    }
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const screened = await this.tx.run(async (trx) => this.#screen(trx, await repo.lockDueTasksOfCompany(trx, companyId, now, limit), now, 'pull', leaseUntil));
    return screened.map(({ task, context }) => ({
      task: this.schedules.toView({ ...task, status: 'dispatched', provider: PULL, lease_until: leaseUntil, attempts: task.attempts + 1 }),
      context,
      leaseUntil: leaseUntil.toISOString(),
    }));
  }

  /**
   * The heart of the claim, inside its transaction: which locked tasks may be dialled now. Tasks
   * of a customer another transaction holds, or who has a call in flight, are left untouched.
   */
  async #screen(
    trx: Trx,
    rows: readonly CallTaskRow[],
    now: Date,
    mode: 'push' | 'pull',
    pullLeaseUntil?: Date,
  ): Promise<Array<{ companyId: string; task: CallTaskRow; context: AgentContext; connector: ProviderConnector | null }>> {
    if (rows.length === 0) return [];
    const firstPerCustomer = new Map<string, CallTaskRow>();
    for (const row of rows) {
      const key = customerKey(row.company_id, row.customer_id);
      if (!firstPerCustomer.has(key)) firstPerCustomer.set(key, row);
    }
    const keys = [...firstPerCustomer.values()].map((t) => ({ companyId: t.company_id, customerId: t.customer_id }));
    const customers = new Map((await repo.lockFreeCustomers(trx, keys)).map((c) => [customerKey(c.company_id, c.id), c]));
    const inFlight = await repo.customersInFlight(trx, keys);
    const byCompany = new Map<string, Array<{ task: CallTaskRow; customer: CustomerRow }>>();
    for (const [key, task] of firstPerCustomer) {
      const customer = customers.get(key);
      if (!customer || inFlight.has(key)) continue;
      const list = byCompany.get(task.company_id) ?? [];
      list.push({ task, customer });
      byCompany.set(task.company_id, list);
    }
    const claimed: Array<{ companyId: string; task: CallTaskRow; context: AgentContext; connector: ProviderConnector | null }> = [];
    // Companies in a fixed order: two claimers take the budget locks in the same order.
    for (const companyId of [...byCompany.keys()].sort()) {
      const connector = mode === 'push' ? ((await this.dialers.dialerFor(companyId, trx))?.connector ?? null) : null;
      if (mode === 'push' && !connector) continue;
      const dispatch = await this.settings.dispatch(companyId, trx);
      const maxCallMs = dispatch.maxCallMinutes * 60_000;
      const candidates = byCompany.get(companyId)!;
      // One read for every candidate's ledger: a claim's cost must not grow a query per task.
      const ledgers = await listLedgers(
        trx,
        companyId,
        candidates.map((c) => c.customer.id),
      );
      const lawful: Array<{ task: CallTaskRow; customer: CustomerRow; zone: string | null; mustEndBy: number | null; dialler: ProviderConnector | null }> = [];
      for (const { task, customer } of candidates) {
        let checked: Checked | { notCallable: string };
        try {
          checked = await this.#check(trx, companyId, customer, ledgers.get(customer.id) ?? [], attemptOf(task), now, maxCallMs);
        } catch {
          // Fail closed: nothing is dialled and nothing written for this task; the next round
          // checks it again. The error itself may carry personal data: it is counted, not logged.
          this.metrics.dispatchCheckErrors.inc();
          continue;
        }
        if ('notCallable' in checked) {
          await this.#skip(trx, companyId, customer, task, { reason: checked.notCallable, codes: ['NOT_CALLABLE'], counted: false }, now);
          continue;
        }
        const { decision, zone } = checked;
        if (!decision.dial) {
          await this.#defer(trx, companyId, customer, task, { ...checked, decision }, now);
          continue;
        }
        const dialler = connector && (customer.is_test || task.is_test) && connector.real ? this.dialers.testDialer : connector;
        lawful.push({ task, customer, zone, mustEndBy: decision.mustEndBy, dialler });
      }
      // Built before the budget's lock (cut tasks' contexts are dropped with them).
      const contexts = await this.contexts.buildMany(
        trx,
        companyId,
        lawful.map(({ customer, task, zone, mustEndBy }) => ({ customer, task, zone, mustEndBy, callable: true, now: now.getTime() })),
      );
      // The budget last, so that its lock (which serialises this company's claims across
      // processes) is held only for the count and the leases, not for the checks.
      if (connector && lawful.length > 0) {
        await repo.lockCompanyBudget(trx, companyId);
        lawful.splice(Math.max(0, connector.concurrency - (await repo.countInFlight(trx, companyId))));
      }
      if (lawful.length === 0) continue;
      const leaseUntil = pullLeaseUntil ?? new Date(now.getTime() + this.options.dialLeaseMs);
      // Written per dialler (a test customer's is the simulator): one statement each.
      for (const dialler of new Set(lawful.map((l) => l.dialler))) {
        const provider = dialler?.kind ?? PULL;
        const mine = lawful.filter((l) => l.dialler === dialler);
        await repo.markDispatched(
          trx,
          companyId,
          mine.map(({ task, mustEndBy }) => ({
            id: task.id,
            events: [
              life(
                now,
                'claimed',
                `lawful at dial time under every rule${mustEndBy === null ? '' : `; the call must end by ${new Date(mustEndBy).toISOString()}`}${dialler !== connector ? '; a test customer: dialled by the simulator' : ''}`,
              ),
            ],
          })),
          { provider, leaseUntil, now },
        );
        this.metrics.dispatchClaimed.inc({ provider }, mine.length);
      }
      lawful.forEach(({ task, dialler }, n) => {
        claimed.push({
          companyId,
          task: { ...task, status: 'dispatched', provider: dialler?.kind ?? PULL, lease_until: leaseUntil },
          context: contexts[n]!,
          connector: dialler,
        });
      });
    }
    return claimed;
  }

  /** The dial-time check of one task against the customer and ledger as they are now. */
  async #check(
    executor: Db,
    companyId: string,
    customer: CustomerRow,
    ledgerRows: readonly CallRow[],
    attempt: Attempt,
    now: Date,
    maxCallMs: number,
  ): Promise<Checked | { notCallable: string }> {
    const blocked = ScheduleService.notCallable(customer);
    if (blocked) return { notCallable: blocked };
    if (attempt.phoneNumber !== customer.phone_number) return { notCallable: "the customer's phone number changed after the task was planned" };
    const settings = await this.settings.compliance(companyId, executor);
    const purpose = await this.schedules.purposeOf(executor, companyId, customer.task_type);
    const ledger = ledgerRows.map(ledgerEvent);
    const facts = customerCallFacts(
      { zipCode: customer.zip_code, state: customer.state, timezone: customer.timezone, phoneNumber: customer.phone_number },
      {
        lineType: settings.defaultLineType,
        tcpaConsent: hasConsent(parseStanding(customer.consent), customer.phone_number, customer.loan_id, settings.attestation),
      },
      { doNotCall: customer.do_not_call, purpose, history: ledger },
    );
    const zone = planningZone(facts);
    const prepared = prepare({ ...facts, loanId: attempt.loanId, consented: attempt.consented, consentGrantedAt: attempt.consentGrantedAt }, settings.policy);
    const decision = dialTimeDecision(prepared, now.getTime(), maxCallMs, attempt.notAfter);
    return { decision, zone, candidateZones: prepared.candidateZones, jurisdictions: prepared.jurisdictions };
  }

  /** Not lawful now: move the task to its next lawful instant (re-fitting the rest of the plan), or skip it. */
  async #defer(trx: Trx, companyId: string, customer: CustomerRow, task: CallTaskRow, checked: Checked & { decision: { dial: false } }, now: Date) {
    const { decision, zone } = checked;
    const why = describeReasons(decision.reasons);
    for (const reason of decision.reasons) this.metrics.dispatchSkipped.inc({ reason: reason.code });
    if (decision.nextAt === null || zone === null) {
      const reason = `not lawful at dial time and no lawful time left before the schedule's horizon: ${why}`;
      await this.#skip(trx, companyId, customer, task, { reason, codes: decision.reasons.map((r) => r.code), counted: true }, now);
      return;
    }
    const placement: Placement = {
      label: taskLabel(task),
      recheck: 'at dial time',
      preferred: task.scheduled_for.getTime(),
      zone,
      at: decision.nextAt,
      pastPreferred: true,
      reasons: decision.reasons,
      candidateZones: checked.candidateZones,
      jurisdictions: checked.jurisdictions,
    };
    await taskRepo.moveTask(trx, companyId, task.id, new Date(decision.nextAt), placement, now);
    await repo.addLifeEvents(
      trx,
      companyId,
      task.id,
      [life(now, 'moved', `not lawful at dial time (${why}); moved to ${new Date(decision.nextAt).toISOString()}`)],
      now,
    );
    await this.events.emit(trx, companyId, 'task.skipped', customer.id, {
      customerId: customer.id,
      taskId: task.id,
      action: 'moved',
      scheduledFor: task.scheduled_for.toISOString(),
      movedTo: new Date(decision.nextAt).toISOString(),
      reason: why,
      reasonCodes: decision.reasons.map((r) => r.code),
    });
    // The moved attempt may now crowd later ones: the whole plan is fitted again.
    await this.schedules.recheck(trx, companyId, customer, 'the dial-time re-check');
  }

  /** `counted`: the reasons' codes are in the skip metric already. */
  async #skip(
    trx: Trx,
    companyId: string,
    customer: CustomerRow,
    task: CallTaskRow,
    why: { readonly reason: string; readonly codes: readonly string[]; readonly counted: boolean },
    now: Date,
  ) {
    const { reason, codes } = why;
    if (!why.counted) for (const code of codes) this.metrics.dispatchSkipped.inc({ reason: code });
    await repo.skipTask(trx, companyId, task.id, reason, life(now, 'skipped', reason));
    await this.events.emit(trx, companyId, 'task.skipped', customer.id, {
      customerId: customer.id,
      taskId: task.id,
      action: 'skipped',
      scheduledFor: task.scheduled_for.toISOString(),
      movedTo: null,
      reason,
      reasonCodes: codes,
    });
    // A customer who may not be called at all has no pending attempt left either.
    if (ScheduleService.notCallable(customer)) await this.schedules.cancelAll(trx, companyId, customer.id, reason);
  }

  // ---- dialling ----------------------------------------------------------------------------

  /** Places one claimed call (see dialAll). */
  async dial(claim: Claim): Promise<DialOutcome> {
    return (await this.dialAll([claim]))[0]!;
  }

  /**
   * Places claimed calls, all at once, and writes the accepted ones in one statement. Never
   * throws: every answer (or none) leaves each task in a known state.
   */
  async dialAll(claims: readonly Claim[]): Promise<DialOutcome[]> {
    const answers = await Promise.all(claims.map((claim) => this.#place(claim)));
    const now = this.clock();
    const placed: Array<Parameters<typeof repo.recordPlaced>[1][number]> = [];
    const outcomes: DialOutcome[] = [];
    for (const [n, claim] of claims.entries()) {
      const { companyId, task, connector } = claim;
      const result = answers[n]!;
      outcomes.push(result.kind);
      switch (result.kind) {
        case 'placed':
          this.metrics.dispatchDialled.inc({ provider: connector.kind });
          this.metrics.dispatchLag.observe(Math.max(0, now.getTime() - task.scheduled_for.getTime()) / 1000);
          placed.push({
            companyId,
            id: task.id,
            providerCallId: result.providerCallId,
            leaseUntil: new Date(now.getTime() + connector.outcomeExpectedWithinMs),
            event: life(now, 'dialled', `${connector.kind} call ${result.providerCallId}`),
          });
          break;
        case 'refused':
          this.metrics.dispatchProviderErrors.inc({ provider: connector.kind, kind: 'refused' });
          await this.#release(
            task,
            new Date(now.getTime() + (result.retryAfterMs ?? this.options.refusedRetryMs)),
            life(now, 'refused', `${connector.kind} did not dial: ${result.reason}; back in the queue (not a call)`),
          );
          break;
        case 'unknown':
          // A stale claim was never sent: its lease runs out and reconciliation releases it.
          if (result.reason === STALE_CLAIM) break;
          this.metrics.dispatchProviderErrors.inc({ provider: connector.kind, kind: 'unknown' });
          await repo.extendLease(
            this.db,
            companyId,
            task.id,
            new Date(now.getTime() + this.options.reconcileRetryMs),
            life(now, 'unanswered', `${connector.kind} gave no usable answer (${result.reason}); the provider is asked before anything is dialled again`),
          );
          break;
      }
    }
    await repo.recordPlaced(this.db, placed);
    return outcomes;
  }

  async #place(claim: Claim): Promise<Awaited<ReturnType<ProviderConnector['placeCall']>>> {
    const { companyId, task, context, connector } = claim;
    // A claim held too long (the process stalled between claim and dial) may have been reconciled
    // and released by another dispatcher meanwhile: it is not dialled.
    if (this.clock().getTime() - claim.claimedAt > this.options.dialLeaseMs / 2) {
      this.metrics.dispatchProviderErrors.inc({ provider: connector.kind, kind: 'stale_claim' });
      return { kind: 'unknown', reason: STALE_CLAIM };
    }
    const webhookUrl = this.options.publicUrl ? `${this.options.publicUrl.replace(/\/$/, '')}/webhooks/providers/${connector.kind}` : null;
    try {
      return await connector.placeCall(
        { companyId, taskId: task.id, customerId: task.customer_id, toPhoneNumber: task.phone_number, context, webhookUrl },
        AbortSignal.timeout(this.options.dialTimeoutMs),
      );
    } catch (error) {
      return { kind: 'unknown', reason: error instanceof Error && error.name === 'ProviderError' ? error.message : 'the connector failed' };
    }
  }

  /**
   * Back to the queue (nothing was dialled), due at `dueAt` — and the customer's plan fitted again
   * around it, so that a released attempt never sits outside lawful time or crowds another.
   */
  async #release(task: CallTaskRow, dueAt: Date, event: TaskLifeEvent): Promise<void> {
    await this.tx.run(async (trx) => {
      const customer = await customerRepo.lockCustomer(trx, task.company_id, task.customer_id);
      if (!(await repo.releaseTask(trx, task.company_id, task.id, dueAt, event)) || !customer) return;
      await this.schedules.recheck(trx, task.company_id, customer, 'a dial that did not happen');
    });
  }

  // ---- outcomes ----------------------------------------------------------------------------

  /**
   * Dispatched tasks whose lease ran out: the provider is asked what became of the call, and the
   * task is completed, kept, or released only on the provider's word that nothing was dialled.
   * A pull lease that runs out returns the task to the queue (the lender's dialer did not report).
   */
  async reconcileExpired(limit: number): Promise<number> {
    const now = this.clock();
    const retryAt = new Date(now.getTime() + this.options.reconcileRetryMs);
    // Take the expired leases by pushing them forward (a short transaction), then ask providers
    // outside it: no row lock is held across a network call.
    const expired = await this.tx.run(async (trx) => {
      const rows = await repo.lockExpiredLeases(trx, now, limit);
      for (const row of rows) if (row.provider !== PULL) await repo.extendLease(trx, row.company_id, row.id, retryAt, life(now, 'reconciling'));
      return rows;
    });
    for (const task of expired) await this.#reconcile(task, now, retryAt);
    return expired.length;
  }

  async #reconcile(task: CallTaskRow, now: Date, retryAt: Date): Promise<void> {
    if (task.provider === PULL) {
      await this.#release(task, now, life(now, 'lease expired', "the lender's dialer did not report an outcome in time; back in the queue"));
      return;
    }
    const connector = await this.#connectorOf(task);
    if (!connector) {
      await repo.extendLease(
        this.db,
        task.company_id,
        task.id,
        retryAt,
        life(now, 'unreconciled', `no ${task.provider} connector is configured to ask about this call`),
      );
      return;
    }
    let call: ProviderCall | null;
    try {
      const signal = AbortSignal.timeout(this.options.dialTimeoutMs);
      call = task.provider_call_id
        ? await connector.fetchCall(task.provider_call_id, signal)
        : await connector.findCallForTask({ taskId: task.id, toPhoneNumber: task.phone_number, since: task.dispatched_at ?? task.updated_at }, signal);
    } catch {
      this.metrics.dispatchProviderErrors.inc({ provider: connector.kind, kind: 'reconcile' });
      return; // the lease was pushed forward: asked again later, never dialled meanwhile
    }
    if (call === null) {
      await this.#release(task, now, life(now, 'released', `${connector.kind} has no call for this task: nothing was dialled`));
      return;
    }
    await this.applyProviderCall(task.company_id, task, call);
  }

  /**
   * The connector that placed the task's call, as the claim chose it: the company's own, unless
   * that is a real provider and the customer a test one. A test customer of a simulator company
   * was dialled by the company's simulator, which alone knows the call.
   */
  async #connectorOf(task: CallTaskRow): Promise<ProviderConnector | null> {
    const dialer = await this.dialers.dialerFor(task.company_id);
    if (dialer?.connector?.kind === task.provider) return dialer.connector;
    // A test customer of a company with a real provider was dialled by the test simulator.
    return task.provider === 'simulator' ? this.dialers.testDialer : null;
  }

  /** What a provider reports about a dispatched task's call, applied to the task and the plan. */
  async applyProviderCall(companyId: string, task: CallTaskRow, call: ProviderCall): Promise<CallView | null> {
    const now = this.clock();
    if (task.status !== 'dispatched' && task.status !== 'scheduled') return null;
    if (call.status === 'pending') {
      if (task.provider_call_id === null)
        await repo.recordPlaced(this.db, [
          {
            companyId,
            id: task.id,
            providerCallId: call.providerCallId,
            leaseUntil: new Date(now.getTime() + this.options.reconcileRetryMs),
            event: life(now, 'found', `${task.provider} call ${call.providerCallId} in progress`),
          },
        ]);
      else
        await repo.extendLease(
          this.db,
          companyId,
          task.id,
          new Date(now.getTime() + this.options.reconcileRetryMs),
          life(now, 'in progress', call.nativeReason ?? undefined),
        );
      return null;
    }
    if (call.status === 'not_dialled') {
      this.metrics.dispatchProviderErrors.inc({ provider: task.provider ?? 'unknown', kind: 'not_dialled' });
      await this.#release(
        task,
        new Date(now.getTime() + this.options.refusedRetryMs),
        life(now, 'not dialled', `${task.provider} ended the call without dialling (${call.nativeReason ?? 'no reason'}): not a call`),
      );
      return null;
    }
    const fields = this.#callFields(task, call, now);
    const view = await this.calls.commit({ companyId, fields });
    this.metrics.dispatchOutcomes.inc({ outcome: view.outcome });
    return view;
  }

  #callFields(task: CallTaskRow, call: ProviderCall, now: Date): CallFields {
    // A callback request without its time cannot be honoured (domain/call-fields.ts): kept out.
    const flags: CallFlag[] = call.callbackAt ? [...call.flags] : call.flags.filter((f) => f !== 'CALLBACK_REQUEST');
    const startedAt = call.startedAt && call.startedAt.getTime() <= now.getTime() ? call.startedAt : (task.dispatched_at ?? now);
    return {
      customerId: task.customer_id,
      toPhoneNumber: task.phone_number,
      timestamp: startedAt,
      direction: 'outbound',
      outcome: call.outcome ?? 'conversation',
      loanIds: task.loan_id ? [task.loan_id] : [],
      consented: task.consented,
      // The call carries the consent it was placed under, so the ledger can tell when it lapsed.
      consentGrantedAt: task.consented ? task.consent_granted_at : null,
      consentLoanIds: [],
      durationSeconds: call.durationSeconds === null ? null : Math.max(0, Math.min(86_400, Math.round(call.durationSeconds))),
      transcript: call.transcript,
      recordingUrl: call.recordingUrl && /^https?:\/\/\S+$/i.test(call.recordingUrl) ? call.recordingUrl : null,
      summarization: call.summary,
      callbackAt: call.callbackAt,
      flags,
      taskId: task.id,
    };
  }

  // ---- the lender's own dialer ---------------------------------------------------------------

  /**
   * `POST /dispatch/{taskId}/result`, validation (outside any transaction): the call the lender's
   * dialer placed for a claimed task, with the customer and (unless given) the number of the task.
   */
  async prepareResult(companyId: string, taskId: string, body: Record<string, unknown>, schemaErrors: CallServiceInput['schemaErrors']): Promise<PreparedCall> {
    const task = await repo.findTask(this.db, companyId, taskId);
    if (!task) throw new DomainError('not_found', `no task with id ${taskId}`);
    // A callback was placed under the consumer's consent: its call carries that consent and when
    // it was given (so the ledger can tell when it lapsed), unless the dialer reports otherwise.
    const consent =
      task.consented && body.consented === undefined
        ? { consented: true, ...(task.consent_granted_at ? { consentGrantedAt: task.consent_granted_at.toISOString() } : {}) }
        : {};
    return this.calls.prepare(companyId, {
      body: { toPhoneNumber: task.phone_number, ...consent, ...body, customerId: task.customer_id, taskId },
      schemaErrors,
    });
  }

  /** Records it: the ledger, the task completed, the plan re-checked (CallService.commit). */
  async commitResult(prepared: PreparedCall, actor?: Actor): Promise<CallView> {
    return this.calls.commit(prepared, actor);
  }

  // ---- pause ---------------------------------------------------------------------------------

  /** `by`: the API key of the request, whose change goes on the audit trail, or the CLI (no key). */
  async pause(companyId: string, by: ChangeActor): Promise<DispatchStatus> {
    await this.setPaused(companyId, by, 'dispatch.paused', (at) => ({ at, by: by === 'cli' ? 'cli' : by.keyId }));
    return this.status(companyId);
  }

  async resume(companyId: string, by: ChangeActor): Promise<DispatchStatus> {
    await this.setPaused(companyId, by, 'dispatch.resumed', () => null);
    return this.status(companyId);
  }

  private async setPaused(companyId: string, by: ChangeActor, action: string, paused: (at: Date) => { at: Date; by: string } | null): Promise<void> {
    const at = this.clock();
    await this.tx.run(async (trx) => {
      if (!(await repo.setPaused(trx, companyId, paused(at)))) throw new DomainError('not_found', `no company with id ${companyId}`);
      await recordChange(trx, { companyId, actor: by, action, customerId: null, fields: ['paused'], at });
    });
  }

  async status(companyId: string): Promise<DispatchStatus> {
    const state = await repo.dispatchState(this.db, companyId, this.clock());
    if (!state) throw new DomainError('not_found', `no company with id ${companyId}`);
    return {
      companyName: state.companyName,
      paused: state.pausedAt !== null,
      pausedAt: state.pausedAt?.toISOString() ?? null,
      pausedBy: state.pausedBy,
      dialer: await this.dialers.describe(companyId),
      due: state.due,
      inFlight: state.inFlight,
      scheduled: state.scheduled,
    };
  }

  /** Due and in-flight tasks across companies, for /metrics. */
  async backlog(): Promise<{ due: number; inFlight: number }> {
    return repo.dispatchBacklog(this.db, this.clock());
  }

  // ---- agent context -------------------------------------------------------------------------

  /** `GET /customers/{id}/agent-context`: what an agent would be given if the customer were called now. */
  async agentContext(companyId: string, customerId: string): Promise<AgentContext> {
    const customer = await customerRepo.findCustomer(this.db, companyId, customerId);
    if (!customer) throw new DomainError('customer_not_found', `no customer with id ${customerId}`);
    const now = this.clock();
    const maxCallMs = (await this.settings.dispatch(companyId)).maxCallMinutes * 60_000;
    let zone: string | null = null;
    let mustEndBy: number | null = null;
    let callable = false;
    const checked = await this.#check(
      this.db,
      companyId,
      customer,
      await listLedger(this.db, companyId, customer.id),
      { phoneNumber: customer.phone_number, loanId: customer.loan_id, consented: false, consentGrantedAt: null, notAfter: now.getTime() + 86_400_000 },
      now,
      maxCallMs,
    ).catch(() => null);
    if (checked && !('notCallable' in checked)) {
      zone = checked.zone;
      callable = true;
      if (checked.decision.dial) mustEndBy = checked.decision.mustEndBy;
    }
    return this.contexts.build(this.db, { companyId, customer, task: null, zone, mustEndBy, callable, now: now.getTime() });
  }
}

type CallServiceInput = Parameters<CallService['prepare']>[1];

interface Checked {
  readonly decision: DialDecision;
  readonly zone: string | null;
  readonly candidateZones: readonly string[];
  readonly jurisdictions: readonly string[];
}

/** What the dial-time check needs of an attempt. */
interface Attempt {
  readonly phoneNumber: string | null;
  readonly loanId: string | null;
  readonly consented: boolean;
  /** When that consent was given; null: unknown, and the call is not excluded from 7-in-7. */
  readonly consentGrantedAt: number | null;
  readonly notAfter: number;
}

function attemptOf(task: CallTaskRow): Attempt {
  return {
    phoneNumber: task.phone_number,
    loanId: task.loan_id,
    consented: task.consented,
    consentGrantedAt: task.consent_granted_at?.getTime() ?? null,
    notAfter: task.not_after.getTime(),
  };
}
