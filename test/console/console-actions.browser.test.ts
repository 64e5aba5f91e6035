/**
 * The console's actions in a real browser (Debian's Chromium, driven by playwright-core) against
 * a server this test starts: stop and resume a schedule, rebuild it, record a call, pause and
 * resume dialling. Each asks first, naming the borrower or the company; cancelling changes
 * nothing; confirming changes the server, the page is drawn again from the API, and the audit
 * trail names the key. Every request goes to this server, without one CSP violation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, listenForBrowser, skipWithoutChromium } from '../helpers/browser.ts';
import { openConsole, signIn, type ConsolePage } from '../helpers/console.ts';

interface Task {
  id: string;
  status: string;
}

describe('the console acts, after a confirmation', { skip: skipWithoutChromium, timeout: 240_000 }, () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;

  const customer = async (id: string) => (await t.request('GET', `/customers/${id}`)).json<{ scheduleStoppedAt?: string; stopReason?: string }>();
  const pendingIds = async (id: string) =>
    (await t.request('GET', `/customers/${id}/tasks?status=scheduled`))
      .json<Task[]>()
      .map((task) => task.id)
      .sort();
  const callCount = async (id: string) => (await t.request('GET', `/calls/customer/${id}`)).json<unknown[]>().length;

  before(async () => {
    t = await startTestApp('pglite');
    origin = await listenForBrowser(t);
    for (const [id, firstName, lastName] of [
      ['ACT-STOP', 'Sam', 'Stone'],
      ['ACT-REBUILD', 'Rita', 'Berg'],
      ['ACT-CALL', 'Carl', 'Diaz'],
    ] as const) {
      const res = await t.request('POST', '/customers', { body: customerBody({ id, firstName, lastName }) });
      assert.equal(res.statusCode, 201, res.body);
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function customerPage(id: string, heading: RegExp): Promise<ConsolePage> {
    const opened = await openConsole(browser, origin);
    await signIn(opened.page, t.apiKey);
    await opened.page.getByRole('heading', { name: 'Customers' }).waitFor();
    await opened.page.goto(`${origin}/console#/customers/${id}`);
    await opened.page.getByRole('heading', { name: heading }).waitFor();
    return opened;
  }

  /** Answers the next confirmation and returns its question. */
  function answerNext(page: Page, accept: boolean): Promise<string> {
    return new Promise((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void (accept ? dialog.accept() : dialog.dismiss());
      }),
    );
  }

  /** The first row of the audit trail: the newest change. */
  const newestAuditLine = (page: Page) => page.locator('table.audit tbody tr').first().innerText();

  it('stops a schedule, then resumes it; cancelling either changes nothing', async () => {
    const { page, problems, close } = await customerPage('ACT-STOP', /Sam Stone/);
    const planned = await pendingIds('ACT-STOP');
    assert.ok(planned.length > 0);

    let question = answerNext(page, false);
    await page.getByRole('button', { name: 'Stop the schedule' }).click();
    assert.match(await question, /Stop the schedule of Sam Stone \(ACT-STOP\)\?/);
    await page.getByText('Cancelled: nothing was changed.').waitFor();
    assert.equal((await customer('ACT-STOP')).scheduleStoppedAt, undefined);
    assert.deepEqual(await pendingIds('ACT-STOP'), planned);

    question = answerNext(page, true);
    await page.getByRole('button', { name: 'Stop the schedule' }).click();
    await question;
    await page.getByRole('button', { name: 'Resume the schedule' }).waitFor();
    assert.match(await page.locator('#calling-status').innerText(), /Schedule stopped by an operator/);
    assert.equal(await page.locator('svg.plan-chart .attempt').count(), 0, 'nothing left on the plan');
    assert.ok((await customer('ACT-STOP')).scheduleStoppedAt);
    assert.deepEqual(await pendingIds('ACT-STOP'), []);
    let line = await newestAuditLine(page);
    assert.match(line, /schedule\.stopped/);
    assert.ok(line.includes(t.apiKey.slice(0, 9)), 'the key that did it');

    question = answerNext(page, false);
    await page.getByRole('button', { name: 'Resume the schedule' }).click();
    assert.match(await question, /Resume the schedule of Sam Stone \(ACT-STOP\)\?/);
    await page.getByText('Cancelled: nothing was changed.').waitFor();
    assert.ok((await customer('ACT-STOP')).scheduleStoppedAt, 'still stopped');

    question = answerNext(page, true);
    await page.getByRole('button', { name: 'Resume the schedule' }).click();
    await question;
    await page.getByRole('button', { name: 'Stop the schedule' }).waitFor();
    assert.ok((await page.locator('svg.plan-chart .attempt').count()) > 0, 'a plan is drawn again');
    assert.equal((await customer('ACT-STOP')).scheduleStoppedAt, undefined);
    line = await newestAuditLine(page);
    assert.match(line, /schedule\.resumed/);
    assert.match(line, /scheduleStoppedAt/);
    assert.deepEqual(problems, []);
    await close();
  });

  it('rebuilds the plan from the keyboard; cancelling keeps the attempts as they were', async () => {
    const { page, problems, close } = await customerPage('ACT-REBUILD', /Rita Berg/);
    const before = await pendingIds('ACT-REBUILD');
    const button = page.getByRole('button', { name: 'Rebuild the plan' });

    let question = answerNext(page, false);
    await button.focus();
    await page.keyboard.press('Enter');
    assert.match(await question, /Rebuild the plan of Rita Berg \(ACT-REBUILD\)\?/);
    await page.getByText('Cancelled: nothing was changed.').waitFor();
    assert.deepEqual(await pendingIds('ACT-REBUILD'), before);

    question = answerNext(page, true);
    await button.focus();
    await page.keyboard.press('Enter');
    await question;
    await page.locator('table.audit').getByText('schedule.rebuilt').waitFor();
    const after = await pendingIds('ACT-REBUILD');
    assert.equal(after.length, before.length);
    assert.ok(
      after.every((id) => !before.includes(id)),
      'a fresh plan',
    );
    assert.ok((await page.locator('svg.plan-chart .attempt').count()) > 0);
    assert.deepEqual(problems, []);
    await close();
  });

  it('records a call: a refusal names the field, cancelling records nothing, and the page shows its effects', async () => {
    const { page, problems, close } = await customerPage('ACT-CALL', /Carl Diaz/);
    await page.getByText('Record a call').click();
    const form = page.locator('form.record-call');

    // Refused by the server, every failing field by its label: a callback request without its time.
    await form.getByLabel('Asked to be called back — CALLBACK_REQUEST').check();
    let question = answerNext(page, true);
    await form.getByRole('button', { name: 'Record the call' }).click();
    assert.match(await question, /Record a call with Carl Diaz \(ACT-CALL\) at /);
    await page
      .locator('#record-call-message')
      .getByText(/Not changed: .*Call back at:/)
      .waitFor();
    assert.equal(await callCount('ACT-CALL'), 0);
    await form.getByLabel('Asked to be called back — CALLBACK_REQUEST').uncheck();

    // Caught before any request: a time that is not one.
    await form.getByLabel(/^When/).fill('');
    await form.getByRole('button', { name: 'Record the call' }).click();
    await page.locator('#record-call-message').getByText('Not recorded: When: enter a date and a time.').waitFor();
    const now = new Date(Date.now() - 60_000).toLocaleString('sv-SE', { timeZone: 'America/Los_Angeles' }).slice(0, 16).replace(' ', 'T');
    await form.getByLabel(/^When/).fill(now);

    await form.getByLabel('Outcome').selectOption('conversation');
    await form.getByLabel('Represented by an attorney (stops calls) — ATTORNEY_REP').check();
    await form.getByLabel('Duration (seconds)').fill('95');
    await form.getByLabel('Summary').fill('Borrower gave the name of a lawyer.');

    question = answerNext(page, false);
    await form.getByRole('button', { name: 'Record the call' }).click();
    assert.match(await question, /conversation, ATTORNEY_REP/);
    await page.locator('#record-call-message').getByText('Cancelled: nothing was changed.').waitFor();
    assert.equal(await callCount('ACT-CALL'), 0);

    question = answerNext(page, true);
    await form.getByRole('button', { name: 'Record the call' }).click();
    await question;
    await page
      .locator('#calling-status')
      .getByText(/Calls stopped: ATTORNEY_REP/)
      .waitFor();
    assert.equal(await callCount('ACT-CALL'), 1);
    assert.match(await page.locator('ul.calls').innerText(), /outbound conversation .*\[ATTORNEY_REP\], 95 s/);
    assert.equal(await page.locator('svg.plan-chart .attempt').count(), 0, 'the stop cancelled the plan');
    const line = await newestAuditLine(page);
    assert.match(line, /call\.recorded/);
    assert.ok(!line.includes('lawyer') && !line.includes('ATTORNEY_REP'), 'field names only, never values');
    assert.deepEqual(problems, []);
    await close();
  });

  it('pauses and resumes dialling for the company, named in the question, on the company trail', async () => {
    const { page, problems, close } = await openConsole(browser, origin);
    await signIn(page, t.apiKey);
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dialling' }).click();
    const company = (await t.request('GET', '/dispatch')).json<{ companyName: string }>().companyName;
    await page.getByRole('heading', { name: `Dialling — ${company}` }).waitFor();

    let question = answerNext(page, false);
    await page.getByRole('button', { name: 'Pause dialling' }).click();
    assert.equal((await question).split('\n')[0], `Pause dialling for ${company}?`);
    await page.getByText('Cancelled: nothing was changed.').waitFor();
    assert.equal((await t.request('GET', '/dispatch')).json<{ paused: boolean }>().paused, false);

    question = answerNext(page, true);
    await page.getByRole('button', { name: 'Pause dialling' }).click();
    await question;
    await page.getByRole('button', { name: 'Resume dialling' }).waitFor();
    assert.match(await page.locator('#dialling-status').innerText(), /^Paused since /);
    assert.equal((await t.request('GET', '/dispatch')).json<{ paused: boolean }>().paused, true);
    const line = await newestAuditLine(page);
    assert.match(line, /dispatch\.paused/);
    assert.match(line, /the company/);
    assert.ok(line.includes(t.apiKey.slice(0, 9)));

    question = answerNext(page, true);
    await page.getByRole('button', { name: 'Resume dialling' }).click();
    assert.equal((await question).split('\n')[0], `Resume dialling for ${company}?`);
    await page.getByRole('button', { name: 'Pause dialling' }).waitFor();
    assert.equal((await t.request('GET', '/dispatch')).json<{ paused: boolean }>().paused, false);
    assert.match(await newestAuditLine(page), /dispatch\.resumed/);
    // The company trail links each customer's change to the customer.
    await page.locator('table.audit').getByRole('link', { name: 'ACT-CALL' }).first().waitFor();
    assert.deepEqual(problems, []);
    await close();
  });

  it('names the webhook endpoint a change on the company trail was made to, never its URL', async () => {
    const created = await t.request('POST', '/webhook-endpoints', { body: { url: 'http://127.0.0.1:9/hooks/token-in-path', eventTypes: ['call.completed'] } });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json<{ endpoint: { id: string } }>().endpoint;
    const { page, problems, close } = await openConsole(browser, origin);
    await signIn(page, t.apiKey);
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dialling' }).click();
    await page.locator('table.audit').getByText('webhook_endpoint.created').waitFor();
    const line = await newestAuditLine(page);
    assert.ok(line.includes(`webhook endpoint ${id}`), line);
    assert.match(line, /url, eventTypes/);
    assert.ok(!line.includes('token-in-path'), 'field names only, never the URL');
    assert.deepEqual(problems, []);
    await close();
  });
});
