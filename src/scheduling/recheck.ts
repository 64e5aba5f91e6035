/**
 * Re-checking a schedule after something happened (a recorded call, a callback request): every
 * pending task, in time order, is evaluated against the recorded contacts plus the pending tasks
 * before it — the same replay the planner builds with — and kept, moved to the earliest lawful
 * instant before its schedule's horizon, or cancelled when there is none. Pure.
 */
import {
  evaluatePrepared, nextAllowedAtPrepared, prepare, type CallFacts, type ContactEvent, type Policy,
} from '../compliance/index.js';
import { explain, plannedEvent, type Explanation } from './planner.js';

export interface PendingTask {
  readonly id: string;
  readonly scheduledFor: number;
  readonly notAfter: number;
  readonly loanId: string | null;
  readonly consented: boolean;
  readonly label: string;
}

export type RecheckOutcome =
  | { readonly id: string; readonly action: 'keep' }
  | { readonly id: string; readonly action: 'move'; readonly scheduledFor: number; readonly explanation: Explanation }
  | { readonly id: string; readonly action: 'cancel'; readonly reason: string };

export interface RecheckInput {
  readonly tasks: readonly PendingTask[];
  readonly facts: CallFacts;
  readonly ledger: readonly ContactEvent[];
  readonly policy: Partial<Policy>;
  readonly now: number;
  readonly zone: string;
}

export function recheckPending(input: RecheckInput): RecheckOutcome[] {
  const tasks = [...input.tasks].sort((a, b) => a.scheduledFor - b.scheduledFor || a.id.localeCompare(b.id));
  const history: ContactEvent[] = [...input.ledger];
  const outcomes: RecheckOutcome[] = [];
  let earliest = input.now;
  for (const task of tasks) {
    const facts: CallFacts = { ...input.facts, loanId: task.loanId, consented: task.consented, history };
    const prepared = prepare(facts, input.policy);
    const from = Math.max(task.scheduledFor, earliest);
    const atCurrent = evaluatePrepared(prepared, from);
    let at: number | null = from;
    if (!atCurrent.allowed) at = from >= task.notAfter ? null : nextAllowedAtPrepared(prepared, from, task.notAfter - from);
    if (at === null || at >= task.notAfter) {
      const why = atCurrent.reasons.map((r) => r.code).join(', ') || 'its time has passed';
      outcomes.push({ id: task.id, action: 'cancel', reason: `no lawful time left before the schedule's horizon (${why})` });
      continue;
    }
    if (at === task.scheduledFor) outcomes.push({ id: task.id, action: 'keep' });
    else {
      outcomes.push({
        id: task.id,
        action: 'move',
        scheduledFor: at,
        explanation: explain({
          label: `${task.label} (re-checked after a recorded contact)`,
          preferred: task.scheduledFor,
          zone: input.zone,
          at,
          pastPreferred: from > task.scheduledFor,
          reasons: atCurrent.allowed ? [] : atCurrent.reasons,
          candidateZones: atCurrent.candidateZones,
          jurisdictions: atCurrent.jurisdictions,
        }),
      });
    }
    history.push(plannedEvent(input.facts, at, task.loanId, task.consented));
    earliest = at + 60_000;
  }
  return outcomes;
}
