/**
 * The app as routes see it: Fastify with the TypeBox type provider, so a route's request types
 * (params, query, body) and reply types come from its schemas — one definition for validation,
 * types and the OpenAPI document.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;
