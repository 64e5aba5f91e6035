import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalTimeZone, TZDATA_VERSION } from '../../src/reference/time-zones.ts';

describe('canonicalTimeZone', () => {
  const canonical: Array<[string, string]> = [
    // Zones are kept as they are.
    ['America/New_York', 'America/New_York'],
    ['America/Chicago', 'America/Chicago'],
    ['America/Denver', 'America/Denver'],
    ['America/Phoenix', 'America/Phoenix'],
    ['America/Los_Angeles', 'America/Los_Angeles'],
    ['America/Anchorage', 'America/Anchorage'],
    ['America/Adak', 'America/Adak'],
    ['Pacific/Honolulu', 'Pacific/Honolulu'],
    ['America/Puerto_Rico', 'America/Puerto_Rico'],
    ['Pacific/Guam', 'Pacific/Guam'],
    ['Pacific/Pago_Pago', 'Pacific/Pago_Pago'],
    ['America/Indiana/Indianapolis', 'America/Indiana/Indianapolis'],
    ['America/Kentucky/Louisville', 'America/Kentucky/Louisville'],
    ['America/North_Dakota/New_Salem', 'America/North_Dakota/New_Salem'],
    ['America/Boise', 'America/Boise'],
    ['America/Detroit', 'America/Detroit'],
    ['Etc/UTC', 'Etc/UTC'],
    ['UTC', 'Etc/UTC'],
    // Links resolve to their zone.
    ['US/Eastern', 'America/New_York'],
    ['US/Central', 'America/Chicago'],
    ['US/Mountain', 'America/Denver'],
    ['US/Pacific', 'America/Los_Angeles'],
    ['US/Arizona', 'America/Phoenix'],
    ['US/Alaska', 'America/Anchorage'],
    ['US/Aleutian', 'America/Adak'],
    ['US/Hawaii', 'Pacific/Honolulu'],
    ['US/Michigan', 'America/Detroit'],
    ['US/Samoa', 'Pacific/Pago_Pago'],
    ['US/Indiana-Starke', 'America/Indiana/Knox'],
    ['America/Indianapolis', 'America/Indiana/Indianapolis'],
    ['America/Fort_Wayne', 'America/Indiana/Indianapolis'],
    ['America/Louisville', 'America/Kentucky/Louisville'],
    ['America/Knox_IN', 'America/Indiana/Knox'],
    ['America/Atka', 'America/Adak'],
    ['America/Shiprock', 'America/Denver'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['Canada/Eastern', 'America/Toronto'],
    // Case does not matter; the canonical spelling is returned.
    ['america/chicago', 'America/Chicago'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['us/eastern', 'America/New_York'],
    ['utc', 'Etc/UTC'],
    ['  America/Denver ', 'America/Denver'],
    // US-territory links are kept: their targets are other countries' zones.
    ['America/St_Thomas', 'America/St_Thomas'],
    ['Pacific/Saipan', 'Pacific/Saipan'],
    ['pacific/saipan', 'Pacific/Saipan'],
    ['Pacific/Midway', 'Pacific/Midway'],
    ['Pacific/Wake', 'Pacific/Wake'],
    ['Pacific/Majuro', 'Pacific/Majuro'],
  ];
  for (const [input, expected] of canonical) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      assert.equal(canonicalTimeZone(input), expected);
    });
  }

  const rejected = [
    // Abbreviations.
    'EST',
    'EDT',
    'CST',
    'MST',
    'PST',
    'HST',
    'AKST',
    'GMT',
    'Z',
    'Zulu',
    // POSIX-style names.
    'EST5EDT',
    'CST6CDT',
    'MST7MDT',
    'PST8PDT',
    'GMT0',
    'posixrules',
    // Offsets, in every spelling.
    '+05:00',
    '-05:00',
    '-0500',
    'UTC+5',
    'UTC-05:00',
    'GMT-5',
    'Etc/GMT+5',
    'Etc/GMT-14',
    'etc/gmt+5',
    'Etc/UTC+1',
    // Not zones at all.
    'America/Nowhere',
    'America',
    'America/',
    '/America/New_York',
    'America//New_York',
    'America/New York',
    'Eastern Standard Time',
    'New York',
    'Local',
    'localtime',
    'Factory',
    '',
    '   ',
    'America/New_York\u0000',
    '../../etc/passwd',
    'America/New_York; DROP TABLE customers',
  ];
  for (const input of rejected) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.equal(canonicalTimeZone(input), null);
    });
  }

  it('accepts zones Intl.supportedValuesOf leaves out on some runtimes', () => {
    // The list is not an allow-list (see reference/zip-tz-phone.md): these are real IANA names.
    for (const name of ['America/Indiana/Indianapolis', 'Etc/UTC', 'America/Kentucky/Louisville']) {
      assert.notEqual(canonicalTimeZone(name), null, name);
    }
  });

  it('returns only names the runtime can compute local times in', () => {
    for (const [input] of canonical) {
      const zone = canonicalTimeZone(input)!;
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: zone }).format(0), zone);
    }
  });

  it('answers the same on repeated calls (cached) and is idempotent', () => {
    for (const [input, expected] of canonical) {
      assert.equal(canonicalTimeZone(input), expected);
      assert.equal(canonicalTimeZone(expected), expected, `${expected} is its own canonical name`);
    }
    assert.equal(canonicalTimeZone('EST'), null);
  });

  it('knows which tzdata release it uses', () => {
    assert.match(TZDATA_VERSION, /^\d{4}[a-z]$/);
  });

  it('keeps the U.S. Virgin Islands for its older alias America/Virgin', () => {
    assert.equal(canonicalTimeZone('America/Virgin'), 'America/St_Thomas');
  });
});
