/**
 * Compliance engine throughput on one core: full decisions (facts → prepare → every rule) and
 * next-allowed-instant searches, for a customer with 20 recorded calls whose address and phone
 * are in two different zones. Run alone with `node bench/compliance.ts`.
 */
import { pathToFileURL } from 'node:url';
import { evaluate, evaluatePrepared, nextAllowedAt, prepare } from '../src/compliance/engine.ts';
import { DEFAULT_POLICY, type CallFacts, type ContactEvent } from '../src/compliance/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const START = Date.parse('2026-12-01T15:00:00Z');

function customer(): CallFacts {
  const outcomes = ['no_answer', 'voicemail', 'no_answer', 'not_connected', 'wrong_party'] as const;
  // 20 calls over the 12 days before START, two loans, two numbers, one conversation two weeks ago.
  const history: ContactEvent[] = Array.from({ length: 20 }, (_, i) => ({
    at: START - 12 * DAY + i * 14 * HOUR + (i % 3) * 17 * 60_000,
    direction: i % 7 === 6 ? 'inbound' : 'outbound',
    channel: 'call',
    loanIds: [i % 2 === 0 ? 'L-1' : 'L-2'],
    phoneNumber: i % 4 === 0 ? '+12125550100' : '+14155550123',
    isWorkNumber: false,
    outcome: i === 1 ? 'conversation' : outcomes[i % outcomes.length]!,
    consented: false,
  }));
  return {
    addressTimezones: ['America/Los_Angeles'],
    timezone: null,
    phoneTimezones: ['America/New_York'],
    addressState: 'CA',
    addressInNyc: false,
    phoneState: 'NY',
    phoneNumber: '+12125550100',
    lineType: 'wireless',
    tcpaConsent: true,
    isWorkNumber: false,
    doNotCall: false,
    blockedWindows: [{ start: '12:00', end: '13:00' }],
    loanId: 'L-1',
    history,
  };
}

/** CPU time of this process in ms (user + system): a busy machine does not slow the clock down. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Operations per CPU-second of `fn`: the best of `rounds` rounds of about `ms` CPU-ms each, so
 * that other processes on a shared machine (which cost cache and scheduling, not CPU time) and a
 * stray GC pause in one round do not decide the figure.
 */
function measure(fn: (i: number) => unknown, ms: number, rounds = 5): number {
  let sink = 0;
  // Warm up the JIT and the zone tables.
  for (let i = 0; i < 5_000; i++) sink += fn(i) ? 1 : 0;
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    const started = cpuMs();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < 500; i++) sink += fn(ops + i) ? 1 : 0;
      ops += 500;
      elapsed = cpuMs() - started;
    }
    best = Math.max(best, (ops / elapsed) * 1000);
  }
  if (sink === -1) console.log(sink);
  return best;
}

export default async function bench(): Promise<BenchResult[]> {
  const facts = customer();
  const policy = DEFAULT_POLICY;
  // Instants spread over a week at odd minutes: some allowed, most refused for some reason.
  const instants = Array.from({ length: 1024 }, (_, i) => START + i * 9_973_000);
  const mask = instants.length - 1;
  const allowedShare = instants.filter((t) => evaluate(facts, t, policy).allowed).length / instants.length;

  const decisions = measure((i) => evaluate(facts, instants[i & mask]!, policy).allowed, 400);
  const prepared = prepare(facts, policy);
  const preparedDecisions = measure((i) => evaluatePrepared(prepared, instants[i & mask]!).allowed, 200);
  const searches = measure((i) => nextAllowedAt(facts, instants[i & mask]!, policy), 400);

  return [
    { name: 'compliance decisions (20 calls, 2 zones, from raw facts)', value: Math.round(decisions), unit: 'decisions/s (one core)', target: '>= 100000' },
    { name: 'compliance decisions (prepared facts)', value: Math.round(preparedDecisions), unit: 'decisions/s' },
    { name: 'compliance nextAllowedAt (20 calls, 2 zones, 30-day horizon)', value: Math.round(searches), unit: 'searches/s' },
    { name: 'compliance share of benchmark instants allowed', value: Math.round(allowedShare * 100), unit: '%' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await bench()) console.log(`${r.name}: ${r.value.toLocaleString('en-US')} ${r.unit}${r.target ? ` (target ${r.target})` : ''}`);
}
