// Throughput of the in-memory reference lookups on one core (the caller's thread).
// Each measurement warms up first, then reports the median of several timed runs, so a GC pause
// or a JIT tier-up in one run does not decide the figure. Run alone with
// `node bench/reference.ts`.

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

type Result = { name: string; value: number; unit: string; target?: string };

const RUNS = 7;
const OPS_PER_RUN = 2_000_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Calls `fn` over `inputs` (cycling) OPS_PER_RUN times per run; returns the median ops/s. */
function opsPerSecond<T>(inputs: readonly T[], fn: (input: T) => unknown): number {
  let sink = 0;
  const pass = (): number => {
    const started = performance.now();
    for (let i = 0, j = 0; i < OPS_PER_RUN; i++, j = j + 1 === inputs.length ? 0 : j + 1) {
      // Touch the result so the call cannot be optimised away.
      if (fn(inputs[j]!) !== null) sink++;
    }
    return OPS_PER_RUN / ((performance.now() - started) / 1000);
  };
  pass(); // warm-up: JIT and caches
  pass();
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) rates.push(pass());
  if (sink < 0) throw new Error('unreachable');
  return Math.round(median(rates));
}

export default async function bench(): Promise<Result[]> {
  const loadStarted = performance.now();
  const { lookupZip, allZips } = await import('../src/reference/zip-codes.ts');
  const zipLoadMs = performance.now() - loadStarted;
  const areaStarted = performance.now();
  const { lookupAreaCode, areaCodeOfE164 } = await import('../src/reference/area-codes.ts');
  const areaLoadMs = performance.now() - areaStarted;

  // Realistic mix: every known ZIP in a shuffled order (defeats branch/cache luck), plus
  // ZIP+4 forms and unknown ZIPs.
  const known = allZips().map((z) => z.zipCode);
  const shuffled = shuffle(known);
  const zipInputs = shuffled.map((z, i) => (i % 4 === 1 ? `${z}-1234` : i % 4 === 2 ? `${z}5678` : i % 20 === 3 ? '00000' : z));
  const npaInputs = shuffle(Array.from({ length: 800 }, (_, i) => String(200 + i)));
  const e164Inputs = npaInputs.map((npa, i) => `+1${npa}${String(2_000_000 + i * 997).slice(0, 7)}`);

  const zip = opsPerSecond(zipInputs, lookupZip);
  const npa = opsPerSecond(npaInputs, lookupAreaCode);
  const e164 = opsPerSecond(e164Inputs, (e) => {
    const a = areaCodeOfE164(e);
    return a === null ? null : lookupAreaCode(a);
  });

  return [
    { name: 'reference: lookupZip (5-digit and ZIP+4 mix)', value: zip, unit: 'ops/s', target: '>= 1000000' },
    { name: 'reference: lookupAreaCode', value: npa, unit: 'ops/s', target: '>= 1000000' },
    { name: 'reference: areaCodeOfE164 + lookupAreaCode', value: e164, unit: 'ops/s' },
    // Load times are only meaningful when this module is the first to import the data.
    { name: 'reference: ZIP data load (first import)', value: Math.round(zipLoadMs * 10) / 10, unit: 'ms' },
    { name: 'reference: area-code data load (first import)', value: Math.round(areaLoadMs * 10) / 10, unit: 'ms' },
  ];
}

/** Deterministic Fisher–Yates (fixed LCG seed), so runs are comparable. */
function shuffle<T>(values: readonly T[]): T[] {
  const out = [...values];
  let seed = 0x2545f491;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await bench()) console.log(`${r.name}: ${r.value.toLocaleString('en-US')} ${r.unit}${r.target ? ` (target ${r.target})` : ''}`);
}
