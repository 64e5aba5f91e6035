// The console's screenshots for the README: `npm run screenshots` writes docs/images/console-*.png.
//
// Everything happens as a user would do it (scripts/sample-server.ts): the sample customers
// imported with the CLI into a fresh embedded database in a temporary directory, `npm start`'s
// server on it, and Chromium at 1280 × 900 on the pages the README shows — signing in, the
// customers, one customer's plan drawn with an attempt's explanation open, a what-if answer, its
// actions, and the company's dialling. Plans are made from the day the script runs, so the images
// change with the date, not with anything else.
//
//   node scripts/screenshots.ts [--rows 300] [--out docs/images]

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, REPO_ROOT, startSampleServer } from './sample-server.ts';

const VIEWPORT = { width: 1280, height: 900 };

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '300' },
    out: { type: 'string', default: 'docs/images' },
  },
});
const outDir = path.resolve(REPO_ROOT, args.out);

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
  // Chromium first: without it there is nothing to import the sample for.
  const browser = await launchChromium();
  const server = await startSampleServer(work, Number(args.rows)).catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  const { apiKey } = server;
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
