/**
 * CSV cells to the API's types: booleans in the spellings spreadsheets use, loan ids as a `;` list
 * or a JSON array, metadata as JSON with its numbers kept as written. A cell that cannot be
 * converted keeps its text and gets a problem that never quotes it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOOLEAN_CELL, cellValue, INTEGERS_CELL, OBJECT_CELL } from '../../src/bulk/cell-conversion.ts';
import { IMPORT_FIELDS } from '../../src/bulk/fields.ts';

const convert = (field: string, text: string) => cellValue(field, IMPORT_FIELDS.get(field)!, text);

describe('cellValue', () => {
  it('knows each field of a create body and the kind of its cells, from the API schema', () => {
    assert.equal(IMPORT_FIELDS.get('firstName'), 'text');
    assert.equal(IMPORT_FIELDS.get('doNotCall'), 'boolean');
    assert.equal(IMPORT_FIELDS.get('isTest'), 'boolean');
    assert.equal(IMPORT_FIELDS.get('loanIds'), 'integers');
    assert.equal(IMPORT_FIELDS.get('externalMetadata'), 'object');
    assert.equal(IMPORT_FIELDS.has('createdAt'), false);
  });

  it('passes text on as it is (the API trims and checks it)', () => {
    assert.deepEqual(convert('firstName', ' Ana '), { value: ' Ana ' });
    assert.deepEqual(convert('ssnLastFour', '0042'), { value: '0042' });
  });

  it('reads true/false/yes/no/1/0 in any case as booleans', () => {
    for (const text of ['true', 'TRUE', 'Yes', '1', ' yes ']) assert.deepEqual(convert('doNotCall', text), { value: true });
    for (const text of ['false', 'No', '0']) assert.deepEqual(convert('isTest', text), { value: false });
    const refused = convert('doNotCall', 'maybe');
    assert.deepEqual(refused, { value: 'maybe', problems: [{ pointer: '/doNotCall', detail: BOOLEAN_CELL }] });
  });

  it('reads loan ids as 1;2;3 or a JSON array, refusing what it cannot hold exactly', () => {
    assert.deepEqual(convert('loanIds', '1;2; 3;'), { value: [1, 2, 3] });
    assert.deepEqual(convert('loanIds', '[4, 5]'), { value: [4, 5] });
    // A JSON array's wrong items go on: the API names them by index.
    assert.deepEqual(convert('loanIds', '[4, "x"]'), { value: [4, 'x'] });
    for (const text of ['1;x', '1,2', '[1,', '{"a":1}', '99999999999999999999', '[99999999999999999999]']) {
      assert.deepEqual(convert('loanIds', text).problems, [{ pointer: '/loanIds', detail: INTEGERS_CELL }], text);
    }
  });

  it('reads metadata as JSON, keeping numbers JavaScript cannot give back as written', () => {
    const converted = convert('externalMetadata', '{"employer":"Acme","big":12345678901234567890,"n":1.5}');
    assert.equal(converted.problems, undefined);
    assert.equal(JSON.stringify(converted.value), '{"employer":"Acme","big":12345678901234567890,"n":1.5}');
  });

  it('refuses metadata that is not JSON or names a member twice, without quoting the cell', () => {
    const broken = convert('externalMetadata', '{employer: Acme}');
    assert.deepEqual(broken.problems, [{ pointer: '/externalMetadata', detail: OBJECT_CELL }]);
    const twice = convert('externalMetadata', '{"a":{"b":1,"b":2}}');
    assert.deepEqual(twice.problems, [{ pointer: '/externalMetadata/a/b', detail: 'is given more than once in its object: write each name once' }]);
    // JSON that is not an object goes on: the API says it must be one.
    assert.deepEqual(convert('externalMetadata', '[1]'), { value: [1] });
  });
});
