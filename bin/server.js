// The server's entry point, in JavaScript: Node strips a TypeScript entry's types before running a
// line of it, and loading the stripper costs every start about 110 ms. Here the compile cache is on
// first (compile-cache.js), and the TypeScript modules (src/main.ts and the rest) come from it.
import './compile-cache.js';

await import('../src/main.ts');
