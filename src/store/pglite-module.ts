/**
 * PGlite's WebAssembly as the database thread runs it when V8 may optimise it: the module PGlite
 * ships, with its SQL parser's one merge of ~2,000 branches split into groups
 * (wasm-merge-split.ts), so that V8's optimising compiler takes the parser in 23 MB instead of the
 * 604 MB Node 24's V8 needs for it as shipped, once per process, soon after start (docs/decisions.md).
 * A process run with `--liftoff-only` optimises nothing, and the thread then loads PGlite's module
 * itself.
 *
 * The rewrite is made at each such start from the installed PGlite (~0.1 s on the database thread,
 * before PostgreSQL starts): there is no derived file to go stale when PGlite is upgraded. Should a
 * PGlite build no longer have the shape the rewrite expects, the thread runs the module as shipped
 * and says so once on standard error: the database works the same, only that compile's memory
 * returns.
 */
import { readFileSync } from 'node:fs';
import { splitLargestMerge, WasmRewriteRefused } from './wasm-merge-split.ts';

/** A compiled WebAssembly module, as PGlite's `pgliteWasmModule` takes it. */
export type CompiledModule = object;

/** Node's WebAssembly: TypeScript declares it only with the DOM's types, which the server does not load. */
const webAssembly = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledModule> } }).WebAssembly;

/** The function whose merge is split: PostgreSQL's `raw_parser` (Bison's `base_yyparse`, inlined). */
const PARSER_EXPORT = 'raw_parser';

/** The WebAssembly PGlite ships, as it would load it itself. */
export function pgliteWasmBytes(): Uint8Array {
  return readFileSync(new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite')));
}

/** The module to give PGlite (`pgliteWasmModule`), or undefined for PGlite's own; `shipped` is PGlite's WebAssembly. */
export async function pgliteModule(shipped: Uint8Array = pgliteWasmBytes()): Promise<CompiledModule | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = splitLargestMerge(shipped, PARSER_EXPORT);
  } catch (error) {
    if (!(error instanceof WasmRewriteRefused)) throw error;
    process.emitWarning(`PGlite's parser is compiled as shipped (${error.message}); on Node 24 its optimisation takes about 600 MB once`, {
      code: 'CALLWISE_PARSER_UNSPLIT',
    });
    return undefined;
  }
  return webAssembly.compile(bytes);
}
