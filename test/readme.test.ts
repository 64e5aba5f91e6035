/**
 * The README, walked as a new user walks it: a fresh server (a real process on an empty DATA_DIR),
 * the API key it prints on its first start, and then every `curl` example of the README's shell
 * blocks, top to bottom, run by bash and curl exactly as written, in one shell — so a variable set
 * in one block (`H`) is there in the next, and one used before it is set fails the walk
 * (`set -u`). Only where the requests go is changed: curl is pointed from localhost:3000 to the
 * test's server with --connect-to, leaving every URL as the README prints it.
 *
 * Each answer is checked against what the README says of it. An example the test has no
 * expectation for, or an expectation whose example is gone, fails the test too: the README and
 * this file change together. Examples out of order fail on their status (a delete before the
 * reads that need the customer leaves those reads a 404).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, REPO_ROOT, startServer, type ServerProcess } from './helpers/process.ts';

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
/** Where the README's examples send their requests. */
const README_ORIGIN = 'localhost:3000';

/** The README's fenced `sh` blocks that hold curl examples, in order. */
function curlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]!).filter((block) => /^\s*curl\s/m.test(block));
}

interface Answer {
  readonly method: string;
  /** Path and query, as the example wrote them. */
  readonly target: string;
  readonly status: number;
  readonly body: string;
}

const json = (answer: Answer): Record<string, unknown> => JSON.parse(answer.body) as Record<string, unknown>;
const list = (answer: Answer): Array<Record<string, unknown>> => JSON.parse(answer.body) as Array<Record<string, unknown>>;

/**
 * What the README says each example answers, by method and target. Where one target is shown
 * more than once (two creates), its checks are used in the README's order.
 */
