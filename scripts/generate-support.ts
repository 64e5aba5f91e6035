// Helpers shared by the reference-data generators (scripts/generate-zip-timezones.ts and
// scripts/generate-area-codes.ts). Build-time only: nothing under src/ imports this file, so the
// devDependencies it touches never reach the runtime.

import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { canonicalTimeZone } from '../src/reference/time-zones.ts';

export { TZDATA_VERSION } from '../src/reference/time-zones.ts';

export const requireFromHere = createRequire(import.meta.url);

/** Folder the committed reference data lives in. */
export const DATA_DIR = fileURLToPath(new URL('../src/reference/data/', import.meta.url));

/** Installed version of a package, read from its package.json (recorded in the output). */
export function packageVersion(name: string): string {
  // Walk up from the entry point: some packages (geo-tz) do not export ./package.json.
  let dir = dirname(requireFromHere.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === name) return pkg.version;
    } catch {
      // no package.json at this level
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find package.json of ${name}`);
    dir = parent;
  }
}

// ---------------------------------------------------------------------------------------------
// IANA names
// ---------------------------------------------------------------------------------------------

/**
 * Where a geometric source answers with the canonical zone of a territory that has its own
 * link, put the territory's link back (geo-tz's default dataset merges zones "alike since
 * 1970", so it says Pacific/Tarawa for Majuro). Keyed by USPS code.
 */
export const TERRITORY_PREFERRED_NAME: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  VI: { 'America/Puerto_Rico': 'America/St_Thomas' },
  MP: { 'Pacific/Guam': 'Pacific/Saipan' },
  MH: { 'Pacific/Tarawa': 'Pacific/Majuro' },
  FM: { 'Pacific/Port_Moresby': 'Pacific/Chuuk', 'Pacific/Guadalcanal': 'Pacific/Pohnpei' },
};

/**
 * Canonical IANA name of a zone a source returned (Link followed to its Zone, except the US
 * territory links that src/reference/time-zones.ts keeps, e.g. America/St_Thomas). Throws on a
 * name the tz database or the runtime does not know: the data must only hold zones Intl accepts.
 */
export function canonicalZone(name: string): string {
  const canonical = canonicalTimeZone(name);
  if (canonical === null) throw new Error(`source data names an unknown or unusable zone: ${name} (Node ${process.version})`);
  return canonical;
}

// ---------------------------------------------------------------------------------------------
// Offset signatures
// ---------------------------------------------------------------------------------------------

/**
 * "Same offsets" in zip-tz-phone.md §3 means identical UTC offsets hour by hour over a fixed
 * window. The window is a constant (not "now + 3 years") so that regenerating on another day
 * gives the same bytes; move it forward when the data is refreshed.
 */
export const OFFSET_WINDOW = { fromUtc: Date.UTC(2026, 0, 1), toUtc: Date.UTC(2029, 0, 1) } as const;

const signatureCache = new Map<string, string>();

/** Run-length encoding of the zone's hourly UTC offsets over OFFSET_WINDOW. */
export function offsetSignature(zone: string): string {
  const cached = signatureCache.get(zone);
  if (cached !== undefined) return cached;
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const runs: string[] = [];
  let previous = '';
  for (let t: number = OFFSET_WINDOW.fromUtc; t < OFFSET_WINDOW.toUtc; t += 3_600_000) {
    const part = format.formatToParts(t).find((p) => p.type === 'timeZoneName');
    const offset = part?.value ?? '?';
    if (offset !== previous) {
      runs.push(`${t}:${offset}`);
      previous = offset;
    }
  }
  const signature = runs.join(',');
  signatureCache.set(zone, signature);
  return signature;
}

export function sameOffsets(a: string, b: string): boolean {
  return a === b || offsetSignature(a) === offsetSignature(b);
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/**
 * JSON with the small header fields on one line each and every entry of `rowsKey` on its own
 * line, so regenerated data diffs per ZIP / area code in review. Key order is the caller's.
 */
export function stableJson(header: Record<string, unknown>, rowsKey: string, rows: ReadonlyArray<readonly [string, unknown]>): string {
  return stableJsonTables(header, [[rowsKey, rows]]);
}

/** stableJson with several row tables, in the order given. */
export function stableJsonTables(
  header: Record<string, unknown>,
  tables: ReadonlyArray<readonly [key: string, rows: ReadonlyArray<readonly [string, unknown]>]>,
): string {
  const lines: string[] = ['{'];
  for (const [key, value] of Object.entries(header)) {
    lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  }
  tables.forEach(([rowsKey, rows], t) => {
    lines.push(`  ${JSON.stringify(rowsKey)}: {`);
    rows.forEach(([key, value], i) => {
      lines.push(`    ${JSON.stringify(key)}: ${JSON.stringify(value)}${i === rows.length - 1 ? '' : ','}`);
    });
    lines.push(t === tables.length - 1 ? '  }' : '  },');
  });
  lines.push('}', '');
  return lines.join('\n');
}

/**
 * Writes the file, or with `--check` compares it with the committed one and fails on drift
 * (lets CI prove the committed data is what the scripts produce).
 */
export function writeOrCheck(path: string, content: string, log: (line: string) => void): boolean {
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // missing file counts as drift
    }
    const same = current === content;
    log(`${same ? 'up to date' : 'OUT OF DATE'}: ${path}`);
    return same;
  }
  writeFileSync(path, content);
  log(`wrote ${path} (${Buffer.byteLength(content)} bytes)`);
  return true;
}

/** Sorted copy, by code unit order (locale-independent, so output is stable across machines). */
export function sortedStrings(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
