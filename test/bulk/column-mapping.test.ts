/**
 * Mapping a file's own names to customer fields: `--map` pairs, a mapping file, and the check of a
 * CSV header that stops an import before its first row when a column would be refused on every row.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { combineMappings, fieldOf, parseMapOption, planColumns, readMappingFile } from '../../src/bulk/column-mapping.ts';
import { fileFormat } from '../../src/bulk/file-format.ts';
import { UsageError } from '../../src/bulk/usage-error.ts';
import { makeTempDir } from '../helpers/process.ts';

describe('--map', () => {
  it('reads comma-separated pairs, repeated flags and an empty target as "leave out"', () => {
    const mapping = parseMapOption(['Phone=phoneNumber, ZIP = zipCode', 'Notes=', 'Cust=Id=id']);
    assert.deepEqual(
      [...mapping],
      [
        ['Phone', 'phoneNumber'],
        ['ZIP', 'zipCode'],
        ['Notes', null],
        // The last "=" separates: a file's name may hold one, a field's never does.
        ['Cust=Id', 'id'],
      ],
    );
  });

  it('refuses a pair without "=", a target that is not a field, and a name mapped twice', () => {
    assert.throws(
      () => parseMapOption(['Phone']),
      (e: unknown) => e instanceof UsageError && /has no "="/.test(e.message),
    );
    assert.throws(
      () => parseMapOption(['Phone=phone']),
      (e: unknown) => e instanceof UsageError && /phone is not a customer field/.test(e.message),
    );
    assert.throws(() => parseMapOption(['A=city,A=state']), /A is mapped twice/);
    assert.throws(() => parseMapOption(['=city']), /no column name/);
  });
});

describe('--mapping file', () => {
  const temp = makeTempDir('bulk-mapping');
  after(() => temp.remove());

  it('reads name → field, null and "" leaving a column out; --map pairs win', () => {
    const file = path.join(temp.dir, 'mapping.json');
    writeFileSync(file, JSON.stringify({ Phone: 'phoneNumber', Notes: null, Memo: '', Zip: 'city' }));
    const fromFile = readMappingFile(file);
    assert.deepEqual(
      [...fromFile],
      [
        ['Phone', 'phoneNumber'],
        ['Notes', null],
        ['Memo', null],
        ['Zip', 'city'],
      ],
    );
    assert.equal(combineMappings(fromFile, parseMapOption(['Zip=zipCode'])).get('Zip'), 'zipCode');
  });

  it('refuses a missing file, text that is not JSON, and a value that is not a name or null', () => {
    assert.throws(() => readMappingFile(path.join(temp.dir, 'absent.json')), /does not exist/);
    const broken = path.join(temp.dir, 'broken.json');
    writeFileSync(broken, '{"Phone": ');
    assert.throws(() => readMappingFile(broken), /is not a readable JSON file/);
    const list = path.join(temp.dir, 'list.json');
    writeFileSync(list, '["Phone"]');
    assert.throws(() => readMappingFile(list), /must be a JSON object/);
    const number = path.join(temp.dir, 'number.json');
    writeFileSync(number, '{"Phone": 3}');
    assert.throws(() => readMappingFile(number), /"Phone" must map to a field name or null/);
  });
});

describe('planColumns', () => {
  it('takes the API names as they are and mapped names as mapped', () => {
    const { columns, notices } = planColumns(['id', ' taskType ', 'Phone', 'Notes'], parseMapOption(['Phone=phoneNumber,Notes=']));
    assert.deepEqual(columns, [
      { source: 'id', field: 'id' },
      { source: 'taskType', field: 'taskType' },
      { source: 'Phone', field: 'phoneNumber' },
      { source: 'Notes', field: null },
    ]);
    assert.deepEqual(notices, []);
  });

  it('skips the columns an export writes that a create does not take, and says so', () => {
    const { columns, notices } = planColumns(['id', 'taskType', 'createdAt', 'updatedAt', 'stopReason', 'provenance'], new Map());
    assert.deepEqual(
      columns.map((c) => c.field),
      ['id', 'taskType', null, null, null, null],
    );
    assert.match(notices[0]!, /not importable are skipped: createdAt, updatedAt, stopReason, provenance/);
  });

  it('refuses, in one message, unknown columns (suggesting a spelling), unnamed ones and two columns for one field', () => {
    const mapping = parseMapOption(['Mobile=phoneNumber']);
    assert.throws(
      () => planColumns(['id', 'PhoneNumber', 'Mobile', 'phoneNumber', '', 'Shoe size'], mapping),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /not customer fields: PhoneNumber \(did you mean phoneNumber\?\), Shoe size/);
        assert.match(error.message, /column 5 has no name/);
        assert.match(error.message, /columns Mobile and phoneNumber both hold phoneNumber/);
        return true;
      },
    );
  });

  it('notes mapped names the header does not have (a typo shows up as an unknown column too)', () => {
    const { notices } = planColumns(['id', 'taskType'], parseMapOption(['Phone=phoneNumber']));
    assert.match(notices[0]!, /the header does not have: Phone/);
  });

  it('maps NDJSON member names the same way', () => {
    const mapping = parseMapOption(['Phone=phoneNumber,Notes=']);
    assert.equal(fieldOf('Phone', mapping), 'phoneNumber');
    assert.equal(fieldOf('Notes', mapping), null);
    assert.equal(fieldOf('createdAt', mapping), null);
    assert.equal(fieldOf('tasks', mapping), null);
    // Unknown names are passed on: the API refuses them as unknown fields, row by row.
    assert.equal(fieldOf('shoeSize', mapping), 'shoeSize');
  });
});

describe('fileFormat', () => {
  it('follows --format, else the extension, else the fallback', () => {
    assert.equal(fileFormat('a.CSV', undefined), 'csv');
    assert.equal(fileFormat('a.ndjson', undefined), 'ndjson');
    assert.equal(fileFormat('a.jsonl', undefined), 'ndjson');
    assert.equal(fileFormat('a.txt', 'NDJSON'), 'ndjson');
    assert.equal(fileFormat('a.csv', 'jsonl'), 'ndjson');
    assert.equal(fileFormat(undefined, undefined, 'csv'), 'csv');
    assert.throws(() => fileFormat('a.txt', undefined), /add --format csv or --format ndjson/);
    assert.throws(() => fileFormat('a.csv', 'xml'), /--format must be csv or ndjson/);
  });
});
