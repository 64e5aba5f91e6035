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
import scalar, { type ApiReferenceConfiguration } from '@scalar/fastify-api-reference';
import type { App } from './typed-app.ts';

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
        { name: 'Task types', description: 'Your kinds of schedules and their cadences.' },
        { name: 'Compliance', description: 'May this call be placed now, and if not, when: every rule, with citations.' },
        { name: 'Reference data', description: 'ZIP and area-code time zones behind every compliance decision.' },
        { name: 'Loans', description: "Customers' loans: imported from your loan management system, or ids you sent." },
        { name: 'LMS webhooks', description: 'Your loan management system (or you) asking Callwise to re-sync a customer or a loan.' },
        { name: 'Operations', description: 'Health and readiness for operators.' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(scalar, { routePrefix: '/docs', configuration: REFERENCE_PAGE_CONFIGURATION });
}
