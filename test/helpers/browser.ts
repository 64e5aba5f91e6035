/**
 * Debian's Chromium for the browser tests, driven by playwright-core (never a downloaded browser).
 * CHROMIUM_PATH overrides /usr/bin/chromium. Without it a browser test is skipped, except in CI
 * (CI=true), where a missing browser fails it: .ci/run installs Chromium.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { TestApp } from './app.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The `skip` option of a browser suite: a reason outside CI when Chromium is missing, else false. */
export const skipWithoutChromium: string | false =
  !existsSync(CHROMIUM) && process.env.CI !== 'true' && `needs Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;

/** Headless Chromium, with no background traffic to other hosts (this machine's network is closed). */
export async function launchChromium(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM}`);
  // Imported here, so that a skipped run needs neither the browser nor the package.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Puts the test app on a loopback port for the browser and returns its origin. */
export async function listenForBrowser(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}
