/**
 * X-API-Key authentication for everything registered inside the plugin's scope. It runs on
 * onRequest, before the body is read, so an unauthenticated caller learns nothing about
 * validation and cannot make the server parse a large body.
 */
import type { FastifyInstance } from 'fastify';
import type { AuthService, Principal } from '../../services/auth.js';
import type { RateLimiter } from '../../services/rate-limiter.js';
import { sendProblem } from '../problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export function requireApiKey(app: FastifyInstance, auth: AuthService, limiter: RateLimiter): void {
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
    const decision = limiter.take(principal.keyId, principal.rateLimitPerMinute);
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfterSeconds));
      return sendProblem(request, reply, 'rate_limited', `This API key is limited to ${principal.rateLimitPerMinute} requests a minute. Retry after ${decision.retryAfterSeconds} s.`);
    }
  });
}
