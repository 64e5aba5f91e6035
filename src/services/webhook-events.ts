/**
 * Writes lender webhook events into the outbox, inside the caller's transaction: an event exists
 * exactly when the change that caused it committed. The body is built and sealed here once, in the
 * Standard Webhooks envelope `{ type, timestamp, data }`, so every attempt sends the same bytes.
 */
import { newId } from '../domain/ids.ts';
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import type { CustomerRow } from '../store/repositories/customers.ts';
import { insertEvent } from '../store/repositories/webhook-events.ts';
import type { WebhookEventType } from '../webhooks/event-types.ts';
import type { Clock } from './clock.ts';

export function eventBodyContext(companyId: string, eventId: string): string {
  return `webhooks/${companyId}/events/${eventId}`;
}

export class WebhookEvents {
  readonly #keyring: Keyring;
  readonly #clock: Clock;

  constructor(keyring: Keyring, clock: Clock) {
    this.#keyring = keyring;
    this.#clock = clock;
  }

  /** Records the event, with the endpoints it goes to, in `trx`; returns its id. */
  async emit(trx: Db, companyId: string, type: WebhookEventType, customerId: string | null, data: Record<string, unknown>): Promise<string> {
    const id = newId('evt');
    const createdAt = this.#clock();
    const body = JSON.stringify({ type, timestamp: createdAt.toISOString(), data });
    await insertEvent(trx, { companyId, id, type, customerId, bodyEnc: this.#keyring.encrypt(body, eventBodyContext(companyId, id)), createdAt });
    return id;
  }

  /**
   * `customer.do_not_call` when a change marked the customer do-not-call (it was not before): from a
   * call, the API (PATCH or sync) or the LMS. Clearing the mark is not an event of this kind.
   */
  async doNotCallChanged(
    trx: Db,
    companyId: string,
    before: Pick<CustomerRow, 'do_not_call'>,
    after: Pick<CustomerRow, 'id' | 'do_not_call'>,
    source: { readonly source: 'call' | 'api' | 'lms'; readonly callId?: string },
  ): Promise<void> {
    if (before.do_not_call || !after.do_not_call) return;
    await this.emit(trx, companyId, 'customer.do_not_call', after.id, {
      customerId: after.id,
      source: source.source,
      ...(source.callId ? { callId: source.callId } : {}),
      at: this.#clock().toISOString(),
    });
  }
}
