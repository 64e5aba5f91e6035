/**
 * The embedded default's footprint as an operator meets it: `node bin/server.js` on a fresh DATA_DIR
 * (the first start), then again on the same directory (a restart). For each: the time from spawning
 * the process to its "callwise ready" log line, and its resident memory once idle (VmRSS after
 * BENCH_IDLE_SECONDS, default 10, with no requests). Each is run BENCH_FOOTPRINT_RUNS times
 * (default 3) and the median reported. Peak memory under load is the HTTP run's figure.
 *
 * The server is started as `npm start` starts it (its script's variables and Node options, see
 * start-command.ts). BENCH_START_COMMAND and BENCH_START_DIR (default: that script, in this
 * checkout) measure another build or command the same way, e.g. an older checkout, for
 * before/after figures in the same run.
 * Run alone with `node bench/footprint.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchStartCommand } from './start-command.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Start {
  readyMs: number;
  /** CPU time (user + system, every thread) the process had used when it was ready. */
  readyCpuMs: number;
  idleRssMb: number;
}

export interface Footprint {
  firstStart: Start;
  restart: Start;
}

/** User + system time of every thread of `pid` so far (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

async function startOnce(dataDir: string, idleSeconds: number): Promise<Start> {
  const dir = process.env.BENCH_START_DIR ?? REPO_ROOT;
  const start = benchStartCommand(dir);
  const started = performance.now();
  const child = spawn(process.execPath, [...start.nodeArgs, start.entry], {
    cwd: dir,
    env: { ...process.env, ...start.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let readyCpuMs = 0;
    const readyMs = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error('the server did not start within 120 s')), 120_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('callwise ready')) {
          clearTimeout(timer);
          readyCpuMs = cpuMs(child.pid!);
          resolve(performance.now() - started);
        }
      });
      child.stderr.resume();
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    return { readyMs: Math.round(readyMs), readyCpuMs, idleRssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function medianStart(starts: Start[]): Start {
  return {
    readyMs: median(starts.map((s) => s.readyMs)),
    readyCpuMs: median(starts.map((s) => s.readyCpuMs)),
    idleRssMb: median(starts.map((s) => s.idleRssMb)),
  };
}

export async function measureFootprint(): Promise<Footprint> {
  const runs = Number(process.env.BENCH_FOOTPRINT_RUNS ?? 3);
  const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
  const first: Start[] = [];
  const again: Start[] = [];
  for (let run = 0; run < runs; run++) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'callwise-footprint-'));
    try {
      first.push(await startOnce(dataDir, idleSeconds));
      again.push(await startOnce(dataDir, idleSeconds));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { firstStart: medianStart(first), restart: medianStart(again) };
}

export function printFootprint(footprint: Footprint): void {
  // CPU time to ready varies far less than the wall time with other work on the machine.
  console.log('\n| embedded default | ready after ms | CPU ms to ready | idle RSS MB | target |');
  console.log('|---|---:|---:|---:|---|');
  const row = (name: string, start: Start, target: string) =>
    console.log(`| ${name} | ${start.readyMs} | ${start.readyCpuMs} | ${start.idleRssMb} | ${target} |`);
  row('first start (fresh DATA_DIR)', footprint.firstStart, '≤ 3,000 ms, ≤ 250 MB');
  row('restart', footprint.restart, '≤ 1,500 ms, ≤ 250 MB');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printFootprint(await measureFootprint());
