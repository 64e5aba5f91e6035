/**
 * Liveness and readiness for orchestrators. /healthz says the process serves HTTP; /readyz also
 * checks that the database answers within a bounded time, so a load balancer stops sending traffic
 * while it is gone and resumes when it returns.
 */
import type { App } from '../typed-app.ts';
import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import { Type } from 'typebox';

const READY_TIMEOUT_MS = 2_000;
const tags = ['Operations'];

export function healthRoutes(app: App, db: Db): void {
  app.get(
    '/healthz',
    {
      schema: { tags, summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Readiness (database reachable)',
        response: { 200: Type.Object({ status: Type.String() }), 503: Type.Object({ status: Type.String() }) },
      },
    },
    async (_request, reply) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('readiness check timed out')), READY_TIMEOUT_MS);
      });
      try {
        await Promise.race([sql`select 1`.execute(db), timeout]);
        return { status: 'ready' };
      } catch {
        // A Fastify reply is thenable: returned, Fastify sends it; awaited, it would wait for the send.
        // eslint-disable-next-line @typescript-eslint/return-await
        return reply.code(503).header('retry-after', '5').send({ status: 'database unavailable' });
      } finally {
        clearTimeout(timer);
      }
    },
  );
}
