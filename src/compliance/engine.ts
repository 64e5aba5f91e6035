/**
 * The compliance engine: may this call be placed at this instant, and if not, when?
 *
 * `prepare` compiles the facts and the policy once (zones resolved, history sorted and dated in
 * every candidate zone, each applicable rule turned into a check). Evaluating an instant is then
 * a pass over the checks with no allocation unless a check fails and reasons are wanted.
 *
 * `nextAllowedAt` is exact: every check's verdict is constant between the instants its
 * `boundaries` reports (local window starts, blocked-window ends, local midnights, offset
 * transitions, contact + 168 h / 720 h, contact + minimum gap), and each check's passing set is
 * closed on the left at those instants. So the earliest allowed instant at or after `from` is
 * `from` itself or one of those instants, and testing them in order finds it
 * (call-compliance.md §3.9).
 */
import { DAY } from './calendar.ts';
import { buildContext, type CallContext, type Moment } from './context.ts';
import { wallClockCrossings, wallMs } from './local-time.ts';
import { RULES } from './rules/index.ts';
import type { BoundarySink, Check } from './rules/rule.ts';
import { ComplianceInputError, type CallFacts, type Decision, type Evaluation, type Policy, type Reason } from './types.ts';

export const DEFAULT_HORIZON_MS = 30 * DAY;
/** Candidate instants are generated in growing slices so a near answer costs little. */
const FIRST_SLICE_MS = DAY;

export interface PreparedCall {
  readonly context: CallContext;
  readonly candidateZones: readonly string[];
  readonly jurisdictions: readonly string[];
  /** @internal */
  readonly checks: readonly Check[];
  /** @internal Scratch space reused by every evaluation (evaluation is synchronous). */
  readonly moment: Moment;
}

/** Compiles facts and policy for repeated evaluation (e.g. by the planner or a search). */
export function prepare(facts: CallFacts, policy?: Partial<Policy>): PreparedCall {
  const context = buildContext(facts, policy);
  const checks: Check[] = [];
  for (const rule of RULES) {
    const check = rule(context);
    if (check !== null) checks.push(check);
  }
  // Sized after the rules ran: a blocked window may have added its own zone.
  const n = context.zones.length;
  return {
    context,
    candidateZones: context.zoneNames.slice(0, context.candidateCount),
    jurisdictions: context.jurisdictions,
    checks,
    moment: { t: Number.NaN, day: new Array<number>(n).fill(0), msOfDay: new Array<number>(n).fill(0) },
  };
}

function assertInstant(t: number, field: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new ComplianceInputError(`${field} must be a finite epoch-ms number`, field);
  }
}

function setMoment(p: PreparedCall, t: number): Moment {
  const m = p.moment;
  if (m.t === t) return m;
  const zones = p.context.zones;
  for (let z = 0; z < zones.length; z++) {
    const w = wallMs(zones[z]!, t);
    const d = Math.floor(w / DAY);
    m.day[z] = d;
    m.msOfDay[z] = w - d * DAY;
  }
  m.t = t;
  return m;
}

/** Whether every rule passes at `atMs`; no reasons are built. */
export function isAllowedPrepared(p: PreparedCall, atMs: number): boolean {
  const m = setMoment(p, atMs);
  for (const check of p.checks) if (!check.test(m, null)) return false;
  return true;
}

/** The decision at `atMs` with every failed check's reason (the strictest rule wins). */
export function evaluatePrepared(p: PreparedCall, atMs: number): Evaluation {
  assertInstant(atMs, 'at');
  const m = setMoment(p, atMs);
  const reasons: Reason[] = [];
  let allowed = true;
  for (const check of p.checks) if (!check.test(m, reasons)) allowed = false;
  return { allowed, reasons, candidateZones: p.candidateZones, jurisdictions: p.jurisdictions };
}

/** Collects the instants of one slice of the search; wall times are kept across slices. */
class Boundaries implements BoundarySink {
  from = 0;
  to = 0;
  readonly instants: number[] = [];
  readonly walls: number[][];
  readonly candidateCount: number;
  constructor(zoneCount: number, candidateCount: number) {
    this.walls = Array.from({ length: zoneCount }, () => []);
    this.candidateCount = candidateCount;
  }
  reset(from: number, to: number): void {
    this.from = from;
    this.to = to;
    this.instants.length = 0;
  }
  wall = (zone: number, msOfDay: number): void => {
    const list = this.walls[zone]!;
    if (!list.includes(msOfDay)) list.push(msOfDay);
  };
  midnights = (): void => {
    for (let z = 0; z < this.candidateCount; z++) this.wall(z, 0);
  };
  at = (t: number): void => {
    if (t > this.from && t <= this.to) this.instants.push(t);
  };
}

/**
 * The earliest candidate instant in (fromMs, fromMs + horizonMs] that `wanted` accepts. Candidates
 * are what `report` puts in the sink (instants, local walls, midnights), generated in growing
 * slices so a near answer costs little. Both searches below run on it.
 */
