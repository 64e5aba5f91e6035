/**
 * The operator console in a real browser (Debian's Chromium, headless, driven by playwright-core)
 * against a server this test starts: a wrong key refused, sign in, search, open a customer (SSN
 * and birthday masked), read an attempt's explanation, ask what-if, and another company's
 * customer unreachable by URL. Every request must go to this server, the key must stay out of
 * cookies, and the page must run without a single Content-Security-Policy violation.
 *
 * Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium; .ci/run installs it). Without it the
 * test is skipped — except in CI (CI=true), where a missing browser fails it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, listenForBrowser, skipWithoutChromium } from '../helpers/browser.ts';
import { openConsole as openConsoleAt, signIn } from '../helpers/console.ts';

describe('the operator console in a browser', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;

  before(async () => {
    t = await startTestApp('pglite');
    origin = await listenForBrowser(t);
    const created = await t.request('POST', '/customers', {
      body: customerBody({ id: 'CUST-1001', firstName: 'Ana', lastName: 'Reyes', ssnLastFour: '6789', birthday: '1985-06-15' }),
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'CUST-DNC', firstName: 'Dana', lastName: 'Cole' }) })).statusCode, 201);
    const other = await t.request('POST', '/customers', { key: t.otherApiKey, body: customerBody({ id: 'OTHER-1', firstName: 'Olive' }) });
    assert.equal(other.statusCode, 201, other.body);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const openConsole = () => openConsoleAt(browser, origin);

  it('refuses a wrong key, then signs in, searches, opens a customer and explains an attempt', async () => {
    const { page, problems, close } = await openConsole();
    await signIn(page, 'cw_wrong_key_00000000000000000000');
    await page.getByRole('alert').filter({ hasText: 'This key was refused' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'a refused key is not kept');

    await signIn(page, t.apiKey);
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('callwise.apiKey')), t.apiKey, 'the key is kept for the tab');

    await page.getByLabel('Search by id, name or phone').fill('reyes');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/#\/customers\?search=reyes/);
    const link = page.getByRole('link', { name: 'CUST-1001' });
    await link.waitFor();
    await link.click();

    await page.getByRole('heading', { name: /Ana Reyes/ }).waitFor();
    const record = await page.locator('table.record').innerText();
    assert.ok(!record.includes('6789') && !record.includes('1985'), 'SSN digits and birthday are masked');
    assert.match(await page.locator('[data-field="ssnLastFour"]').innerText(), /on file/);
    assert.match(await page.locator('#calling-status').innerText(), /Calls may go ahead/);

    // The plan is drawn against the lawful window of the borrower's zone and, once the engine has
    // answered, the stretches in which every rule lets a call start; each attempt explained.
    // The legend's swatch shares the class and is drawn before the engine answers; wait for the row.
    await page.locator('svg.plan-chart .zone-label').filter({ hasText: 'every rule' }).waitFor();
    assert.deepEqual(await page.locator('svg.plan-chart .zone-label').allTextContents(), ['every rule', 'America/Los_Angeles']);
    const stretches = await page.locator('svg.plan-chart .engine-lawful title').allTextContents();
    assert.ok(stretches.length >= 6, `about one stretch a day: ${stretches.length}`);
    assert.ok((await page.locator('svg.plan-chart .attempt').count()) > 0, 'attempts are drawn');
    await page.locator('.attempt-button').first().click();
    const explanation = page.locator('#explanation');
    await explanation.waitFor();
    assert.match(await explanation.innerText(), /Attempt 1 of 10/);
    assert.match(await explanation.innerText(), /Candidate zones\s*America\/Los_Angeles/);
    // The chart's marks open explanations too, from the keyboard.
    await page.locator('svg.plan-chart .attempt').nth(1).focus();
    await page.keyboard.press('Enter');
    assert.match(await page.locator('#explanation').innerText(), /Attempt 2 of 10/);

    // What-if at 06:30 in Los Angeles: refused for calling hours, with the citation and the next lawful time.
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
    await page.getByLabel('At this time in America/Los_Angeles').fill(`${tomorrow}T06:30`);
    await page.getByRole('button', { name: 'Check that time' }).click();
    const answer = page.locator('#what-if-answer');
    await answer.getByText('No: a call then is not lawful.').waitFor();
    const text = await answer.innerText();
    assert.match(text, /OUTSIDE_CALLING_HOURS/);
    assert.match(text, /12 CFR 1006\.6\(b\)\(1\)\(i\)/);
    assert.match(text, /Next lawful time: .*(08:00|0[89]:\d\d).*America\/Los_Angeles/);

    assert.deepEqual(problems, [], 'no request elsewhere, no CSP violation, no script error');
    await close();
  });

  it('marks do-not-call only after a confirmation; the plan empties and the audit trail names the key', async () => {
    const { page, problems, close } = await openConsole();
    await signIn(page, t.apiKey);
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.goto(`${origin}/console#/customers/CUST-DNC`);
    await page.getByRole('heading', { name: /Dana Cole/ }).waitFor();
    assert.ok((await page.locator('svg.plan-chart .attempt').count()) > 0);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Mark do not call' }).click();
    await page.getByText('Cancelled: nothing was changed.').waitFor();
    assert.equal((await t.request('GET', '/customers/CUST-DNC')).json<{ doNotCall: boolean }>().doNotCall, false);

    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Mark do not call' }).click();
    await page.getByText('Marked do not call: nothing is planned or dialled.').waitFor();
    assert.match(question, /Mark Dana Cole \(CUST-DNC\) do not call\?/);
    assert.match(await page.locator('#calling-status').innerText(), /Do not call/);
    assert.equal(await page.locator('svg.plan-chart .attempt').count(), 0, 'nothing left on the plan');
    await page.getByText('Nothing to draw: the plan has no attempts.').waitFor();
    const trail = await page.locator('table.audit').innerText();
    assert.match(trail, /customer\.updated/);
    assert.match(trail, /doNotCall/);
    assert.ok(trail.includes(t.apiKey.slice(0, 9)), 'the key that did it');
    assert.equal((await t.request('GET', '/customers/CUST-DNC')).json<{ doNotCall: boolean }>().doNotCall, true);
    assert.deepEqual(problems, []);
    await close();
  });

  it("shows another company's customer as not found, even by URL", async () => {
    const { page, problems, close } = await openConsole();
    await signIn(page, t.apiKey);
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.goto(`${origin}/console#/customers/OTHER-1`);
    await page.getByRole('heading', { name: 'Customer not found' }).waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes('Olive'));
    assert.deepEqual(problems, []);
    await close();
  });
});
