/** The rejects file: one CSV line per problem, naming the row, its line, the field, the file's column and the reason. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { RejectsFile, rejectRecords } from '../../src/bulk/rejects-file.ts';
import { TextSink } from '../../src/bulk/text-sink.ts';

const sourceOf = (field: string) => (field === 'phoneNumber' ? 'Phone' : field);

describe('rejectRecords', () => {
  it('names the column a field (or a member inside it) came from, and none for the row itself', () => {
    const records = rejectRecords(
      {
        row: 7,
        line: 9,
        problems: [
          { pointer: '/phoneNumber', detail: 'must be a valid US phone number' },
          { pointer: '/externalMetadata/a~1b', detail: 'is given more than once in its object: write each name once' },
          { pointer: '', detail: 'is not JSON' },
        ],
      },
      sourceOf,
    );
    assert.deepEqual(records, [
      ['7', '9', '/phoneNumber', 'Phone', 'must be a valid US phone number'],
      ['7', '9', '/externalMetadata/a~1b', 'externalMetadata', 'is given more than once in its object: write each name once'],
      ['7', '9', '', '', 'is not JSON'],
    ]);
  });
});

describe('RejectsFile', () => {
  it('writes its header at once and quotes cells as CSV does', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const rejects = await RejectsFile.open(new TextSink(stream), sourceOf);
    assert.equal(text, 'row,line,field,column,reason\n');
    await rejects.add({ row: 1, line: 2, problems: [{ pointer: '/doNotCall', detail: 'must be true, false, yes, no, 1 or 0' }] });
    await rejects.close();
    assert.equal(text, 'row,line,field,column,reason\n1,2,/doNotCall,doNotCall,"must be true, false, yes, no, 1 or 0"\n');
    assert.equal(rejects.rows, 1);
  });
});
