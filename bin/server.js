// The server's entry point, in JavaScript: Node strips a TypeScript entry's types before running a
// line of it, and loading the stripper costs every start about 110 ms. Here Node's compile cache is
// on first, and the TypeScript modules (src/main.ts and the rest) come from it already stripped
// and compiled: about a fifth of a restart's CPU time (BENCHMARKS.md, footprint).
// NODE_COMPILE_CACHE chooses its directory (default: the OS temporary directory);
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module';

module.enableCompileCache();
await import('../src/main.ts');
