/**
 * The import loop against a stand-in for the bulk-import service: every row counted once, rejected
 * rows listed in the file's order, duplicates and unreadable rows never sent to be written, rows
 * with a reading problem only validated, at most two chunks in flight, and a failure of the
 * service surfacing only after the chunks in flight have settled.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImportItemResult, ImportOptions } from '../../src/services/bulk-import.ts';
import type { ChunkImporter } from '../../src/bulk/import-run.ts';
import { runImport } from '../../src/bulk/import-run.ts';
import type { RejectedRow } from '../../src/bulk/rejects-file.ts';
import type { SourceRow } from '../../src/bulk/source-row.ts';

const COMPANY = 'cmp_1';

function row(n: number, body: Record<string, unknown> | null, extra: Partial<SourceRow> = {}): SourceRow {
  return { row: n, line: n + 1, endByte: n * 10, body, problems: [], ...extra };
}

/** Answers by the body's id: "new-…" created, "old-…" exists, "bad-…" invalid; anything else valid in a dry run. */
class FakeImporter implements ChunkImporter {
  readonly calls: Array<{ ids: unknown[]; options: ImportOptions | undefined }> = [];
  running = 0;
  mostRunning = 0;
  delay: (call: number) => number = () => 0;
  fail: ((call: number) => boolean) | undefined;

  async importChunk(companyId: string, items: readonly unknown[], firstIndex: number, options?: ImportOptions): Promise<ImportItemResult[]> {
    assert.equal(companyId, COMPANY);
    const call = this.calls.push({ ids: items.map((i) => (i as { id?: unknown }).id), options }) - 1;
    this.running += 1;
    this.mostRunning = Math.max(this.mostRunning, this.running);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delay(call)));
      if (this.fail?.(call)) throw new Error('database unavailable');
      return items.map((item, at) => this.answer(item as Record<string, unknown>, firstIndex + at, options ?? {}));
    } finally {
      this.running -= 1;
    }
  }

  answer(item: Record<string, unknown>, index: number, options: ImportOptions): ImportItemResult {
    const id = String(item.id);
    const base = { index, id };
    if (id.startsWith('bad-') || item.doNotCall === 'maybe') {
      return {
        ...base,
        success: false,
        outcome: 'invalid',
        message: 'Two fields are invalid.',
        errors: [
          { pointer: '/doNotCall', detail: 'must be true or false' },
          { pointer: '/phoneNumber', detail: 'must be a valid US phone number' },
        ],
      };
    }
    if (id.startsWith('odd-')) return { ...base, success: false, outcome: 'invalid', message: 'sync: true needs an LMS' };
    if (options.dryRun) return { ...base, success: true, outcome: 'valid', message: 'valid' };
    if (id.startsWith('old-'))
      return options.upsert
        ? { ...base, success: true, outcome: 'updated', message: 'updated' }
        : { ...base, success: false, outcome: 'exists', message: `customer ${id} already exists` };
    return { ...base, success: true, outcome: 'created', message: 'created' };
  }
}

