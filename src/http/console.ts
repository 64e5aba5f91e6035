/**
 * The operator console at /console: a few static files, all of them read and prepared once when
 * the app is built, served from memory. There is no build step: the console's TypeScript
 * (src/console/) has its types stripped by Node's own stripper (the one that runs this server's
 * sources), the typed API client (clients/typescript/) is plain JavaScript already, and
 * openapi-fetch ships an ES module. The browser loads them as modules through an import map.
 *
 * The pages are held to a strict Content-Security-Policy: scripts, styles and requests only from
 * this server, the import map allowed by its hash, nothing inline otherwise, no framing. The API
 * key never reaches this route: the console keeps it in sessionStorage and sends it in X-API-Key
 * to the API, which scopes everything to that key's company.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import type { FastifyReply } from 'fastify';
import type { App } from './typed-app.ts';
import { sendProblem } from './problems.ts';

const CONSOLE_DIR = new URL('../console/', import.meta.url);
const COMPLIANCE_DIR = new URL('../compliance/', import.meta.url);
/** Pure modules of the compliance engine the console reuses: the federal holidays shaded on the plan. */
const SHARED_COMPLIANCE_MODULES = ['holidays.ts', 'calendar.ts'];
const CLIENT_FILE = new URL('../../clients/typescript/index.js', import.meta.url);

interface Asset {
  readonly type: string;
  readonly body: string;
}

const JS = 'text/javascript; charset=utf-8';

/** The import map: the bare names the console's modules import, and where this server serves them. */
const IMPORT_MAP = JSON.stringify({
  imports: { '@callwise/client': '/console/client/index.js', 'openapi-fetch': '/console/vendor/openapi-fetch.js' },
});

/**
 * The page. Every module is named in a modulepreload link, so the browser asks for all of them at
 * once instead of discovering them import by import (five levels deep: a few round trips each).
 */
function consolePage(modules: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Callwise console</title>
<link rel="stylesheet" href="/console/console.css">
<script type="importmap">${IMPORT_MAP}</script>
${modules.map((url) => `<link rel="modulepreload" href="${url}">`).join('\n')}
<script type="module" src="/console/app/main.ts"></script>
</head>
<body>
<div id="app" aria-live="polite"><p>Loading the console…</p></div>
<noscript>The Callwise console needs JavaScript.</noscript>
</body>
</html>
`;
}

const CONSOLE_CSP = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * TypeScript → JavaScript by erasing the types, as Node does for the server's own modules. The
 * function is still marked experimental (its options may change; erasing types will not), and
 * says so once per process on stderr: that one warning is held back, since every start would
 * print it to an operator who can do nothing about it. A change to the function fails the
 * console's tests.
 */
function stripTypes(source: string): string {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning: string | Error, ...rest: never[]) => {
    if (!String(warning).includes('stripTypeScriptTypes')) emitWarning(warning, ...rest);
  };
  try {
    return stripTypeScriptTypes(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Every file of the console by URL path; nothing else under /console is served. */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(CONSOLE_DIR)) {
    const text = readFileSync(new URL(name, CONSOLE_DIR), 'utf8');
    if (name.endsWith('.ts')) assets.set(`/console/app/${name}`, { type: JS, body: stripTypes(text) });
    else if (name.endsWith('.css')) assets.set(`/console/${name}`, { type: 'text/css; charset=utf-8', body: text });
  }
  for (const name of SHARED_COMPLIANCE_MODULES) {
    const text = readFileSync(new URL(name, COMPLIANCE_DIR), 'utf8');
    assets.set(`/console/compliance/${name}`, { type: JS, body: stripTypes(text) });
  }
  assets.set('/console/client/index.js', { type: JS, body: readFileSync(CLIENT_FILE, 'utf8') });
  // The package's ES module build: one file without imports.
  assets.set('/console/vendor/openapi-fetch.js', { type: JS, body: readFileSync(new URL(import.meta.resolve('openapi-fetch')), 'utf8') });
  const modules = [...assets].filter(([, asset]) => asset.type === JS).map(([url]) => url);
  assets.set('/console', { type: 'text/html; charset=utf-8', body: consolePage(modules) });
  return assets;
}

function send(reply: FastifyReply, asset: Asset): FastifyReply {
  return reply
    .header('content-type', asset.type)
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-cache')
    .send(asset.body);
}

export function consoleRoutes(app: App): void {
  // Read and stripped on the first request, not at start-up: a server that nobody opens the
  // console on should not carry its files, nor spend its start on them.
  let assets: Map<string, Asset> | undefined;
  const loaded = () => (assets ??= loadAssets());
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => send(reply, loaded().get('/console') as Asset));
  app.get('/console/*', { schema: { hide: true } }, async (request, reply) => {
    const path = (request.url.split('?')[0] as string).replace(/\/+$/, '');
    const asset = loaded().get(path);
    if (!asset) return sendProblem(request, reply, 'not_found', 'No such file in the console.');
    return send(reply, asset);
  });
}
