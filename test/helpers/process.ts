/**
 * Runs Callwise as a real process (the server or the CLI) for tests that need what only a process
 * has: stdout, signals, exit codes, the data-directory lock.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The environment of a child: this one's, without any database or key settings a developer has set. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'DATA_DIR',
    'PORT',
    'HOST',
    'CALLWISE_BOOTSTRAP_API_KEY',
    'CALLWISE_ENCRYPTION_KEY',
    'LOG_LEVEL',
    'NODE_OPTIONS',
    'NODE_TEST_CONTEXT',
    'METRICS_TOKEN',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `callwise-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/callwise.js …args` to completion. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<RunResult> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/callwise.js'), ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly baseUrl: string;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Everything written to stdout and stderr so far, as the bytes written. */
  outputBytes(): Buffer;
  /** stdout lines that parse as JSON objects: the structured log. */
  logEntries(): Array<Record<string, unknown>>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `node bin/server.js` and waits until it logs that it is ready. */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/server.js')], {
    cwd: REPO_ROOT,
    env: childEnv({ HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const bytes: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += String(chunk);
    bytes.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += String(chunk);
    bytes.push(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logEntries = () =>
    out.split('\n').flatMap((line) => {
      try {
        const value: unknown = JSON.parse(line);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the compiler needs it: object has no index signature
        return value && typeof value === 'object' && !Array.isArray(value) ? [value as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  const started = Date.now();
  while (!logEntries().some((entry) => entry.msg === 'callwise ready')) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${err}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${timeoutMs} ms: ${out} ${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    outputBytes: () => Buffer.concat(bytes),
    logEntries,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * Starts `node bin/server.js` expecting it to refuse to start: resolves with its exit code and output.
 * A server that becomes ready instead is stopped, and `ready` says so.
 */
export async function runServerExpectingExit(env: Record<string, string>, timeoutMs = 60_000): Promise<RunResult & { ready: boolean }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/server.js')], {
    cwd: REPO_ROOT,
    env: childEnv({ HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ready = false;
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
    if (!ready && stdout.includes('"msg":"callwise ready"')) {
      ready = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr, ready };
}
