/**
 * Re-checking a schedule after something happened (a recorded call, a callback request, a rebuild
 * that keeps the consumer's callbacks): every
 * pending task, in time order, is evaluated against the recorded contacts plus the pending tasks
 * before it — the same replay the planner builds with — and kept, moved to the earliest lawful
 * instant before its schedule's horizon, or cancelled when there is none. Pure.
 */
import { evaluatePrepared, nextAllowedAtPrepared, prepare, type CallFacts, type ContactEvent, type Evaluation, type Policy } from '../compliance/index.ts';
import type { Placement } from './explanation.ts';
import { plannedEvent } from './planner.ts';

export interface PendingTask {
  readonly id: string;
  readonly scheduledFor: number;
  readonly notAfter: number;
  readonly loanId: string | null;
  readonly consented: boolean;
  /** When the consent of a consented task was given; null: unknown (it is not excluded from 7-in-7). */
  readonly consentGrantedAt: number | null;
  readonly label: string;
}

export type RecheckOutcome =
  | { readonly id: string; readonly action: 'keep' }
  | { readonly id: string; readonly action: 'move'; readonly scheduledFor: number; readonly placement: Placement }
  | { readonly id: string; readonly action: 'cancel'; readonly reason: string };

interface RecheckInput {
  readonly tasks: readonly PendingTask[];
  readonly facts: CallFacts;
  readonly ledger: readonly ContactEvent[];
  readonly policy: Partial<Policy>;
  readonly now: number;
  readonly zone: string;
  /** What prompted the re-check, for explanations; default "a recorded contact". */
  readonly trigger?: string;
}

export function recheckPending(input: RecheckInput): RecheckOutcome[] {
  const tasks = [...input.tasks].sort((a, b) => a.scheduledFor - b.scheduledFor || a.id.localeCompare(b.id));
  const history: ContactEvent[] = [...input.ledger];
  const outcomes = new Map<string, RecheckOutcome>();
  // Tasks are placed in time order. A task that has to move goes back into the queue at its new
  // candidate time instead of dragging every later task behind it: a task moved days ahead (out of
  // a quiet period) must not push a lawful task between its old and new time (a consented
  // callback) past that time too.
  const queue: Array<{ task: PendingTask; at: number; first: { from: number; evaluation: Evaluation } | null }> = tasks.map((task) => ({
    task,
    at: task.scheduledFor,
    first: null,
  }));
  let earliest = input.now;
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at || a.task.id.localeCompare(b.task.id));
    const item = queue.shift()!;
    const { task } = item;
    const facts: CallFacts = { ...input.facts, loanId: task.loanId, consented: task.consented, consentGrantedAt: task.consentGrantedAt, history };
    const prepared = prepare(facts, input.policy);
    const from = Math.max(item.at, earliest);
    const evaluation = evaluatePrepared(prepared, from);
    // Why the task could not stay where it was (or at now, once its time had passed).
    const first = item.first ?? { from, evaluation };
    if (!evaluation.allowed) {
      const at = from >= task.notAfter ? null : nextAllowedAtPrepared(prepared, from, task.notAfter - from);
      if (at === null || at >= task.notAfter) {
        const why = first.evaluation.reasons.map((r) => r.code).join(', ') || 'its time has passed';
        outcomes.set(task.id, { id: task.id, action: 'cancel', reason: `no lawful time left before the schedule's horizon (${why})` });
      } else {
        queue.push({ task, at, first });
      }
      continue;
    }
    if (from === task.scheduledFor) outcomes.set(task.id, { id: task.id, action: 'keep' });
    else {
      outcomes.set(task.id, {
        id: task.id,
        action: 'move',
        scheduledFor: from,
        placement: {
          label: task.label,
          recheck: `after ${input.trigger ?? 'a recorded contact'}`,
          preferred: task.scheduledFor,
          zone: input.zone,
          at: from,
          pastPreferred: first.from > task.scheduledFor,
          reasons: first.evaluation.allowed ? [] : first.evaluation.reasons,
          candidateZones: first.evaluation.candidateZones,
          jurisdictions: first.evaluation.jurisdictions,
        },
      });
    }
    history.push(plannedEvent(input.facts, from, task.loanId, task.consented, task.consentGrantedAt));
    earliest = from + 60_000;
  }
  return tasks.map((task) => outcomes.get(task.id)!);
}
