/**
 * /console's files: served without a key (the API behind them takes one), each with a strict
 * Content-Security-Policy and nosniff, the console's TypeScript served as JavaScript with its
 * types stripped, nothing else under /console, and nothing of the console in the OpenAPI document.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('the console files', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('pglite');
  });
  after(async () => t?.close());

  it('serves the page with a strict policy that allows its import map by hash and nothing else inline', async () => {
    const res = await t.request('GET', '/console', { key: null });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    for (const directive of [
      "default-src 'none'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]) {
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    const importMap = /<script type="importmap">(.*?)<\/script>/s.exec(res.body)?.[1] as string;
    assert.ok(importMap, 'the page has an import map');
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(importMap).digest('base64')}'`), 'the import map is allowed by its hash');
    assert.equal((await t.request('GET', '/console/', { key: null })).statusCode, 200);
  });

  it('serves the console modules as JavaScript, types stripped, and the client and openapi-fetch they import', async () => {
    for (const path of [
      '/console/app/main.ts',
      '/console/app/customer-page.ts',
      '/console/compliance/holidays.ts',
      '/console/client/index.js',
      '/console/vendor/openapi-fetch.js',
    ]) {
      const res = await t.request('GET', path, { key: null });
      assert.equal(res.statusCode, 200, path);
      assert.match(String(res.headers['content-type']), /^text\/javascript/, path);
      assert.ok(String(res.headers['content-security-policy']).length > 0, path);
    }
    const page = (await t.request('GET', '/console/app/customer-page.ts', { key: null })).body;
    assert.doesNotMatch(page, /import type|: HTMLElement/, 'types are stripped');
    const css = await t.request('GET', '/console/console.css', { key: null });
    assert.match(String(css.headers['content-type']), /^text\/css/);
  });

  it('serves nothing else: other paths, the tsconfig and traversal are 404 problems', async () => {
    for (const path of [
      '/console/app/nope.ts',
      '/console/app/tsconfig.json',
      '/console/app/..%2F..%2Fpackage.json',
      '/console/../package.json',
      '/console/vendor/x.js',
    ]) {
      const res = await t.request('GET', path, { key: null });
      assert.equal(res.statusCode, 404, path);
      assert.match(String(res.headers['content-type']), /problem\+json/, path);
    }
  });

  it('is not part of the API document', async () => {
    const doc = (await t.request('GET', '/openapi.json', { key: null })).json<{ paths: Record<string, unknown> }>();
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/console')));
  });
});
