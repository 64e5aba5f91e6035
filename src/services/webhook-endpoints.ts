/**
 * A company's webhook endpoints: registration (HTTPS, never a private address unless the
 * deployment is in development), the `whsec_` secret shown once, rotation that signs with both
 * secrets for 24 hours, the delivery log, and redelivery of one event or a time range.
 */
import { DomainError, type FieldError, ValidationError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Keyring } from '../security/encryption.ts';
import type { Db, Trx } from '../store/database.ts';
import type { Transactions } from '../store/transactions.ts';
import * as deliveries from '../store/repositories/webhook-deliveries.ts';
import * as endpoints from '../store/repositories/webhook-endpoints.ts';
import type { WebhookEndpointRow } from '../store/repositories/webhook-endpoints.ts';
import { findEvent, listStaleBodies, updateEventBody } from '../store/repositories/webhook-events.ts';
import { endpointAddressProblem, endpointUrlProblem } from '../webhooks/endpoint-url.ts';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from '../webhooks/event-types.ts';
import { newEndpointSecret } from '../webhooks/signature.ts';
import { recordChange, type ChangeActor } from './audit.ts';
import type { Clock } from './clock.ts';
import { eventBodyContext } from './webhook-events.ts';

/** After a rotation, deliveries carry the old secret's signature too, this long. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const MAX_ENDPOINTS_PER_COMPANY = 50;
const MAX_DESCRIPTION = 200;
/** A redelivered time range covers at most this much. */
const MAX_REDELIVERY_RANGE_MS = 31 * 86_400_000;

export interface WebhookTargetsOptions {
  /** NODE_ENV=development: an endpoint on a loopback address over http is allowed (trying it out). */
  readonly development: boolean;
}

export interface EndpointView {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  /** Until then, deliveries are also signed with the secret before the last rotation. */
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryView {
  eventId: string;
  type: string;
  customerId: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  log: Array<{ attempt: number; at: string; statusCode: number | null; latencyMs: number; error: string | null }>;
}

function endpointSecretContext(companyId: string, endpointId: string): string {
  return `webhooks/${companyId}/${endpointId}/secret`;
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', `no webhook endpoint with id ${id}`);
}

const record = (input: unknown): Record<string, unknown> | null =>
  typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : null;

export class WebhookEndpointService {
  readonly #db: Db;
  readonly #tx: Transactions;
  readonly #keyring: Keyring;
  readonly #clock: Clock;
  readonly #options: WebhookTargetsOptions;

  constructor(db: Db, tx: Transactions, keyring: Keyring, clock: Clock, options: WebhookTargetsOptions) {
    this.#db = db;
    this.#tx = tx;
    this.#keyring = keyring;
    this.#clock = clock;
    this.#options = options;
  }

  get options(): WebhookTargetsOptions {
    return this.#options;
  }

  /** Registers an endpoint; the answer carries its secret, which is never shown again. */
  async create(companyId: string, input: unknown, by: ChangeActor): Promise<{ endpoint: EndpointView; secret: string }> {
    const fields = await this.#validate(input, true);
    if ((await endpoints.listEndpoints(this.#db, companyId)).length >= MAX_ENDPOINTS_PER_COMPANY)
      throw new DomainError('conflict', `a company has at most ${MAX_ENDPOINTS_PER_COMPANY} webhook endpoints`);
    const id = newId('whe');
    const secret = newEndpointSecret();
    const now = this.#clock();
    const row = await this.#tx.run(async (trx) => {
      const inserted = await endpoints.insertEndpoint(trx, {
        company_id: companyId,
        id,
        url: fields.url!,
        description: fields.description ?? null,
        event_types: JSON.stringify(fields.eventTypes),
        secret_enc: this.#keyring.encrypt(secret, endpointSecretContext(companyId, id)),
        disabled_at: fields.enabled === false ? now : null,
        disabled_reason: fields.enabled === false ? 'disabled when registered' : null,
        created_at: now,
        updated_at: now,
      });
      await audit(trx, by, { companyId, endpointId: id, action: 'webhook_endpoint.created', fields: Object.keys(fields), at: now });
      return inserted;
    });
    return { endpoint: toView(row), secret };
  }

  async list(companyId: string): Promise<EndpointView[]> {
    return (await endpoints.listEndpoints(this.#db, companyId)).map(toView);
  }

  async get(companyId: string, id: string): Promise<EndpointView> {
    const row = await endpoints.findEndpoint(this.#db, companyId, id);
    if (!row) throw notFound(id);
    return toView(row);
  }

  /** Changes the URL, the event types, the description, or enables/disables it. */
  async update(companyId: string, id: string, input: unknown, by: ChangeActor): Promise<EndpointView> {
    const fields = await this.#validate(input, false);
    const now = this.#clock();
    const row = await this.#tx.run(async (trx) => {
      const current = await endpoints.lockEndpoint(trx, companyId, id);
      if (!current) throw notFound(id);
      const enabling = fields.enabled === true && current.disabled_at !== null;
      await audit(trx, by, { companyId, endpointId: id, action: 'webhook_endpoint.updated', fields: Object.keys(fields), at: now });
      return endpoints.updateEndpoint(trx, companyId, id, {
        ...(fields.url !== undefined ? { url: fields.url } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(fields.eventTypes !== undefined ? { event_types: JSON.stringify(fields.eventTypes) } : {}),
        ...(fields.enabled === false && current.disabled_at === null ? { disabled_at: now, disabled_reason: 'disabled by the company' } : {}),
        // Enabled again: its failing streak starts over, and what waited is sent.
        ...(enabling ? { disabled_at: null, disabled_reason: null, failing_since: null } : {}),
        updated_at: now,
      });
    });
    return toView(row!);
  }

  async remove(companyId: string, id: string, by: ChangeActor): Promise<void> {
    const at = this.#clock();
    await this.#tx.run(async (trx) => {
      if (!(await endpoints.deleteEndpoint(trx, companyId, id))) throw notFound(id);
      await audit(trx, by, { companyId, endpointId: id, action: 'webhook_endpoint.deleted', fields: [], at });
    });
  }

  /** A new secret, shown once; the old one keeps signing alongside it for 24 hours. */
  async rotateSecret(companyId: string, id: string, by: ChangeActor): Promise<{ endpoint: EndpointView; secret: string }> {
    const secret = newEndpointSecret();
    const now = this.#clock();
    const context = endpointSecretContext(companyId, id);
    const row = await this.#tx.run(async (trx) => {
      const current = await endpoints.lockEndpoint(trx, companyId, id);
      if (!current) throw notFound(id);
      await audit(trx, by, { companyId, endpointId: id, action: 'webhook_endpoint.secret_rotated', fields: ['secret'], at: now });
      return endpoints.updateEndpoint(trx, companyId, id, {
        secret_enc: this.#keyring.encrypt(secret, context),
        previous_secret_enc: current.secret_enc,
        previous_secret_until: new Date(now.getTime() + ROTATION_OVERLAP_MS),
        updated_at: now,
      });
    });
    return { endpoint: toView(row!), secret };
  }

