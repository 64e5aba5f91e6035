/**
 * Every authenticated route of the API, for the shared security suite (test/http/security.test.ts).
 * A route added to the app must be added here: the suite fails while one is missing. Each entry
 * knows how to make something for a company to act on and a valid request for it, so the suite can
 * prove the route works with a good key, refuses bad ones, and hides other companies' data.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { customerBody, type TestApp } from './app.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Fixture {
  /** Path parameters naming what was made (`{ id }` for /customers/:id). */
  readonly params: Record<string, string>;
  /** A string found only in the fixture's data: it must never show up in another company's responses. */
  readonly marker: string;
}

export interface BodyContext {
  /** What the request acts on: the requester's own fixture, or another company's. */
  readonly fixture: Fixture;
  /** True when the fixture belongs to the company making the request. */
  readonly sameCompany: boolean;
  /** Unique per call. */
  readonly tag: string;
}

export interface AuthenticatedRoute {
  readonly method: HttpMethod;
  /** The path as registered in Fastify, e.g. `/customers/:id`. */
  readonly url: string;
  /** Status of a valid request by the owner of the fixture. */
  readonly successStatus: number;
  /**
   * Status when another company's key acts on the fixture. Defaults to 404 for routes whose path
   * names the object, and to successStatus for collection routes (which must simply not show it).
   */
  readonly crossTenantStatus?: number;
  /** Makes something owned by the company whose key is `key`; `tag` is unique per call. */
  readonly setup: (t: TestApp, key: string, tag: string) => Promise<Fixture>;
  /** A valid body for the request, if the route takes one. */
  readonly body?: (context: BodyContext) => unknown;
}

/** A loan id of its own for each fixture (a positive 31-bit integer derived from the tag). */
function loanNumberFor(tag: string): number {
  let hash = 7;
  for (const char of tag) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_007;
  return 1_000_000 + (hash % 1_000_000_000);
}

/**
 * Creates a customer through the API, with a marker in a field every response shows and a loan
 * reference of its own.
 */
export async function createCustomerFixture(t: TestApp, key: string, tag: string): Promise<Fixture> {
  const marker = `Marker${tag.replace(/[^A-Za-z0-9]/g, '')}`;
  const id = `fx-${tag}`;
  const loanId = loanNumberFor(tag);
  const res = await t.request('POST', '/customers', { key, body: customerBody({ id, lastName: marker, loanIds: [loanId] }) });
  assert.equal(res.statusCode, 201, res.body);
  return { params: { id, customerId: id, loanId: String(loanId) }, marker };
}

/** A customer changed by a PATCH, so the company's audit trail names it; its id is the marker. */
async function createAuditEventFixture(t: TestApp, key: string, tag: string): Promise<Fixture> {
  const marker = `Marker${tag.replace(/[^A-Za-z0-9]/g, '')}`;
  const created = await t.request('POST', '/customers', { key, body: customerBody({ id: marker }) });
  assert.equal(created.statusCode, 201, created.body);
  const changed = await t.request('PATCH', `/customers/${marker}`, { key, body: { firstName: 'Changed' } });
  assert.equal(changed.statusCode, 200, changed.body);
  return { params: {}, marker };
}

/** Adds a task type only the key's company has; its name is the marker. */
export async function createTaskTypeFixture(t: TestApp, key: string, tag: string): Promise<Fixture> {
  const name = `Marker${tag.replace(/[^A-Za-z0-9]/g, '')}`;
  await t.services.companies.addTaskType(key === t.apiKey ? t.companyId : t.otherCompanyId, name);
  return { params: { name }, marker: name };
}

/** Public reference data: nothing is created; the marker is a string no lookup returns. */
async function referenceFixture(): Promise<Fixture> {
  return { params: { zipCode: '94102', areaCode: '415' }, marker: 'no-tenant-data-here' };
}

/** A customer whose company's own dialer pulls tasks; params name its first planned task. */
async function pullDialerFixture(t: TestApp, key: string, tag: string): Promise<Fixture> {
  const fixture = await createCustomerFixture(t, key, tag);
  await t.services.dialers.configure(key === t.apiKey ? t.companyId : t.otherCompanyId, { kind: 'pull' });
  const tasks = await t.request('GET', `/customers/${encodeURIComponent(fixture.params.id!)}/tasks`, { key });
  const [first] = tasks.json<Array<{ id: string }>>();
  assert.ok(first, tasks.body);
  return { ...fixture, params: { ...fixture.params, taskId: first.id } };
}

const syncBody = (id: string) => customerBody({ id, email: 'ana@example.com', birthday: '1985-06-15', ssnLastFour: '1234' });

