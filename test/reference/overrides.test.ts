// The committed data must reflect every reviewed override (catches hand edits and forgotten
// regeneration after an override change).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookupZip } from '../../src/reference/zip-codes.ts';
import { lookupAreaCode } from '../../src/reference/area-codes.ts';
import { ZIP_OVERRIDES } from '../../scripts/zip-timezone-overrides.ts';
import { NON_GEOGRAPHIC, NPA_OVERRIDES, OVERLAY_GROUPS } from '../../scripts/area-code-overrides.ts';

describe('ZIP overrides are in the data', () => {
  it('every override has a reason and is applied', () => {
    assert.ok(ZIP_OVERRIDES.length >= 20);
    for (const o of ZIP_OVERRIDES) {
      assert.ok(o.reason.length > 20, `reason for ${o.zip}`);
      const info = lookupZip(o.zip);
      if ('drop' in o) {
        assert.equal(info, null, o.zip);
        continue;
      }
      assert.ok(info, o.zip);
      assert.deepEqual(info.timezones, o.timezones, o.zip);
      assert.equal(info.confidence, o.confidence, o.zip);
    }
  });
});

describe('area-code overrides are in the data', () => {
  it('per-NPA overrides', () => {
    for (const o of NPA_OVERRIDES) {
      const info = lookupAreaCode(o.npa);
      assert.ok(info?.geographic, o.npa);
      if (o.timezones !== undefined) {
        // An overlay group may add its parent's zones on top.
        for (const z of o.timezones) assert.ok(info.timezones.includes(z), `${o.npa} ${z}`);
      }
      for (const z of o.add ?? []) assert.ok(info.timezones.includes(z), `${o.npa} + ${z}`);
      for (const z of o.remove ?? []) assert.ok(!info.timezones.includes(z), `${o.npa} - ${z}`);
      if (o.state !== undefined) assert.equal(info.state, o.state);
    }
  });
  it('overlay groups share one zone set', () => {
    for (const g of OVERLAY_GROUPS) {
      const sets = g.npas.map((n) => lookupAreaCode(n)?.timezones.join());
      assert.equal(new Set(sets).size, 1, g.npas.join('/'));
    }
  });
  it('special codes are non-geographic', () => {
    for (const g of NON_GEOGRAPHIC) for (const n of g.npas) assert.equal(lookupAreaCode(n)?.geographic, false, n);
  });
});
