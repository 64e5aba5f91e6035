import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNycAreaCode, isNycZip } from '../../src/reference/nyc.ts';
import { allZips } from '../../src/reference/zip-codes.ts';

describe('isNycZip', () => {
  it('knows the five boroughs', () => {
    assert.equal(isNycZip('10001'), true); // Manhattan
    assert.equal(isNycZip('10451'), true); // Bronx
    assert.equal(isNycZip('11201'), true); // Brooklyn
    assert.equal(isNycZip('11101'), true); // Queens (Long Island City)
    assert.equal(isNycZip('11004'), true); // Queens (Glen Oaks, in the 110 Nassau range)
    assert.equal(isNycZip('11691'), true); // Queens (Far Rockaway)
    assert.equal(isNycZip('10301'), true); // Staten Island
  });
  it('excludes the suburbs and the rest of the state', () => {
    assert.equal(isNycZip('10701'), false); // Yonkers, Westchester
    assert.equal(isNycZip('11501'), false); // Mineola, Nassau
    assert.equal(isNycZip('11743'), false); // Huntington, Suffolk
    assert.equal(isNycZip('12207'), false); // Albany
    assert.equal(isNycZip('07302'), false); // Jersey City NJ
  });
  it('includes the Nassau ZIPs whose delivery area crosses into Queens', () => {
    for (const zip of ['11001', '11003', '11040', '11096', '11001-2345', '110409999']) assert.equal(isNycZip(zip), true, zip);
  });
  it('accepts ZIP+4 and rejects malformed input', () => {
    assert.equal(isNycZip('10001-1234'), true);
    assert.equal(isNycZip('100011234'), true);
    for (const input of ['', '1000', 'abcde', '10001-']) assert.equal(isNycZip(input), false, input);
  });
  it('lists about 300 ZIPs, all in New York State', () => {
    const nyc = allZips().filter((z) => isNycZip(z.zipCode));
    assert.ok(nyc.length >= 250 && nyc.length <= 400, `${nyc.length}`);
    for (const z of nyc) {
      assert.equal(z.state, 'NY', z.zipCode);
      assert.deepEqual(z.timezones, ['America/New_York'], z.zipCode);
    }
  });
});

describe('isNycAreaCode', () => {
  it('the seven area codes that serve only the five boroughs', () => {
    for (const npa of ['212', '332', '646', '718', '347', '929', '917']) assert.equal(isNycAreaCode(npa), true, npa);
  });
  it('not the suburbs, the rest of the state or New Jersey', () => {
    for (const npa of ['516', '631', '914', '845', '518', '585', '201', '973', '']) assert.equal(isNycAreaCode(npa), false, npa);
  });
});
