/**
 * The planner: turns a cadence into call attempts, each at the earliest instant at or after its
 * preferred local time at which every compliance rule passes — given the calls already recorded
 * AND the attempts planned before it, which enter the contact history as unanswered placed calls
 * (the conservative assumption: they count toward every cap). Pure and deterministic: the same
 * facts, ledger, cadence, policy and "now" always give the same plan.
 */
import {
  evaluatePrepared,
  instantOfLocal,
  nextAllowedAtPrepared,
  prepare,
  zoneTable,
  type CallFacts,
  type ContactEvent,
  type Policy,
} from '../compliance/index.ts';
import { localDay } from '../compliance/local-time.ts';
import { type Cadence, minutesOfClock } from './cadence.ts';
import type { Placement } from './explanation.ts';

const MINUTE = 60_000;

export interface PlannedAttempt {
  readonly scheduledFor: number;
  readonly loanId: string | null;
  readonly consented: boolean;
  /** Why it is where it is (rendered into an explanation when read). */
  readonly placement: Placement;
}

export interface PlanInput {
  /** The call's facts without history (zones, jurisdictions, line, consent, doNotCall…). */
  readonly facts: CallFacts;
  /** Contacts already recorded for the person. */
  readonly ledger: readonly ContactEvent[];
  readonly cadence: Cadence;
  readonly policy: Partial<Policy>;
  readonly now: number;
  /** The zone whose wall clock the cadence's days and times are read on. */
  readonly zone: string;
  readonly loanId: string | null;
  /** Attempt number shown in explanations ("attempt 3 of 10"). */
  readonly label?: string;
}

export interface Plan {
  readonly attempts: PlannedAttempt[];
  /** The end of the plan's horizon: no attempt at or after it. */
  readonly notAfter: number;
}

/** A planned attempt as it enters the contact history of the attempts after it. */
export function plannedEvent(facts: CallFacts, at: number, loanId: string | null, consented: boolean, consentGrantedAt: number | null = null): ContactEvent {
  return {
    at,
    direction: 'outbound',
    channel: 'call',
    loanIds: loanId === null ? [] : [loanId],
    phoneNumber: facts.phoneNumber ?? null,
    isWorkNumber: facts.isWorkNumber ?? false,
    outcome: 'no_answer',
    consented,
    consentGrantedAt,
  };
}

export function planSchedule(input: PlanInput): Plan {
  const { cadence, facts, now, loanId } = input;
  const table = zoneTable(input.zone);
  const startDay = localDay(table, now);
  const notAfter = instantOfLocal(table, startDay + cadence.horizonDays, 0);
  const history: ContactEvent[] = [...input.ledger];
  const attempts: PlannedAttempt[] = [];
  let earliest = now;
  let ordinal = 0;

  outer: for (const dayOffset of cadence.days) {
    for (let k = 0; k < cadence.attemptsPerDay; k++) {
      if (attempts.length >= cadence.totalAttempts) break outer;
      const range = cadence.timeRanges[ordinal % cadence.timeRanges.length]!;
      ordinal++;
      const preferred = instantOfLocal(table, startDay + dayOffset, minutesOfClock(range.start) * MINUTE);
      const from = Math.max(preferred, earliest);
      if (from >= notAfter) break outer;
      const prepared = prepare({ ...facts, loanId, history }, input.policy);
      const atPreferred = evaluatePrepared(prepared, from);
      const at = atPreferred.allowed ? from : nextAllowedAtPrepared(prepared, from, notAfter - from);
      if (at === null || at >= notAfter) break outer; // nothing lawful left inside the horizon
      const number = attempts.length + 1;
      attempts.push({
        scheduledFor: at,
        loanId,
        consented: false,
        placement: {
          label: `Attempt ${number} of ${cadence.totalAttempts}`,
          preferred,
          zone: input.zone,
          range: `${range.start}–${range.end}`,
          at,
          pastPreferred: from > preferred,
          reasons: atPreferred.allowed ? [] : atPreferred.reasons,
          candidateZones: atPreferred.candidateZones,
          jurisdictions: atPreferred.jurisdictions,
        },
      });
      history.push(plannedEvent(facts, at, loanId, false));
      earliest = at + MINUTE;
    }
  }
  return { attempts, notAfter };
}
