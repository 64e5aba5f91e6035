/**
 * `POST /webhooks/providers/{provider}`: outcomes from Retell, Vapi and Twilio. No API key: the
 * provider's own signature is the authentication, checked over the exact bytes received (so the
 * body is kept as text, JSON or form alike), before anything is stored. A duplicate is answered
 * 200 like the first delivery, so the provider stops redelivering.
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { ProviderWebhookService } from '../../services/provider-webhooks.ts';
import { problemResponses } from '../../schemas/common.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export async function providerWebhookRoutes(app: FastifyInstance, webhooks: ProviderWebhookService, publicUrl: string | null): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));
    scope.post(
      '/webhooks/providers/:provider',
      {
        schema: {
          tags: ['Dispatch'],
          security: [],
          summary: 'Call events from your voice provider',
          description:
            "Point your provider's webhook (Retell agent webhook URL, Vapi server URL, Twilio status callback — Callwise sets the last two per call when PUBLIC_URL is set) here, with provider = retell, vapi or twilio. Authenticated by the provider's signature over the exact body (Retell x-retell-signature, Vapi HMAC credential, X-Twilio-Signature), checked with the credentials of the company the event names; a missing, wrong or stale signature is refused with 401 and nothing is stored. Each event is stored once; its call is recorded as POST /calls would.",
          params: Type.Object({ provider: Type.String({ maxLength: 20 }) }),
          response: {
            200: Type.Object({ received: Type.Integer(), duplicates: Type.Integer() }),
            ...problemResponses(400, 401, 404, 413),
          },
        },
      },
      async (request) => {
        const { provider } = request.params as { provider: string };
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
        // The URL the provider posted to, as it signed it (Twilio): the public base when configured.
        const base = publicUrl ?? `${request.protocol}://${request.host}`;
        return webhooks.receive(provider, {
          rawBody: typeof request.body === 'string' ? request.body : '',
          headers,
          url: `${base.replace(/\/$/, '')}${request.url}`,
        });
      },
    );
  });
}
