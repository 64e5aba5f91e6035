/**
 * The console's first page on a large embedded database: is the customers list usable in under a
 * second with 100,000 customers?
 *
 * The sample customers file (BENCH_CONSOLE_ROWS rows, default 103,500: about 3 % are planted bad
 * rows the import rejects, so a little over 100,000 are written) is imported with `callwise
 * import` into a fresh embedded database, and `npm start`'s server is started on it
 * (scripts/sample-server.ts). Then Chromium, signed in (the key already in the tab's
 * sessionStorage, as after signing in), navigates to each view and the time is taken in the page,
 * from the navigation's start to the moment its content is in the document (a MutationObserver
 * installed before any script runs):
 *
 * - the customers list (#/customers, its first page of 25): once on the server's first request
 *   (the console's files read and type-stripped, the database's caches cold), then
 *   BENCH_CONSOLE_TURNS times more (median and worst);
 * - a search that matches nothing (#/customers?search=…), the worst case of a search: the whole
 *   company walked for a page of matches;
 * - one customer's page (#/customers/<id>): the record, plan, calls, loans and audit trail.
 *
 * Run alone with `node bench/console.ts` (or `BENCH_ONLY=console npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, startSampleServer } from '../scripts/sample-server.ts';

export interface ConsoleTiming {
  readonly view: string;
  readonly firstMs: number;
  readonly medianMs: number;
  readonly worstMs: number;
}

export interface ConsoleBenchResult {
  readonly customers: number;
  readonly importMs: number;
  readonly timings: readonly ConsoleTiming[];
}

/** Records, in the page, when `rendered` (a JavaScript expression) first holds. */
const WATCH = (rendered: string) => `
  new MutationObserver((_, observer) => {
    if (${rendered}) {
      window.__rendered = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

/** Milliseconds from navigating to `url` until `rendered` holds, in a new tab of a signed-in session. */
async function timeView(browser: Browser, origin: string, apiKey: string, url: string, rendered: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(`sessionStorage.setItem('callwise.apiKey', ${JSON.stringify(apiKey)});${WATCH(rendered)}`);
    const page = await context.newPage();
    await page.goto(`${origin}${url}`);
    // A function, not a string: the console's Content-Security-Policy forbids eval, a string's way in.
    const at = await page.waitForFunction(() => (globalThis as { __rendered?: number }).__rendered, undefined, { timeout: 120_000 });
    return (await at.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

async function measure(turns: number, time: () => Promise<number>): Promise<{ firstMs: number; medianMs: number; worstMs: number }> {
  const firstMs = await time();
  const rest: number[] = [];
  for (let i = 0; i < turns; i++) rest.push(await time());
  rest.sort((a, b) => a - b);
  return { firstMs, medianMs: rest[Math.floor(rest.length / 2)] ?? firstMs, worstMs: rest.at(-1) ?? firstMs };
}

export async function runConsoleBench(): Promise<ConsoleBenchResult> {
  const rows = Number(process.env.BENCH_CONSOLE_ROWS ?? 103_500);
  const turns = Number(process.env.BENCH_CONSOLE_TURNS ?? 10);
  const work = mkdtempSync(path.join(os.tmpdir(), 'callwise-console-bench-'));
  const browser = await launchChromium();
  try {
    const server = await startSampleServer(work, rows);
    try {
      const view = (url: string, rendered: string) => () => timeView(browser, server.origin, server.apiKey, url, rendered);
      const rowSelector = "document.querySelector('table tbody tr')";
      const timings: ConsoleTiming[] = [];
      timings.push({ view: 'customers list, first page', ...(await measure(turns, view('/console#/customers', rowSelector))) });
      timings.push({
        view: 'search matching nothing (a full walk)',
        ...(await measure(
          Math.min(turns, 3),
          view('/console#/customers?search=Zzyzx-no-such-name', "document.querySelector('p.status')?.textContent === 'No customers match.'"),
        )),
      });
      // A customer by id is one index lookup wherever it sits: any of the company's will do.
      const page = (await (await fetch(`${server.origin}/customers?limit=1`, { headers: { 'x-api-key': server.apiKey } })).json()) as {
        data: Array<{ id: string }>;
      };
      const customerId = page.data[0]?.id;
      if (customerId === undefined) throw new Error('the import wrote no customer');
      timings.push({
        view: `one customer (${customerId})`,
        ...(await measure(turns, view(`/console#/customers/${encodeURIComponent(customerId)}`, "document.querySelector('#audit-title')"))),
      });
      return { customers: server.customers, importMs: server.importMs, timings };
    } finally {
      await server.stop();
    }
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

export function printConsole(result: ConsoleBenchResult): void {
  console.log(
    `\nConsole on the embedded database: ${result.customers.toLocaleString('en-US')} customers (imported in ${(result.importMs / 1000).toFixed(1)} s); navigation start → content rendered, ms`,
  );
  console.log('| view | first (cold server) | median | worst |');
  console.log('|---|---:|---:|---:|');
  for (const t of result.timings) console.log(`| ${t.view} | ${Math.round(t.firstMs)} | ${Math.round(t.medianMs)} | ${Math.round(t.worstMs)} |`);
  const list = result.timings[0];
  if (list) console.log(`customers list under a second: ${list.worstMs < 1000 && list.firstMs < 1000 ? 'yes' : 'NO'} (target < 1,000 ms)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printConsole(await runConsoleBench());
}
