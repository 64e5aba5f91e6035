// Node's compile cache, on before any TypeScript module loads: they then come from it already
// stripped and compiled (about a fifth of a restart's CPU time). The directory is also named in the
// environment, because `module.enableCompileCache()` holds for this thread only: the embedded
// database's thread, and any process started from this one, read NODE_COMPILE_CACHE when they start
// and so use the same cache from their first module on. Without it the database thread stripped and
// compiled its modules (PGlite's among them) afresh on every start, about 250 ms before it could
// begin opening the database.
// NODE_COMPILE_CACHE chooses the directory (default: the OS temporary directory, as Node's own);
// NODE_DISABLE_COMPILE_CACHE=1 turns the cache off everywhere.
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), 'node-compile-cache');
module.enableCompileCache();
