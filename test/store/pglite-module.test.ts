/**
 * What the database thread does when the parser rewrite refuses PGlite's WebAssembly (a PGlite
 * build whose parser no longer has the shape wasm-merge-split.ts expects): the database runs on the
 * module as shipped, and the process says so once, with a code an operator can search for. The
 * rewrite's own refusals, and the database on the rewritten module, are tested in
 * wasm-merge-split.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pgliteModule, pgliteWasmBytes } from '../../src/store/pglite-module.ts';
import { splitLargestMerge } from '../../src/store/wasm-merge-split.ts';

describe("PGlite's module for the database thread", () => {
  it('is PGlite’s own, with one CALLWISE_PARSER_UNSPLIT warning, when the rewrite refuses', async () => {
    // A parser already split has no merge left to split: the rewrite refuses it, as it would a
    // PGlite build of another shape.
    const refused = splitLargestMerge(pgliteWasmBytes(), 'raw_parser');
    const warnings: Error[] = [];
    const listener = (warning: Error) => warnings.push(warning);
    process.on('warning', listener);
    try {
      assert.equal(await pgliteModule(refused), undefined);
      // Node emits warnings on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    assert.equal(warnings.length, 1);
    assert.equal((warnings[0] as Error & { code?: string }).code, 'CALLWISE_PARSER_UNSPLIT');
    assert.match(warnings[0]!.message, /compiled as shipped \(.*no merge of 500 branches or more.*\)/);
  });
});
