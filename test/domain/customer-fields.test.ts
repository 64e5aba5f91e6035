import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_METADATA_BYTES,
  MAX_METADATA_DEPTH,
  normaliseCustomerFields,
  REQUIRED_CUSTOMER_FIELDS,
  type NormaliseOptions,
} from '../../src/domain/customer-fields.ts';

const NOW = new Date('2024-03-01T12:00:00.000Z');
const create: NormaliseOptions = { requireAll: true, allowNull: false, now: NOW };
const patch: NormaliseOptions = { requireAll: false, allowNull: true, now: NOW };

const valid = {
  id: 'c-1',
  taskType: 'collections',
  firstName: 'Ana',
  lastName: 'Reyes',
  phoneNumber: '(415) 555-0100',
  timezone: 'US/Pacific',
  streetAddress1: '1 Main St',
  city: 'San Francisco',
  state: 'ca',
  zipCode: '94102',
};

/** The errors for one field's value, alone in a PATCH-like body. */
function errorsFor(field: string, value: unknown, options: NormaliseOptions = patch) {
  return normaliseCustomerFields({ [field]: value }, options).errors;
}

describe('normaliseCustomerFields', () => {
  it('normalises a valid body: E.164 phone, canonical zone, upper-case state', () => {
    const { fields, errors } = normaliseCustomerFields({ ...valid }, create);
    assert.deepEqual(errors, []);
    assert.equal(fields.phoneNumber, '+14155550100');
    assert.equal(fields.timezone, 'America/Los_Angeles');
    assert.equal(fields.state, 'CA');
    assert.equal(fields.zipCode, '94102');
  });

  it('reports every missing required field when creating, and none when patching', () => {
    const { errors } = normaliseCustomerFields({}, create);
    assert.deepEqual(
      errors.map((e) => e.pointer),
      REQUIRED_CUSTOMER_FIELDS.map((f) => `/${f}`),
    );
    assert.ok(errors.every((e) => e.detail === 'is required'));
    assert.deepEqual(normaliseCustomerFields({}, patch).errors, []);
    const nulls = Object.fromEntries(REQUIRED_CUSTOMER_FIELDS.map((f) => [f, null]));
    assert.equal(normaliseCustomerFields(nulls, create).errors.length, REQUIRED_CUSTOMER_FIELDS.length);
  });

  it('does not report a field twice when the schema already failed it (skip)', () => {
    const { errors } = normaliseCustomerFields({ ...valid, phoneNumber: 42, timezone: 'EST' }, { ...create, skip: new Set(['/phoneNumber', '/timezone']) });
    assert.deepEqual(errors, []);
  });

  describe('birthday', () => {
    const cases: Array<[string, string | null]> = [
      ['2000-02-29', null], // divisible by 400: a leap year
      ['2024-02-29', null],
      ['1904-02-29', null],
      ['1900-02-29', 'must be a real calendar date'], // divisible by 100, not 400
      ['2023-02-29', 'must be a real calendar date'],
      ['2100-02-29', 'must be a real calendar date'],
      ['1985-04-31', 'must be a real calendar date'],
      ['1985-00-10', 'must be a real calendar date'],
      ['1985-01-00', 'must be a real calendar date'],
      ['1985-13-01', 'must be a real calendar date'],
      ['1900-01-01', null],
      ['1899-12-31', 'must not be before 1900-01-01'],
      ['0001-01-01', 'must not be before 1900-01-01'],
      ['0099-12-31', 'must not be before 1900-01-01'],
      ['1985-6-15', 'must be a date in the form YYYY-MM-DD'],
      ['19850615', 'must be a date in the form YYYY-MM-DD'],
      ['06/15/1985', 'must be a date in the form YYYY-MM-DD'],
      ['1985-06-15T00:00:00Z', 'must be a date in the form YYYY-MM-DD'],
      ['+01985-06-15', 'must be a date in the form YYYY-MM-DD'],
      ['１９８５-06-15', 'must be a date in the form YYYY-MM-DD'],
    ];
    for (const [value, problem] of cases) {
      it(`${value} → ${problem ?? 'accepted'}`, () => {
        const { fields, errors } = normaliseCustomerFields({ birthday: value }, patch);
        if (problem === null) {
          assert.deepEqual(errors, []);
          assert.equal(fields.birthday, value);
        } else {
          assert.deepEqual(errors, [{ pointer: '/birthday', detail: problem }]);
          assert.equal(fields.birthday, undefined);
        }
      });
    }

    it('accepts the date it already is in the latest zone on Earth (UTC+14), not the day after', () => {
      // 10:00 UTC on 1 March is midnight of 2 March in Kiribati (UTC+14).
      const at = (iso: string) => ({ ...patch, now: new Date(iso) });
      assert.deepEqual(normaliseCustomerFields({ birthday: '2024-03-02' }, at('2024-03-01T10:00:00.000Z')).errors, []);
      assert.deepEqual(normaliseCustomerFields({ birthday: '2024-03-02' }, at('2024-03-01T09:59:59.999Z')).errors, [
        { pointer: '/birthday', detail: 'must not be in the future' },
      ]);
      assert.deepEqual(normaliseCustomerFields({ birthday: '2024-03-03' }, at('2024-03-01T23:59:59.999Z')).errors, [
        { pointer: '/birthday', detail: 'must not be in the future' },
      ]);
      // Today in UTC is always fine, even just after midnight UTC (still "yesterday" in the Americas).
      assert.deepEqual(normaliseCustomerFields({ birthday: '2024-03-01' }, at('2024-03-01T00:00:00.000Z')).errors, []);
      // A leap day that is today.
      assert.deepEqual(normaliseCustomerFields({ birthday: '2024-02-29' }, at('2024-02-29T00:00:00.000Z')).errors, []);
    });

    it('does not depend on the process time zone', () => {
      assert.equal(process.env.TZ === undefined || typeof process.env.TZ === 'string', true);
      const result = normaliseCustomerFields({ birthday: '2024-03-02' }, { ...patch, now: new Date('2024-03-01T10:00:00.000Z') });
      assert.deepEqual(result.errors, [], `TZ=${process.env.TZ ?? '(unset)'}`);
    });
  });

  describe('text fields', () => {
    it('trims and refuses empty or control-character text', () => {
      assert.equal(normaliseCustomerFields({ firstName: '  Ana \t' }, patch).fields.firstName, 'Ana');
      assert.deepEqual(errorsFor('firstName', '   '), [{ pointer: '/firstName', detail: 'must not be empty' }]);
      for (const bad of ['Ana\u0000', 'A\u0007na', 'Line\nbreak', 'DEL\u007f']) {
        assert.deepEqual(errorsFor('city', bad), [{ pointer: '/city', detail: 'must not contain control characters' }], JSON.stringify(bad));
      }
      assert.deepEqual(errorsFor('city', 'São Paulo 東京'), []);
    });

    const emails: Array<[string, boolean]> = [
      ['ana@example.com', true],
      ['ana.reyes+tag@sub.example.co', true],
      ["o'brien@example.ie", true],
      ['ana@', false],
      ['@example.com', false],
      ['ana@example', false],
      ['ana@@example.com', false],
      ['ana reyes@example.com', false],
      ['ana@-example.com', false],
      [`${'a'.repeat(250)}@example.com`, false],
    ];
    for (const [email, ok] of emails) {
      it(`e-mail ${email.slice(0, 30)} → ${ok ? 'accepted' : 'refused'}`, () => {
        assert.deepEqual(errorsFor('email', email), ok ? [] : [{ pointer: '/email', detail: 'must be a valid e-mail address' }]);
      });
    }

    it('takes ZIP codes as 5 digits or ZIP+4, written with or without the hyphen', () => {
      const zip = (value: string) => normaliseCustomerFields({ zipCode: value }, patch);
      assert.equal(zip('02134').fields.zipCode, '02134');
      assert.equal(zip('02134-0001').fields.zipCode, '02134-0001');
      assert.equal(zip('021340001').fields.zipCode, '02134-0001');
      for (const bad of ['2134', '021345', '02134-01', '02134 0001', 'ABCDE', '02134-']) {
        assert.equal(zip(bad).errors.length, 1, bad);
      }
    });

    it('takes exactly four digits as SSN last four', () => {
      assert.deepEqual(errorsFor('ssnLastFour', '0000'), []);
      for (const bad of ['123', '12345', '12a4', '１２３４', '-123']) assert.equal(errorsFor('ssnLastFour', bad).length, 1, bad);
    });

    it('takes USPS codes in any case and refuses the rest', () => {
      assert.equal(normaliseCustomerFields({ state: 'dc' }, patch).fields.state, 'DC');
      assert.equal(normaliseCustomerFields({ state: 'Ap' }, patch).fields.state, 'AP');
      for (const bad of ['XX', 'Calif', 'C', 'UK']) assert.equal(errorsFor('state', bad).length, 1, bad);
    });
  });

  describe('flags, metadata and loans', () => {
    it('makes a test customer when either flag is true', () => {
      const isTest = (body: Record<string, unknown>) => normaliseCustomerFields(body, patch).fields.isTest;
      assert.equal(isTest({}), undefined);
      assert.equal(isTest({ test: true }), true);
      assert.equal(isTest({ isTest: true, test: false }), true);
      assert.equal(isTest({ isTest: false, test: true }), true);
      assert.equal(isTest({ isTest: false, test: false }), false);
      assert.equal(isTest({ isTest: false }), false);
    });

    it('keeps metadata as given, up to the size limit', () => {
      const metadata = { z: 1, a: { b: [null, true, 'x'] } };
      assert.equal(normaliseCustomerFields({ externalMetadata: metadata }, patch).fields.externalMetadata, metadata);
      const fits = { blob: 'x'.repeat(MAX_METADATA_BYTES - 11) };
      assert.equal(JSON.stringify(fits).length, MAX_METADATA_BYTES);
      assert.deepEqual(errorsFor('externalMetadata', fits), []);
      assert.equal(errorsFor('externalMetadata', { blob: 'x'.repeat(MAX_METADATA_BYTES - 10) }).length, 1);
      // Size is counted in UTF-8 bytes, not characters.
      assert.equal(errorsFor('externalMetadata', { blob: 'é'.repeat(MAX_METADATA_BYTES / 2) }).length, 1);
    });

    it(`refuses metadata nested deeper than ${MAX_METADATA_DEPTH} levels, without overflowing the stack`, () => {
      const nest = (depth: number) => {
        let value: Record<string, unknown> = {};
        for (let i = 1; i < depth; i++) value = { a: value };
        return value;
      };
      assert.deepEqual(errorsFor('externalMetadata', nest(MAX_METADATA_DEPTH)), []);
      assert.deepEqual(errorsFor('externalMetadata', nest(MAX_METADATA_DEPTH + 1)), [
        { pointer: '/externalMetadata', detail: `must be nested at most ${MAX_METADATA_DEPTH} levels deep` },
      ]);
      assert.equal(errorsFor('externalMetadata', nest(200_000)).length, 1);
      let arrays: unknown[] = [];
      for (let i = 0; i < 100; i++) arrays = [arrays];
      assert.equal(errorsFor('externalMetadata', { list: arrays }).length, 1, 'arrays count as levels too');
    });

    it('clears optional fields with null only when patching', () => {
      for (const field of ['email', 'birthday', 'ssnLastFour', 'streetAddress2', 'externalMetadata'] as const) {
        const result = normaliseCustomerFields({ [field]: null }, patch);
        assert.deepEqual(result.errors, []);
        assert.equal(result.fields[field], null, field);
        assert.deepEqual(normaliseCustomerFields({ ...valid, [field]: null }, create).errors, [{ pointer: `/${field}`, detail: 'must not be null' }]);
      }
      // Null for a required field never becomes a value (the route schema reports it as the wrong type).
      for (const field of ['firstName', 'lastName', 'phoneNumber', 'timezone', 'streetAddress1', 'city', 'state', 'zipCode', 'taskType'] as const) {
        assert.equal(normaliseCustomerFields({ [field]: null }, patch).fields[field], undefined, field);
      }
    });

    it('records loan ids as strings without duplicates', () => {
      assert.deepEqual(normaliseCustomerFields({ loanIds: [3, 1, 3, 2] }, patch).fields.loanIds, ['3', '1', '2']);
      assert.equal(normaliseCustomerFields({ loanIds: [1, 0] }, patch).fields.loanIds, undefined);
      assert.equal(normaliseCustomerFields({ loanIds: [2 ** 53] }, patch).fields.loanIds, undefined);
    });
  });

  it('reports every failing field at once, in one pass', () => {
    const { errors } = normaliseCustomerFields(
      {
        ...valid,
        timezone: 'EST',
        phoneNumber: '800-555-0100',
        state: 'XX',
        zipCode: '1',
        email: 'x',
        birthday: '2999-01-01',
        ssnLastFour: '1',
      },
      create,
    );
    assert.deepEqual(errors.map((e) => e.pointer).sort(), ['/birthday', '/email', '/phoneNumber', '/ssnLastFour', '/state', '/timezone', '/zipCode']);
  });
});
