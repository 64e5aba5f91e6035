/**
 * What the webhook suites share: subscribing a fake receiver through the API, and emptying the
 * webhook tables between tests that share one app.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { WebhookReceiver } from '../fakes/webhook-receiver.ts';
import type { TestApp } from './app.ts';

/** Registers `receiver` for `eventTypes` through POST /webhook-endpoints and trusts its secret; returns the endpoint's id. */
export async function subscribe(t: TestApp, receiver: WebhookReceiver, eventTypes: string[]): Promise<string> {
  const res = await t.request('POST', '/webhook-endpoints', { body: { url: receiver.url, eventTypes } });
  assert.equal(res.statusCode, 201, res.body);
  const created = res.json<{ endpoint: { id: string }; secret: string }>();
  receiver.trust(created.secret);
  return created.endpoint.id;
}

/** Deletes every endpoint, event, delivery and attempt. */
export async function clearWebhooks(t: TestApp): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_events', 'webhook_endpoints']) {
    await sql`delete from ${sql.table(table)}`.execute(t.services.db);
  }
}
