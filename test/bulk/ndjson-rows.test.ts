/**
 * The NDJSON reader: each line read as `POST /customers` reads a body, member names mapped, blank
 * lines skipped, every bad line refused alone with its line number — and, over a 200,000-line
 * stream, never more than one chunk of rows held.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ndjsonRows } from '../../src/bulk/ndjson-rows.ts';
import { parseMapOption } from '../../src/bulk/column-mapping.ts';
import { chunked, type SourceRow } from '../../src/bulk/source-row.ts';

async function read(pieces: Array<string | Buffer>, map: string[] = []): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of ndjsonRows(pieces, parseMapOption(map)).rows) rows.push(row);
  return rows;
}

describe('ndjsonRows', () => {
  it('reads one object a line, split anywhere across pieces, with CRLF, blank lines and no final newline', async () => {
    const rows = await read(['\ufeff{"id":"A","task', 'Type":"collections"}\r\n\n   \n{"id":"B","Phone":"1"}\r', '\n{"id":"C"}'], ['Phone=phoneNumber']);
    assert.deepEqual(
      rows.map((r) => [r.row, r.line, r.body]),
      [
        [1, 1, { id: 'A', taskType: 'collections' }],
        [2, 4, { id: 'B', phoneNumber: '1' }],
        [3, 5, { id: 'C' }],
      ],
    );
  });

  it('keeps metadata numbers as written, as the API does', async () => {
    const [row] = await read(['{"id":"A","externalMetadata":{"n":12345678901234567890}}\n']);
    assert.equal(JSON.stringify(row!.body), '{"id":"A","externalMetadata":{"n":12345678901234567890}}');
  });

  it('refuses each bad line alone: not JSON, not an object, a name given twice, a field given twice through the mapping', async () => {
    const rows = await read(['{"id":\n[1]\n{"id":"A","id":"B"}\n{"id":"C","Phone":"1","phoneNumber":"2"}\n{"id":"D"}\n'], ['Phone=phoneNumber']);
    assert.deepEqual(
      rows.map((r) => [r.line, r.body === null, r.problems]),
      [
        [1, true, [{ pointer: '', detail: 'is not JSON' }]],
        [2, true, [{ pointer: '', detail: 'must be a JSON object: one customer a line' }]],
        [3, true, [{ pointer: '/id', detail: 'is given more than once in its object: send each name once' }]],
        [4, false, [{ pointer: '/phoneNumber', detail: 'is given twice in the line (as Phone and phoneNumber)' }]],
        [5, false, []],
      ],
    );
  });

  it('drops what an export writes that a create does not take', async () => {
    const [row] = await read(['{"id":"A","createdAt":"2024-01-01T00:00:00Z","tasks":[{"id":"t"}]}\n']);
    assert.deepEqual(row!.body, { id: 'A' });
  });

  it('keeps a member named __proto__ as a member, for the API to refuse', async () => {
    const [row] = await read(['{"id":"A","__proto__":{"polluted":true}}\n']);
    assert.ok(Object.hasOwn(row!.body!, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a line that is not UTF-8', async () => {
    const rows = await read([Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), '{"id":"A"}\n']);
    assert.deepEqual(
      rows.map((r) => [r.line, r.problems[0]?.detail]),
      [
        [1, 'is not valid UTF-8 text'],
        [2, undefined],
      ],
    );
  });
});

describe('lines', () => {
  it('skips a line longer than the limit to its end without holding it, and goes on', async () => {
    const seen = [];
    for await (const line of lines(['ab\n', 'x'.repeat(6), 'y'.repeat(6), 'z\ncd\n', 'e'.repeat(20)], 10)) {
      seen.push([line.number, line.bytes?.toString() ?? null, line.endByte]);
    }
    assert.deepEqual(seen, [
      [1, 'ab', 3],
      [2, null, 17],
      [3, 'cd', 20],
      [4, null, 40],
    ]);
  });
});

describe('bounded memory', () => {
  it('holds at most one chunk of a 200,000-line stream: a line is read only when the chunk being filled needs it', async () => {
    const total = 200_000;
    const chunkSize = 500;
    let produced = 0;
    let consumed = 0;
    let mostHeld = 0;
    async function* source(): AsyncGenerator<Buffer> {
      for (let i = 0; i < total; i++) {
        produced += 1;
        mostHeld = Math.max(mostHeld, produced - consumed);
        yield Buffer.from(`{"id":"C${i}","taskType":"collections","firstName":"Ana"}\n`);
      }
    }
    let chunks = 0;
    for await (const chunk of chunked(ndjsonRows(source(), new Map()).rows, chunkSize)) {
      chunks += 1;
      assert.ok(chunk.length <= chunkSize);
      consumed += chunk.length;
    }
    assert.equal(consumed, total);
    assert.equal(chunks, total / chunkSize);
    // The rows of the chunk being filled, and the one line being split when it is handed over.
    assert.ok(mostHeld <= chunkSize + 1, `held ${mostHeld} rows at once`);
  });
});