  /** Re-seals endpoint secrets and event bodies written under an older key; returns how many. */
  async reEncrypt(trx: Db): Promise<number> {
    let n = 0;
    const reseal = (envelope: string, context: string) => {
      n++;
      return this.#keyring.encrypt(this.#keyring.decrypt(envelope, context), context);
    };
    for (const row of await endpoints.listSealedSecrets(trx)) {
      const context = endpointSecretContext(row.company_id, row.id);
      const changes = {
        ...(this.#keyring.isStale(row.secret_enc) ? { secret_enc: reseal(row.secret_enc, context) } : {}),
        ...(row.previous_secret_enc && this.#keyring.isStale(row.previous_secret_enc) ? { previous_secret_enc: reseal(row.previous_secret_enc, context) } : {}),
      };
      if (Object.keys(changes).length > 0) await endpoints.updateEndpoint(trx, row.company_id, row.id, changes);
    }
    for (;;) {
      const page = await listStaleBodies(trx, this.#keyring.currentVersion, 500);
      for (const row of page) await updateEventBody(trx, row.company_id, row.id, reseal(row.body_enc, eventBodyContext(row.company_id, row.id)));
      if (page.length < 500) break;
    }
    return n;
  }

  /** The secrets a delivery is signed with now: the current one, and the previous during its overlap. */
  secretsOf(row: WebhookEndpointRow, now: Date): string[] {
    const context = endpointSecretContext(row.company_id, row.id);
    const secrets = [this.#keyring.decrypt(row.secret_enc, context)];
    if (row.previous_secret_enc && row.previous_secret_until && row.previous_secret_until > now)
      secrets.push(this.#keyring.decrypt(row.previous_secret_enc, context));
    return secrets;
  }

  /** The endpoint's deliveries, newest event first, each with its attempts. */
  async deliveries(
    companyId: string,
    id: string,
    query: { status?: string; cursor?: string; limit?: number },
  ): Promise<{ data: DeliveryView[]; nextCursor: string | null }> {
    await this.get(companyId, id);
    const limit = query.limit ?? 50;
    const beforeSeq = query.cursor === undefined ? undefined : Number(query.cursor);
    if (beforeSeq !== undefined && !Number.isSafeInteger(beforeSeq))
      throw new ValidationError([{ pointer: '/cursor', detail: 'is not a cursor this API gave' }]);
    const rows = await deliveries.listDeliveries(this.#db, companyId, id, {
      ...(query.status ? { status: query.status } : {}),
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const attempts = await deliveries.listAttempts(
      this.#db,
      companyId,
      id,
      page.map((r) => r.event_id),
    );
    const data = page.map((r) => ({
      eventId: r.event_id,
      type: r.type,
      customerId: r.customer_id,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      log: attempts
        .filter((a) => a.event_id === r.event_id)
        .map((a) => ({ attempt: a.attempt, at: a.attempted_at.toISOString(), statusCode: a.status_code, latencyMs: a.latency_ms, error: a.error })),
    }));
    return { data, nextCursor: rows.length > limit ? String(page.at(-1)!.event_seq) : null };
  }

  /** Sends one event, or every event of a time range, to the endpoint again (if it subscribes to their type). */
  async redeliver(companyId: string, id: string, input: unknown, by: ChangeActor): Promise<{ queued: number }> {
    await this.get(companyId, id);
    const body = record(input) ?? {};
    const errors: FieldError[] = [];
    const now = this.#clock();
    if (body.eventId !== undefined) {
      if (typeof body.eventId !== 'string' || body.eventId === '') errors.push({ pointer: '/eventId', detail: 'must be an event id' });
      if (body.since !== undefined || body.until !== undefined) errors.push({ pointer: '', detail: 'give eventId, or since and until, not both' });
      if (errors.length > 0) throw new ValidationError(errors);
      const eventId = body.eventId as string;
      if (!(await findEvent(this.#db, companyId, eventId))) throw new DomainError('not_found', `no webhook event with id ${eventId}`);
      return this.#requeue(companyId, id, { eventId }, ['eventId'], by, now);
    }
    const instant = (field: 'since' | 'until') => {
      const value = body[field];
      const at = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? new Date(value) : null;
      if (!at || Number.isNaN(at.getTime())) errors.push({ pointer: `/${field}`, detail: 'must be an ISO 8601 instant (or give eventId)' });
      return at;
    };
    const since = instant('since');
    const until = instant('until');
    if (since && until && !(since < until)) errors.push({ pointer: '/until', detail: 'must be after since' });
    if (since && until && until.getTime() - since.getTime() > MAX_REDELIVERY_RANGE_MS)
      errors.push({ pointer: '/until', detail: 'a range covers at most 31 days' });
    if (errors.length > 0) throw new ValidationError(errors);
    return this.#requeue(companyId, id, { since: since!, until: until! }, ['since', 'until'], by, now);
  }

  /** Queues the events again, on the audit trail with what selected them (the request's field names). */
  async #requeue(
    companyId: string,
    id: string,
    which: { eventId: string } | { since: Date; until: Date },
    fields: string[],
    by: ChangeActor,
    at: Date,
  ): Promise<{ queued: number }> {
    return this.#tx.run(async (trx) => {
      await audit(trx, by, { companyId, endpointId: id, action: 'webhook_endpoint.redelivery_requested', fields, at });
      return { queued: await deliveries.requeue(trx, companyId, id, which, at) };
    });
  }

  /** Every field checked, all errors at once; the address is resolved only once the syntax is right. */
  async #validate(input: unknown, creating: boolean) {
    const body = record(input);
    if (!body) throw new ValidationError([{ pointer: '', detail: 'must be a JSON object' }]);
    const errors: FieldError[] = [];
    const known = new Set(['url', 'eventTypes', 'description', 'enabled']);
    for (const key of Object.keys(body)) if (!known.has(key)) errors.push({ pointer: `/${key}`, detail: 'is not a field of a webhook endpoint' });
    const fields: { url?: string; eventTypes?: string[]; description?: string | null; enabled?: boolean } = {};
    if (body.url !== undefined || creating) {
      const problem = endpointUrlProblem(body.url, this.#options);
      if (problem) errors.push({ pointer: '/url', detail: problem });
      else fields.url = body.url as string;
    }
    if (body.eventTypes !== undefined || creating) {
      const types = body.eventTypes;
      if (!Array.isArray(types) || types.length === 0)
        errors.push({ pointer: '/eventTypes', detail: `must be a non-empty list of: ${WEBHOOK_EVENT_TYPES.join(', ')}` });
      else {
        types.forEach((type, i) => {
          if (!isWebhookEventType(type)) errors.push({ pointer: `/eventTypes/${i}`, detail: `must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` });
        });
        fields.eventTypes = [...new Set(types as string[])];
      }
    }
    if (body.description !== undefined) {
      if (body.description !== null && (typeof body.description !== 'string' || body.description.length > MAX_DESCRIPTION))
        errors.push({ pointer: '/description', detail: `must be text of at most ${MAX_DESCRIPTION} characters, or null` });
      else fields.description = body.description;
    }
    if (body.enabled !== undefined) {
      if (typeof body.enabled !== 'boolean') errors.push({ pointer: '/enabled', detail: 'must be true or false' });
      else fields.enabled = body.enabled;
    }
    if (errors.length === 0 && fields.url) {
      const problem = await endpointAddressProblem(fields.url, this.#options);
      if (problem) errors.push({ pointer: '/url', detail: problem });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    return fields;
  }
}

/** The change on the audit trail, in its own transaction, naming the endpoint. */
async function audit(trx: Trx, by: ChangeActor, change: { companyId: string; endpointId: string; action: string; fields: string[]; at: Date }): Promise<void> {
  await recordChange(trx, {
    companyId: change.companyId,
    actor: by,
    action: change.action,
    customerId: null,
    webhookEndpointId: change.endpointId,
    fields: change.fields,
    at: change.at,
  });
}

function toView(row: WebhookEndpointRow): EndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.disabled_at === null,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since?.toISOString() ?? null,
    previousSecretValidUntil: row.previous_secret_until?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
