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

/** CPU milliseconds of every process running `command` (e.g. `postgres`), by process id. */
export function cpuByProcess(command: string): Map<number, number> {
  return new Map(
    allProcesses()
      .filter((p) => p.command === command)
      .map((p) => [p.pid, p.cpuMs]),
  );
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

/**
 * CPU milliseconds of each PostgreSQL backend serving `database`, by process id (a backend's
 * command line names its database). Other work on the same server is left out; a backend that
 * exits between two samples takes its CPU time with it.
 */
export function backendsOf(database: string): Map<number, number> {
  const backends = new Map<number, number>();
  for (const p of allProcesses()) {
    if (p.command !== 'postgres') continue;
    try {
      const commandLine = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
      if (commandLine.split(' ').includes(database)) backends.set(p.pid, p.cpuMs);
    } catch {
      // Gone since it was listed.
    }
  }
  return backends;
}

/** CPU milliseconds the backends spent between two samples (those that started in between, all of theirs). */
export function backendsCpuMs(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** CPU milliseconds every processor of the machine has spent busy since boot (all processes, the kernel's too). */
export function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: all but idle and iowait.
  return fields.slice(0, 8).reduce((sum, ticks, i) => (i === 3 || i === 4 ? sum : sum + ticks), 0) * TICK_MS;
}
