/**
 * Lender webhook endpoints: register, list, change, remove, rotate the secret; the delivery log;
 * redelivery. The service validates every body field (all errors at once); the schemas here
 * describe them for the OpenAPI document.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { bodySchemaErrors } from './customers.ts';
import type { App } from '../typed-app.ts';
import type { WebhookEndpointService } from '../../services/webhook-endpoints.ts';
import { problemResponses } from '../../schemas/common.ts';
import {
  DeliveriesQuery,
  DeliveriesResponse,
  EndpointBody,
  EndpointIdParam,
  EndpointResponse,
  EndpointUpdateBody,
  EndpointWithSecretResponse,
  RedeliverBody,
  RedeliverResponse,
} from '../../schemas/webhooks.ts';

const tags = ['Webhooks'];

/**
 * Path and query problems (a NUL in an id…) answer 400 as on every route; the body's own problems
 * are the service's to report, every field at once.
 */
function assertValidParts(request: FastifyRequest): void {
  bodySchemaErrors(request);
}
const security = [{ apiKey: [] }];

export function webhookEndpointRoutes(app: App, endpoints: WebhookEndpointService): void {
  app.post(
    '/webhook-endpoints',
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'Register a webhook endpoint',
        description:
          'Events of the chosen types are POSTed to the URL, signed per the Standard Webhooks specification. The answer carries the signing secret, shown only this once. The URL must be https and resolve to public addresses only (with NODE_ENV=development, http to a loopback address is allowed for trying it out).',
        body: EndpointBody,
        response: { 201: EndpointWithSecretResponse, ...problemResponses(400, 401, 409) },
      },
    },
    async (request, reply) => {
      assertValidParts(request);
      return reply.code(201).send(await endpoints.create(request.principal.companyId, request.body, { keyId: request.principal.keyId }));
    },
  );

  app.get(
    '/webhook-endpoints',
    { schema: { tags, security, summary: 'List webhook endpoints', response: { 200: Type.Array(EndpointResponse), ...problemResponses(401) } } },
    async (request) => endpoints.list(request.principal.companyId),
  );

  app.get(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Read a webhook endpoint',
        params: EndpointIdParam,
        response: { 200: EndpointResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => endpoints.get(request.principal.companyId, request.params.id),
  );

  app.patch(
    '/webhook-endpoints/:id',
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'Change a webhook endpoint',
        description: 'Any of url, eventTypes, description, enabled. Enabling a disabled endpoint sends what waited for it.',
        params: EndpointIdParam,
        body: EndpointUpdateBody,
        response: { 200: EndpointResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      assertValidParts(request);
      return endpoints.update(request.principal.companyId, request.params.id, request.body, { keyId: request.principal.keyId });
    },
  );

  app.delete(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a webhook endpoint',
        params: EndpointIdParam,
        response: { 204: Type.Null({ description: 'Removed, with its deliveries.' }), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      await endpoints.remove(request.principal.companyId, request.params.id, { keyId: request.principal.keyId });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhook-endpoints/:id/rotate-secret',
    {
      schema: {
        tags,
        security,
        summary: "Rotate an endpoint's secret",
        description:
          'A new secret, shown only in this answer. For 24 hours every delivery carries a signature under each secret, so the receiver can switch without losing any.',
        params: EndpointIdParam,
        response: { 200: EndpointWithSecretResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => endpoints.rotateSecret(request.principal.companyId, request.params.id, { keyId: request.principal.keyId }),
  );

  app.get(
    '/webhook-endpoints/:id/deliveries',
    {
      schema: {
        tags,
        security,
        summary: "An endpoint's delivery log",
        description: 'Newest event first, each with every attempt: when, the status code, the latency and a fixed error text. Never a body.',
        params: EndpointIdParam,
        querystring: DeliveriesQuery,
        response: { 200: DeliveriesResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => endpoints.deliveries(request.principal.companyId, request.params.id, request.query),
  );

  app.post(
    '/webhook-endpoints/:id/redeliver',
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'Send events to an endpoint again',
        description:
          'One event, or every event of a time range (at most 31 days) of a type the endpoint subscribes to. Each is sent with its original webhook-id.',
        params: EndpointIdParam,
        body: RedeliverBody,
        response: { 202: RedeliverResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      assertValidParts(request);
      return reply.code(202).send(await endpoints.redeliver(request.principal.companyId, request.params.id, request.body, { keyId: request.principal.keyId }));
    },
  );
}
