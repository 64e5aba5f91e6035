/**
 * `callwise import` and `callwise export` as operators run them: the real CLI on a temporary
 * embedded database (and on a throwaway PostgreSQL database when TEST_DATABASE_URL is set).
 *
 * A CSV of good and bad rows is imported (exit 1, the counts, a rejects file naming row, line,
 * field, column and reason — and never an SSN or a birthday, there or on stdout and stderr); run
 * again it creates nothing (existing); --upsert updates; --dry-run writes nothing; NDJSON works;
 * usage errors exit 2 before anything is written; an export, CSV or NDJSON, imports into another
 * company as all valid; and the sample file is the same every time, its planted problems exactly
 * the rows rejected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { Keyring } from '../../src/security/encryption.ts';
import { backends, createPostgresDatabase } from '../helpers/database.ts';
import { childEnv, makeTempDir, REPO_ROOT, runCli, type RunResult } from '../helpers/process.ts';

/** Values that must never be echoed: the SSNs and birthdays of the rows, good and bad. */
const SECRETS = ['8642', '97531', '1977-03-09', '1977-02-30', '1961-11-04'];

const GOOD =
  'C-1,collections,Ana,Reyes,(415) 555-0100,America/Los_Angeles,1 Main St,San Francisco,CA,94102,yes,1977-03-09,8642,11;12,"{""employer"":""Acme"",""big"":12345678901234567890}"';
const CSV = [
  'id,taskType,firstName,lastName,Phone,timezone,streetAddress1,city,state,ZIP,doNotCall,birthday,ssnLastFour,loanIds,externalMetadata',
  GOOD,
  'C-2,servicing,Bo,Li,212-555-0101,America/New_York,2 Elm St,New York,NY,10001,,1961-11-04,,,',
  'C-3,collections,Cy,Doe,555-0100,America/New_York,3 Oak St,New York,NY,10001,,,,,',
  'C-4,collections,Di,Fox,(415) 555-0102,America/Los_Angeles,4 Pine St,San Francisco,CA,94102,,1977-02-30,97531,,',
  'C-1,collections,Ana,Reyes,(415) 555-0100,America/Los_Angeles,1 Main St,San Francisco,CA,94102,,1977-03-09,8642,,',
  'C-5,collections,Ed,,(415) 555-0103,America/Los_Angeles,"5 Bay',
  'St",San Francisco,CA,94102,maybe,,,,',
  'C-6,collections,Fay,Kim',
  '',
].join('\n');

interface Report {
  readonly [name: string]: number;
}

/** The report's counts: `created    2` → { created: 2 }. */
function reportOf(result: RunResult): Report {
  const counts: Record<string, number> = {};
  for (const match of result.stdout.matchAll(/^(rows read|created|existing|updated|valid|invalid|duplicate)\s+([\d,]+)/gm)) {
    counts[match[1]!] = Number(match[2]!.replaceAll(',', ''));
  }
  return counts;
}

function rejectsOf(file: string): Array<Record<string, string>> {
  return parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true });
}

function assertNoSecrets(...texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) assert.ok(!text.includes(secret), `a value (${secret.length} characters) was echoed`);
}

