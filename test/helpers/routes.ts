/**
 * Every authenticated route, for the shared security suite (test/http/security.test.ts). A route
 * added to the app must be added here: the suite fails when the app has an authenticated route this
 * list does not name. `owned` marks routes that address one customer, so the suite can prove that
 * another company's customer is invisible (404).
 */
export interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The route as Fastify declares it (with :params). */
  readonly route: string;
  /** A concrete URL; CUSTOMER stands for the id of a customer that exists in the other company. */
  readonly url: string;
  readonly body?: (customerId: string) => unknown;
  /** Addresses a customer: must answer 404 when that customer belongs to another company. */
  readonly owned?: boolean;
}

export const CUSTOMER = '{customer}';

export const AUTHENTICATED_ROUTES: readonly RouteCase[] = [
  { method: 'POST', route: '/customers', url: '/customers', body: (id) => ({ id: `${id}-new`, taskType: 'collections' }) },
  { method: 'GET', route: '/customers', url: '/customers' },
  { method: 'GET', route: '/customers/:id', url: `/customers/${CUSTOMER}`, owned: true },
  { method: 'PATCH', route: '/customers/:id', url: `/customers/${CUSTOMER}`, body: () => ({ firstName: 'Mallory' }), owned: true },
  { method: 'DELETE', route: '/customers/:id', url: `/customers/${CUSTOMER}`, owned: true },
  { method: 'GET', route: '/customers/:id/tasks', url: `/customers/${CUSTOMER}/tasks`, owned: true },
  { method: 'GET', route: '/customers/:id/loans', url: `/customers/${CUSTOMER}/loans`, owned: true },
  { method: 'POST', route: '/customers/schedule/sync', url: '/customers/schedule/sync', body: (id) => ({ id, taskType: 'collections' }) },
  {
    method: 'POST', route: '/calls', url: '/calls', owned: true,
    body: (id) => ({ customerId: id, toPhoneNumber: '+14155550100', timestamp: new Date(Date.now() - 60_000).toISOString(), outcome: 'no_answer' }),
  },
  { method: 'GET', route: '/calls/customer/:customerId', url: `/calls/customer/${CUSTOMER}`, owned: true },
  { method: 'POST', route: '/compliance/check', url: '/compliance/check', owned: true, body: (id) => ({ at: new Date().toISOString(), customerId: id }) },
  { method: 'GET', route: '/task-types', url: '/task-types' },
  {
    method: 'PUT', route: '/task-types/:name/cadence', url: '/task-types/collections/cadence',
    body: () => ({ days: [0], timeRanges: [{ start: '10:00', end: '12:00' }], attemptsPerDay: 1, totalAttempts: 1, horizonDays: 2 }),
  },
  { method: 'GET', route: '/reference/zip/:zipCode', url: '/reference/zip/10001' },
  { method: 'GET', route: '/reference/area-codes/:areaCode', url: '/reference/area-codes/212' },
  { method: 'POST', route: '/webhooks/lms/sync/customer-full', url: '/webhooks/lms/sync/customer-full', body: () => ({ customerId: 'demo-1001' }) },
  { method: 'POST', route: '/webhooks/lms/sync/loan', url: '/webhooks/lms/sync/loan', body: () => ({ loanId: 'LN-1' }) },
];

/** Routes anyone may call: health, docs, metrics. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /healthz', 'GET /readyz', 'GET /openapi.json', 'GET /docs', 'GET /docs/', 'GET /docs/js/scalar.js', 'GET /metrics',
]);
