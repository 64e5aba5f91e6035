// Time to plan a default 14-day collections schedule for one customer, on one core: the pure
// planner (zones, compliance search per attempt, explanations), no database. Median of runs.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CADENCES } from '../src/scheduling/cadence.ts';
import { customerCallFacts, planningZone } from '../src/scheduling/customer-facts.ts';
import { planSchedule } from '../src/scheduling/planner.ts';

type Result = { name: string; value: number; unit: string; target?: string };

const CUSTOMERS = [
  { zipCode: '10001', state: 'NY', timezone: 'America/New_York', phoneNumber: '+12125550143' },
  { zipCode: '94102', state: 'CA', timezone: 'America/Los_Angeles', phoneNumber: '+12125550143' },
  { zipCode: '46204', state: 'IN', timezone: 'America/Indiana/Indianapolis', phoneNumber: '+12195550143' },
  { zipCode: '85004', state: 'AZ', timezone: 'America/Phoenix', phoneNumber: '+19285550143' },
  { zipCode: '02134', state: 'MA', timezone: 'America/New_York', phoneNumber: '+16175550143' },
  { zipCode: '79901', state: 'TX', timezone: 'America/Denver', phoneNumber: '+19155550143' },
];

export default async function bench(): Promise<Result[]> {
  const cadence = DEFAULT_CADENCES.collections!;
  const inputs = CUSTOMERS.map((c) => {
    const facts = customerCallFacts(c, { lineType: 'unknown', tcpaConsent: true }, { doNotCall: false, purpose: 'collection' });
    return { facts, zone: planningZone(facts)! };
  });
  const now = Date.UTC(2026, 10, 25, 15, 0);
  let attempts = 0;
  const pass = (n: number) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const input = inputs[i % inputs.length]!;
      // Start times vary over a week so holidays, Sundays and DST all come up.
      const plan = planSchedule({ ...input, ledger: [], cadence, policy: {}, now: now + (i % 168) * 3_600_000, loanId: null });
      attempts += plan.attempts.length;
    }
    return (performance.now() - started) / n;
  };
  pass(300);
  const runs = Array.from({ length: 5 }, () => pass(1000)).sort((a, b) => a - b);
  const msPerCustomer = runs[2]!;
  return [
    { name: 'plan a default 14-day collections schedule', value: Number(msPerCustomer.toFixed(3)), unit: 'ms/customer', target: '< 1 ms' },
    { name: 'schedules planned per second (one core)', value: Math.round(1000 / msPerCustomer), unit: 'customers/s' },
    { name: 'attempts per plan (average)', value: Number((attempts / 5300).toFixed(1)), unit: 'attempts' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await bench()) console.log(`${row.name}: ${row.value} ${row.unit}${row.target ? ` (target ${row.target})` : ''}`);
}
