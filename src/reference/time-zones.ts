/**
 * IANA time-zone names: validation and canonicalisation, shared by the customer contract and the
 * compliance engine.
 *
 * Why not `Intl.supportedValuesOf('timeZone')`: on Node 20 it lists CLDR names only and rejects
 * valid zones such as America/Indiana/Indianapolis and UTC. Why not `resolvedOptions().timeZone`:
 * it rewrites names into legacy CLDR spellings (Asia/Calcutta). We follow the tzdata source itself
 * (the `tzdata` package: IANA Zones and Links as JSON) and only use Intl to confirm that the runtime
 * can compute local times in the zone.
 */
import { createRequire } from 'node:module';

const tzdata: unknown = createRequire(import.meta.url)('tzdata');

type ZoneTable = Record<string, unknown>;
const zones = (tzdata as { zones: ZoneTable }).zones;

/**
 * Links we keep instead of following: US territories whose tzdata Link points at another
 * country's zone (USVI → America/Puerto_Rico, CNMI → Pacific/Guam, Marshall Islands → Pacific/Tarawa).
 * Storing the target would misstate where the borrower lives.
 */
const KEPT_LINKS = new Set(['America/St_Thomas', 'Pacific/Saipan', 'Pacific/Majuro', 'Pacific/Chuuk', 'Pacific/Pohnpei', 'Pacific/Wake', 'Pacific/Midway']);

/** Zone names are "Area/Location[/Sub]"; the only slash-less name we accept is UTC. */
const SHAPE = /^[A-Za-z]+(?:\/[A-Za-z0-9_\-+]+)+$/;
/** Etc/GMT+5 and friends are fixed offsets with inverted signs, not places. */
const FIXED_OFFSET = /^etc\/(gmt|utc|uct|ut|zulu|greenwich|universal)[+-]\d+$/i;

const byLowerName = new Map<string, string>();
for (const name of Object.keys(zones)) byLowerName.set(name.toLowerCase(), name);

const cache = new Map<string, string | null>();

/** Old names of kept territory links that tzdata now points straight past them. */
const TERRITORY_ALIASES: Readonly<Record<string, string>> = { 'America/Virgin': 'America/St_Thomas' };

function followLinks(name: string): string {
  let current = TERRITORY_ALIASES[name] ?? name;
  for (let hops = 0; hops < 8; hops++) {
    if (KEPT_LINKS.has(current)) return current;
    const entry = zones[current];
    if (typeof entry !== 'string') return current;
    current = entry;
  }
  return current;
}

function runtimeKnows(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function canonicalise(input: string): string | null {
  if (input === 'UTC' || input.toLowerCase() === 'utc') return 'Etc/UTC';
  if (!SHAPE.test(input) || FIXED_OFFSET.test(input)) return null;
  const name = byLowerName.get(input.toLowerCase());
  if (name === undefined) return null;
  const canonical = followLinks(name);
  return runtimeKnows(canonical) ? canonical : null;
}

/**
 * The canonical IANA name for `input` (case-insensitive; Links such as US/Eastern resolve to their
 * Zone), or null when it is not a real IANA zone name. Abbreviations (EST), POSIX names (EST5EDT)
 * and offsets (+05:00, Etc/GMT+5) are rejected.
 */
export function canonicalTimeZone(input: string): string | null {
  const trimmed = input.trim();
  let result = cache.get(trimmed);
  if (result === undefined) {
    result = canonicalise(trimmed);
    if (cache.size < 10_000) cache.set(trimmed, result);
  }
  return result;
}

/** The tzdata release these names come from (the runtime's own rules may be older). */
export const TZDATA_VERSION: string = (tzdata as { version: string }).version;
