import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePhoneNumber } from '../../src/domain/phone.ts';

describe('normalizePhoneNumber', () => {
  const accepted: Array<[string, string]> = [
    ['(415) 555-0100', '+14155550100'],
    ['415.555.0100', '+14155550100'],
    ['+1 415 555 0100', '+14155550100'],
    ['+1-415-555-0100', '+14155550100'],
    ['1 (415) 555-0100', '+14155550100'],
    ['1-415-555-0100', '+14155550100'],
    ['415 555 0100', '+14155550100'],
    ['(415)555-0100', '+14155550100'],
    ['4155550100', '+14155550100'],
    ['14155550100', '+14155550100'],
    ['+14155550100', '+14155550100'],
    ['  415-555-0100\t', '+14155550100'],
    ['212-555-0100', '+12125550100'],
    ['(907) 555-0100', '+19075550100'], // Alaska
    ['808.555.0100', '+18085550100'], // Hawaii
    ['(787) 555-0100', '+17875550100'], // Puerto Rico
    ['340-555-0100', '+13405550100'], // U.S. Virgin Islands
    ['671-555-0100', '+16715550100'], // Guam
    ['670-555-0100', '+16705550100'], // Northern Mariana Islands
    ['684-633-1234', '+16846331234'], // American Samoa
  ];
  for (const [input, e164] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${e164}`, () => {
      assert.deepEqual(normalizePhoneNumber(input), { ok: true, e164 });
    });
  }

  const refused: Array<[string, RegExp]> = [
    ['800-555-0100', /toll-free/],
    ['(888) 555-0100', /toll-free/],
    ['877 555 0100', /toll-free/],
    ['866-555-0100', /toll-free/],
    ['855-555-0100', /toll-free/],
    ['844-555-0100', /toll-free/],
    ['833-555-0100', /toll-free/],
    ['900-555-0100', /premium-rate/],
    ['500-555-0100', /personal/],
    ['call me at 415-555-0100', /only a phone number/],
    ['415-555-0100 ext. 12', /only a phone number/],
    ['415-555-0100 x12', /only a phone number/],
    ['tel:+14155550100', /only a phone number/],
    ['415/555/0100', /only a phone number/],
    ['４１５５５５０１００', /only a phone number/],
    ['+1 416 555 0100', /US phone number/], // Toronto: +1, but Canada
    ['+1 876 555 0100', /US phone number/], // Jamaica
    ['+44 20 7946 0958', /US phone number/],
    ['011 44 20 7946 0958', /US phone number/],
    ['555-555-5555', /valid US phone number/],
    ['(123) 555-0100', /valid US phone number/], // area codes never start with 1
    ['(415) 155-0100', /valid US phone number/], // nor exchanges
    ['555-0100', /valid US phone number/],
    ['911', /valid US phone number/],
    ['415555010', /valid US phone number/],
    ['415555010000', /valid US phone number/],
    ['++14155550100', /valid US phone number/],
    ['+', /valid US phone number/],
    ['', /must not be empty/],
    ['   ', /must not be empty/],
  ];
  for (const [input, problem] of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const result = normalizePhoneNumber(input);
      assert.equal(result.ok, false);
      assert.match((result as { problem: string }).problem, problem);
      assert.ok(!(result as { problem: string }).problem.includes(input.trim() || '\u0000'), 'the problem does not echo the number');
    });
  }

  it('gives every way of writing one number the same E.164', () => {
    const forms = ['(303) 555-0142', '303.555.0142', '+1 303 555 0142', '1-303-555-0142', '3035550142', '+13035550142'];
    assert.deepEqual(new Set(forms.map((f) => JSON.stringify(normalizePhoneNumber(f)))).size, 1);
  });
});