const EXPECTATIONS: Record<string, Array<(answer: Answer) => void>> = {
  'POST /customers': [
    // Quick start: "It answers 201 with the customer as stored (phone in E.164, canonical time
    // zone, isTest and doNotCall defaults, createdAt/updatedAt)".
    (answer) => {
      assert.equal(answer.status, 201, answer.body);
      const customer = json(answer);
      assert.equal(customer.id, 'CUST-1001');
      assert.equal(customer.phoneNumber, '+14155550100');
      assert.equal(customer.timezone, 'America/Los_Angeles');
      assert.equal(customer.isTest, false);
      assert.equal(customer.doNotCall, false);
      assert.deepEqual(customer.externalMetadata, { employer_name: 'Acme Corporation', pay_day: 'Friday' });
      assert.ok(customer.createdAt && customer.updatedAt, answer.body);
    },
    // LMS auto-fill: "a complete customer — name, e-mail, birthday, SSN last four, phone (E.164),
    // address, ZIP — with timezone America/Chicago derived from the ZIP … and a provenance object".
    (answer) => {
      assert.equal(answer.status, 201, answer.body);
      const customer = json(answer);
      assert.equal(customer.id, 'demo-1001');
      for (const field of ['firstName', 'lastName', 'email', 'birthday', 'ssnLastFour', 'streetAddress1', 'city', 'state', 'zipCode']) {
        assert.ok(customer[field], `${field} is filled from the LMS: ${answer.body}`);
      }
      assert.match(String(customer.phoneNumber), /^\+1\d{10}$/);
      assert.equal(customer.timezone, 'America/Chicago');
      assert.equal(customer.state, 'IN');
      const provenance = customer.provenance as Record<string, string>;
      assert.equal(provenance.timezone, 'zip');
      assert.equal(provenance.firstName, 'lms');
    },
  ],
  'GET /customers/CUST-1001': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      assert.equal(json(answer).id, 'CUST-1001');
    },
  ],
  'GET /customers?test=false&limit=50': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      const page = json(answer);
      assert.deepEqual(
        (page.data as Array<{ id: string }>).map((customer) => customer.id),
        ['CUST-1001'],
      );
      assert.equal(page.hasMore, false);
      assert.equal(page.nextCursor, null);
    },
  ],
  'PATCH /customers/CUST-1001': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      assert.equal(json(answer).email, 'ana.reyes@example.com');
    },
  ],
  // "the plan, each attempt explained"
  'GET /customers/CUST-1001/tasks': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      const tasks = list(answer);
      assert.ok(tasks.length > 0, 'creating the customer planned its calls');
      const summaries = tasks.map((task) => String((task.explanation as { summary?: string }).summary));
      assert.ok(
        summaries.some((summary) => /^Attempt 1 of \d+( \(re-checked [^)]*\))?: /.test(summary)),
        answer.body,
      );
      for (const [i, task] of tasks.entries()) {
        // When the README is walked while her first attempt is due, the demo company's simulator
        // dials it at once (see "Dispatch"), and its outcome re-plans the rest: attempts move
        // (named as before, "re-checked after …"), a callback request adds a callback, a wrong
        // number or a stop request cancels what is left.
        assert.ok(['scheduled', 'dispatched', 'completed', 'skipped', 'cancelled'].includes(String(task.status)), String(task.status));
        assert.equal(task.phoneNumber, '+14155550100');
        assert.match(summaries[i]!, /^(Attempt \d+ of \d+|Requested callback)( \(re-checked [^)]*\))?: /);
      }
    },
  ],
  // "task types and cadences"; the quick start names the demo company's three.
  'GET /task-types': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      const types = list(answer);
      assert.deepEqual(types.map((type) => type.name).sort(), ['collections', 'servicing', 'verification']);
      for (const type of types) assert.ok(type.cadence, answer.body);
    },
  ],
  // Bulk: "202 {jobId, totalCustomers: 2, …}".
  'POST /customers/batch': [
    (answer) => {
      assert.equal(answer.status, 202, answer.body);
      const accepted = json(answer);
      assert.equal(accepted.totalCustomers, 2);
      assert.match(String(accepted.jobId), /^[0-9a-f-]{36}$/);
    },
  ],
  'POST /calls': [
    (answer) => {
      assert.equal(answer.status, 201, answer.body);
      const call = json(answer);
      assert.equal(call.customerId, 'CUST-1001');
      assert.equal(call.outcome, 'conversation');
      assert.deepEqual(call.flags, ['RPC']);
    },
  ],
  // "the contact ledger"
  'GET /calls/customer/CUST-1001': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      // The recorded call, and any the simulator placed meanwhile (see "Dispatch").
      const calls = list(answer);
      assert.equal(calls.filter((call) => call.timestamp === '2026-11-25T18:05:00.000Z').length, 1);
      assert.ok(
        calls.every((call) => call.timestamp === '2026-11-25T18:05:00.000Z' || call.taskId),
        answer.body,
      );
    },
  ],
  // "her consent history": the demo company's dated attestation, her number, every event.
  'GET /customers/CUST-1001/consent': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      const consent = json(answer) as { customerExists: boolean; companyAttestation: unknown; standing: Array<{ phoneNumber: string }>; events: unknown[] };
      assert.equal(consent.customerExists, true);
      assert.ok(consent.companyAttestation, answer.body);
      assert.equal(consent.standing[0]?.phoneNumber, '+14155550100');
      assert.ok(Array.isArray(consent.events));
    },
  ],
  // "done: delete her"
  'DELETE /customers/CUST-1001': [(answer) => assert.equal(answer.status, 204, answer.body)],
  // Dispatch: "what the agent is given".
  'GET /customers/demo-1001/agent-context': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      const context = json(answer) as { customer: Record<string, unknown>; loans: unknown[]; disclosures: string[]; callbackRules: unknown };
      assert.ok(context.customer.firstName, answer.body);
      assert.equal(context.customer.identity, undefined, 'no SSN or birthday without identity verification');
      assert.equal(context.loans.length, 2);
      assert.match(context.disclosures.join(' '), /attempt to collect a debt/);
      assert.ok(context.callbackRules);
    },
  ],
  // "paused?, dialer, due, in flight"; then pause and resume.
  'GET /dispatch': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      const status = json(answer);
      assert.equal(status.paused, false);
      assert.deepEqual(status.dialer, { kind: 'simulator' });
    },
  ],
  'POST /dispatch/pause': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      assert.equal(json(answer).paused, true);
    },
  ],
  'POST /dispatch/resume': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      assert.equal(json(answer).paused, false);
    },
  ],
  // "its two loans (balance, amount due, days past due, next due date, status, in cents)"
  'GET /customers/demo-1001/loans': [
    (answer) => {
      assert.equal(answer.status, 200, answer.body);
      const loans = list(answer);
      assert.equal(loans.length, 2);
      for (const loan of loans) {
        for (const field of ['balanceCents', 'amountDueCents', 'daysPastDue', 'nextDueDate', 'status']) {
          assert.ok(loan[field] !== undefined, `${field}: ${answer.body}`);
        }
      }
    },
  ],
};

