import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  buildCustomer,
  canonicalAddress,
  canonicalDate,
  canonicalEmail,
  canonicalPhone,
  canonicalState,
  canonicalTimezone,
  canonicalZip,
  choosePhone,
  dateFromIso,
  dateFromLoanPro,
  dateFromParts,
  daysBetween,
  ssnLastFour,
  todayIn,
  toCents,
} from '../../src/lms/canonical.ts';
import { USPS_NAMES } from '../../src/lms/us-states.ts';

describe('phones → E.164 (libphonenumber-js/max, default US)', () => {
  test('the usual US spellings', () => {
    for (const raw of ['(208) 555-0143', '208.555.0143', '208-555-0143', '2085550143', '+1 208 555 0143', '1-208-555-0143', 2085550143]) {
      assert.equal(canonicalPhone(raw), '+12085550143', String(raw));
    }
  });
  test('an extension is dropped, the number kept', () => {
    assert.equal(canonicalPhone('(208) 555-0143 x12'), '+12085550143');
  });
  test('territories are accepted', () => {
    assert.equal(canonicalPhone('787-555-0119'), '+17875550119');
  });
  test('garbage, short, toll-free and foreign numbers are refused', () => {
    for (const raw of ['555-0100', '', '   ', 'call me', '800-555-0100', '911', '+44 20 7946 0958', null, undefined, {}, 'Call (213) 373-4253']) {
      assert.equal(canonicalPhone(raw), undefined, String(JSON.stringify(raw)));
    }
  });
  test('choosePhone: primary → first mobile → first valid; faxes and inactive numbers skipped', () => {
    assert.deepEqual(
      choosePhone([
        { raw: '208-555-0178', kind: 'home' },
        { raw: '208-555-0143', kind: 'mobile', primary: true },
      ]),
      { phoneNumber: '+12085550143' },
    );
    assert.deepEqual(
      choosePhone([
        { raw: '208-555-0178', kind: 'home' },
        { raw: '208-555-0143', kind: 'mobile' },
      ]),
      { phoneNumber: '+12085550143' },
    );
    assert.deepEqual(
      choosePhone([
        { raw: 'bad', kind: 'mobile', primary: true },
        { raw: '208-555-0178', kind: 'home' },
      ]),
      { phoneNumber: '+12085550178' },
    );
    assert.deepEqual(
      choosePhone([
        { raw: '785-555-0190', kind: 'fax', primary: true },
        { raw: '785-555-0120', kind: 'work' },
      ]),
      { phoneNumber: '+17855550120' },
    );
    assert.deepEqual(
      choosePhone([
        { raw: '208-555-0143', kind: 'mobile', primary: true, active: false },
        { raw: '208-555-0178', kind: 'home' },
      ]),
      { phoneNumber: '+12085550178' },
    );
  });
  test('choosePhone warns only when numbers existed and none was usable', () => {
    assert.deepEqual(choosePhone([]), {});
    assert.deepEqual(choosePhone([{ raw: null, kind: 'mobile' }]), {});
    assert.deepEqual(choosePhone([{ raw: '555-0100', kind: 'mobile' }]), { warning: { code: 'invalid_phone', field: 'phoneNumber' } });
  });
});