async function* chunksOf(rows: SourceRow[], size: number): AsyncGenerator<SourceRow[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

function collect(): { rejects: { add(r: RejectedRow): Promise<void> }; rejected: RejectedRow[] } {
  const rejected: RejectedRow[] = [];
  return { rejected, rejects: { add: async (r) => void rejected.push(r) } };
}

describe('runImport', () => {
  it('counts every row once and lists the rejected ones in the file order, with the service reasons', async () => {
    const importer = new FakeImporter();
    const { rejects, rejected } = collect();
    const rows = [
      row(1, { id: 'new-1' }),
      row(2, { id: 'old-2' }),
      row(3, { id: 'bad-3' }),
      row(4, null, { problems: [{ pointer: '', detail: 'is not JSON' }] }),
      row(5, { id: 'odd-5' }),
    ];
    const summary = await runImport({ importer, companyId: COMPANY, chunks: chunksOf(rows, 2), dryRun: false, upsert: false, rejects });
    assert.deepEqual(summary, { read: 5, created: 1, existing: 1, updated: 0, valid: 0, invalid: 3, duplicate: 0 });
    assert.deepEqual(
      rejected.map((r) => [r.row, r.line, r.problems.map((p) => p.pointer || p.detail)]),
      [
        [3, 4, ['/doNotCall', '/phoneNumber']],
        [4, 5, ['is not JSON']],
        // No field errors: the service's message, which never holds a value.
        [5, 6, ['sync: true needs an LMS']],
      ],
    );
    // The unreadable row never reached the service.
    assert.deepEqual(
      importer.calls.flatMap((c) => c.ids),
      ['new-1', 'old-2', 'bad-3', 'odd-5'],
    );
  });

  it('updates existing customers with upsert, and only validates in a dry run', async () => {
    const rows = [row(1, { id: 'new-1' }), row(2, { id: 'old-2' })];
    const upserted = await runImport({
      importer: new FakeImporter(),
      companyId: COMPANY,
      chunks: chunksOf(rows, 10),
      dryRun: false,
      upsert: true,
      rejects: collect().rejects,
    });
    assert.equal(upserted.created, 1);
    assert.equal(upserted.updated, 1);
    const importer = new FakeImporter();
    const dry = await runImport({ importer, companyId: COMPANY, chunks: chunksOf(rows, 10), dryRun: true, upsert: false, rejects: collect().rejects });
    assert.deepEqual(dry, { read: 2, created: 0, existing: 0, updated: 0, valid: 2, invalid: 0, duplicate: 0 });
    assert.equal(importer.calls[0]!.options?.dryRun, true);
  });

  it('refuses a second row with an id, in the same chunk or chunks apart, before the service sees it', async () => {
    const importer = new FakeImporter();
    const { rejects, rejected } = collect();
    const rows = [
      row(1, { id: 'new-1' }),
      row(2, { id: ' new-1 ' }),
      row(3, { id: 'new-3' }),
      row(4, { id: 'new-1' }),
      row(5, { id: 'bad-5' }),
      row(6, { id: 'bad-5' }),
    ];
    const summary = await runImport({ importer, companyId: COMPANY, chunks: chunksOf(rows, 2), dryRun: false, upsert: true, rejects });
    assert.equal(summary.duplicate, 3);
    assert.equal(summary.created, 2);
    assert.deepEqual(
      rejected.filter((r) => r.problems[0]!.pointer === '/id').map((r) => r.row),
      [2, 4, 6],
    );
    assert.deepEqual(
      importer.calls.flatMap((c) => c.ids),
      ['new-1', 'new-3', 'bad-5'],
    );
  });

  it('only validates a row with a reading problem, reporting the reader reason for its cell and the service reasons for the rest', async () => {
    const importer = new FakeImporter();
    const { rejects, rejected } = collect();
    const problem = { pointer: '/doNotCall', detail: 'must be true, false, yes, no, 1 or 0' };
    const rows = [row(1, { id: 'new-1', doNotCall: 'maybe' }, { problems: [problem] }), row(2, { id: 'new-2' })];
    const summary = await runImport({ importer, companyId: COMPANY, chunks: chunksOf(rows, 10), dryRun: false, upsert: false, rejects });
    assert.equal(summary.invalid, 1);
    assert.equal(summary.created, 1);
    assert.deepEqual(rejected[0]!.problems, [problem, { pointer: '/phoneNumber', detail: 'must be a valid US phone number' }]);
    assert.deepEqual(
      importer.calls.map((c) => [c.ids, c.options?.dryRun]),
      [
        [['new-2'], false],
        [['new-1'], true],
      ],
    );
  });

  it('keeps two chunks in flight, and settles them in the file order even when the later finishes first', async () => {
    const importer = new FakeImporter();
    importer.delay = (call) => (call % 2 === 0 ? 20 : 1);
    const { rejects, rejected } = collect();
    const rows = Array.from({ length: 40 }, (_, i) => row(i + 1, { id: i % 3 === 0 ? `bad-${i}` : `new-${i}` }));
    const progress: number[] = [];
    await runImport({
      importer,
      companyId: COMPANY,
      chunks: chunksOf(rows, 5),
      dryRun: false,
      upsert: false,
      rejects,
      onProgress: (t) => progress.push(t.read),
    });
    assert.equal(importer.mostRunning, 2);
    assert.deepEqual(
      rejected.map((r) => r.row),
      rows.filter((r) => String(r.body!.id).startsWith('bad-')).map((r) => r.row),
    );
    assert.deepEqual(progress, [5, 10, 15, 20, 25, 30, 35, 40]);
  });

  it('reads a chunk only when one of the two in flight has settled', async () => {
    let produced = 0;
    let mostAhead = 0;
    let settled = 0;
    async function* chunks(): AsyncGenerator<SourceRow[]> {
      for (let c = 0; c < 20; c++) {
        produced += 10;
        mostAhead = Math.max(mostAhead, produced - settled);
        yield Array.from({ length: 10 }, (_, i) => row(c * 10 + i + 1, { id: `new-${c * 10 + i}` }));
      }
    }
    const importer = new FakeImporter();
    importer.delay = () => 2;
    await runImport({
      importer,
      companyId: COMPANY,
      chunks: chunks(),
      dryRun: false,
      upsert: false,
      rejects: collect().rejects,
      onProgress: (t) => (settled = t.read),
    });
    assert.equal(settled, 200);
    // Two chunks in flight and the one just read.
    assert.ok(mostAhead <= 30, `${mostAhead} rows read ahead of those settled`);
  });

  it('fails when the service fails, after the chunk in flight has settled', async () => {
    const importer = new FakeImporter();
    importer.delay = (call) => (call === 1 ? 30 : 1);
    importer.fail = (call) => call === 0;
    const rows = Array.from({ length: 30 }, (_, i) => row(i + 1, { id: `new-${i}` }));
    await assert.rejects(
      runImport({ importer, companyId: COMPANY, chunks: chunksOf(rows, 10), dryRun: false, upsert: false, rejects: collect().rejects }),
      /database unavailable/,
    );
    assert.equal(importer.running, 0, 'no chunk is left running');
  });

  it('reports where reading stopped when the reader could not go on', async () => {
    const rows = [row(1, { id: 'new-1' }), row(2, null, { problems: [{ pointer: '', detail: 'not valid CSV' }], last: true })];
    const summary = await runImport({
      importer: new FakeImporter(),
      companyId: COMPANY,
      chunks: chunksOf(rows, 10),
      dryRun: false,
      upsert: false,
      rejects: collect().rejects,
    });
    assert.equal(summary.stoppedAtLine, 3);
    assert.equal(summary.invalid, 1);
  });
});
