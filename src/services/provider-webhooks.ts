/**
 * Provider webhooks (`POST /webhooks/providers/{provider}`): the signature is checked with the
 * credentials of the company the event names before anything is stored (a bad or stale one is
 * refused with 401 and leaves no trace); each event is stored once, sealed (providers redeliver);
 * then applied to its task — the call recorded through the same path as `POST /calls`. An event
 * whose processing fails stays unprocessed and is retried by the dispatcher (processPending).
 */
import { DomainError } from '../domain/errors.ts';
import { isProviderKind } from '../dispatch/providers/registry.ts';
import { ProviderError, type ProviderConnector, type ProviderEvent, type WebhookRequest } from '../dispatch/providers/provider.ts';
import { webhookCompanyHint } from '../dispatch/correlation.ts';
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import * as repo from '../store/repositories/dispatch.ts';
import * as events from '../store/repositories/provider-events.ts';
import type { Transactions } from '../store/transactions.ts';
import type { Clock } from './clock.ts';
import type { DialerService } from './dialers.ts';
import type { DispatchService } from './dispatch.ts';

function providerEventContext(provider: string, dedupeKey: string): string {
  return `provider-event/${provider}/${dedupeKey}`;
}

/** What is kept of a webhook request: enough to parse it again (Twilio's ids are in its URL). */
function storedRequest(request: WebhookRequest) {
  return { url: request.url, contentType: request.headers['content-type'] ?? '', rawBody: request.rawBody };
}

export interface WebhookReceipt {
  readonly received: number;
  readonly duplicates: number;
}

export class ProviderWebhookService {
  private readonly db: Db;
  private readonly tx: Transactions;
  private readonly dialers: DialerService;
  private readonly dispatch: DispatchService;
  private readonly keyring: Keyring;
  private readonly clock: Clock;

  constructor(deps: { db: Db; tx: Transactions; dialers: DialerService; dispatch: DispatchService; keyring: Keyring; clock: Clock }) {
    this.db = deps.db;
    this.tx = deps.tx;
    this.dialers = deps.dialers;
    this.dispatch = deps.dispatch;
    this.keyring = deps.keyring;
    this.clock = deps.clock;
  }

  async receive(provider: string, request: WebhookRequest): Promise<WebhookReceipt> {
    if (!isProviderKind(provider) || provider === 'simulator') throw new DomainError('not_found', `no provider named ${provider}`);
    const refused = () => new DomainError('signature_invalid', `The request does not carry a valid, current ${provider} signature.`);
    const companyId = webhookCompanyHint(request);
    if (!companyId) throw refused();
    const connector = await this.#connector(companyId, provider);
    if (!connector || !connector.verifyWebhook(request, this.clock().getTime())) throw refused();
    let parsed: ProviderEvent[];
    try {
      parsed = connector.parseEvents(request);
    } catch (error) {
      if (error instanceof ProviderError) throw new DomainError('validation_failed', error.message);
      throw error;
    }
    let received = 0;
    let duplicates = 0;
    for (const event of parsed) {
      // A body may only speak for the company whose key signed it.
      if (event.companyId !== null && event.companyId !== companyId) continue;
      const stored = await events.insertProviderEvent(this.db, {
        provider,
        dedupeKey: event.dedupeKey,
        companyId,
        taskId: event.taskId,
        providerCallId: event.providerCallId,
        type: event.type,
        bodyEnc: this.keyring.encrypt(JSON.stringify(storedRequest(request)), providerEventContext(provider, event.dedupeKey)),
        now: this.clock(),
      });
      if (!stored) {
        duplicates++;
        continue;
      }
      received++;
      // Applied now when possible; a failure leaves the event for processPending.
      await this.#apply(companyId, provider, event).then(
        () => events.markEventProcessed(this.db, provider, event.dedupeKey, this.clock()),
        () => undefined,
      );
    }
    return { received, duplicates };
  }

  /** Events stored but not applied (a failure, a crash between storing and applying): applied now. */
  async processPending(limit: number): Promise<number> {
    const pending = await this.tx.run(async (trx) => events.lockUnprocessedEvents(trx, limit));
    let done = 0;
    for (const row of pending) {
      const connector = await this.#connector(row.company_id, row.provider);
      if (!connector) continue;
      const stored = JSON.parse(this.keyring.decrypt(row.body_enc, providerEventContext(row.provider, row.dedupe_key))) as ReturnType<typeof storedRequest>;
      let event: ProviderEvent | undefined;
      try {
        // Stored events were verified on arrival: parsed again, not verified again.
        event = connector
          .parseEvents({ rawBody: stored.rawBody, headers: { 'content-type': stored.contentType }, url: stored.url })
          .find((e) => e.dedupeKey === row.dedupe_key);
      } catch {
        event = undefined;
      }
      if (event) await this.#apply(row.company_id, row.provider, event);
      await events.markEventProcessed(this.db, row.provider, row.dedupe_key, this.clock());
      done++;
    }
    return done;
  }

  async #apply(companyId: string, provider: string, event: ProviderEvent): Promise<void> {
    if (!event.call) return;
    const task =
      (event.taskId ? await repo.findTask(this.db, companyId, event.taskId) : undefined) ??
      (await repo.findTaskByProviderCall(this.db, provider, event.providerCallId));
    // A call Callwise did not place (or of another company) is kept as received, nothing more.
    if (!task || task.company_id !== companyId || task.provider !== provider) return;
    await this.dispatch.applyProviderCall(companyId, task, event.call);
  }

  async #connector(companyId: string, provider: string): Promise<ProviderConnector | null> {
    const dialer = await this.dialers.dialerFor(companyId).catch(() => null);
    return dialer?.connector?.kind === provider ? dialer.connector : null;
  }
}
