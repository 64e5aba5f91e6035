/**
 * The events a lender can subscribe to. Each is written in the transaction of the change that
 * caused it (services/webhook-events.ts); docs/webhooks.md and the OpenAPI `webhooks` section
 * describe their data.
 */
export const WEBHOOK_EVENT_TYPES = [
  'call.completed',
  'customer.do_not_call',
  'customer.calls_stopped',
  'customer.callback_requested',
  'customer.consent_changed',
  'task.skipped',
  'schedule.rebuilt',
  'batch.completed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