for (const backend of backends) {
  describe(`callwise import and export (${backend})`, () => {
    const temp = makeTempDir(`cli-import-${backend}`);
    let env: NodeJS.ProcessEnv;
    let drop = async () => {};
    const cli = (...args: string[]) => runCli(args, env, 120_000);
    const file = (name: string, text?: string) => {
      const at = path.join(temp.dir, name);
      if (text !== undefined) writeFileSync(at, text);
      return at;
    };
    let lender: string;
    let other: string;

    /** The lender's customers, through the export. */
    async function customers(companyId: string): Promise<Array<Record<string, unknown>>> {
      const exported = await cli('export', companyId, '--format', 'ndjson');
      assert.equal(exported.code, 0, exported.stderr);
      return exported.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    }

    before(async () => {
      if (backend === 'postgres') {
        const database = await createPostgresDatabase();
        drop = database.drop;
        env = childEnv({ DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: Keyring.generateKey() });
      } else {
        env = childEnv({ DATA_DIR: path.join(temp.dir, 'data') });
      }
      for (const name of ['Import Lender', 'Other Lender']) {
        const created = await cli('company', 'create', name);
        assert.equal(created.code, 0, created.stderr);
        if (name === 'Import Lender') lender = created.stdout.trim();
        else other = created.stdout.trim();
      }
    });
    after(async () => {
      await drop();
      temp.remove();
    });

    it('imports the good rows of a CSV, lists the bad ones in the rejects file and exits 1', async () => {
      const csv = file('customers.csv', CSV);
      const result = await cli('import', lender, csv, '--map', 'Phone=phoneNumber,ZIP=zipCode');
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(reportOf(result), { 'rows read': 7, created: 2, existing: 0, updated: 0, invalid: 4, duplicate: 1 });
      assert.match(result.stdout, /rows\/s/);
      assert.match(result.stdout, new RegExp(`rejects\\s+${csv.replaceAll('.', '\\.')}\\.rejects\\.csv \\(5 rows\\)`));

      const rejects = rejectsOf(`${csv}.rejects.csv`);
      const lines = rejects.map((r) => [r.row, r.line, r.field, r.column, r.reason]);
      assert.deepEqual(lines, [
        ['3', '4', '/phoneNumber', 'Phone', 'must be a valid US phone number'],
        ['4', '5', '/ssnLastFour', 'ssnLastFour', 'must be at most 4 characters'],
        ['4', '5', '/birthday', 'birthday', 'must be a real calendar date'],
        ['5', '6', '/id', 'id', 'is the id of an earlier row of this file: each customer is imported once, from its first row'],
        ['6', '7', '/doNotCall', 'doNotCall', 'must be true, false, yes, no, 1 or 0'],
        ['6', '7', '/streetAddress1', 'streetAddress1', 'must not contain control characters'],
        ['6', '7', '/lastName', 'lastName', 'is required'],
        ['7', '9', '', '', 'has 4 cells where the header has 15'],
      ]);
      assertNoSecrets(readFileSync(`${csv}.rejects.csv`, 'utf8'), result.stdout, result.stderr);

      const stored = await customers(lender);
      assert.deepEqual(stored.map((c) => c.id).sort(), ['C-1', 'C-2']);
      const ana = stored.find((c) => c.id === 'C-1')!;
      assert.equal(ana.phoneNumber, '+14155550100');
      assert.equal(ana.doNotCall, true);
      // The export is the lender's own data: PII as GET /customers returns it.
      assert.equal(ana.ssnLastFour, '8642');
      assert.equal(ana.birthday, '1977-03-09');
      const exported = await cli('export', lender, '--format', 'ndjson');
      assert.match(exported.stdout, /"big":12345678901234567890/);
    });

    it('creates nothing when the same file is imported again: its customers exist', async () => {
      const csv = file('customers.csv');
      const result = await cli('import', lender, csv, '--map', 'Phone=phoneNumber,ZIP=zipCode');
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(reportOf(result), { 'rows read': 7, created: 0, existing: 2, updated: 0, invalid: 4, duplicate: 1 });
      assert.equal((await customers(lender)).length, 2);
    });

    it('updates existing customers with --upsert, and exits 0 when no row is rejected', async () => {
      const csv = file(
        'update.csv',
        'id,taskType,firstName,lastName,phoneNumber,timezone,streetAddress1,city,state,zipCode\nC-1,collections,Anabel,Reyes,(415) 555-0100,America/Los_Angeles,1 Main St,San Francisco,CA,94102\n',
      );
      const plain = await cli('import', lender, csv);
      assert.equal(plain.code, 0, plain.stderr);
      assert.deepEqual(reportOf(plain), { 'rows read': 1, created: 0, existing: 1, updated: 0, invalid: 0, duplicate: 0 });
      const upserted = await cli('import', lender, csv, '--upsert');
      assert.equal(upserted.code, 0, upserted.stderr);
      assert.deepEqual(reportOf(upserted), { 'rows read': 1, created: 0, existing: 0, updated: 1, invalid: 0, duplicate: 0 });
      assert.match(upserted.stdout, /rejects\s+none/);
      assert.deepEqual(rejectsOf(`${csv}.rejects.csv`), []);
      const ana = (await customers(lender)).find((c) => c.id === 'C-1')!;
      assert.equal(ana.firstName, 'Anabel');
      // Fields the file leaves out keep their values.
      assert.equal(ana.ssnLastFour, '8642');
    });

    it('validates every row and writes nothing with --dry-run', async () => {
      const csv = file(
        'dry.csv',
        'id,taskType,firstName,lastName,phoneNumber,timezone,streetAddress1,city,state,zipCode\nC-9,collections,Gil,Ray,(415) 555-0109,America/Los_Angeles,9 Main St,San Francisco,CA,94102\n',
      );
      const rejects = file('dry-rejects.csv');
      const result = await cli('import', lender, csv, '--dry-run', '--rejects', rejects);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^dry run: nothing was written/);
      assert.deepEqual(reportOf(result), { 'rows read': 1, valid: 1, invalid: 0, duplicate: 0 });
      assert.ok(existsSync(rejects));
      assert.ok(!(await customers(lender)).some((c) => c.id === 'C-9'));
    });

    it('imports NDJSON, refusing a line that is not JSON by its line number', async () => {
      const ndjson = file(
        'customers.jsonl',
        [
          JSON.stringify({
            id: 'N-1',
            taskType: 'collections',
            firstName: 'Hal',
            lastName: 'Ng',
            phoneNumber: '(415) 555-0110',
            timezone: 'America/Los_Angeles',
            streetAddress1: '1 Main St',
            city: 'San Francisco',
            state: 'CA',
            zipCode: '94102',
            ssnLastFour: '8642',
            isTest: true,
          }),
          '',
          '{"id": "N-2", "ssnLastFour": "8642", ',
          JSON.stringify({ id: 'N-3', taskType: 'collections', ssnLastFour: '97531', birthday: '1977-02-30' }),
        ].join('\n'),
      );
      const result = await cli('import', lender, ndjson);
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(reportOf(result), { 'rows read': 3, created: 1, existing: 0, updated: 0, invalid: 2, duplicate: 0 });
      const rejects = rejectsOf(`${ndjson}.rejects.csv`);
      assert.deepEqual(rejects[0], { row: '2', line: '3', field: '', column: '', reason: 'is not JSON' });
      assert.ok(rejects.slice(1).every((r) => r.row === '3' && r.line === '4'));
      assert.ok(rejects.some((r) => r.field === '/firstName' && r.reason === 'is required'));
      assertNoSecrets(readFileSync(`${ndjson}.rejects.csv`, 'utf8'), result.stdout, result.stderr);
      assert.equal((await customers(lender)).find((c) => c.id === 'N-1')?.isTest, true);
    });

    it('exits 2 on usage errors, before anything is read or written', async () => {
      const csv = file('unmapped.csv', 'id,taskType,Phone\nU-1,collections,(415) 555-0100\n');
      const cases: Array<[string[], RegExp]> = [
        [['import', lender, csv], /not customer fields: Phone/],
        [['import', lender, file('absent.csv')], /does not exist/],
        [['import', lender, file('customers.txt', 'x')], /add --format csv or --format ndjson/],
        [['import', lender, csv, '--map', 'Phone'], /has no "="/],
        [['import', lender, csv, '--map', 'Phone=phone'], /phone is not a customer field/],
        [['import', lender, csv, '--chunk-size', '0'], /--chunk-size must be an integer/],
        [['import', lender, csv, '--dry-run', '--upsert'], /--dry-run and --upsert together/],
        [['import', 'cmp_nobody', file('update.csv')], /no company with id cmp_nobody/],
        [['import', lender], /missing required argument/],
        [['import', lender, csv, '--no-such-flag'], /unknown option/],
        [['export', lender, '--format', 'xml'], /--format must be csv or ndjson/],
        [['export', lender, '--with-tasks'], /--with-tasks with CSV needs --output/],
        [['export', 'cmp_nobody'], /no company with id cmp_nobody/],
      ];
      for (const [args, message] of cases) {
        const result = await cli(...args);
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, message);
      }
      assert.ok(!existsSync(`${csv}.rejects.csv`), 'no rejects file for an import that could not start');
    });

    it('exports CSV (tasks in a second file) and NDJSON that import into another company as all valid', async () => {
      const listed = (await customers(lender)).length;
      const csv = file('export.csv');
      const exported = await cli('export', lender, '--output', csv, '--with-tasks');
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stdout, new RegExp(`exported ${listed} customers with \\d+ tasks to .*export\\.csv and .*export\\.tasks\\.csv`));
      // Personal data: readable by its owner only, and never left half-written under its name.
      assert.equal(statSync(csv).mode & 0o777, 0o600);
      assert.ok(!existsSync(`${csv}.partial`));
      const tasks = parse<Record<string, string>>(readFileSync(file('export.tasks.csv'), 'utf8'), { columns: true });
      assert.ok(tasks.length > 0);
      assert.ok(tasks.every((t) => t.customerId && t.scheduledFor && t.status));

      const fromCsv = await cli('import', other, csv, '--dry-run');
      assert.equal(fromCsv.code, 0, fromCsv.stderr);
      assert.deepEqual(reportOf(fromCsv), { 'rows read': listed, valid: listed, invalid: 0, duplicate: 0 });
      assert.match(fromCsv.stderr, /not importable are skipped: stopReason, scheduleStoppedAt, callingStopped, provenance, createdAt, updatedAt/);

      const ndjson = file('export.ndjson');
      const exportedNdjson = await cli('export', lender, '--output', ndjson, '--with-tasks');
      assert.equal(exportedNdjson.code, 0, exportedNdjson.stderr);
      const lines = readFileSync(ndjson, 'utf8').trim().split('\n');
      assert.equal(lines.length, listed);
      assert.ok(lines.every((line) => Array.isArray((JSON.parse(line) as { tasks?: unknown }).tasks)));
      const fromNdjson = await cli('import', other, ndjson, '--dry-run');
      assert.equal(fromNdjson.code, 0, fromNdjson.stderr);
      assert.deepEqual(reportOf(fromNdjson), { 'rows read': listed, valid: listed, invalid: 0, duplicate: 0 });
      assert.equal((await customers(other)).length, 0);
    });

    it('generates the same sample file every time, whose rejected rows are exactly its planted problems', async () => {
      const generate = async (out: string) =>
        (await promisify(execFile)(process.execPath, ['scripts/generate-sample-customers.ts', '--rows', '400', '--out', out], { cwd: REPO_ROOT })).stdout;
      const sample = file('sample.csv');
      const said = await generate(sample);
      await generate(file('sample-again.csv'));
      assert.ok(readFileSync(sample).equals(readFileSync(file('sample-again.csv'))), 'the same arguments give the same bytes');
      const match = /: ([\d,]+) valid, ([\d,]+) with a planted problem/.exec(said);
      assert.ok(match, said);
      const [valid, planted] = [Number(match[1]), Number(match[2])];
      assert.ok(planted > 0 && valid + planted === 400, said);

      const result = await cli('import', other, sample, '--dry-run');
      assert.equal(result.code, 1, result.stderr);
      const report = reportOf(result);
      assert.equal(report.valid, valid);
      assert.equal(report.invalid! + report.duplicate!, planted);
      assertNoSecrets(readFileSync(`${sample}.rejects.csv`, 'utf8'));
    });
  });
}
