// Multi-zone NPAs and known data errors from call-compliance.md §4 and zip-tz-phone.md §6.2.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaCodeOfE164, lookupAreaCode, type AreaCodeInfo } from '../../src/reference/area-codes.ts';

const ET = 'America/New_York';
const CT = 'America/Chicago';
const MT = 'America/Denver';
const PT = 'America/Los_Angeles';
const BOISE = 'America/Boise';
const INDY = 'America/Indiana/Indianapolis';

function npa(code: string): AreaCodeInfo {
  const info = lookupAreaCode(code);
  assert.ok(info, `NPA ${code} should be known`);
  return info;
}

function hasZones(code: string, state: string, mustInclude: readonly string[], mustExclude: readonly string[] = []): void {
  const info = npa(code);
  assert.equal(info.state, state, `state of ${code}`);
  assert.equal(info.geographic, true, code);
  for (const z of mustInclude) assert.ok(info.timezones.includes(z), `${code} should include ${z}: ${info.timezones.join(', ')}`);
  for (const z of mustExclude) assert.ok(!info.timezones.includes(z), `${code} should not include ${z}`);
}

describe('lookupAreaCode: every multi-zone NPA of call-compliance.md §4', () => {
  it('Idaho 208/986: Boise and Pacific', () => {
    hasZones('208', 'ID', [BOISE, PT]);
    hasZones('986', 'ID', [BOISE, PT]);
  });
  it('Oregon 541/458: Pacific and Boise (Malheur Co.)', () => {
    hasZones('541', 'OR', [PT, BOISE]);
    hasZones('458', 'OR', [PT, BOISE]);
    hasZones('503', 'OR', [PT], [BOISE]);
  });
  it('Nevada 775: Pacific and Mountain (West Wendover)', () => {
    hasZones('775', 'NV', [PT, MT]);
    assert.deepEqual(npa('702').timezones, [PT]);
  });
  it('Arizona 928: Phoenix and Denver (Navajo Nation)', () => {
    assert.deepEqual([...npa('928').timezones].sort(), ['America/Denver', 'America/Phoenix']);
    assert.deepEqual(npa('602').timezones, ['America/Phoenix']);
  });
  it('Alaska 907: Anchorage and Adak, not Honolulu', () => {
    hasZones('907', 'AK', ['America/Anchorage', 'America/Adak'], ['Pacific/Honolulu']);
  });
  it('El Paso 915: Mountain, with Central kept as NANPA lists CM', () => {
    hasZones('915', 'TX', [MT, CT]);
  });
  it('Nebraska 308, South Dakota 605, North Dakota 701, Kansas 620/785: Central and Mountain', () => {
    hasZones('308', 'NE', [CT, MT]);
    hasZones('605', 'SD', [CT, MT]);
    hasZones('701', 'ND', [CT, MT]);
    hasZones('620', 'KS', [CT, MT]);
    hasZones('785', 'KS', [CT, MT]);
    assert.deepEqual(npa('402').timezones, [CT]);
  });
  it('Indiana 219/574/812/930: Central and America/Indiana/Indianapolis', () => {
    for (const code of ['219', '574', '812', '930']) hasZones(code, 'IN', [CT, INDY], [ET]);
    assert.deepEqual(npa('317').timezones, [INDY]);
  });
  it('Kentucky 270/364/606: Central and Eastern', () => {
    for (const code of ['270', '364', '606']) hasZones(code, 'KY', [CT, ET]);
    assert.deepEqual(npa('502').timezones, [ET]);
  });
  it('Tennessee 423/729/931: Eastern and Central', () => {
    for (const code of ['423', '729', '931']) hasZones(code, 'TN', [ET, CT]);
    assert.deepEqual(npa('615').timezones, [CT]);
    assert.deepEqual(npa('865').timezones, [ET]);
  });
  it('Florida 850/448: Central and Eastern', () => {
    for (const code of ['850', '448']) hasZones(code, 'FL', [CT, ET]);
  });
  it('Michigan 906: America/Detroit and America/Menominee; the rest of Michigan is Detroit', () => {
    assert.deepEqual([...npa('906').timezones].sort(), ['America/Detroit', 'America/Menominee']);
    assert.deepEqual(npa('313').timezones, ['America/Detroit']);
  });
  it('Alabama 334 includes Eastern for Phenix City, Lanett and Valley', () => {
    hasZones('334', 'AL', [CT, ET]);
    assert.deepEqual(npa('205').timezones, [CT]);
  });
});

