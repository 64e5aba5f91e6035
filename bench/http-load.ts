/**
 * Runs one server in a child process, loads POST /customers with autocannon (unique ids, a mix of
 * locations so planning does real work), and reports requests/s, latency percentiles, status
 * counts and the server's peak RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { childrenOf, cpuPerRequest, sampleCpu, type CpuSample } from './cpu-time.ts';
import type { StartCommand } from './start-command.ts';

export interface LoadResult {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statusCounts: Record<string, number>;
  readonly peakRssMb: number;
  readonly non2xx: number;
  /** CPU milliseconds per request over the load: the server's, PostgreSQL's, the load generator's. */
  readonly cpu: CpuSample;
}

const LOCATIONS = [
  { timezone: 'America/New_York', state: 'NY', zipCode: '10001', phoneNumber: '+12125550143', city: 'New York' },
  { timezone: 'America/Chicago', state: 'IL', zipCode: '60601', phoneNumber: '+13125550143', city: 'Chicago' },
  { timezone: 'America/Denver', state: 'CO', zipCode: '80202', phoneNumber: '+13035550143', city: 'Denver' },
  { timezone: 'America/Phoenix', state: 'AZ', zipCode: '85004', phoneNumber: '+16025550143', city: 'Phoenix' },
  { timezone: 'America/Los_Angeles', state: 'CA', zipCode: '94102', phoneNumber: '+14155550143', city: 'San Francisco' },
  { timezone: 'America/Chicago', state: 'TX', zipCode: '75201', phoneNumber: '+12145550143', city: 'Dallas' },
  { timezone: 'America/New_York', state: 'FL', zipCode: '33101', phoneNumber: '+13055550143', city: 'Miami' },
  { timezone: 'America/Indiana/Indianapolis', state: 'IN', zipCode: '46204', phoneNumber: '+13175550143', city: 'Indianapolis' },
];

export function customerBody(id: string, n: number): Record<string, unknown> {
  const location = LOCATIONS[n % LOCATIONS.length]!;
  return {
    id,
    taskType: 'collections',
    firstName: 'Ana',
    lastName: 'Reyes',
    email: 'ana.reyes@example.com',
    birthday: '1985-06-15',
    ssnLastFour: '1234',
    streetAddress1: '123 Main St',
    ...location,
    externalMetadata: { employer_name: 'Acme Corporation', pay_frequency: 'biweekly', pay_day: 'Friday' },
    loanIds: [1000 + (n % 7)],
  };
}

/**
 * Spawns `script` with `env` (and BENCH_NODE_ARGS); resolves once it prints `ready <port>`. A
 * Callwise server gets `runtime`: what `npm start` sets (start-command.ts), so that its memory and
 * speed are those an operator gets.
 */
export function startServer(
  script: string,
  env: NodeJS.ProcessEnv,
  runtime: Pick<StartCommand, 'env' | 'nodeArgs'> = { env: {}, nodeArgs: [] },
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") profiles the server under test.
    const nodeArgs = [...runtime.nodeArgs, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
    const child = spawn(process.execPath, [...nodeArgs, script], {
      env: { ...process.env, ...runtime.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Peak resident memory of the server: its process and, for a cluster, its workers (summed). */
function peakRssMb(pid: number): number {
  const peakKb = (id: number): number => {
    try {
      return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  const total = [pid, ...childrenOf(pid)].reduce((sum, id) => sum + peakKb(id), 0);
  return total === 0 ? Number.NaN : Math.round(total / 1024);
}

export async function runLoad(options: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  apiKey?: string;
  connections: number;
  durationSeconds: number;
  idPrefix: string;
  /** Send an Idempotency-Key (a fresh one per request) with every request. */
  idempotencyKeys?: boolean;
  /** How the server is run (a Callwise server: as `npm start` runs it). */
  runtime?: Pick<StartCommand, 'env' | 'nodeArgs'>;
}): Promise<LoadResult> {
  const { child, port } = await startServer(options.script, options.env, options.runtime);
  let counter = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  try {
    const before = sampleCpu(child.pid!);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: options.connections,
      duration: options.durationSeconds,
      requests: [
        {
          method: 'POST',
          path: '/customers',
          headers,
          setupRequest: (request) => {
            const n = counter++;
            const body = JSON.stringify(customerBody(`${options.idPrefix}-${n}`, n));
            // As a platform that retries safely sends them: a fresh key per request.
            if (!options.idempotencyKeys) return { ...request, body };
            return { ...request, body, headers: { ...headers, 'idempotency-key': `${options.idPrefix}-key-${n}` } };
          },
        },
      ],
    });
    const cpu = cpuPerRequest(before, sampleCpu(child.pid!), result.requests.total);
    const statusCounts: Record<string, number> = {};
    for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = (count as { count: number }).count;
    return {
      name: options.name,
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      statusCounts,
      peakRssMb: peakRssMb(child.pid!),
      non2xx: result.non2xx,
      cpu,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
