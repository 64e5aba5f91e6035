// What reading one JSON request body costs on one core (src/http/json-body.ts): a 1 KB create
// body as lenders send it, the same body whose metadata holds numbers JavaScript cannot give back
// (parsed a second time, keeping their text), and, for comparison, plain JSON.parse and
// JSON.parse followed by the input-hygiene walk over every value (how bodies were read before the
// scan). Median of runs, in microseconds per body. Run alone with `node bench/json-body.ts`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { unsafeInputProblems } from '../src/domain/input-hygiene.ts';
import { readJsonBody } from '../src/http/json-body.ts';
import { CreateCustomerBody } from '../src/schemas/customer.ts';

type Result = { name: string; value: number; unit: string; target?: string };

const RUNS = 7;
const BODIES = 1000;
const PER_RUN = 50_000;

function createBody(n: number, metadataNumbers: string): string {
  const body = {
    id: `bench-customer-${n}`,
    taskType: 'collections',
    firstName: 'Jordan',
    lastName: 'Smith',
    email: 'jordan.smith@example.com',
    birthday: '1985-06-15',
    ssnLastFour: '1234',
    timezone: 'America/Los_Angeles',
    phoneNumber: '+14155550123',
    streetAddress1: '123 Main St',
    streetAddress2: 'Apt 4B',
    city: 'San Francisco',
    state: 'CA',
    zipCode: '94102',
    doNotCall: false,
    isTest: true,
    externalMetadata: {
      home_phone: '+14155555555',
      cell_phone: '+14155556666',
      employer_name: 'Acme Corporation',
      employer_address: '456 Business Ave',
      employer_city: 'San Francisco',
      employer_state: 'CA',
      employer_zip: '94103',
      employer_department: 'Sales',
      employer_phone: '+14155557777',
      pay_frequency: 'biweekly',
      pay_day: 'Friday',
      notes: 'Prefers calls after work; spouse may answer. Do not leave details on voicemail.',
      branch: { code: 'SF-014', region: 'West', officer: 'R. Alvarez' },
      account: { opened: '2019-04-01', balance_cents: 1234567, tags: ['a', 'b', 'c'] },
      scores: 'SCORES',
    },
    loanIds: [123, 456, 789],
  };
  return JSON.stringify(body).replace('"SCORES"', metadataNumbers);
}

/** Median microseconds per call of `fn` over `inputs`. */
function microsecondsPerCall(inputs: readonly string[], fn: (text: string) => unknown): number {
  let sink = 0;
  const pass = () => {
    const started = performance.now();
    for (let i = 0; i < PER_RUN; i++) if (fn(inputs[i % inputs.length]!) !== undefined) sink++;
    return ((performance.now() - started) * 1000) / PER_RUN;
  };
  pass();
  pass();
  const times = Array.from({ length: RUNS }, pass).sort((a, b) => a - b);
  if (sink < 0) throw new Error('unreachable');
  return Math.round(times[Math.floor(RUNS / 2)]! * 100) / 100;
}

export default async function bench(): Promise<Result[]> {
  const plain = Array.from({ length: BODIES }, (_, n) => createBody(n, '[712,698,0.25,-3]'));
  const inexact = Array.from({ length: BODIES }, (_, n) => createBody(n, '[12345678901234567890,1e400,-0,1.0e2]'));
  const bytes = Buffer.byteLength(plain[0]!);
  const read = (text: string) => readJsonBody(text, CreateCustomerBody);
  return [
    { name: `JSON body: JSON.parse alone (${bytes}-byte create body)`, value: microsecondsPerCall(plain, (t) => JSON.parse(t)), unit: 'µs' },
    {
      name: 'JSON body: JSON.parse and the input-hygiene walk (reading before the scan)',
      value: microsecondsPerCall(plain, (t) => unsafeInputProblems(JSON.parse(t))),
      unit: 'µs',
    },
    { name: 'JSON body: the body parser (repeated names, numbers, hygiene)', value: microsecondsPerCall(plain, read), unit: 'µs' },
    { name: 'JSON body: the body parser, metadata numbers kept as text', value: microsecondsPerCall(inexact, read), unit: 'µs' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await bench()) console.log(`${r.name}: ${r.value.toLocaleString('en-US')} ${r.unit}`);
}
