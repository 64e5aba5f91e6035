/**
 * CPU time spent during a load, read from /proc (Linux): by the server under test (its process,
 * its threads and its worker processes), by PostgreSQL (every process named `postgres`) and by
 * the load generator (this process). With everything on one machine, requests per second follow
 * from CPU time per request, so this is what explains a ratio.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** /proc reports CPU time in clock ticks of USER_HZ, 100 per second on Linux. */
const TICK_MS = 10;

interface ProcessStat {
  readonly pid: number;
  readonly parent: number;
  readonly command: string;
  readonly cpuMs: number;
}

function readStat(pid: number): ProcessStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const command = text.slice(text.indexOf('(') + 1, close);
    // After the command: state, ppid, … utime (field 14) and stime (15), counted from field 3.
    const fields = text.slice(close + 2).split(' ');
    return { pid, parent: Number(fields[1]), command, cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcessStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readStat(Number(name)) ?? []);
}

/** The processes a server started (its cluster workers). */
export function childrenOf(pid: number): number[] {
  return allProcesses()
    .filter((p) => p.parent === pid)
    .map((p) => p.pid);
}

export interface CpuSample {
  readonly serverMs: number;
  readonly postgresMs: number;
  readonly loadGeneratorMs: number;
}

export function sampleCpu(serverPid: number): CpuSample {
  const processes = allProcesses();
  const server = processes.filter((p) => p.pid === serverPid || p.parent === serverPid);
  const usage = process.cpuUsage();
  return {
    serverMs: server.reduce((sum, p) => sum + p.cpuMs, 0),
    postgresMs: processes.filter((p) => p.command === 'postgres').reduce((sum, p) => sum + p.cpuMs, 0),
    loadGeneratorMs: (usage.user + usage.system) / 1000,
  };
}

/** CPU milliseconds per request between two samples. */
export function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number): CpuSample {
  const per = (a: number, b: number) => (requests > 0 ? (b - a) / requests : Number.NaN);
  return {
    serverMs: per(before.serverMs, after.serverMs),
    postgresMs: per(before.postgresMs, after.postgresMs),
    loadGeneratorMs: per(before.loadGeneratorMs, after.loadGeneratorMs),
  };
}