describe('lookupAreaCode: known data errors and overlays', () => {
  it('689 (Orlando) is Eastern, not Chicago as libphonenumber says', () => {
    assert.deepEqual(npa('689').timezones, [ET]);
    assert.equal(npa('689').state, 'FL');
  });
  it('729 (new 423 overlay, missing from the metadata) is known', () => {
    assert.deepEqual([...npa('729').timezones].sort(), [...npa('423').timezones].sort());
  });
  it('overlays share their parent zones', () => {
    const same = (a: string, b: string): void => assert.deepEqual(npa(a).timezones, npa(b).timezones, `${a} vs ${b}`);
    same('270', '364');
    same('812', '930');
    same('850', '448');
    same('541', '458');
    same('208', '986');
    for (const code of ['212', '646', '332', '917', '718', '347', '929']) assert.deepEqual(npa(code).timezones, [ET], code);
    for (const code of ['213', '323', '310', '424']) assert.deepEqual(npa(code).timezones, [PT], code);
    assert.equal(npa('472').state, 'NC'); // 2024 overlay that older metadata rejects
  });
  it('single-zone states and Washington DC', () => {
    assert.deepEqual(npa('808').timezones, ['Pacific/Honolulu']);
    assert.equal(npa('202').state, 'DC');
    assert.equal(npa('206').state, 'WA');
  });
});

describe('lookupAreaCode: territories', () => {
  it('keeps the territories own zone names', () => {
    for (const [code, state, zone] of [
      ['787', 'PR', 'America/Puerto_Rico'],
      ['939', 'PR', 'America/Puerto_Rico'],
      ['340', 'VI', 'America/St_Thomas'],
      ['671', 'GU', 'Pacific/Guam'],
      ['670', 'MP', 'Pacific/Saipan'],
      ['684', 'AS', 'Pacific/Pago_Pago'],
    ] as const) {
      assert.deepEqual(npa(code).timezones, [zone], code);
      assert.equal(npa(code).state, state, code);
    }
  });
});

describe('lookupAreaCode: non-geographic and unknown codes', () => {
  it('toll-free codes have no zone', () => {
    for (const code of ['800', '833', '844', '855', '866', '877', '888']) {
      assert.deepEqual(npa(code), { areaCode: code, state: null, timezones: [], geographic: false });
    }
  });
  it('500-series, 900, 710, 700, 456 and N11 have no zone', () => {
    for (const code of ['500', '533', '544', '566', '577', '588', '900', '710', '700', '456', '211', '411', '911']) {
      assert.equal(npa(code).geographic, false, code);
      assert.deepEqual(npa(code).timezones, [], code);
    }
  });
  it('Canadian, Caribbean and unassigned codes are unknown (null)', () => {
    for (const code of ['416', '604', '876', '242', '999', '222', '555']) assert.equal(lookupAreaCode(code), null, code);
  });
  it('rejects input that is not three digits', () => {
    for (const code of ['', '21', '2125', '21a', ' 212', '+12', '０１２']) assert.equal(lookupAreaCode(code), null, JSON.stringify(code));
    assert.equal(lookupAreaCode(212 as unknown as string), null);
  });
  it('returns frozen shared objects', () => {
    assert.equal(lookupAreaCode('212'), lookupAreaCode('212'));
    assert.ok(Object.isFrozen(npa('212')) && Object.isFrozen(npa('212').timezones));
  });
});

describe('areaCodeOfE164', () => {
  it('returns the NPA of a +1 NANP number', () => {
    assert.equal(areaCodeOfE164('+12125550123'), '212');
    assert.equal(areaCodeOfE164('+19075551234'), '907');
    assert.equal(areaCodeOfE164('+18005550199'), '800');
    assert.equal(areaCodeOfE164('+14165550123'), '416'); // Canada: lookupAreaCode decides it is not US
  });
  it('returns the same interned string each time', () => {
    assert.equal(areaCodeOfE164('+12125550123'), areaCodeOfE164('+12129990000'));
  });
  it('rejects anything that is not +1 NPA NXX XXXX', () => {
    for (const input of [
      '',
      '2125550123',
      '12125550123',
      '+2125550123',
      '+1212555012',
      '+121255501234',
      '+11125550123', // NPA starts with 1
      '+10125550123', // NPA starts with 0
      '+12121550123', // exchange starts with 1
      '+12120550123', // exchange starts with 0
      '+1212555012a',
      '+1 2125550123',
      '+442071234567',
    ]) {
      assert.equal(areaCodeOfE164(input), null, JSON.stringify(input));
    }
    assert.equal(areaCodeOfE164(null as unknown as string), null);
  });
});
