/**
 * The compile cache reaches every thread of the server (bin/compile-cache.js). A restart's modules
 * come from it already stripped and compiled, the embedded database's thread's included: that
 * thread does not inherit the main thread's `module.enableCompileCache()`, and without the cache it
 * re-stripped and re-compiled its modules (PGlite's among them) on every start. The thread writes
 * its entries as soon as the database is open, so they are there after a server that was killed,
 * too. Node's own trace of the cache (NODE_DEBUG_NATIVE=COMPILE_CACHE) says which files it served.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { makeTempDir, startServer } from './helpers/process.ts';

/** Starts a server twice on one data directory and the default cache in a temporary directory: the two starts' cache traces. */
async function startTwice(firstEnds: 'stopped' | 'killed'): Promise<{ first: string; restart: string; cacheRoot: string }> {
  const data = makeTempDir('compile-cache-data');
  // The default cache, as `npm start` has it: in the temporary directory (here the test's own).
  const temp = makeTempDir('compile-cache');
  const env = { DATA_DIR: data.dir, TMPDIR: temp.dir, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
  // A cache directory set where the tests run would be inherited: this test is about the default.
  const set = process.env.NODE_COMPILE_CACHE;
  delete process.env.NODE_COMPILE_CACHE;
  try {
    const first = await startServer(env);
    if (firstEnds === 'killed') {
      first.child.kill('SIGKILL');
      assert.equal(await first.stop(), null);
    } else {
      assert.equal(await first.stop(), 0);
    }
    const restart = await startServer(env);
    const trace = restart.stderr();
    assert.equal(await restart.stop(), 0);
    return {
      first: first.stderr(),
      restart: trace,
      cacheRoot: path.join(temp.dir, 'node-compile-cache'),
    };
  } finally {
    data.remove();
    temp.remove();
    if (set !== undefined) process.env.NODE_COMPILE_CACHE = set;
  }
}

/** The trace's lines about one file: what a failure shows, instead of the whole trace (a megabyte). */
function linesAbout(trace: string, file: string): string {
  return trace
    .split('\n')
    .filter((line) => line.includes(file))
    .map((line) => line.slice(0, 300))
    .join('\n');
}

// The two threads write the trace to stderr at once, so one thread's line can be cut by the other's
// (a first version of this test failed on that). Each of Node's trace calls is one write, though, so
// the checks below match within one call only: "V8 code cache for ESM <file> was accepted", and
// the stripping's "retrieving transpile cache for StrippedTypeScript <file>..." with no
// "saving transpilation cache" for it, which only a file stripped afresh prints.
function fileUrl(file: string): string {
  return `file://\\S*${file.replaceAll('.', '\\.')}`;
}

function servedFromCache(trace: string, file: string): boolean {
  return new RegExp(`V8 code cache for ESM ${fileUrl(file)} was accepted`).test(trace);
}

function strippedFromCache(trace: string, file: string): boolean {
  return (
    new RegExp(`retrieving transpile cache for StrippedTypeScript ${fileUrl(file)}\\.\\.\\.`).test(trace) &&
    !new RegExp(`saving transpilation cache for StrippedTypeScript ${fileUrl(file)}`).test(trace)
  );
}

function assertThreadServed(traces: { first: string; restart: string }): void {
  const thread = '/src/store/pglite-thread.ts';
  const evidence = `first start:\n${linesAbout(traces.first, thread)}\nrestart:\n${linesAbout(traces.restart, thread)}`;
  // The database thread: its entry, stripped once and kept, and PGlite's JavaScript.
  assert.ok(strippedFromCache(traces.restart, thread), evidence);
  assert.ok(servedFromCache(traces.restart, thread), evidence);
  const pglite = '/node_modules/@electric-sql/pglite/dist/index.js';
  assert.ok(servedFromCache(traces.restart, pglite), `restart:\n${linesAbout(traces.restart, pglite)}`);
}

describe('the compile cache on a restart', () => {
  it("serves the server's modules and the database thread's from the cache", async () => {
    const traces = await startTwice('stopped');
    // The main thread: the entry's first TypeScript module.
    assert.ok(servedFromCache(traces.restart, '/src/main.ts'), `src/main.ts from the cache:\n${linesAbout(traces.restart, '/src/main.ts')}`);
    assertThreadServed(traces);
    // Every cache the trace names is the default one.
    const directories = new Set([...traces.restart.matchAll(/reading cache from (\S+)\/[0-9a-f]+ for/g)].map((match) => match[1]!));
    assert.ok(directories.size > 0);
    for (const directory of directories) assert.ok(directory.startsWith(traces.cacheRoot), directory);
  });

  it("serves the database thread's modules from the cache after a server that was killed", async () => {
    assertThreadServed(await startTwice('killed'));
  });
});
