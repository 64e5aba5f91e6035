/**
 * The operator console in a browser, for the console's suites: a page whose requests may reach
 * only the test server (anything else is recorded and refused), recording script errors and
 * Content-Security-Policy violations, and signing in with a key.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';

export interface ConsolePage {
  readonly page: Page;
  /** Requests elsewhere, errors logged, script errors: a suite expects none. */
  readonly problems: string[];
  /** Closes the page's context, checking it holds no cookie. */
  readonly close: () => Promise<void>;
}

export async function openConsole(browser: Browser, origin: string): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  await context.route('**/*', async (route) => {
    if (new URL(route.request().url()).origin === origin) await route.continue();
    else {
      problems.push(`request elsewhere: ${route.request().url()}`);
      await route.abort('blockedbyclient');
    }
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    // Chromium logs every 4xx answer as a failed load; a refused key, another company's customer
    // and a refused action are such answers, on purpose. Anything else logged as an error is a problem.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 40[0-9]/.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/console`);
  return {
    page,
    problems,
    close: async () => {
      assert.deepEqual(await context.cookies(), [], 'the console sets no cookie');
      await context.close();
    },
  };
}

export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
