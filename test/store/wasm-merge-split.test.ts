/**
 * The rewrite that splits PGlite's parser's one giant merge (src/store/wasm-merge-split.ts). What it
 * must keep: every function computes exactly what it did (checked on a generated switch against
 * the original module, and on PGlite's own parser through PostgreSQL); what it is for: V8's
 * optimising compiler takes the rewritten parser in a fraction of the memory (checked in a child
 * process, where the compile is forced and measured).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pgliteModule, pgliteWasmBytes, type CompiledModule } from '../../src/store/pglite-module.ts';
import { exportedFunctionIndex, splitLargestMerge, WasmRewriteRefused } from '../../src/store/wasm-merge-split.ts';
import { childEnv, REPO_ROOT } from '../helpers/process.ts';

/** Node's WebAssembly (TypeScript declares it only with the DOM's types). */
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => CompiledModule;
  Instance: new (module: CompiledModule) => { exports: Record<string, (...args: number[]) => number> };
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    const low = value & 0x7f;
    value >>>= 7;
    out.push(value === 0 ? low : low | 0x80);
  } while (value !== 0);
  return out;
}
const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
const vector = (items: number[][]) => [...leb(items.length), ...items.flat()];

/**
 * A module exporting `pick(x)`: a switch over `cases` actions laid out as compilers lay out C's
 * switch (a `br_table` into nested blocks, each action after its block's end, ending with a branch
 * to one merge). Some actions fall through to the next, some leave early by a conditional branch
 * to the merge, and the table's default is the merge itself.
 */
function switchModule(cases: number, firstActionExtra: number[] = []): Uint8Array {
  const [block, end, br, brIf, brTable, localGet, localSet, i32Const, i32Add, i32And] = [0x02, 0x0b, 0x0c, 0x0d, 0x0e, 0x20, 0x21, 0x41, 0x6a, 0x71];
  const body: number[] = [block, 0x40]; // the merge
  for (let k = cases - 1; k >= 0; k--) body.push(block, 0x40);
  body.push(localGet, 0, brTable, ...leb(cases), ...Array.from({ length: cases }, (_, k) => leb(k)).flat(), ...leb(cases), end);
  for (let k = 0; k < cases; k++) {
    // Open now: the merge and the blocks of the later cases; the merge is the outermost.
    const toMerge = cases - 1 - k;
    if (k === 0) body.push(...firstActionExtra);
    if (k % 13 === 5) body.push(localGet, 0, i32Const, 1, i32And, brIf, ...leb(toMerge));
    body.push(localGet, 1, i32Const, ...leb(k * 7 + 1), i32Add, localSet, 1);
    if (k % 10 !== 9) body.push(br, ...leb(toMerge));
    body.push(end);
  }
  body.push(localGet, 1, end);
  const code = [...vector([[1, 0x7f]]), ...body]; // one i32 local: the sum
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, 1, 0x7f, 1, 0x7f]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...leb(4), ...new TextEncoder().encode('pick'), 0x00, 0]])),
    ...section(10, vector([[...leb(code.length), ...code]])),
  ]);
}

function pickAll(bytes: Uint8Array, cases: number): number[] {
  const { pick } = new wasm.Instance(new wasm.Module(bytes)).exports;
  return Array.from({ length: cases + 3 }, (_, i) => pick!(i - 1));
}

