/**
 * The server started while PostgreSQL is not there (a database container still starting, a
 * failover): it waits, retrying with backoff and logging each retry without the password, and
 * serves once the database answers; if DATABASE_CONNECT_TIMEOUT_SECONDS runs out first it exits
 * with status 1 and a message saying so. The real server runs as a child process; "PostgreSQL"
 * is a TCP proxy that refuses every connection until the test opens it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createPostgresDatabase } from '../helpers/database.ts';
import { customerBody } from '../helpers/app.ts';
import { childEnv, freePort, REPO_ROOT } from '../helpers/process.ts';
import { newEncryptionKey, startServer, type ServerProcess } from './server-process.ts';
import { TcpProxy } from './tcp-proxy.ts';

const RETRY_MESSAGE = 'database not reachable yet; retrying';

/** The JSON log lines among a process's output. */
function logLines(output: string): Array<Record<string, unknown>> {
  return output.split('\n').flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line);
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the compiler needs it: object has no index signature
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

describe('starting while PostgreSQL is down (postgres)', { skip: !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)' }, () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it('retries until the database answers, then serves; no retry line carries the password', async () => {
    const database = await createPostgresDatabase();
    cleanups.push(database.drop);
    const direct = new URL(database.url);
    const proxy = await TcpProxy.start({ host: direct.hostname || '127.0.0.1', port: Number(direct.port || 5432) });
    cleanups.push(() => proxy.close());
    proxy.down();

    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    // A server that trusts the test's connections ignores a password it never asks for: give the
    // URL one, so that the test can look for it in the output.
    if (proxied.password === '') proxied.password = 'Startup-Secret-7f3a';
    const password = decodeURIComponent(proxied.password);

    // The database "comes back" 2 s after the start, and not before the server has failed three
    // times (on a slow machine the server's own start can take most of those 2 s).
    const started = Date.now();
    const opener = setInterval(() => {
      if (Date.now() - started >= 2_000 && proxy.accepted >= 3) {
        proxy.up();
        clearInterval(opener);
      }
    }, 20);
    cleanups.push(async () => clearInterval(opener));
    let server: ServerProcess;
    try {
      server = await startServer(
        { DATABASE_URL: proxied.toString(), CALLWISE_ENCRYPTION_KEY: newEncryptionKey(), RATE_LIMIT_PER_MINUTE: '0', DATABASE_CONNECT_TIMEOUT_SECONDS: '60' },
        { readyTimeoutMs: 60_000 },
      );
    } finally {
      clearInterval(opener);
    }
    cleanups.push(() => server.kill9());
    const readyAfter = Date.now() - started;
    assert.ok(readyAfter >= 2_000, `ready after ${readyAfter} ms, before the database was there`);

    const retries = logLines(server.output()).filter((line) => line.msg === RETRY_MESSAGE);
    assert.ok(retries.length >= 3, `retries logged:\n${server.output()}`);
    assert.ok(proxy.accepted > retries.length, 'each retry was a real attempt to connect');
    for (const [i, retry] of retries.entries()) {
      assert.equal(retry.level, 40, 'a warning');
      assert.equal(retry.attempt, i + 1);
      assert.equal(retry.database, `127.0.0.1:${proxy.port}${proxied.pathname}`);
      assert.ok(typeof retry.retryInMs === 'number' && retry.retryInMs > 0 && retry.retryInMs <= 5_000);
      assert.ok(typeof retry.error === 'string' && retry.error.length > 0);
    }
    const pauses = retries.map((r) => r.retryInMs as number);
    assert.ok(pauses.at(-1)! > pauses[0]!, `the pauses grow: ${pauses.join(', ')}`);
    assert.ok(!server.output().includes(password), 'the password is never logged');

    assert.equal((await server.request('GET', '/readyz', { key: null })).status, 200);
    const created = await server.request('POST', '/customers', { body: customerBody({ id: 'after-the-wait' }) });
    assert.equal(created.status, 201, created.text);
  });
});

describe('giving up on a database that never comes', () => {
  it('exits with status 1 and a clear message once DATABASE_CONNECT_TIMEOUT_SECONDS runs out', async () => {
    const port = await freePort(); // nothing listens there
    const password = 'Never-Logged-9c1e';
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/server.js')], {
      cwd: REPO_ROOT,
      env: childEnv({
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        LOG_LEVEL: 'info',
        DATABASE_URL: `postgres://callwise:${password}@127.0.0.1:${port}/callwise`,
        CALLWISE_ENCRYPTION_KEY: newEncryptionKey(),
        DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const started = Date.now();
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(killer);
    const elapsed = Date.now() - started;

    assert.equal(code, 1, `exit status\n${stdout}\n${stderr}`);
    assert.ok(elapsed >= 2_000, `gave up after ${elapsed} ms, before the time ran out`);
    assert.match(stderr, new RegExp(`callwise: failed to start: the database at 127\\.0\\.0\\.1:${port}/callwise could not be reached in [0-9]+ s`));
    assert.match(stderr, /DATABASE_CONNECT_TIMEOUT_SECONDS/);
    const retries = logLines(stdout).filter((line) => line.msg === RETRY_MESSAGE);
    assert.ok(retries.length >= 2, `retries logged:\n${stdout}`);
    assert.ok(!logLines(stdout).some((line) => line.msg === 'callwise ready'));
    assert.ok(!`${stdout}${stderr}`.includes(password), 'the password is never written');
  });
});
