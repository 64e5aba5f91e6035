/**
 * How every POST runs: validation and reads first (outside any transaction), then the write; the
 * route decides the answer. With an Idempotency-Key this wraps the route's handler: the answer
 * the route produced is serialised by the route's response schema, stored with the key in the
 * write's own transaction, and answered again, byte for byte, on a retry.
 *
 * Two ways to hold the key (services/idempotency.ts):
 * - a write that knows its answer before it runs (a create answers with what it stores) claims
 *   the key in its own statements, which it shares with concurrent requests — no lock, no look-up
 *   first. If the key (or the id) turns out to be taken, nothing was written and the key's state
 *   decides: a replay, a 409 or a 422 — or, for an expired claim not yet swept, the locking path;
 * - any other write runs under the key's lock (runExclusive), after a look-up that answers a
 *   finished request without redoing its reads.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import { parseIdempotencyKey, type IdempotencyService, type KeyOutcome, type KeyState, type StoredResponse } from '../services/idempotency.ts';
import { isDatabaseUnavailable } from '../store/database-errors.ts';
import type { NewClaim } from '../store/repositories/idempotency-keys.ts';

/** What a POST answers: the route's decision. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface PostHandler<P> {
  /** Validation and reads; throws to refuse the request. Never inside a transaction. */
  prepare(): Promise<P> | P;
  /** The write, run atomically; resolves to the answer. */
  commit(prepared: P): Promise<Answer>;
  /**
   * For a write whose answer is known before it runs: that answer, and the same write claiming the
   * key with it. `commitClaiming` resolves to false when it wrote nothing (the key or the
   * resource was taken).
   */
  readonly claiming?: {
    answer(prepared: P): Answer;
    commitClaiming(prepared: P, claim: NewClaim): Promise<boolean>;
  };
  /**
   * What the key's fingerprint covers, when the body alone does not say what the request is about
   * (a path naming the customer): the same key sent for another customer is then a different
   * request (422), never another customer's replay. Default: the body.
   */
  readonly fingerprinted?: unknown;
}

const REPLAY_HEADER = 'idempotent-replayed';

/** The answer as the route's response schema serialises it: what is sent, stored and replayed. */
function serialised(reply: FastifyReply, answer: Answer): StoredResponse {
  return {
    status: answer.status,
    body: reply.serializeInput(answer.body as Record<string, unknown>, String(answer.status)) as string,
    headers: answer.headers ?? {},
  };
}

function sendStored(reply: FastifyReply, stored: StoredResponse, replayed: boolean): FastifyReply {
  for (const [name, value] of Object.entries(stored.headers)) reply.header(name, value);
  if (replayed) reply.header(REPLAY_HEADER, 'true');
  // Already serialised (now, or by the first request): sent as it is.
  return reply
    .code(stored.status)
    .type('application/json; charset=utf-8')
    .serializer((payload) => payload as string)
    .send(stored.body);
}

/** What a key's state answers, when it stops the request: a replay, 409 or 422. */
function sendState(reply: FastifyReply, outcome: KeyOutcome): FastifyReply {
  switch (outcome.state) {
    case 'done':
      return sendStored(reply, outcome.response, false);
    case 'finished':
      return sendStored(reply, outcome.response, true);
    case 'in_progress':
      throw new DomainError('idempotency_key_in_progress', 'A request with this Idempotency-Key is still being processed. Retry shortly.', {
        retryAfterSeconds: 1,
      });
    case 'reused':
      throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request body. Use a new key for a new request.');
  }
}

export async function handlePost<P>(
  request: FastifyRequest,
  reply: FastifyReply,
  idempotency: IdempotencyService,
  handler: PostHandler<P>,
): Promise<FastifyReply> {
  const key = parseIdempotencyKey(request.headers['idempotency-key']);
  if (key === null) {
    const answer = await handler.commit(await handler.prepare());
    for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
    return reply.code(answer.status).send(answer.body);
  }
  const keyed = idempotency.keyed(
    request.principal.companyId,
    `${request.method} ${request.routeOptions.url ?? request.url}`,
    key,
    'fingerprinted' in handler ? handler.fingerprinted : request.body,
  );
  const underLock = (prepared: P) => idempotency.runExclusive(keyed, async () => serialised(reply, await handler.commit(prepared)));
  if (!handler.claiming) {
    const state = await idempotency.lookup(keyed);
    if (state.state !== 'absent') return sendState(reply, state);
    return sendState(reply, await underLock(await handler.prepare()));
  }
  const { claiming } = handler;
  let prepared: P;
  try {
    prepared = await handler.prepare();
  } catch (error) {
    // The database is gone: asking it about the key would only wait out a second time-out before
    // the same 503 (test/faults/database-outage.test.ts bounds the answer time).
    if (isDatabaseUnavailable(error)) throw error;
    // A retry of a finished request is replayed even if its body no longer passes validation.
    const state = await idempotency.lookup(keyed);
    if (state.state !== 'absent') return sendState(reply, state);
    throw error;
  }
  const response = serialised(reply, claiming.answer(prepared));
  if (await claiming.commitClaiming(prepared, idempotency.claim(keyed, response))) return sendStored(reply, response, false);
  // Nothing written: most often the key is a finished request's. Otherwise the locking path
  // answers exactly (the resource taken → its own error; an expired claim → done now).
  const state: KeyState = await idempotency.lookup(keyed);
  if (state.state !== 'absent') return sendState(reply, state);
  return sendState(reply, await underLock(prepared));
}