/** Runs the blocks in one bash, curl aimed at `port`; resolves with each request's answer, in order. */
async function runBlocks(blocks: readonly string[], port: number, apiKey: string): Promise<Answer[]> {
  const marker = '@@README-ANSWER@@';
  const script = [
    'set -euo pipefail',
    // Every example's curl, as written, plus: where to connect, and a line after its body saying
    // which request it was and its status. No proxy: the requests go to the test's server.
    `curl() { command curl --noproxy '*' --connect-to '${README_ORIGIN}:127.0.0.1:${port}' --write-out '\\n${marker} %{method} %{url_effective} %{http_code}\\n' "$@"; }`,
    ...blocks,
  ].join('\n');
  const child = spawn('bash', ['-c', script], {
    // Only what a user's shell would have: the key the quick start exported, and a PATH.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', CALLWISE_API_KEY: apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `the README's examples failed in the shell (exit ${code}): ${stderr}\n${stdout}`);
  const answers: Answer[] = [];
  let rest = stdout;
  for (let at = rest.indexOf(marker); at !== -1; at = rest.indexOf(marker)) {
    const end = rest.indexOf('\n', at);
    const [method, url, status] = rest
      .slice(at + marker.length, end)
      .trim()
      .split(' ');
    const target = new URL(url!);
    assert.equal(target.host, README_ORIGIN, `the README sends a request to ${url}`);
    // The body ends with the newline --write-out puts before the marker.
    answers.push({ method: method!, target: target.pathname + target.search, status: Number(status), body: rest.slice(0, at).replace(/\n$/, '') });
    rest = rest.slice(end + 1);
  }
  assert.equal(rest.trim(), '', 'output after the last request');
  return answers;
}

describe('the README walk-through', () => {
  const temp = makeTempDir('readme');
  let server: ServerProcess;
  let apiKey: string;

  before(async () => {
    try {
      execFileSync('curl', ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error('this test runs the README with curl, as a reader would: install curl');
    }
    server = await startServer({ DATA_DIR: temp.dir });
  });
  after(async () => {
    await server?.stop();
    temp.remove();
  });

  it('keeps the API key of the first start where the README says, and prints it only to a terminal', () => {
    // The quick start's line, run from the clone, where DATA_DIR is ./data; here DATA_DIR is the
    // test's directory.
    const shown = /^export CALLWISE_API_KEY=\$\(cat data\/first-api-key\.txt\)$/m.test(README);
    assert.ok(shown, 'the quick start shows the export line');
    apiKey = readFileSync(path.join(temp.dir, 'first-api-key.txt'), 'utf8').trim();
    assert.match(apiKey, /^cw_[0-9A-Za-z]{32}$/);
    // The server's stdout is a pipe here, as under a supervisor: the key is not in it.
    assert.ok(!server.stdout().includes(apiKey), `the key is not printed to a pipe: ${server.stdout()}`);
  });

  it('runs every curl example in order, each answering as the README says', async () => {
    assert.ok(apiKey, 'the key from the first start');
    const blocks = curlBlocks(README);
    assert.ok(blocks.length >= 3, 'the README has its curl examples');
    const answers = await runBlocks(blocks, server.port, apiKey);

    const pending = new Map(Object.entries(EXPECTATIONS).map(([key, checks]) => [key, [...checks]]));
    for (const [i, answer] of answers.entries()) {
      const key = `${answer.method} ${answer.target}`;
      const check = pending.get(key)?.shift();
      assert.ok(check, `README example ${i + 1} (${key}) has no expectation here: say in this test what the README says it answers`);
      try {
        check(answer);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        assert.fail(`README example ${i + 1} (${key}): ${message}`);
      }
    }
    const unused = [...pending].filter(([, checks]) => checks.length > 0).map(([key]) => key);
    assert.deepEqual(unused, [], 'expected examples the README no longer shows');

    // The delete came last and did delete her.
    const gone = await fetch(`${server.baseUrl}/customers/CUST-1001`, { headers: { 'X-API-Key': apiKey } });
    assert.equal(gone.status, 404);
  });
});

describe("the README's command for starting without npm", () => {
  it("is npm start's, so that a supervisor runs what was measured", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const section = README.slice(README.indexOf('**Starting it without npm**'));
    const command = /`([^`]*bin\/server\.js)`/.exec(section)?.[1];
    assert.equal(command, manifest.scripts.start);
  });
});