function firstBoundary(p: PreparedCall, fromMs: number, horizonMs: number, report: (sink: Boundaries) => void, wanted: (t: number) => boolean): number | null {
  const { zones } = p.context;
  const end = fromMs + Math.max(0, horizonMs);
  const sink = new Boundaries(zones.length, p.context.candidateCount);
  let sliceFrom = fromMs;
  let slice = FIRST_SLICE_MS;
  while (sliceFrom < end) {
    const sliceTo = Math.min(end, sliceFrom + slice);
    sink.reset(sliceFrom, sliceTo);
    report(sink);
    const found = sink.instants;
    for (let z = 0; z < zones.length; z++) {
      const walls = sink.walls[z]!;
      if (walls.length > 0) wallClockCrossings(zones[z]!, sliceFrom, sliceTo, walls, found);
    }
    const sorted = Float64Array.from(found).sort();
    let previous = Number.NaN;
    for (const t of sorted) {
      if (t === previous) continue;
      previous = t;
      if (wanted(t)) return t;
    }
    sliceFrom = sliceTo;
    slice *= 2;
  }
  return null;
}

/**
 * The earliest instant t with fromMs <= t <= fromMs + horizonMs at which every rule passes, or
 * null. Exact to the millisecond.
 */
export function nextAllowedAtPrepared(p: PreparedCall, fromMs: number, horizonMs: number = DEFAULT_HORIZON_MS): number | null {
  assertInstant(fromMs, 'from');
  assertInstant(horizonMs, 'horizon');
  if (isAllowedPrepared(p, fromMs)) return fromMs;
  const m = setMoment(p, fromMs);
  for (const check of p.checks) if (check.permanent && !check.test(m, null)) return null;
  return firstBoundary(
    p,
    fromMs,
    horizonMs,
    (sink) => {
      for (const check of p.checks) check.boundaries(sink);
    },
    (t) => isAllowedPrepared(p, t),
  );
}

/**
 * The earliest instant t with fromMs < t <= fromMs + horizonMs at which some rule fails, or null:
 * where a lawful stretch ends (the local window closes, a blocked window starts, a Sunday or
 * holiday begins). Checked at every closing the rules report and every local midnight, so it is
 * exact to the millisecond for those; a count rule turns from passing to failing only when a
 * contact later than `fromMs` is in the history, which the dial-time check never gives it.
 */
export function nextDisallowedAtPrepared(p: PreparedCall, fromMs: number, horizonMs: number): number | null {
  assertInstant(fromMs, 'from');
  assertInstant(horizonMs, 'horizon');
  return firstBoundary(
    p,
    fromMs,
    horizonMs,
    (sink) => {
      sink.midnights();
      for (const check of p.checks) check.closings?.(sink);
    },
    (t) => !isAllowedPrepared(p, t),
  );
}

/** A stretch in which a call may start: [fromMs, toMs). */
export interface LawfulWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Every stretch between fromMs and untilMs in which every rule passes, in time order, each cut at
 * untilMs: the lawful time a chart draws. Walks from one edge to the next (nextAllowedAt,
 * nextDisallowedAt), so it is exact where they are. The history is what it is: a count rule that
 * a call inside a window would trip is not applied to the rest of that window.
 */
export function lawfulWindowsPrepared(p: PreparedCall, fromMs: number, untilMs: number): LawfulWindow[] {
  assertInstant(fromMs, 'from');
  assertInstant(untilMs, 'until');
  const windows: LawfulWindow[] = [];
  let t = fromMs;
  while (t < untilMs) {
    const start = nextAllowedAtPrepared(p, t, untilMs - t);
    if (start === null || start >= untilMs) break;
    const end = Math.min(nextDisallowedAtPrepared(p, start, untilMs - start) ?? untilMs, untilMs);
    windows.push({ fromMs: start, toMs: end });
    t = end;
  }
  return windows;
}

/** The decision at `atMs` (see `Evaluation`). */
export function evaluate(facts: CallFacts, atMs: number, policy?: Partial<Policy>): Evaluation {
  return evaluatePrepared(prepare(facts, policy), atMs);
}

/** Earliest allowed instant at or after `fromMs` within the horizon (default 30 days), or null. */
export function nextAllowedAt(facts: CallFacts, fromMs: number, policy?: Partial<Policy>, horizonMs: number = DEFAULT_HORIZON_MS): number | null {
  return nextAllowedAtPrepared(prepare(facts, policy), fromMs, horizonMs);
}

/** The full answer of POST /compliance/check: the decision at `atMs` and the next allowed instant. */
export function decide(facts: CallFacts, atMs: number, policy?: Partial<Policy>, horizonMs: number = DEFAULT_HORIZON_MS): Decision {
  const p = prepare(facts, policy);
  const evaluation = evaluatePrepared(p, atMs);
  const next = evaluation.allowed ? atMs : nextAllowedAtPrepared(p, atMs, horizonMs);
  return { ...evaluation, nextAllowedAt: next };
}