describe('address', () => {
  test('states: codes in any case, full names, LoanPro geo.state codes', () => {
    const cases: Array<[unknown, string | undefined]> = [
      ['ID', 'ID'],
      ['id', 'ID'],
      [' Idaho ', 'ID'],
      ['IDAHO', 'ID'],
      ['geo.state.ID', 'ID'],
      ['geo.state.fl', 'FL'],
      ['District of Columbia', 'DC'],
      ['Washington DC', 'DC'],
      ['U.S. Virgin Islands', 'VI'],
      ['Puerto Rico', 'PR'],
      ['new   york', 'NY'],
      ['AE', 'AE'],
      ['XX', undefined],
      ['geo.state.XX', undefined],
      ['Ontario', undefined],
      ['', undefined],
      [42, undefined],
    ];
    for (const [raw, want] of cases) assert.equal(canonicalState(raw), want, String(raw));
  });
  test('every USPS name maps back to its code', () => {
    for (const [code, name] of Object.entries(USPS_NAMES)) assert.equal(canonicalState(name), code, name);
  });
  test('ZIP: five digits from ZIP+4; numbers regain lost zeros; 4-digit strings are refused', () => {
    const cases: Array<[unknown, string | undefined]> = [
      ['83702', '83702'],
      ['83702-5531', '83702'],
      ['83702 5531', '83702'],
      ['837025531', '83702'],
      [' 00901 ', '00901'],
      [901, '00901'],
      [83702, '83702'],
      ['2134', undefined],
      ['83702-55', undefined],
      ['ABCDE', undefined],
      [0, undefined],
      [123456, undefined],
    ];
    for (const [raw, want] of cases) assert.equal(canonicalZip(raw), want, String(raw));
  });
  test('property: any 5 digits, with or without +4, give the 5 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{5}$/), fc.option(fc.stringMatching(/^\d{4}$/)), (zip, plus4) => {
        assert.equal(canonicalZip(plus4 ? `${zip}-${plus4}` : zip), zip);
      }),
    );
  });
  test('a non-US address is dropped whole, with a warning', () => {
    assert.deepEqual(canonicalAddress({ line1: '1 Main St', city: 'Toronto', state: 'ON', zip: 'M5V 2T6', country: 'Canada' }), {
      fields: {},
      warnings: [{ code: 'non_us_address', field: 'streetAddress1' }],
    });
    assert.equal(canonicalAddress({ line1: '1 Main St', city: 'Boise', state: 'ID', zip: '83702', country: 'company.country.usa' }).fields.state, 'ID');
  });
  test('bad state or ZIP: the rest of the address stays, with warnings', () => {
    assert.deepEqual(canonicalAddress({ line1: ' 1  Main St ', city: 'Boise', state: 'Idahoe', zip: '8370' }), {
      fields: { streetAddress1: '1 Main St', city: 'Boise' },
      warnings: [
        { code: 'invalid_state', field: 'state' },
        { code: 'invalid_zip', field: 'zipCode' },
      ],
    });
  });
});

describe('dates', () => {
  test('LoanPro /Date(seconds)/ at UTC, including before 1970', () => {
    assert.equal(dateFromLoanPro('/Date(631152000)/'), '1990-01-01');
    assert.equal(dateFromLoanPro('/Date(0)/'), '1970-01-01');
    assert.equal(dateFromLoanPro('/Date(-86400)/'), '1969-12-31');
    assert.equal(dateFromLoanPro('/Date(-362793600)/'), '1958-07-04');
    assert.equal(dateFromLoanPro('/Date(573091200)/'), '1988-02-29');
    assert.equal(dateFromLoanPro('/Date(1735689600+0000)/'), '2025-01-01');
  });
  test('LoanPro values only milliseconds could be are read as milliseconds', () => {
    assert.equal(dateFromLoanPro('/Date(1735689600000)/'), '2025-01-01');
  });
  test('LoanPro garbage is refused', () => {
    for (const raw of ['/Date()/', 'Date(1)', '2025-01-01', '/Date(abc)/', null, 17356896]) assert.equal(dateFromLoanPro(raw), undefined, String(raw));
  });
  test('Fineract [y, m, d], validated as a calendar date', () => {
    assert.equal(dateFromParts([2025, 1, 13]), '2025-01-13');
    assert.equal(dateFromParts([1988, 2, 29]), '1988-02-29');
    assert.equal(dateFromParts([1989, 2, 29]), undefined);
    assert.equal(dateFromParts([2025, 13, 1]), undefined);
    assert.equal(dateFromParts([2025, 1]), undefined);
    assert.equal(dateFromParts(['2025', 1, 1]), undefined);
  });
  test('ISO dates and date-times keep the date as written', () => {
    assert.equal(dateFromIso('2025-01-13'), '2025-01-13');
    assert.equal(dateFromIso('2025-01-13T04:59:59+00:00'), '2025-01-13');
    assert.equal(dateFromIso('2024-12-13T00:00:00-05:00'), '2024-12-13');
    assert.equal(dateFromIso('2025-02-30'), undefined);
    assert.equal(dateFromIso('13/01/2025'), undefined);
  });
  test('canonicalDate dispatches on the encoding', () => {
    assert.equal(canonicalDate('/Date(631152000)/'), '1990-01-01');
    assert.equal(canonicalDate([1990, 1, 1]), '1990-01-01');
    assert.equal(canonicalDate('1990-01-01'), '1990-01-01');
  });
  test('property: /Date()/ round-trips every calendar date 1900–2100 (TZ does not matter)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const secs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 1000;
        assert.equal(dateFromLoanPro(`/Date(${secs})/`), iso);
        assert.equal(dateFromParts(iso.split('-').map(Number)), iso);
      }),
    );
  });
  test("today in the tenant's zone, and day arithmetic", () => {
    const now = new Date('2026-11-21T03:30:00Z');
    assert.equal(todayIn('America/Denver', now), '2026-11-20');
    assert.equal(todayIn('UTC', now), '2026-11-21');
    assert.equal(daysBetween('2026-11-01', '2026-11-20'), 19);
    assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
    // Across a DST change the count is still whole days.
    assert.equal(daysBetween('2026-03-07', '2026-03-09'), 2);
  });
});

