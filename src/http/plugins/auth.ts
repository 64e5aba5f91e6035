/**
 * X-API-Key authentication for everything registered inside the plugin's scope. It runs on
 * onRequest, before the body is read, so an unauthenticated caller learns nothing about
 * validation and cannot make the server parse a large body. Rate limits (plugins/rate-limit.ts)
 * are checked right after it, on the principal it sets.
 */
import type { FastifyInstance } from 'fastify';
import type { AuthService, Principal } from '../../services/auth.ts';
import { sendProblem } from '../problems.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export function requireApiKey(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers['x-api-key'];
    if (typeof header !== 'string' || header.trim() === '') {
      return sendProblem(request, reply, 'unauthorized', 'Send your API key in the X-API-Key header.');
    }
    const principal = await auth.authenticate(header.trim());
    if (!principal) {
      return sendProblem(request, reply, 'unauthorized', 'The API key is not valid: it is unknown or has been revoked.');
    }
    request.principal = principal;
  });
}
