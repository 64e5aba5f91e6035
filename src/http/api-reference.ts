/**
 * The API's own description: the OpenAPI document at /openapi.json, built from the routes'
 * schemas, and the reference page at /docs that renders it (Scalar, whose script the server
 * bundles and serves itself).
 *
 * The page is for people reading the API on their own server, often on a network that reaches
 * nothing else, and about personal data: it loads nothing from anywhere but this server, offers
 * no hosted service (Scalar's AI agent, MCP generator, developer tools with share and deploy, the
 * hosted API client) and sends no telemetry. Its examples name the server the reader opened, and
 * it starts with the API key scheme selected, the only one there is.
 */
import swagger from '@fastify/swagger';
import type { ApiReferenceConfiguration } from '@scalar/fastify-api-reference';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { App } from './typed-app.ts';
import { webhookDocs } from '../schemas/webhooks.ts';

/** The name of the API key scheme in the document; routes refer to it in their `security`. */
const API_KEY_SCHEME = 'apiKey';

/**
 * Scalar's options, each one that would reach outside the server turned off. `withDefaultFonts`
 * would load its fonts from Scalar's font host; `agent` is the "Ask AI" chat (on by default when
 * the page is opened on localhost); `mcp` the "Generate MCP" link to Scalar's dashboard;
 * `showDeveloperTools` the toolbar whose Share and Deploy upload the document to Scalar;
 * `hideClientButton` the button that opens the document in Scalar's hosted client. Requests the
 * reader sends from the page ("Test Request") go straight to this server: no `proxyUrl` is set.
 */
const REFERENCE_PAGE_CONFIGURATION = {
  url: '/openapi.json',
  pageTitle: 'Callwise API reference',
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
  hideClientButton: true,
  documentDownloadType: 'json',
  authentication: { preferredSecurityScheme: API_KEY_SCHEME },
} satisfies Partial<ApiReferenceConfiguration>;

export async function registerApiReference(app: App): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Callwise API',
        version: '0.1.0',
        description:
          "Customers (borrowers), their lawful call schedules and the compliance checks behind them. Authenticate every call with your company's API key in the X-API-Key header. Errors are RFC 9457 problems with a stable `code`, a `requestId` and, for invalid input, `errors[]` listing every failing field.",
      },
      // Relative: the server that served this document, whatever name or port it was reached by
      // (a proxy in front included), so the examples on /docs say the host the reader opened.
      servers: [{ url: '/', description: 'This server' }],
      components: { securitySchemes: { [API_KEY_SCHEME]: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
      tags: [
        { name: 'Customers', description: 'The borrowers you want called.' },
        { name: 'Schedules', description: 'Lawful call plans built from task types, and schedule sync.' },
        { name: 'Calls', description: 'Calls that happened: the contact ledger the compliance rules count.' },
        { name: 'Consent', description: "Consent to AI-voice calls, granted and revoked: a customer's ledger, and what it adds up to." },
        { name: 'Task types', description: 'Your kinds of schedules and their cadences.' },
        { name: 'Compliance', description: 'May this call be placed now, and if not, when: every rule, with citations.' },
        { name: 'Reference data', description: 'ZIP and area-code time zones behind every compliance decision.' },
        { name: 'Loans', description: "Customers' loans: imported from your loan management system, or ids you sent." },
        { name: 'LMS webhooks', description: 'Your loan management system (or you) asking Callwise to re-sync a customer or a loan.' },
        { name: 'Webhooks', description: 'Signed events to your endpoints: calls, do-not-call, stops, callbacks, dial-time skips, rebuilt plans.' },
        { name: 'Audit', description: 'Who (which API key) changed what, and when.' },
        { name: 'Operations', description: 'Health and readiness for operators.' },
      ],
      // Built from TypeBox schemas; the OpenAPI types cannot see that they are path items.
      webhooks: webhookDocs() as never,
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerReferencePage(app);
}

/** Headers that belong to one connection or that the answering server sets itself. */
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | number | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !NOT_FORWARDED.has(name)) out[name] = typeof value === 'number' ? String(value) : value;
  }
  return out;
}

/**
 * /docs, loaded on its first request. Scalar's plugin holds its own 4 MB module and the 8 MB
 * browser bundle it serves in memory from the moment it is registered — about 50 MB of an idle
 * server (BENCHMARKS.md, the embedded default's footprint) for a page few servers ever show. So
 * the plugin lives in a Fastify instance of its own, built when /docs is first asked for and
 * answered through inject(); the reply still leaves through this server, with its hooks and
 * headers.
 */
function registerReferencePage(app: App): void {
  let pages: Promise<FastifyInstance> | undefined;
  const referencePages = () => {
    pages ??= (async () => {
      const { default: scalar } = await import('@scalar/fastify-api-reference');
      const instance = Fastify({ logger: false });
      await instance.register(scalar, { routePrefix: '/docs', configuration: REFERENCE_PAGE_CONFIGURATION });
      await instance.ready();
      return instance;
    })().catch((error: unknown) => {
      // A failed load is tried again on the next request, not remembered.
      pages = undefined;
      throw error;
    });
    return pages;
  };
  app.addHook('onClose', async () => {
    if (pages) await (await pages.catch(() => undefined))?.close();
  });
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await (await referencePages()).inject({ method: 'GET', url: request.url, headers: forwardable(request.headers) });
    return reply.code(answer.statusCode).headers(forwardable(answer.headers)).send(answer.rawPayload);
  };
  app.get('/docs', { schema: { hide: true } }, handler);
  app.get('/docs/*', { schema: { hide: true } }, handler);
}
