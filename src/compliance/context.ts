/**
 * The per-call context: facts normalised once so that each evaluation at an instant is only
 * arithmetic. Rules read this; nothing here decides anything.
 */
import { candidateZones } from './candidate-zones.ts';
import { jurisdictions as activeJurisdictions } from './jurisdictions.ts';
import { DAY } from './calendar.ts';
import { instantOfLocal, localDay, localDaysOfSorted, zoneTable, type ZoneTable } from './local-time.ts';
import { resolvePolicy } from './policy.ts';
import { ComplianceInputError, type CallFacts, type ContactChannel, type ContactEvent, type ContactOutcome, type InstantInput, type Policy } from './types.ts';

export interface NormalizedEvent {
  readonly at: number;
  readonly outbound: boolean;
  readonly channel: ContactChannel;
  /** null: about every debt. */
  readonly loanIds: readonly string[] | null;
  readonly phoneNumber: string | null;
  readonly isWork: boolean;
  readonly outcome: ContactOutcome;
  /** Placed with the person's direct prior consent, inside that consent's seven-day window
   * (12 CFR 1006.14(b)(3)): excluded from 7-in-7 for the debts `consentScope` names. */
  readonly consented: boolean;
  /** The debts the consent covers; null: every debt the contact was about. */
  readonly consentScope: readonly string[] | null;
}

export interface CallContext {
  readonly facts: CallFacts;
  readonly policy: Policy;
  /** Candidate zones first (indices < candidateCount), then zones only blocked windows name. */
  readonly zones: readonly ZoneTable[];
  /** Reported names of `zones` (canonical IANA names). */
  readonly zoneNames: readonly string[];
  readonly candidateCount: number;
  readonly invalidZones: readonly string[];
  readonly jurisdictions: readonly string[];
  /** The debts the call is about; [null] when the customer counts as one debt. */
  readonly debts: readonly (string | null)[];
  /** Sorted by `at`. */
  readonly events: readonly NormalizedEvent[];
  /** eventDays[zone][event]: local day number of each event in each candidate zone. */
  readonly eventDays: readonly number[][];
  /** Whether eventDays[zone] is ascending (true unless a transition crosses midnight backwards). */
  readonly eventDaysAscending: readonly boolean[];
  /** Series shared between rules, by a key naming their filter. */
  readonly seriesCache: Map<string, unknown>;
}

/** The instant being evaluated, with its local day and time of day in every zone of the context. */
export interface Moment {
  t: number;
  readonly day: number[];
  readonly msOfDay: number[];
}

const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/** Epoch ms of an instant input. Strings must carry an offset: a bare local time would silently
 * be read in the process time zone. */
function toEpochMs(input: InstantInput, field: string): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new ComplianceInputError(`${field} is not a finite epoch-ms number`, field);
    return input;
  }
  if (typeof input === 'string' && HAS_OFFSET.test(input)) {
    const ms = Date.parse(input);
    if (Number.isFinite(ms)) return ms;
  }
  throw new ComplianceInputError(`${field} must be epoch ms or an RFC 3339 instant with an offset`, field);
}

/**
 * The end (exclusive) of a direct prior consent given at `grantedAt` (12 CFR 1006.14(b)(3)(i):
 * "within the preceding seven days"; call-compliance.md §3.6): the end of the seventh local day,
 * the grant's date being day 1, in whichever candidate zone ends it first; in strict mode no
 * later than 168 hours after the grant either. No candidate zone: 168 hours.
 */
function consentEnd(zones: readonly ZoneTable[], candidateCount: number, strict: boolean, grantedAt: number): number {
  let end = strict || candidateCount === 0 ? grantedAt + 7 * DAY : Number.POSITIVE_INFINITY;
  for (let z = 0; z < candidateCount; z++) {
    const table = zones[z]!;
    end = Math.min(end, instantOfLocal(table, localDay(table, grantedAt) + 7, 0));
  }
  return end;
}

