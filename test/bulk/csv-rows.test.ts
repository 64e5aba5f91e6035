/**
 * The CSV reader: the header checked before any row, each record a create body with its cells
 * converted, the line each row begins on (quoted cells may span lines), a row with the wrong
 * number of cells refused alone, and a broken quote ending the read at the row where it begins.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { openCsvRows } from '../../src/bulk/csv-rows.ts';
import { parseMapOption } from '../../src/bulk/column-mapping.ts';
import type { SourceRow } from '../../src/bulk/source-row.ts';
import { UsageError } from '../../src/bulk/usage-error.ts';

async function read(text: string, map: string[] = []): Promise<{ rows: SourceRow[]; sourceOf: (field: string) => string }> {
  const source = await openCsvRows(Readable.from([Buffer.from(text)]), parseMapOption(map));
  const rows: SourceRow[] = [];
  for await (const row of source.rows) rows.push(row);
  return { rows, sourceOf: source.sourceOf };
}

describe('openCsvRows', () => {
  it('reads rows as create bodies: empty cells absent, typed cells converted, names mapped', async () => {
    const { rows, sourceOf } = await read(
      '\ufeffid,taskType,Phone,doNotCall,loanIds,externalMetadata,Notes\r\nC1,collections,(415) 555-0100,yes,1;2,"{""a"":1}",hello\r\nC2,servicing,,,,,\r\n',
      ['Phone=phoneNumber,Notes='],
    );
    assert.deepEqual(
      rows.map((r) => r.body),
      [
        { id: 'C1', taskType: 'collections', phoneNumber: '(415) 555-0100', doNotCall: true, loanIds: [1, 2], externalMetadata: { a: 1 } },
        { id: 'C2', taskType: 'servicing' },
      ],
    );
    assert.deepEqual(
      rows.map((r) => [r.row, r.line, r.problems.length]),
      [
        [1, 2, 0],
        [2, 3, 0],
      ],
    );
    assert.equal(sourceOf('phoneNumber'), 'Phone');
    assert.equal(sourceOf('id'), 'id');
  });

  it('numbers rows among rows and lines as the file does: blank lines and multi-line cells counted', async () => {
    const { rows } = await read('id,streetAddress1\n\nA,"1 Main\nSt"\n\n\nB,2 Elm\n');
    assert.deepEqual(
      rows.map((r) => [r.body?.id, r.row, r.line]),
      [
        ['A', 1, 3],
        ['B', 2, 7],
      ],
    );
    assert.ok(rows[1]!.endByte > rows[0]!.endByte);
  });

  it('keeps a cell it cannot convert with a problem, so the row is validated but never written', async () => {
    const { rows } = await read('id,doNotCall\nA,maybe\n');
    assert.deepEqual(rows[0]!.body, { id: 'A', doNotCall: 'maybe' });
    assert.deepEqual(
      rows[0]!.problems.map((p) => p.pointer),
      ['/doNotCall'],
    );
  });

  it('refuses a row with too few or too many cells on its own', async () => {
    const { rows } = await read('id,taskType\nA,collections\nB\nC,servicing,extra\nD,servicing\n');
    assert.deepEqual(
      rows.map((r) => [r.row, r.body === null, r.problems[0]?.detail]),
      [
        [1, false, undefined],
        [2, true, 'has 1 cells where the header has 2'],
        [3, true, 'has 3 cells where the header has 2'],
        [4, false, undefined],
      ],
    );
  });

  it('stops at a quote left open, naming where, without quoting the text', async () => {
    const { rows } = await read('id,city\nA,Springfield\nB,"Shelbyville\nC,Ogdenville\n');
    assert.equal(rows.length, 2);
    const broken = rows[1]!;
    assert.equal(broken.row, 2);
    assert.equal(broken.line, 3);
    assert.equal(broken.last, true);
    assert.equal(broken.body, null);
    assert.match(broken.problems[0]!.detail, /not valid CSV.*a quoted cell is never closed; the rows after it were not read/);
    assert.doesNotMatch(broken.problems[0]!.detail, /Shelbyville|Ogdenville/);
  });

  it('treats a quote inside an unquoted cell as text', async () => {
    const { rows } = await read('id,streetAddress2\nA,Apt "B"\n');
    assert.equal(rows[0]!.body?.streetAddress2, 'Apt "B"');
  });

  it('refuses an empty file and a header with unknown columns before reading any row', async () => {
    await assert.rejects(read(''), (e: unknown) => e instanceof UsageError && /the file is empty/.test(e.message));
    await assert.rejects(read('id,Phone\nA,1\n'), (e: unknown) => e instanceof UsageError && /not customer fields: Phone/.test(e.message));
  });
});
