/**
 * A power cut under the embedded database: what was answered is still there after it.
 *
 * kill -9 (crash.test.ts) leaves the kernel holding every write, synced or not, so it cannot tell
 * a commit that reached the disk from one that did not. Here the data directory lives on
 * power-cut-fs.py, a FUSE filesystem that keeps file contents in its own process until the file
 * is synced: killing that process after the server loses exactly what a power cut would. The
 * server runs as `npm start` runs it; after the cut the same directory is mounted again and the
 * server started on it, and every create and every stop request answered before the cut must be
 * there. PGlite as shipped runs PostgreSQL with fsync off and syncs nothing; this test is what
 * shows the data directory's durable filesystem (store/pglite-durable-fs.ts) doing its job.
 *
 * Needs FUSE and Debian's python3-fusepy (`apt-get install fuse python3-fusepy`); without them it
 * skips, saying so, except where TEST_POWER_CUT=required (.ci/run installs them and sets it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { customerBody } from '../helpers/app.ts';
import { makeTempDir } from '../helpers/process.ts';
import { npmStartCommand } from '../../bench/start-command.ts';
import { ROOT, newEncryptionKey, startServer, type ServerProcess } from './server-process.ts';

const PYTHON = '/usr/bin/python3';
const FILESYSTEM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'power-cut-fs.py');

function missingPart(): string | false {
  if (!existsSync('/dev/fuse')) return 'no /dev/fuse';
  if (spawnSync('fusermount', ['-V']).status !== 0) return 'no fusermount (apt-get install fuse)';
  if (spawnSync(PYTHON, ['-c', 'import fusepy']).status !== 0) return 'no python3-fusepy (apt-get install python3-fusepy)';
  return false;
}

const missing = process.platform === 'linux' ? missingPart() : 'FUSE is needed (Linux)';
// CI installs the parts and requires the test (.ci/run): there a missing part is a failure.
if (missing && process.env.TEST_POWER_CUT === 'required') throw new Error(`the power-cut test cannot run: ${missing}`);

const CREATES = 24;
const STOPS = 8;

/** The mounted filesystem: the bytes it holds unsynced, when asked, and the cut. */
interface Mount {
  pendingBytes(): Promise<number>;
  /** The power cut: the filesystem's process dies with what it held, and the mount goes. */
  cut(): Promise<void>;
}

function isMounted(mountPoint: string): boolean {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === mountPoint);
}

async function mount(backing: string, mountPoint: string): Promise<Mount> {
  const child = spawn(PYTHON, [FILESYSTEM, backing, mountPoint], { stdio: ['pipe', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; !isMounted(mountPoint); waited += 50) {
    if (child.exitCode !== null || waited > 10_000) throw new Error(`the power-cut filesystem did not mount:\n${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    pendingBytes: () =>
      new Promise((resolve) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString('utf8').trim())));
        child.stdin.write('pending\n');
      }),
    cut: async () => {
      child.kill('SIGKILL');
      await exited;
      spawnSync('fusermount', ['-u', '-z', mountPoint]);
    },
  };
}

describe('a power cut under the embedded database', { skip: missing }, () => {
  const backing = makeTempDir('power-cut-disk');
  const mountPoint = makeTempDir('power-cut-mount');
  const dataDir = path.join(mountPoint.dir, 'data');
  const start = npmStartCommand(ROOT);
  let env: Record<string, string>;
  let disk: Mount | undefined;
  let server: ServerProcess | undefined;

  before(() => {
    env = { ...start.env, DATA_DIR: dataDir, DATABASE_URL: '', CALLWISE_ENCRYPTION_KEY: newEncryptionKey(), RATE_LIMIT_PER_MINUTE: '0', DISPATCHER: 'off' };
  });
  after(async () => {
    await server?.kill9();
    await disk?.cut();
    mountPoint.remove();
    backing.remove();
  });

  it('keeps every create and stop request it answered', async (t) => {
    disk = await mount(backing.dir, mountPoint.dir);
    mkdirSync(dataDir);
    server = await startServer(env, { nodeArgs: start.nodeArgs, readyTimeoutMs: 120_000 });
    const first = server;

    const ids = Array.from({ length: CREATES }, (_, n) => `power-cut-${n}`);
    const created = await Promise.all(ids.map((id) => first.request('POST', '/customers', { body: customerBody({ id }) })));
    assert.deepEqual(
      created.map((res) => res.status),
      ids.map(() => 201),
    );
    const stopped = ids.slice(0, STOPS);
    for (const id of stopped) {
      const res = await first.request('PATCH', `/customers/${id}`, { body: { doNotCall: true } });
      assert.equal(res.status, 200, res.text);
    }

    t.diagnostic(`unsynced at the cut: ${await disk.pendingBytes()} bytes`);
    await server.kill9();
    await disk.cut();
    assert.equal(isMounted(mountPoint.dir), false);

    disk = await mount(backing.dir, mountPoint.dir);
    server = await startServer(env, { nodeArgs: start.nodeArgs, readyTimeoutMs: 120_000 });
    const second = server;
    for (const id of ids) {
      const res = await second.request('GET', `/customers/${id}`);
      assert.equal(res.status, 200, `${id} was answered 201 before the cut: ${res.text}`);
      assert.equal(res.json<{ doNotCall: boolean }>().doNotCall, stopped.includes(id), `${id}'s do-not-call`);
    }
  });
});