describe('money → integer cents', () => {
  test('decimal strings and floats, exactly', () => {
    const cases: Array<[unknown, number | undefined]> = [
      ['3120.55', 312055],
      ['0.00', 0],
      ['460', 46000],
      ['460.5', 46050],
      [' 12.34 ', 1234],
      [1999.99, 199999],
      [3120.55, 312055],
      [0.1 + 0.2, 30],
      [1.005, 101],
      ['12.345', 1235],
      ['12.344', 1234],
      ['-12.345', -1235],
      ['-0.001', 0],
      [-460, -46000],
      ['1,234.56', undefined],
      ['$12', undefined],
      ['1e3', undefined],
      ['', undefined],
      [Number.NaN, undefined],
      [Number.POSITIVE_INFINITY, undefined],
      [null, undefined],
    ];
    for (const [raw, want] of cases) assert.equal(toCents(raw), want, String(raw));
    assert.ok(!Object.is(toCents('-0.00'), -0));
  });
  test('property: any whole number of cents survives both wire encodings', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), (cents) => {
        const text = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
        assert.equal(toCents(text), cents);
        assert.equal(toCents(Number(text)), cents);
      }),
    );
  });
});

describe('identity and contact', () => {
  test('SSN → last four from nine digits in any punctuation or an already-masked value', () => {
    const cases: Array<[unknown, string | undefined]> = [
      ['666-40-7319', '7319'],
      ['666407319', '7319'],
      ['666 40 7319', '7319'],
      [666407319, '7319'],
      ['***-**-7319', '7319'],
      ['XXX-XX-7319', '7319'],
      ['7319', '7319'],
      ['66640731', undefined],
      ['6664073190', undefined],
      ['123', undefined],
      ['', undefined],
    ];
    for (const [raw, want] of cases) assert.equal(ssnLastFour(raw), want, String(raw));
  });
  test('property: the result is never more than four digits', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = ssnLastFour(s);
        assert.ok(out === undefined || /^\d{4}$/.test(out));
      }),
    );
  });
  test('timezones: IANA Area/Location only, as written', () => {
    assert.equal(canonicalTimezone('America/Indiana/Indianapolis'), 'America/Indiana/Indianapolis');
    assert.equal(canonicalTimezone('Pacific/Honolulu'), 'Pacific/Honolulu');
    assert.equal(canonicalTimezone('UTC'), 'UTC');
    for (const raw of ['EST', 'EST5EDT', '+05:00', 'America/Nowhere', 'Eastern Standard Time', '', 3])
      assert.equal(canonicalTimezone(raw), undefined, String(raw));
  });
  test('email: trimmed, obvious garbage refused', () => {
    assert.equal(canonicalEmail(' ana@example.test '), 'ana@example.test');
    assert.equal(canonicalEmail('ana at example'), undefined);
    assert.equal(canonicalEmail('ana@example'), undefined);
  });
  test('buildCustomer: absent stays absent, bad values become warnings without values', () => {
    const customer = buildCustomer({
      lmsCustomerId: '7',
      firstName: '  Ana  ',
      lastName: '',
      email: 'not an email',
      birthday: '1990-02-30',
      ssn: '12345',
      timezone: 'EST',
      phones: [{ raw: '555-0100', kind: 'mobile' }],
      address: { line1: '1 Main', city: 'Boise', state: 'Idaho', zip: '83702' },
    });
    assert.deepEqual(customer, {
      lmsCustomerId: '7',
      firstName: 'Ana',
      streetAddress1: '1 Main',
      city: 'Boise',
      state: 'ID',
      zipCode: '83702',
      warnings: [
        { code: 'invalid_email', field: 'email' },
        { code: 'invalid_phone', field: 'phoneNumber' },
        { code: 'invalid_birthday', field: 'birthday' },
        { code: 'invalid_ssn', field: 'ssnLastFour' },
        { code: 'invalid_timezone', field: 'timezone' },
      ],
    });
    assert.ok(!('lastName' in customer));
  });
});
