/**
 * Explanations of where a call attempt was placed. What is stored with a task is the placement
 * decision itself (`Placement`: the instants, zone, reasons and labels, a few hundred bytes); the
 * readable explanation, summary sentence and local times included, is rendered from it when the
 * task is read. Creating a customer writes about eight tasks, so storing the rendered text (about
 * a kilobyte each) was the largest single cost of that path.
 *
 * Tasks written before this form existed hold the rendered explanation: `readExplanation` takes
 * either.
 */
import { formatLocal, zoneTable, type Reason } from '../compliance/index.ts';

export interface Explanation {
  /** One sentence a compliance officer can read. */
  readonly summary: string;
  /** The instant the cadence asked for, and how it reads on the local clock. */
  readonly preferred: { readonly at: string; readonly local: string; readonly zone: string } | null;
  readonly moved: boolean;
  /** Why the preferred instant (or the task's earlier time) was not lawful; empty when it was. */
  readonly blockedBy: readonly Reason[];
  readonly candidateZones: readonly string[];
  readonly jurisdictions: readonly string[];
}

/** The facts of one placement decision: everything its explanation is rendered from. */
export interface Placement {
  /** What the task is: 'Attempt 3 of 10', 'Requested callback'… It stays with the task when it moves. */
  readonly label: string;
  /** Set when the task was moved after it was planned: 'at dial time', 'after a recorded contact'… */
  readonly recheck?: string;
  /** The instant asked for (epoch ms), if any. */
  readonly preferred: number | null;
  /** The zone whose wall clock the times are told in. */
  readonly zone: string;
  /** The cadence's preferred local range, 'HH:MM–HH:MM'. */
  readonly range?: string;
  /** Where the attempt was placed (epoch ms). */
  readonly at: number;
  /** The search started after `preferred` (it had passed, or the previous attempt took it). */
  readonly pastPreferred: boolean;
  /** Why `preferred` was not lawful; empty when it was. */
  readonly reasons: readonly Reason[];
  readonly candidateZones: readonly string[];
  readonly jurisdictions: readonly string[];
  /** A closing sentence, e.g. the consent a callback was placed under. */
  readonly note?: string;
}

export function explain(placement: Placement): Explanation {
  const table = zoneTable(placement.zone);
  const placed = `${formatLocal(table, placement.at)} ${placement.zone}`;
  const moved = placement.preferred !== null && placement.at !== placement.preferred;
  const parts = [`${heading(placement)}:`];
  if (placement.preferred !== null) {
    parts.push(`preferred ${formatLocal(table, placement.preferred)} ${placement.zone}${placement.range ? ` (range ${placement.range})` : ''};`);
  }
  if (!moved) parts.push(`placed at that time, lawful under every rule in ${placement.candidateZones.join(', ')}.`);
  else if (placement.reasons.length > 0) {
    // One rule failing in several zones is one reason in the sentence (blockedBy keeps each zone's).
    const why = [...new Set(placement.reasons.map((r) => `${r.code} (${r.rule})`))].join('; ');
    parts.push(`moved to ${placed}, the earliest lawful instant, because: ${why}.`);
  } else if (placement.pastPreferred) parts.push(`that time had passed or was taken; placed at ${placed}.`);
  else parts.push(`placed at ${placed}.`);
  if (placement.note) parts.push(placement.note);
  return {
    summary: parts.join(' '),
    preferred:
      placement.preferred === null
        ? null
        : {
            at: new Date(placement.preferred).toISOString(),
            local: formatLocal(table, placement.preferred),
            zone: placement.zone,
          },
    moved,
    blockedBy: placement.reasons,
    candidateZones: placement.candidateZones,
    jurisdictions: placement.jurisdictions,
  };
}

/** The explanation of a stored task: rendered from its placement, or as stored by older versions. */
export function readExplanation(stored: unknown): Explanation {
  const value = stored as Partial<Explanation> & Partial<Placement>;
  if (typeof value.summary === 'string') return value as Explanation;
  const placement = value as Placement;
  try {
    return explain(placement);
  } catch {
    // A zone this server's time-zone data no longer knows: say so rather than fail the listing.
    return {
      summary: `${heading(placement)}: placed at ${new Date(placement.at).toISOString()}; its local time cannot be shown because this server does not know the zone ${placement.zone}.`,
      preferred: placement.preferred === null ? null : { at: new Date(placement.preferred).toISOString(), local: '', zone: placement.zone },
      moved: placement.preferred !== null && placement.at !== placement.preferred,
      blockedBy: placement.reasons,
      candidateZones: placement.candidateZones,
      jurisdictions: placement.jurisdictions,
    };
  }
}

function heading(placement: Placement): string {
  return placement.recheck ? `${placement.label} (re-checked ${placement.recheck})` : placement.label;
}

/**
 * What a stored task is ('Attempt 3 of 10', 'Requested callback'), so that a task keeps its name
 * when a re-check moves it. Earlier versions wrote the re-check into the label ('Attempt 3 of 10
 * (re-checked after …)') or replaced the name ('Re-checked at dial time', 'Pending attempt 2'); a
 * name lost that way, or an explanation stored before labels were, reads as the kind of task.
 */
export function taskLabel(task: { readonly kind: 'cadence' | 'callback'; readonly explanation: string }): string {
  const fallback = task.kind === 'callback' ? 'Requested callback' : 'Planned attempt';
  let stored: unknown;
  try {
    stored = JSON.parse(task.explanation);
  } catch {
    return fallback;
  }
  const label = (stored as { label?: unknown } | null)?.label;
  if (typeof label !== 'string') return fallback;
  const name = label.replace(/ \(re-checked [^)]*\)$/, '');
  return /^(Re-checked at dial time|Pending attempt \d+)$/.test(name) ? fallback : name;
}
