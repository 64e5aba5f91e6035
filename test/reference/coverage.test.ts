// Whole-table properties of the committed ZIP and area-code data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allZips, lookupZip } from '../../src/reference/zip-codes.ts';
import { lookupAreaCode } from '../../src/reference/area-codes.ts';
import { canonicalTimeZone } from '../../src/reference/time-zones.ts';
import { US_STATE_NAMES } from '../../src/reference/us-states.ts';

const MILITARY = /^(09[0-8]|340|96[2-6])/;
const TERRITORIES = ['PR', 'VI', 'GU', 'AS', 'MP'];

function intlAccepts(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

describe('ZIP table coverage', () => {
  const zips = allZips();

  it('has at least 41,000 ZIPs, ascending and unique', () => {
    assert.ok(zips.length >= 41_000, `${zips.length}`);
    for (let i = 1; i < zips.length; i++) assert.ok(zips[i - 1]!.zipCode < zips[i]!.zipCode, zips[i]!.zipCode);
  });

  it('covers every state, DC, the territories, the freely associated states and AA/AE/AP', () => {
    const states = new Set(zips.map((z) => z.state));
    for (const code of Object.keys(US_STATE_NAMES)) assert.ok(states.has(code), `no ZIP for ${code}`);
  });

  it('uses only USPS codes as states', () => {
    for (const z of zips) if (z.state !== null) assert.ok(Object.hasOwn(US_STATE_NAMES, z.state), `${z.zipCode}: ${z.state}`);
  });

  it('stores only zone names that Intl accepts and that are canonical (territory links kept)', () => {
    const zones = new Set(zips.flatMap((z) => z.timezones));
    for (const zone of zones) {
      assert.ok(intlAccepts(zone), zone);
      assert.equal(canonicalTimeZone(zone), zone, `${zone} is not canonical`);
    }
    assert.ok(zones.has('America/St_Thomas') && zones.has('Pacific/Saipan'));
  });

  it('gives every civilian ZIP at least one zone and every military ZIP none', () => {
    for (const z of zips) {
      if (MILITARY.test(z.zipCode)) {
        assert.deepEqual(z.timezones, [], z.zipCode);
        assert.equal(z.confidence, 'none', z.zipCode);
        assert.ok(['AA', 'AE', 'AP'].includes(z.state ?? ''), z.zipCode);
      } else {
        assert.ok(z.timezones.length >= 1, z.zipCode);
        assert.notEqual(z.confidence, 'none', z.zipCode);
        assert.equal(new Set(z.timezones).size, z.timezones.length, `duplicate zone in ${z.zipCode}`);
      }
    }
  });

  it('mostly agrees: low confidence is rare, high confidence the rule', () => {
    const count = (c: string): number => zips.filter((z) => z.confidence === c).length;
    assert.ok(count('high') / zips.length > 0.98, `high ${count('high')}`);
    assert.ok(count('low') <= 40, `low ${count('low')}`);
    assert.ok(count('none') >= 500, `none ${count('none')}`);
  });

  it('has ZIPs in every territory with the territory zone only', () => {
    const expected: Record<string, string> = {
      PR: 'America/Puerto_Rico',
      VI: 'America/St_Thomas',
      GU: 'Pacific/Guam',
      AS: 'Pacific/Pago_Pago',
      MP: 'Pacific/Saipan',
      PW: 'Pacific/Palau',
    };
    for (const [state, zone] of Object.entries(expected)) {
      const inState = zips.filter((z) => z.state === state);
      assert.ok(inState.length >= 1, state);
      for (const z of inState) assert.deepEqual(z.timezones, [zone], z.zipCode);
    }
    assert.ok(zips.filter((z) => z.state === 'PR').length >= 150);
  });

  it('matches lookupZip for every row', () => {
    for (const z of zips) assert.equal(lookupZip(z.zipCode), z);
  });
});

describe('area-code table coverage', () => {
  const all = Array.from({ length: 800 }, (_, i) => lookupAreaCode(String(200 + i))).filter((a) => a !== null);
  const geographic = all.filter((a) => a.geographic);

  it('has every US geographic NPA (at least 360) with a state and a zone', () => {
    assert.ok(geographic.length >= 360, `${geographic.length}`);
    for (const a of geographic) {
      assert.ok(a.state !== null && Object.hasOwn(US_STATE_NAMES, a.state), a.areaCode);
      assert.ok(a.timezones.length >= 1, a.areaCode);
    }
  });

  it('covers every state, DC and the five inhabited territories', () => {
    const states = new Set(geographic.map((a) => a.state));
    const expected = Object.keys(US_STATE_NAMES).filter((s) => !['FM', 'MH', 'PW', 'AA', 'AE', 'AP'].includes(s));
    for (const s of expected) assert.ok(states.has(s), `no area code for ${s}`);
    for (const s of TERRITORIES) assert.ok(states.has(s), s);
  });

  it('stores only valid, canonical zone names', () => {
    for (const zone of new Set(all.flatMap((a) => a.timezones))) {
      assert.ok(intlAccepts(zone), zone);
      assert.equal(canonicalTimeZone(zone), zone, zone);
    }
  });

  it('non-geographic codes have no state and no zone', () => {
    for (const a of all.filter((x) => !x.geographic)) {
      assert.equal(a.state, null, a.areaCode);
      assert.deepEqual(a.timezones, [], a.areaCode);
    }
  });

  it('every area-code zone has the offsets of some ZIP of the same state', () => {
    const memo = new Map<string, string>();
    const format = (zone: string): string => {
      let offsets = memo.get(zone);
      if (offsets === undefined) {
        const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
        offsets = [0, 4, 7, 10].map((m) => f.format(Date.UTC(2027, m, 15))).join();
        memo.set(zone, offsets);
      }
      return offsets;
    };
    const byState = new Map<string, Set<string>>();
    for (const z of allZips()) {
      if (z.state === null) continue;
      const set = byState.get(z.state) ?? byState.set(z.state, new Set()).get(z.state)!;
      for (const zone of z.timezones) set.add(format(zone));
    }
    for (const a of geographic) {
      for (const zone of a.timezones) assert.ok(byState.get(a.state!)?.has(format(zone)), `${a.areaCode} ${a.state} ${zone}`);
    }
  });
});
