/**
 * GET /metrics (Prometheus) for a scraper holding METRICS_TOKEN, sent as `Authorization: Bearer
 * <token>`; without a configured token the route does not exist (404). The exposition names every
 * route, its traffic and errors, and the process's memory: reconnaissance for anyone who can read
 * it, so it is not left open on the API's port.
 *
 * With workers (CALLWISE_WORKERS), whichever worker a scrape reaches checks the token and asks the
 * primary for the whole server's metrics (observability/cluster-metrics.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../observability/metrics.ts';
import { sendProblem } from '../problems.ts';

/** Compared as SHA-256 digests: equal lengths for timingSafeEqual, and no early exit on a prefix. */
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function metricsRoute(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  if (token === undefined) return;
  const expected = digest(token);
  app.get(
    '/metrics',
    {
      schema: { hide: true },
      onRequest: async (request, reply) => {
        const given = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
        if (given !== undefined && timingSafeEqual(digest(given), expected)) return;
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendProblem(request, reply, 'unauthorized', 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
      },
    },
    async (request, reply) => {
      let text: string;
      try {
        text = await metrics.text();
      } catch (error) {
        // A worker whose primary did not answer: say so rather than report one worker's share.
        request.log.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'metrics unavailable');
        return reply.code(503).header('retry-after', '5').type('text/plain; charset=utf-8').send('metrics are unavailable right now\n');
      }
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
