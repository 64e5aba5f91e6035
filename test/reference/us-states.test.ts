import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MILITARY_STATES, normalizeStateCode, US_STATE_NAMES } from '../../src/reference/us-states.ts';

const STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
];
const TERRITORIES = ['PR', 'VI', 'GU', 'AS', 'MP'];
const FREELY_ASSOCIATED = ['FM', 'MH', 'PW'];
const MILITARY = ['AA', 'AE', 'AP'];

describe('USPS state codes', () => {
  it('has the 50 states, DC, the territories, the freely associated states and the military codes — and nothing else', () => {
    assert.equal(STATES.length, 50);
    assert.deepEqual(Object.keys(US_STATE_NAMES).sort(), [...STATES, 'DC', ...TERRITORIES, ...FREELY_ASSOCIATED, ...MILITARY].sort());
    assert.deepEqual([...MILITARY_STATES].sort(), MILITARY);
    assert.equal(US_STATE_NAMES.DC, 'District of Columbia');
    assert.equal(US_STATE_NAMES.AE, 'Armed Forces Europe');
    assert.ok(Object.isFrozen(US_STATE_NAMES));
  });

  for (const code of [...STATES, 'DC', ...TERRITORIES, ...FREELY_ASSOCIATED, ...MILITARY]) {
    it(`accepts ${code} in any case`, () => {
      assert.equal(normalizeStateCode(code), code);
      assert.equal(normalizeStateCode(code.toLowerCase()), code);
      assert.equal(normalizeStateCode(code[0]! + code[1]!.toLowerCase()), code);
      assert.equal(normalizeStateCode(` ${code.toLowerCase()} `), code);
    });
  }

  for (const input of [
    'XX',
    'UK',
    'ON',
    'BC',
    'CZ',
    'PI',
    'TT',
    'C',
    'CAL',
    'California',
    'New York',
    'N.Y.',
    '',
    '  ',
    '12',
    'toString',
    '__proto__',
    'constructor',
    'hasOwnProperty',
  ]) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.equal(normalizeStateCode(input), null);
    });
  }
});
