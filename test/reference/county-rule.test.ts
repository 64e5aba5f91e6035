// The county rule's decision for one ZIP (scripts/zip-county-zones.ts), on made-up counties, so
// that every branch is exercised whatever the current data happens to contain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideByCounties, type County, type Zcta } from '../../scripts/zip-county-zones.ts';

const county = (fips: string, zone: string | null, status: County['status'] = 'single'): County => ({
  fips,
  name: `C${fips}`,
  state: 'KY',
  zone,
  status,
  reason: 'test',
});

const COUNTIES = new Map<string, County>([
  ['00001', county('00001', 'America/Chicago')],
  ['00002', county('00002', 'America/Chicago')],
  ['00003', county('00003', 'America/New_York')],
  ['00004', county('00004', 'America/Kentucky/Louisville')], // Eastern offsets, another name
  ['00005', county('00005', null, 'split')],
  ['00006', county('00006', null, 'unknown')],
]);

const zcta = (...fips: string[]): Zcta => ({
  zip: '99999',
  state: 'KY',
  lat: 37,
  lon: -86,
  counties: fips.map((f, i) => ({ fips: f, name: `C${f}`, weight: i === 0 ? 90 : 10 / (fips.length - 1) })),
});

const nameFor = (c: County): string => c.zone!;
const near =
  (...fips: string[]) =>
  (): ReadonlySet<string> =>
    new Set(fips);

describe('decideByCounties', () => {
  it('drops a probed zone that none of the counties has when a county of that zone is near', () => {
    const d = decideByCounties(zcta('00001', '00002'), ['America/Chicago', 'America/New_York'], ['America/New_York'], COUNTIES, near('00003'), nameFor);
    assert.equal(d.rule, 'county');
    assert.deepEqual(d.drop, ['America/New_York']);
    assert.deepEqual(d.add, []);
  });

  it('keeps it when no county of that zone is near (the line the probe saw is not a county line)', () => {
    const d = decideByCounties(zcta('00001'), ['America/Chicago', 'America/New_York'], ['America/New_York'], COUNTIES, near('00001', '00002'), nameFor);
    assert.equal(d.rule, 'unexplained');
    assert.deepEqual(d.drop, []);
  });

  it('keeps a probed zone that one of the counties has: the area straddles the line', () => {
    const d = decideByCounties(zcta('00001', '00004'), ['America/Chicago', 'America/New_York'], ['America/New_York'], COUNTIES, near('00003'), nameFor);
    assert.equal(d.rule, 'county');
    assert.deepEqual(d.drop, []);
    assert.deepEqual(d.add, [], 'Louisville has New_York offsets: nothing to add');
  });

  it("adds a single-zone county's zone the ZIP lacked", () => {
    const d = decideByCounties(zcta('00001', '00003'), ['America/Chicago'], [], COUNTIES, near(), nameFor);
    assert.equal(d.rule, 'county');
    assert.deepEqual(d.add, ['America/New_York']);
  });

  it('never drops a zone from the sources, even outside every county', () => {
    const d = decideByCounties(zcta('00001'), ['America/Chicago', 'America/New_York'], [], COUNTIES, near('00003'), nameFor);
    assert.deepEqual(d.drop, []);
    assert.deepEqual(d.conflicts, ['America/New_York']);
  });

  it('drops nothing when a county is split or unknown, but still adds the single-zone counties', () => {
    for (const other of ['00005', '00006']) {
      const d = decideByCounties(zcta(other, '00003'), ['America/Chicago', 'America/Denver'], ['America/Denver'], COUNTIES, near('00001'), nameFor);
      assert.equal(d.rule, other === '00005' ? 'split-county' : 'unknown-county');
      assert.deepEqual(d.drop, []);
      assert.deepEqual(d.add, ['America/New_York']);
    }
  });
});
