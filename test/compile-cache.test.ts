/**
 * The compile cache reaches every thread of the server (bin/compile-cache.js). A restart's modules
 * come from it already stripped and compiled, the embedded database's thread's included: that
 * thread does not inherit the main thread's `module.enableCompileCache()`, and without the cache it
 * re-stripped and re-compiled its modules (PGlite's among them) on every start. Node's own trace
 * of the cache (NODE_DEBUG_NATIVE=COMPILE_CACHE) says which files it served.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { makeTempDir, startServer } from './helpers/process.ts';

describe('the compile cache on a restart', () => {
  it("serves the server's modules and the database thread's from the cache", async () => {
    const data = makeTempDir('compile-cache-data');
    // The default cache, as `npm start` has it: in the temporary directory (here the test's own).
    const temp = makeTempDir('compile-cache');
    const env = { DATA_DIR: data.dir, TMPDIR: temp.dir, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
    // A cache directory set where the tests run would be inherited: this test is about the default.
    const set = process.env.NODE_COMPILE_CACHE;
    delete process.env.NODE_COMPILE_CACHE;
    try {
      const first = await startServer(env);
      assert.equal(await first.stop(), 0);
      const restart = await startServer(env);
      const trace = restart.stderr();
      assert.equal(await restart.stop(), 0);

      const served = (file: string) => new RegExp(`V8 code cache for ESM file://\\S*${file.replaceAll('.', '\\.')} was accepted`).test(trace);
      // The main thread: the entry's first TypeScript module.
      assert.ok(served('/src/main.ts'), 'src/main.ts from the cache');
      // The database thread: its entry, stripped once and kept, and PGlite's JavaScript.
      assert.match(trace, /retrieving transpile cache for StrippedTypeScript file:\/\/\S*\/src\/store\/pglite-thread\.ts\.\.\.success/);
      assert.ok(served('/src/store/pglite-thread.ts'), 'the database thread’s entry from the cache');
      assert.ok(served('/node_modules/@electric-sql/pglite/dist/index.js'), 'PGlite from the cache');
      // Every cache the trace names is the default one.
      const directories = new Set([...trace.matchAll(/reading cache from (\S+)\/[0-9a-f]+ for/g)].map((match) => match[1]!));
      assert.ok(directories.size > 0);
      for (const directory of directories) assert.ok(directory.startsWith(path.join(temp.dir, 'node-compile-cache')), directory);
    } finally {
      data.remove();
      temp.remove();
      if (set !== undefined) process.env.NODE_COMPILE_CACHE = set;
    }
  });
});