describe('splitting a function’s largest merge', () => {
  it('computes what the original computes, for every case, the default and the early exits', () => {
    // 100 cases, split from 45 branches: every branch depth fits in one byte before and after, so
    // the added blocks make the module longer and it is written to new memory, not in place.
    for (const [cases, minimum] of [
      [100, 45],
      [600, 500],
      [1_000, 500],
      [2_047, 500],
    ] as const) {
      const original = switchModule(cases);
      const expected = pickAll(original, cases);
      assert.ok(new Set(expected).size > cases / 2, 'the cases give different answers');
      const split = splitLargestMerge(original.slice(), 'pick', minimum);
      if (cases === 100) assert.ok(split.length > original.length);
      assert.ok(wasm.validate(split));
      assert.notDeepEqual([...split], [...original]);
      assert.deepEqual(pickAll(split, cases), expected);
      // No merge of that size is left.
      assert.throws(() => splitLargestMerge(split.slice(), 'pick', minimum), WasmRewriteRefused);
    }
  });

  it('refuses, without changing anything, what it cannot or need not rewrite', () => {
    const small = switchModule(100);
    assert.throws(() => splitLargestMerge(small.slice(), 'pick'), { message: /has no merge of 500 branches or more/ });
    assert.throws(() => splitLargestMerge(small.slice(), 'missing'), { message: /exports no function missing/ });
    assert.throws(() => splitLargestMerge(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 'pick'), { message: /not a WebAssembly 1\.0 module/ });
    // SIMD is not among the instructions the rewrite reads: it refuses rather than guess.
    const withSimd = switchModule(600, [0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x1a]); // v128.const 0, drop
    assert.ok(wasm.validate(withSimd));
    assert.throws(() => splitLargestMerge(withSimd.slice(), 'pick'), { message: /opcode 0xfd is not known here/ });
  });

  it('rewrites PGlite’s parser, which then no longer has a merge of that size', () => {
    const split = splitLargestMerge(pgliteWasmBytes(), 'raw_parser');
    assert.ok(wasm.validate(split));
    assert.throws(() => splitLargestMerge(split.slice(), 'raw_parser'), { message: /no merge of 500 branches or more/ });
  });

  it('leaves PostgreSQL parsing every statement as before: the same answers and the same errors', async () => {
    const statements = [
      `select 1 + 2 * 3 as n, 'it''s' as s, e'a\\tb' as e, $$dollar$$ as d, array[1,2,3] as a, '{"a":[1,{"b":2}]}'::jsonb -> 'a' as j`,
      `with recursive t(n) as (select 1 union all select n + 1 from t where n < 5) select string_agg(n::text, ',' order by n desc) from t`,
      `select x, sum(x) over (order by x rows between 1 preceding and current row) from generate_series(1, 4) x`,
      `create table t (id int primary key, v text check (v <> ''), at timestamptz default '2026-12-06T10:00:00Z')`,
      `insert into t values (1, 'a'), (2, 'b') on conflict (id) do update set v = excluded.v returning id, v`,
      `update t set v = v || '!' where id in (select id from t where v like 'a%') returning *`,
      `select case when id > 1 then 'big' else 'small' end, coalesce(null, v), v is distinct from 'a' from t order by 1 nulls last`,
      `select extract(epoch from interval '1 day 2 hours'), date_trunc('hour', timestamptz '2026-03-08 07:30:00+00' at time zone 'America/New_York')`,
      `create function f(a int) returns int language plpgsql as $f$ begin return a * 2; end $f$`,
      `select f(21), (select count(*) from t), exists (select 1 from t where false)`,
      `delete from t where id = 2 returning v`,
      `select * from t where`,
      `select 1 from`,
      `insert into t values (3, '')`,
      `select 'unterminated`,
      `selec 1`,
    ];
    const run = async (options: PGliteOptions) => {
      const db = await PGlite.create(options);
      const answers: unknown[] = [];
      for (const statement of statements) {
        try {
          const { rows } = await db.query(statement);
          answers.push(rows);
        } catch (error) {
          const { message, code, position } = error as { message: string; code: string; position: string };
          answers.push({ message, code, position });
        }
      }
      await db.close();
      return answers;
    };
    const asShipped = await run({});
    const split = await run({ pgliteWasmModule: (await pgliteModule())! });
    assert.deepEqual(split, asShipped);
    assert.equal(asShipped.filter((answer) => !Array.isArray(answer)).length, 5, 'the syntax and constraint errors are errors');
  });

  it('takes V8 13.6’s optimising compile of the parser from hundreds of megabytes to a few dozen', () => {
    // A child process compiles the module with the parser optimised at once, and reports its peak.
    const peakMb = (bytes: Uint8Array) => {
      const index = exportedFunctionIndex(bytes, 'raw_parser');
      // The peak of this process's own memory (VmHWM): getrusage's also counts what the parent
      // held when it forked.
      const script = `const fs = require('node:fs'); new WebAssembly.Module(fs.readFileSync(0));
        console.log(/VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1] / 1024);`;
      const output = execFileSync(process.execPath, [`--wasm-eager-tier-up-function=${index}`, '-e', script], { input: bytes, encoding: 'utf8' });
      return Number(output.trim());
    };
    const split = peakMb(splitLargestMerge(pgliteWasmBytes(), 'raw_parser'));
    assert.ok(split < 200, `the optimised parser's compile peaked at ${split} MB`);
    if (process.versions.v8.startsWith('13.6.')) {
      const asShipped = peakMb(pgliteWasmBytes());
      assert.ok(asShipped > split + 300, `as shipped, ${asShipped} MB against ${split} MB`);
    }
  });

  it('is what the database thread runs when V8 may optimise, and skipped under --liftoff-only', () => {
    // A process opens the embedded database and parses enough statements for V8 to optimise the
    // parser; V8 reports each compile with its memory.
    const database = pathToFileURL(`${REPO_ROOT}/src/store/database.ts`).href;
    const script = `import { openDatabase } from '${database}';
      import { sql } from 'kysely';
      const handle = await openDatabase({});
      for (let i = 0; i < 3000; i++) await sql.raw('select ' + i + ' as n, ' + "'" + 'x'.repeat(i % 50) + "'" + ' as s').execute(handle.db);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await handle.close();`;
    const compiles = (options: string[]) =>
      execFileSync(process.execPath, [...options, '--trace-wasm-compilation-times', '--input-type=module', '-e', script], {
        cwd: REPO_ROOT,
        env: childEnv({}),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
    const parser = exportedFunctionIndex(pgliteWasmBytes(), 'raw_parser');
    const optimised = new RegExp(`#${parser} using TurboFan, took \\d+ ms and (\\d+) / \\d+ max/total bytes`).exec(compiles([]));
    assert.ok(optimised, 'the parser was optimised');
    assert.ok(Number(optimised[1]) < 100 * 2 ** 20, `its compile needed ${optimised[1]} bytes`);
    assert.doesNotMatch(compiles(['--liftoff-only']), /using TurboFan/);
  });
});
