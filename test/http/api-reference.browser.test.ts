/**
 * The API reference page (/docs) in a real browser (Debian's Chromium, headless, driven by
 * playwright-core): every request the page makes — scripts, styles, fonts, the document, anything
 * its code fetches — must go to the server that served it. Requests anywhere else are refused and
 * recorded, so one the page needs fails the test rather than passing offline by luck. Then it is
 * used as a reader would: the API key scheme is already selected, the server is the one opened,
 * none of Scalar's hosted features is offered, and "Test Request" sends the pasted key to this
 * server and gets the answer.
 *
 * Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium; .ci/run installs it). Without it the
 * test is skipped — except in CI (CI=true), where a missing browser fails it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, listenForBrowser, skipWithoutChromium } from '../helpers/browser.ts';

describe('the API reference page in a browser', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;

  before(async () => {
    t = await startTestApp('pglite');
    origin = await listenForBrowser(t);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads everything from the server, and tries its API there with the pasted key', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const own: string[] = [];
    const elsewhere: string[] = [];
    // Every request of the page and its workers passes here: this server's go on, others are
    // refused and recorded.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) {
        own.push(`${route.request().method()} ${new URL(url).pathname}`);
        await route.continue();
      } else {
        elsewhere.push(url);
        await route.abort('blockedbyclient');
      }
    });
    const page = await context.newPage();
    page.on('websocket', (socket) => elsewhere.push(socket.url()));

    await page.goto(`${origin}/docs`);
    await page.getByRole('heading', { name: 'Callwise API' }).waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    assert.deepEqual(elsewhere, [], 'requests to other hosts');
    for (const loaded of ['GET /docs', 'GET /docs/js/scalar.js', 'GET /openapi.json']) assert.ok(own.includes(loaded), `${loaded}: ${own.join(', ')}`);

    // The server the examples address is the one the page was opened on; the key scheme is chosen.
    const text = await page.locator('body').innerText();
    assert.ok(text.includes(origin), 'the examples name this server');
    assert.match(text, /Selected Auth Type:\s*apiKey/);
    for (const hosted of ['Ask AI', 'Generate MCP', 'Developer Tools', 'Deploy', 'Open API Client']) {
      assert.ok(!text.includes(hosted), `"${hosted}" is offered`);
    }

    // "Test Request" on List customers: paste the key, send, get this server's answer.
    await page.getByRole('link', { name: 'List customers' }).first().click();
    await page
      .locator('section[id$="/GET/customers"]')
      .getByRole('button', { name: /Test Request/ })
      .click();
    const client = page.getByRole('dialog');
    await client.waitFor();
    await client.getByLabel('Value', { exact: true }).first().fill(t.apiKey);
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/customers'),
      client.getByRole('button', { name: /^Send/ }).first().click(),
    ]);
    assert.equal(new URL(response.url()).origin, origin);
    assert.equal(response.request().headers()['x-api-key'], t.apiKey);
    assert.equal(response.status(), 200);
    assert.deepEqual(await response.json(), { data: [], hasMore: false, nextCursor: null });

    await page.waitForLoadState('networkidle');
    assert.deepEqual(elsewhere, [], 'requests to other hosts');
    await context.close();
  });
});
