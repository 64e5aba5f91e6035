/**
 * Checks a customer's plan the way a compliance officer would: replay the pending tasks in time
 * order, each evaluated by the compliance engine against the recorded contacts plus the tasks
 * before it (as unanswered outbound calls; a callback with the consumer's consent), and report
 * every task the engine would refuse. Independent of the services: it reads the customer through
 * the API and the ledger straight from the calls table.
 */
import { evaluate, type CallFacts, type ContactEvent, type Policy } from '../../src/compliance/index.ts';
import { customerCallFacts } from '../../src/scheduling/customer-facts.ts';
import { plannedEvent } from '../../src/scheduling/planner.ts';
import type { TestApp } from './app.ts';

export interface TaskLike {
  readonly id?: string;
  readonly at: number;
  readonly loanId: string | null;
  readonly consented: boolean;
  /** When the consent of a consented task was given; without it the task is not excluded from 7-in-7. */
  readonly consentGrantedAt?: number | null;
}

export interface Violation {
  readonly task: TaskLike;
  readonly reasons: readonly string[];
}

/** Tasks that the engine refuses, replaying them in time order on top of the ledger. */
export function replayViolations(facts: CallFacts, ledger: readonly ContactEvent[], tasks: readonly TaskLike[], policy: Partial<Policy>): Violation[] {
  const ordered = [...tasks].sort((a, b) => a.at - b.at);
  const history: ContactEvent[] = [...ledger];
  const violations: Violation[] = [];
  for (const task of ordered) {
    const consentGrantedAt = task.consentGrantedAt ?? null;
    const evaluation = evaluate({ ...facts, loanId: task.loanId, consented: task.consented, consentGrantedAt, history: [...history] }, task.at, policy);
    if (!evaluation.allowed) violations.push({ task, reasons: evaluation.reasons.map((r) => `${r.code}${r.zone ? `@${r.zone}` : ''}: ${r.detail}`) });
    history.push(plannedEvent(facts, task.at, task.loanId, task.consented, consentGrantedAt));
  }
  return violations;
}

export interface ApiTask {
  id: string;
  customerId: string;
  loanId: string | null;
  phoneNumber: string;
  scheduledFor: string;
  localTimes: Record<string, string>;
  status: 'scheduled' | 'dispatched' | 'completed' | 'cancelled';
  kind: 'cadence' | 'callback';
  isTest: boolean;
  explanation: {
    summary: string;
    preferred: { at: string; local: string; zone: string } | null;
    moved: boolean;
    blockedBy: Array<{ code: string; rule: string; zone?: string; detail: string }>;
    candidateZones: string[];
    jurisdictions: string[];
  };
  cancelReason?: string;
}

export async function tasksOf(t: TestApp, customerId: string, status?: ApiTask['status'], key?: string): Promise<ApiTask[]> {
  const res = await t.request('GET', `/customers/${encodeURIComponent(customerId)}/tasks${status ? `?status=${status}` : ''}`, key ? { key } : {});
  if (res.statusCode !== 200) throw new Error(`GET tasks of ${customerId}: ${res.statusCode} ${res.body}`);
  return res.json<ApiTask[]>();
}

export async function pendingOf(t: TestApp, customerId: string, key?: string): Promise<ApiTask[]> {
  return tasksOf(t, customerId, 'scheduled', key);
}

/** The recorded contacts of a customer, from the calls table (the API does not show `consented`). */
export async function ledgerOf(t: TestApp, companyId: string, customerId: string): Promise<ContactEvent[]> {
  const rows = await t.services.db
    .selectFrom('calls')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at')
    .execute();
  return rows.map((row) => ({
    at: new Date(row.occurred_at).getTime(),
    direction: row.direction,
    channel: 'call' as const,
    loanIds: row.loan_ids,
    phoneNumber: row.to_phone_number,
    outcome: row.outcome,
    consented: row.consented,
    consentGrantedAt: row.consent_granted_at === null ? null : new Date(row.consent_granted_at).getTime(),
    consentLoanIds: row.consent_loan_ids ?? [],
  }));
}

/** The engine facts of a customer as the API shows it, under the company's compliance settings and its task type's purpose. */
export async function customerFacts(t: TestApp, companyId: string, customer: Record<string, unknown>): Promise<{ facts: CallFacts; policy: Partial<Policy> }> {
  const settings = await t.services.settings.compliance(companyId);
  const taskType = String(customer.taskType).toLowerCase();
  const purpose = (await t.services.companies.taskTypesWithCadence(companyId)).find((type) => type.name.toLowerCase() === taskType)?.purpose ?? 'collection';
  const facts = customerCallFacts(
    {
      zipCode: (customer.zipCode as string | undefined) ?? null,
      state: (customer.state as string | undefined) ?? null,
      timezone: (customer.timezone as string | undefined) ?? null,
      phoneNumber: (customer.phoneNumber as string | undefined) ?? null,
    },
    { lineType: settings.defaultLineType, tcpaConsent: settings.assumeTcpaConsent },
    { doNotCall: customer.doNotCall === true, purpose },
  );
  return { facts, policy: settings.policy };
}

/** Every pending task of the customer the engine would refuse, with reasons (`key`: the company's API key). */
export async function customerViolations(t: TestApp, customerId: string, companyId = t.companyId, key?: string): Promise<Violation[]> {
  const res = await t.request('GET', `/customers/${encodeURIComponent(customerId)}`, key ? { key } : {});
  if (res.statusCode !== 200) throw new Error(`GET customer ${customerId}: ${res.statusCode} ${res.body}`);
  const customer = res.json<Record<string, unknown>>();
  const { facts, policy } = await customerFacts(t, companyId, customer);
  const ledger = await ledgerOf(t, companyId, customerId);
  const pending = await pendingOf(t, customerId, key);
  // The API does not show whether a task is placed with the consumer's consent: a callback is,
  // unless that consent had expired by its time (the table says which).
  const consentRows = await t.services.db
    .selectFrom('call_tasks')
    .select(['id', 'consented', 'consent_granted_at'])
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'scheduled')
    .execute();
  const consented = new Map(consentRows.map((row) => [row.id, row]));
  return replayViolations(
    facts,
    ledger,
    pending.map((task) => ({
      id: task.id,
      at: Date.parse(task.scheduledFor),
      loanId: task.loanId,
      consented: consented.get(task.id)?.consented ?? task.kind === 'callback',
      consentGrantedAt: consented.get(task.id)?.consent_granted_at?.getTime() ?? null,
    })),
    policy,
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD HH:MM' on the zone's wall clock, straight from Intl (an oracle independent of the engine's tables). */
export function wallClock(zone: string, ms: number): string {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The local calendar date of an instant in a zone, as a day number (for "7 consecutive days"). */
export function localDayNumber(zone: string, ms: number): number {
  const text = wallClock(zone, ms);
  return Math.floor(Date.parse(`${text.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

export function minutesOfWall(zone: string, ms: number): number {
  const text = wallClock(zone, ms);
  return Number(text.slice(11, 13)) * 60 + Number(text.slice(14, 16));
}
