// A Callwise as a new user first has it, for the screenshots and the console benchmark: a fresh
// embedded database in a directory of the caller's, the sample customers file
// (scripts/generate-sample-customers.ts, fixed seed) imported with `callwise import` into a company
// made with the CLI, then `npm start`'s server on a free loopback port. And Debian's Chromium,
// driven by playwright-core (CHROMIUM_PATH overrides /usr/bin/chromium).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface SampleServer {
  readonly origin: string;
  /** The company's key, made with `callwise key create`. */
  readonly apiKey: string;
  /** Customers the import wrote (the sample plants a few bad rows, which it rejects). */
  readonly customers: number;
  /** How long the import took, ms. */
  readonly importMs: number;
  readonly stop: () => Promise<void>;
}

/** This process's environment without a developer's database, key or port settings. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'CALLWISE_BOOTSTRAP_API_KEY', 'CALLWISE_ENCRYPTION_KEY', 'NODE_OPTIONS']) delete clean[name];
  return { ...clean, LOG_LEVEL: 'warn', ...extra };
}

/** Runs `node <args>` in the checkout; resolves with its stdout, or throws unless its exit code is allowed. */
async function node(argv: readonly string[], childEnv: NodeJS.ProcessEnv, allowed: readonly number[] = [0]): Promise<string> {
  const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += String(chunk)));
  child.stderr.on('data', (chunk) => (err += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code === null || !allowed.includes(code)) throw new Error(`node ${argv.join(' ')} exited with ${code}: ${err}`);
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `npm start`'s server on the data directory; resolves once it is ready. */
async function startServer(childEnv: NodeJS.ProcessEnv): Promise<{ origin: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/server.js'], { cwd: REPO_ROOT, env: { ...childEnv, HOST: '127.0.0.1', PORT: String(port) }, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (Date.now() - started > 120_000) {
      // Not left running on a data directory about to be removed.
      child.kill('SIGKILL');
      throw new Error('the server was not ready within two minutes');
    }
    const ready = await fetch(`${origin}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The sample's `rows` rows imported into a fresh embedded database under `dir`, and the server on it. */
export async function startSampleServer(dir: string, rows: number): Promise<SampleServer> {
  const data = env({ DATA_DIR: path.join(dir, 'data') });
  const sample = path.join(dir, 'customers.csv');
  await node(['scripts/generate-sample-customers.ts', '--rows', String(rows), '--out', sample], env({}));
  const companyId = (await node(['bin/callwise.js', 'company', 'create', 'Acme Lending'], data)).trim().split('\n').at(-1)!;
  const keyOutput = await node(['bin/callwise.js', 'key', 'create', companyId, '--name', 'console'], data);
  const apiKey = /secret \(shown only now\): (\S+)/.exec(keyOutput)?.[1];
  if (!apiKey) throw new Error('no key secret in the CLI output');
  const started = performance.now();
  // Exit 1: the sample plants a few bad rows on purpose, and they are rejected.
  const report = await node(['bin/callwise.js', 'import', companyId, sample, '--rejects', path.join(dir, 'rejects.csv')], data, [0, 1]);
  const importMs = performance.now() - started;
  const created = /^created\s+([\d,]+)/m.exec(report)?.[1];
  if (created === undefined) throw new Error(`no count of created customers in the import report: ${report}`);
  const server = await startServer(data);
  return { ...server, apiKey, customers: Number(created.replace(/,/g, '')), importMs };
}

/** Headless Chromium with no traffic of its own to other hosts. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`needs Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
