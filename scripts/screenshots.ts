// The console's screenshots for the README: `npm run screenshots` writes docs/images/console-*.png.
//
// Everything happens as a user would do it, on a fresh embedded database in a temporary
// directory: the sample customers file (scripts/generate-sample-customers.ts, fixed seed), a
// company and its key made with the CLI, `callwise import`, then `npm start`'s server — and
// Chromium (Debian's, driven by playwright-core; CHROMIUM_PATH overrides /usr/bin/chromium) at
// 1280 × 900 on the pages the README shows: signing in, the customers, one customer's plan drawn
// with an attempt's explanation open, a what-if answer, its actions, and the company's dialling. Plans are
// made from the day the script runs, so the images change with the date, not with anything else.
//
//   node scripts/screenshots.ts [--rows 300] [--out docs/images]

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 900 };

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '300' },
    out: { type: 'string', default: 'docs/images' },
  },
});
const outDir = path.resolve(REPO_ROOT, args.out);
if (!existsSync(CHROMIUM)) throw new Error(`needs Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** This process's environment without a developer's database, key or port settings. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'CALLWISE_BOOTSTRAP_API_KEY', 'CALLWISE_ENCRYPTION_KEY', 'NODE_OPTIONS']) delete clean[name];
  return { ...clean, LOG_LEVEL: 'warn', ...extra };
}

/** Runs `node <args>` in the checkout; resolves with its stdout, or throws unless its exit code is allowed. */
async function node(argv: readonly string[], childEnv: NodeJS.ProcessEnv, allowed: readonly number[] = [0]): Promise<string> {
  const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += String(chunk)));
  child.stderr.on('data', (chunk) => (err += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code === null || !allowed.includes(code)) throw new Error(`node ${argv.join(' ')} exited with ${code}: ${err}`);
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `npm start`'s server on the data directory; resolves once it answers. */
async function startServer(childEnv: NodeJS.ProcessEnv): Promise<{ origin: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['src/main.ts'], { cwd: REPO_ROOT, env: { ...childEnv, HOST: '127.0.0.1', PORT: String(port) }, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (Date.now() - started > 60_000) throw new Error('the server did not answer within a minute');
    const ready = await fetch(`${origin}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Listed {
  readonly id: string;
  readonly timezone?: string;
}

async function showcaseCustomer(origin: string, apiKey: string): Promise<Listed> {
  const get = async <T>(url: string): Promise<T> => (await (await fetch(`${origin}${url}`, { headers: { 'x-api-key': apiKey } })).json()) as T;
  const { data } = await get<{ data: Listed[] }>('/customers?limit=100&doNotCall=false&taskType=collections');
  let best: { customer: Listed; score: number } | undefined;
  for (const customer of data) {
    const tasks = await get<Array<{ explanation: { candidateZones?: string[]; moved?: boolean } }>>(`/customers/${encodeURIComponent(customer.id)}/tasks`);
    const zones = Math.max(0, ...tasks.map((t) => t.explanation.candidateZones?.length ?? 0));
    const score = zones * 100 + tasks.filter((t) => t.explanation.moved === true).length;
    if (customer.timezone && tasks.length > 0 && (!best || score > best.score)) best = { customer, score };
  }
  if (!best) throw new Error('no customer with a plan in the sample');
  return best.customer;
}

/** Scrolls an element to the top of the viewport (this file has no DOM types: the shape it needs). */
const toTop = (element: { scrollIntoView(options: { block: 'start' }): void }) => element.scrollIntoView({ block: 'start' });

async function shoot(page: Page, name: string): Promise<void> {
  const file = path.join(outDir, `console-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'callwise-screenshots-'));
try {
  const data = env({ DATA_DIR: path.join(work, 'data') });
  const sample = path.join(work, 'customers.csv');
  await node(['scripts/generate-sample-customers.ts', '--rows', args.rows, '--out', sample], env({}));
  const companyId = (await node(['bin/callwise.js', 'company', 'create', 'Acme Lending'], data)).trim().split('\n').at(-1)!;
  const keyOutput = await node(['bin/callwise.js', 'key', 'create', companyId, '--name', 'console'], data);
  const apiKey = /secret \(shown only now\): (\S+)/.exec(keyOutput)?.[1];
  if (!apiKey) throw new Error('no key secret in the CLI output');
  // Exit 1: the sample plants a few bad rows on purpose, and they are rejected.
  await node(['bin/callwise.js', 'import', companyId, sample, '--rejects', path.join(work, 'rejects.csv')], data, [0, 1]);

  const server = await startServer(data);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    mkdirSync(outDir, { recursive: true });
    const page = await (await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })).newPage();
    await page.goto(`${server.origin}/console`);
    await page.getByLabel('API key').waitFor();
    await shoot(page, 'sign-in');

    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await shoot(page, 'customers');

    // The customer whose plan shows the most: the most candidate zones, then the most attempts moved.
    const customer = await showcaseCustomer(server.origin, apiKey);
    await page.goto(`${server.origin}/console#/customers/${encodeURIComponent(customer.id)}`);
    await page.locator('svg.plan-chart').waitFor();
    const moved = page.locator('svg.plan-chart .attempt.moved');
    // The mark itself: a moved attempt's group spans back to where it wanted to be, and its middle is background.
    await ((await moved.count()) > 0 ? moved.first() : page.locator('svg.plan-chart .attempt').first()).locator('.mark').first().click();
    await page.locator('#explanation').waitFor();
    await page.getByRole('heading', { name: 'The plan' }).evaluate(toTop);
    await shoot(page, 'customer-plan');

    const zone = customer.timezone!;
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: zone });
    await page.getByLabel(`At this time in ${zone}`).fill(`${tomorrow}T07:30`);
    await page.getByRole('button', { name: 'Check that time' }).click();
    await page.locator('#what-if-answer .reasons, #what-if-answer .allowed').first().waitFor();
    await page.locator('#customer-title').evaluate(toTop);
    await shoot(page, 'what-if');

    await page.getByText('Record a call').click();
    await page.getByRole('heading', { name: 'Act' }).evaluate(toTop);
    await shoot(page, 'act');

    await page.goto(`${server.origin}/console#/dialling`);
    await page.getByRole('heading', { name: /^Dialling/ }).waitFor();
    await shoot(page, 'dialling');
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