export const authenticatedRoutes: readonly AuthenticatedRoute[] = [
  {
    method: 'POST',
    url: '/customers',
    successStatus: 201,
    setup: createCustomerFixture,
    // Another company's id: ids are per company, so their use of it is invisible here.
    body: ({ fixture, sameCompany, tag }) => customerBody({ id: sameCompany ? `new-${tag}` : fixture.params.id }),
  },
  { method: 'GET', url: '/customers', successStatus: 200, setup: createCustomerFixture },
  { method: 'GET', url: '/customers/:id', successStatus: 200, setup: createCustomerFixture },
  {
    method: 'PATCH',
    url: '/customers/:id',
    successStatus: 200,
    setup: createCustomerFixture,
    body: () => ({ firstName: 'Changed' }),
  },
  { method: 'DELETE', url: '/customers/:id', successStatus: 204, setup: createCustomerFixture },
  {
    method: 'POST',
    url: '/customers/schedule/sync',
    successStatus: 200,
    setup: createCustomerFixture,
    body: ({ fixture, sameCompany, tag }) => syncBody(sameCompany ? `sync-${tag}` : fixture.params.id!),
  },
  { method: 'GET', url: '/customers/:id/tasks', successStatus: 200, setup: createCustomerFixture },
  {
    method: 'POST',
    url: '/calls',
    successStatus: 201,
    // The body names the customer: another company's is not found.
    crossTenantStatus: 404,
    setup: createCustomerFixture,
    body: ({ fixture }) => ({
      customerId: fixture.params.customerId,
      toPhoneNumber: '+14155550100',
      timestamp: new Date(Date.now() - 60_000).toISOString(),
      outcome: 'no_answer',
    }),
  },
  { method: 'GET', url: '/calls/customer/:customerId', successStatus: 200, setup: createCustomerFixture },
  { method: 'GET', url: '/customers/:id/loans', successStatus: 200, setup: createCustomerFixture },
  { method: 'GET', url: '/customers/:id/consent', successStatus: 200, setup: createCustomerFixture },
  { method: 'GET', url: '/audit-events', successStatus: 200, setup: createAuditEventFixture },
  {
    method: 'POST',
    url: '/customers/:id/consent',
    successStatus: 201,
    setup: createCustomerFixture,
    body: ({ tag }) => ({ kind: 'granted', channel: 'web', evidence: `Portal consent form ${tag}` }),
  },
  {
    method: 'POST',
    url: '/compliance/check',
    successStatus: 200,
    // The body names the customer: another company's is not found.
    crossTenantStatus: 404,
    setup: createCustomerFixture,
    body: ({ fixture }) => ({ at: '2026-12-01T18:00:00Z', customerId: fixture.params.customerId }),
  },
  // Reference data is the same for every company: there is nothing of another company's to hide.
  { method: 'GET', url: '/reference/zip/:zipCode', successStatus: 200, crossTenantStatus: 200, setup: referenceFixture },
  { method: 'GET', url: '/reference/area-codes/:areaCode', successStatus: 200, crossTenantStatus: 200, setup: referenceFixture },
  { method: 'GET', url: '/task-types', successStatus: 200, setup: createTaskTypeFixture },
  // The demo company's LMS is the embedded demo LMS (customer demo-1004 with loan 70005); another
  // company's customer or loan is unknown to it.
  {
    method: 'POST',
    url: '/webhooks/lms/sync/customer-full',
    successStatus: 200,
    crossTenantStatus: 404,
    setup: createCustomerFixture,
    body: ({ fixture, sameCompany }) => ({ customerId: sameCompany ? 'demo-1004' : fixture.params.customerId, taskType: 'collections' }),
  },
  {
    method: 'POST',
    url: '/webhooks/lms/sync/loan',
    successStatus: 200,
    crossTenantStatus: 404,
    setup: createCustomerFixture,
    body: ({ fixture, sameCompany }) => ({ loanId: sameCompany ? '70005' : fixture.params.loanId, taskType: 'collections' }),
  },
  { method: 'GET', url: '/customers/:id/agent-context', successStatus: 200, setup: createCustomerFixture },
  // Dispatch acts on the key's own company: another company's key sees its own state.
  { method: 'GET', url: '/dispatch', successStatus: 200, setup: createCustomerFixture },
  { method: 'POST', url: '/dispatch/pause', successStatus: 200, setup: createCustomerFixture },
  { method: 'POST', url: '/dispatch/resume', successStatus: 200, setup: createCustomerFixture },
  { method: 'POST', url: '/dispatch/claim', successStatus: 200, setup: pullDialerFixture, body: () => ({ limit: 5 }) },
  {
    method: 'POST',
    url: '/dispatch/:taskId/result',
    successStatus: 201,
    setup: pullDialerFixture,
    body: () => ({ timestamp: new Date(Date.now() - 60_000).toISOString(), outcome: 'no_answer' }),
  },
  // Batch jobs and schedules by type.
  {
    method: 'POST',
    url: '/customers/batch',
    successStatus: 202,
    setup: createCustomerFixture,
    body: ({ tag }) => ({ customers: [customerBody({ id: `batch-${tag}` })] }),
  },
  { method: 'GET', url: '/customers/batch/:jobId', successStatus: 200, setup: createBatchJobFixture },
  { method: 'POST', url: '/customers/batch/:jobId/cancel', successStatus: 200, setup: createBatchJobFixture },
  { method: 'POST', url: '/scheduled-calls/:customerId', successStatus: 201, setup: createCustomerFixture, body: () => ({ scheduleType: 'collections' }) },
  // An operator's hand on one customer's schedule.
  { method: 'POST', url: '/customers/:id/schedule/stop', successStatus: 200, setup: createCustomerFixture },
  { method: 'POST', url: '/customers/:id/schedule/resume', successStatus: 200, setup: createCustomerFixture },
  { method: 'POST', url: '/customers/:id/schedule/rebuild', successStatus: 200, setup: createCustomerFixture },
  // Webhook endpoints: a receiver on loopback (test apps run in development mode).
  {
    method: 'POST',
    url: '/webhook-endpoints',
    successStatus: 201,
    setup: createCustomerFixture,
    body: ({ tag }) => ({ url: `http://127.0.0.1:9/${tag}`, eventTypes: ['call.completed'] }),
  },
  { method: 'GET', url: '/webhook-endpoints', successStatus: 200, setup: createWebhookEndpointFixture },
  { method: 'GET', url: '/webhook-endpoints/:id', successStatus: 200, setup: createWebhookEndpointFixture },
  {
    method: 'PATCH',
    url: '/webhook-endpoints/:id',
    successStatus: 200,
    setup: createWebhookEndpointFixture,
    body: () => ({ eventTypes: ['call.completed', 'task.skipped'] }),
  },
  { method: 'DELETE', url: '/webhook-endpoints/:id', successStatus: 204, setup: createWebhookEndpointFixture },
  { method: 'POST', url: '/webhook-endpoints/:id/rotate-secret', successStatus: 200, setup: createWebhookEndpointFixture },
  { method: 'GET', url: '/webhook-endpoints/:id/deliveries', successStatus: 200, setup: createWebhookEndpointFixture },
  {
    method: 'POST',
    url: '/webhook-endpoints/:id/redeliver',
    successStatus: 202,
    setup: createWebhookEndpointFixture,
    body: () => ({ since: new Date(Date.now() - 3_600_000).toISOString(), until: new Date().toISOString() }),
  },
  {
    method: 'PUT',
    url: '/task-types/:name/cadence',
    successStatus: 200,
    setup: createTaskTypeFixture,
    body: () => ({ days: [0, 2], timeRanges: [{ start: '09:00', end: '12:00' }], attemptsPerDay: 1, totalAttempts: 2, horizonDays: 7 }),
  },
  {
    method: 'PUT',
    url: '/task-types/:name/purpose',
    successStatus: 200,
    setup: createTaskTypeFixture,
    body: () => ({ purpose: 'servicing' }),
  },
];