function normalizeEvent(e: ContactEvent, index: number, consentWindow: (grantedAt: number) => number): NormalizedEvent {
  const loanIds = e.loanIds && e.loanIds.length > 0 ? e.loanIds : null;
  const at = toEpochMs(e.at, `history[${index}].at`);
  let consented = false;
  if (e.consented === true && e.consentGrantedAt !== undefined && e.consentGrantedAt !== null) {
    // Without a grant time the contact counts: nothing shows that the consent still covered it.
    const grantedAt = toEpochMs(e.consentGrantedAt, `history[${index}].consentGrantedAt`);
    consented = grantedAt <= at && at < consentWindow(grantedAt);
  }
  return {
    at,
    outbound: e.direction !== 'inbound',
    channel: e.channel,
    loanIds,
    phoneNumber: e.phoneNumber ?? null,
    isWork: e.isWorkNumber === true,
    outcome: e.outcome,
    consented,
    consentScope: e.consentLoanIds && e.consentLoanIds.length > 0 ? e.consentLoanIds : null,
  };
}

export function buildContext(facts: CallFacts, policyInput: Partial<Policy> | undefined): CallContext {
  const policy = resolvePolicy(policyInput);
  const { zones: names, invalid } = candidateZones(facts);
  const zones = names.map((n) => zoneTable(n));
  const zoneNames = names.slice();
  const candidateCount = zones.length;

  const strict = policy.mode === 'strict';
  const consentWindow = (grantedAt: number) => consentEnd(zones, candidateCount, strict, grantedAt);
  const history = facts.history ?? [];
  const events = new Array<NormalizedEvent>(history.length);
  for (let i = 0; i < history.length; i++) events[i] = normalizeEvent(history[i]!, i, consentWindow);
  let sorted = true;
  for (let i = 1; i < events.length; i++) if (events[i]!.at < events[i - 1]!.at) sorted = false;
  if (!sorted) events.sort((a, b) => a.at - b.at);

  const times = new Array<number>(events.length);
  for (let i = 0; i < events.length; i++) times[i] = events[i]!.at;
  const eventDays: number[][] = [];
  const eventDaysAscending: boolean[] = [];
  for (let z = 0; z < candidateCount; z++) {
    const days = new Array<number>(events.length);
    eventDaysAscending.push(localDaysOfSorted(zones[z]!, times, days));
    eventDays.push(days);
  }

  const debtSet: string[] = [];
  if (facts.loanId) debtSet.push(facts.loanId);
  if (facts.loanIds) for (const id of facts.loanIds) if (!debtSet.includes(id)) debtSet.push(id);

  return {
    facts,
    policy,
    zones,
    zoneNames,
    candidateCount,
    invalidZones: invalid,
    jurisdictions: activeJurisdictions(facts),
    debts: debtSet.length > 0 ? debtSet : [null],
    events,
    eventDays,
    eventDaysAscending,
    seriesCache: new Map(),
  };
}

/** Adds a zone that only a blocked window uses; returns its index. */
export function extraZoneIndex(ctx: CallContext, name: string): number {
  const existing = ctx.zoneNames.indexOf(name);
  if (existing >= 0) return existing;
  (ctx.zones as ZoneTable[]).push(zoneTable(name));
  (ctx.zoneNames as string[]).push(name);
  return ctx.zones.length - 1;
}

/** Whether event `e` is about debt `debt` (null = the customer's single debt: every event is). */
export function isAboutDebt(e: NormalizedEvent, debt: string | null): boolean {
  return debt === null || e.loanIds === null || e.loanIds.includes(debt);
}

/** The proposed call's direct prior consent window [from, to), or null when it has none. */
export function proposedConsentWindow(ctx: CallContext): { from: number; to: number } | null {
  const { consented, consentGrantedAt } = ctx.facts;
  if (consented !== true || consentGrantedAt === undefined || consentGrantedAt === null) return null;
  const from = toEpochMs(consentGrantedAt, 'consentGrantedAt');
  return { from, to: consentEnd(ctx.zones, ctx.candidateCount, ctx.policy.mode === 'strict', from) };
}

/** Whether a consent scoped to `scope` (null: every debt the contact was about) covers `debt`. A
 * scoped consent never covers the customer's unnamed single debt. */
export function consentCovers(scope: readonly string[] | null, debt: string | null): boolean {
  return scope === null || (debt !== null && scope.includes(debt));
}

/** Whether the call is a telephone solicitation: the telemarketing rules apply to it. */
export function isMarketing(ctx: CallContext): boolean {
  return ctx.facts.purpose === 'marketing';
}

/** 'loan A' or 'the customer's debt' for explanations. */
export function debtLabel(debt: string | null): string {
  return debt === null ? "the customer's debt" : `loan ${debt}`;
}
