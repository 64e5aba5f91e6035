/**
 * The real server (`node bin/server.js`) as a child process on a free loopback port,
 * and a small HTTP client for it, for the fault suites: they need a process they can kill -9, a
 * database connection they can cut, and the server's own memory figures from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '../../src/security/encryption.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_API_KEY = 'cw_faults_bootstrap_key_0123456789';
export const SERVER_METRICS_TOKEN = 'faults-metrics-token-0123456789abcdef';

/** A fresh AES-256 key for one test's server (every restart of that server must reuse it). */
export function newEncryptionKey(): string {
  return Keyring.generateKey();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** Milliseconds from sending to the end of the response. */
  readonly ms: number;
  /** The body parsed as JSON; the caller names the shape it expects. */
  json<T = unknown>(): T;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Sent as is (not JSON-encoded) when a string is wanted on the wire: bad JSON and the like. */
  readonly raw?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** null: no X-API-Key header. */
  readonly key?: string | null;
  /** Client-side limit: the request fails (rejects) after this long. Default 30 s. */
  readonly timeoutMs?: number;
}

/** How a test scrapes /metrics: the metrics token, no API key. */
export const METRICS_SCRAPE: RequestOptions = { key: null, headers: { authorization: `Bearer ${SERVER_METRICS_TOKEN}` } };

export class RequestTimeout extends Error {}

/** One keep-alive agent per server, so a load does not open a socket per request. */
export function requester(port: number, agent = new http.Agent({ keepAlive: true, maxSockets: 256 })) {
  return (method: string, urlPath: string, options: RequestOptions = {}): Promise<HttpResponse> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const key = options.key === undefined ? SERVER_API_KEY : options.key;
    if (key !== null) headers['x-api-key'] = key;
    let payload: string | Buffer | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ms: performance.now() - started, json: () => JSON.parse(text) });
        });
      });
      req.setTimeout(options.timeoutMs ?? 30_000, () =>
        req.destroy(new RequestTimeout(`${method} ${urlPath} got no answer in ${options.timeoutMs ?? 30_000} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly request: ReturnType<typeof requester>;
  /** The last lines the server wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves when the process has exited, with its code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** Resident set size and peak from /proc/<pid>/status, in KiB. */
  memory(): { rssKb: number; hwmKb: number };
  /** SIGKILL, then wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), then wait; SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export async function startServer(
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; nodeArgs?: readonly string[] } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'bin/server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TZ: process.env.TZ ?? 'America/Denver',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      CALLWISE_BOOTSTRAP_API_KEY: SERVER_API_KEY,
      METRICS_TOKEN: SERVER_METRICS_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const request = requester(port, agent);
  const server: ServerProcess = {
    child,
    port,
    pid: child.pid!,
    request,
    exited,
    output: () => lines.join('\n'),
    hasExited: () => exitedFlag,
    memory: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return { rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]), hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) };
    },
    kill9: async () => {
      if (!exitedFlag) child.kill('SIGKILL');
      await exited;
      agent.destroy();
    },
    stop: async () => {
      if (!exitedFlag) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      agent.destroy();
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exitedFlag) throw new Error(`the server exited before it was ready:\n${server.output()}`);
    try {
      const res = await request('GET', '/healthz', { key: null, timeoutMs: 2_000 });
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill9();
      throw new Error(`the server did not answer /healthz within ${options.readyTimeoutMs ?? 60_000} ms:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