/** A queued batch job of the key's company, creating a customer whose name carries the marker. */
async function createBatchJobFixture(t: TestApp, key: string, tag: string): Promise<Fixture> {
  const marker = `Marker${tag.replace(/[^A-Za-z0-9]/g, '')}`;
  const res = await t.request('POST', '/customers/batch', { key, body: { customers: [customerBody({ id: `bj-${tag}`, firstName: marker })] } });
  assert.equal(res.statusCode, 202, res.body);
  return { params: { jobId: res.json<{ jobId: string }>().jobId }, marker };
}

/** A webhook endpoint of the key's company, its description carrying the marker. */
async function createWebhookEndpointFixture(t: TestApp, key: string, tag: string): Promise<Fixture> {
  const marker = `Marker${tag.replace(/[^A-Za-z0-9]/g, '')}`;
  const res = await t.request('POST', '/webhook-endpoints', {
    key,
    body: { url: `http://127.0.0.1:9/${tag}`, eventTypes: ['call.completed'], description: marker },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { params: { id: res.json<{ endpoint: { id: string } }>().endpoint.id }, marker };
}

/** Routes that answer without a key. Everything else the app serves must be in the list above. */
export function isPublicRoute(url: string): boolean {
  // Provider webhooks are authenticated by the provider's signature (test/dispatch/loop.test.ts);
  // the console's files carry no data: it comes from the API with the signed-in key.
  return ['/healthz', '/readyz', '/openapi.json', '/metrics', '/webhooks/providers/:provider'].includes(url) || /^\/(?:docs|console)(?:$|\/|\*)/.test(url);
}

/** Whether the route's path names one object (has parameters). */
export function hasPathParams(route: Pick<AuthenticatedRoute, 'url'>): boolean {
  return /[:*]/.test(route.url);
}

/** The concrete URL for a route and fixture, parameters percent-encoded. */
export function routeUrl(route: Pick<AuthenticatedRoute, 'url'>, fixture: Fixture): string {
  return route.url.replace(/:(\w+)/g, (_, name: string) => {
    const value = fixture.params[name];
    if (value === undefined) throw new Error(`fixture has no parameter ${name} for ${route.url}`);
    return encodeURIComponent(value);
  });
}

/**
 * Every method and path the app serves, read from Fastify's route tree (HEAD routes, which Fastify
 * adds for each GET, are left out: they run the GET route's hooks).
 */
export function registeredRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  const tree = app.printRoutes({ commonPrefix: false });
  const routes: Array<{ method: string; url: string }> = [];
  const segments: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│├└─\s]*)(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = Math.max(0, match[1]!.length / 4 - 1);
    segments.length = depth;
    segments.push(match[2]!);
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') routes.push({ method, url: segments.join('') });
    }
  }
  return routes;
}
