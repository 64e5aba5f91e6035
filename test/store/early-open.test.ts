/**
 * The embedded database's early open (store/early-open.ts) exists to start the database thread
 * before the server's heavy modules have loaded. What it loads is checked here, in a child process
 * that records every module it resolves: a Kysely or node-postgres import creeping into that path
 * would put them back in front of the thread on every restart, and no timing test would say so.
 * Then it opens a data directory, as a restart does, and the session answers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { makeTempDir, REPO_ROOT } from '../helpers/process.ts';

/** Runs `body` in a fresh Node process that lists the module URLs it resolved, and returns them with its output. */
function resolvedBy(body: string): { modules: string[]; output: string } {
  const script = `
    import module from 'node:module';
    const modules = [];
    module.registerHooks({ resolve(specifier, context, next) { const found = next(specifier, context); modules.push(found.url); return found; } });
    ${body}
    console.log(JSON.stringify(modules));`;
  const lines = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n');
  return { modules: JSON.parse(lines.pop()!) as string[], output: lines.join('\n') };
}

const heavy = (modules: readonly string[]) => modules.filter((url) => /\/node_modules\/(kysely|pg|pg-[a-z-]+|@electric-sql\/pglite)\//.test(url));

describe('the early open of the embedded database', () => {
  const earlyOpen = pathToFileURL(path.join(REPO_ROOT, 'src/store/early-open.ts')).href;

  it('loads neither Kysely, node-postgres nor PGlite on the main thread', () => {
    const { modules } = resolvedBy(`await import(${JSON.stringify(earlyOpen)});`);
    assert.ok(
      modules.some((url) => url.endsWith('/src/store/embedded-open.ts')),
      'the path to the thread was loaded',
    );
    assert.deepEqual(heavy(modules), []);
  });

  it('opens an existing data directory, as a restart does, still without them, and the session answers', () => {
    const data = makeTempDir('early-open');
    try {
      const open = `
        const { openEarly, takeEarlyOpening } = await import(${JSON.stringify(earlyOpen)});
        const dir = ${JSON.stringify(data.dir)};
        for (let start = 0; start < 2; start++) {
          openEarly(dir);
          const { session, unlock } = await takeEarlyOpening(dir).opened;
          const reply = await session.run({ sql: 'select 6 * 7 as answer', parameters: [] });
          console.log(start, reply.rows[0].answer);
          await session.close();
          unlock();
        }`;
      // The first start makes the cluster (the template brings Kysely along); the check is on a restart.
      const { modules, output } = resolvedBy(open);
      assert.equal(output, '0 42\n1 42');
      assert.ok(modules.length > 0);
      const restart = resolvedBy(open.replace('start < 2', 'start < 1'));
      assert.equal(restart.output, '0 42');
      assert.deepEqual(heavy(restart.modules), []);
    } finally {
      data.remove();
    }
  });
});
