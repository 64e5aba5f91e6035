/**
 * The API reference page (/docs) as the server sends it: the HTML, the script it loads and the
 * configuration it hands that script. Nothing in them may point anywhere but this server, and every
 * option of Scalar's that reaches a hosted service is off (src/http/api-reference.ts).
 * test/http/api-reference.browser.test.ts loads the page in a real browser and watches its network.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** A URL with a scheme (https:, data:, javascript:…) or a protocol-relative one (//host). */
const NOT_RELATIVE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** The object the page passes to Scalar.createApiReference. */
function pageConfiguration(html: string): Record<string, unknown> {
  const match = /createApiReference\(\s*'#app'\s*,\s*(\{[\s\S]*\})\s*\)/.exec(html);
  assert.ok(match, `the page starts the reference: ${html}`);
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

/** Every string in a JSON value, with where it is. */
function strings(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${at}/${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, `${at}/${key}`));
  return [];
}

describe('the API reference page (/docs)', () => {
  let t: TestApp;
  let html: string;
  before(async () => {
    t = await startTestApp('pglite');
    const res = await t.request('GET', '/docs/', { key: null });
    assert.equal(res.statusCode, 200);
    html = res.body;
  });
  after(() => t.close());

  it('names no other host anywhere: its one script comes from this server', async () => {
    const references = [...html.matchAll(/\b(?:src|href|action|srcset|content)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!);
    assert.deepEqual(
      references.filter((ref) => !/^width=/.test(ref)),
      ['js/scalar.js'],
    );
    assert.doesNotMatch(html, /<link\b|@import|url\(/i, 'no stylesheet, font or import');
    assert.doesNotMatch(html, /(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+/i, 'no absolute URL at all');

    const script = await t.request('GET', '/docs/js/scalar.js', { key: null });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.ok(script.body.length > 100_000, 'the bundled reference, not a loader');
  });

  it('turns off every option that reaches a hosted service, and selects the API key', async () => {
    const config = pageConfiguration(html);
    assert.equal(config.withDefaultFonts, false, 'fonts would come from Scalar’s font host');
    assert.equal(config.telemetry, false);
    assert.deepEqual(config.agent, { disabled: true }, 'the "Ask AI" agent is hosted by Scalar');
    assert.deepEqual(config.mcp, { disabled: true }, '"Generate MCP" opens Scalar’s dashboard');
    assert.equal(config.showDeveloperTools, 'never', 'Share and Deploy upload the document to Scalar');
    assert.equal(config.hideClientButton, true, 'the hosted API client');
    for (const option of ['proxyUrl', 'proxy', 'externalUrls', 'pluginUrls', 'cdn', 'favicon', 'customCss', 'sources']) {
      assert.equal(config[option], undefined, option);
    }
    for (const [at, value] of strings(config)) assert.doesNotMatch(value, NOT_RELATIVE, `${at} = ${value}`);

    assert.deepEqual(config.authentication, { preferredSecurityScheme: 'apiKey' });
    const doc = (await t.request('GET', String(config.url), { key: null })).json<{
      components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
      servers: Array<{ url: string }>;
    }>();
    assert.deepEqual(doc.components.securitySchemes.apiKey, { type: 'apiKey', in: 'header', name: 'X-API-Key' });
    // Relative: examples and "Test Request" address whatever host the page was opened on.
    assert.deepEqual(
      doc.servers.map((server) => server.url),
      ['/'],
    );
  });
});
