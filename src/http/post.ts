/**
 * How every POST runs: validation first (outside any transaction), then the write — and, when the
 * client sends an Idempotency-Key, the key is checked before the work, claimed in the work's own
 * transaction and answered from storage on a retry (see services/idempotency.ts). A write that can
 * claim the key itself (commitClaiming: creating a customer) skips the lock and the look-up before
 * the work, so that keyed requests share statements under load like the others.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  fingerprintOf, parseIdempotencyKey, Replay, type IdempotencyService, type KeyClaim, type StoredResponse, type WorkResult,
} from '../services/idempotency.js';

export interface PostSteps<P> {
  /** Validation and reads; throws to refuse the request. Never inside a transaction. */
  prepare(): Promise<P> | P;
  /** The write, run atomically; its result is the response. */
  commit(prepared: P): Promise<WorkResult>;
  /**
   * With an Idempotency-Key, optionally: the same write claiming the key itself, with its stored
   * response, so that it can share statements with concurrent requests. Undefined when it could
   * not; commit then runs under the key's lock.
   */
  commitClaiming?(prepared: P, claim: KeyClaim): Promise<StoredResponse | undefined>;
}

export const REPLAY_HEADER = 'idempotent-replayed';

function send(reply: FastifyReply, result: WorkResult): FastifyReply {
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
  return reply.code(result.status).send(result.body);
}

function sendStored(reply: FastifyReply, stored: StoredResponse, replayed: boolean): FastifyReply {
  for (const [name, value] of Object.entries(stored.headers)) reply.header(name, value);
  if (replayed) reply.header(REPLAY_HEADER, 'true');
  // The body is stored as JSON text; send it as is rather than parse and re-serialise it.
  return reply.code(stored.status).type('application/json; charset=utf-8').serializer((payload) => payload as string).send(stored.body);
}

export async function handlePost<P>(
  request: FastifyRequest,
  reply: FastifyReply,
  idempotency: IdempotencyService,
  steps: PostSteps<P>,
): Promise<FastifyReply> {
  const key = parseIdempotencyKey(request.headers['idempotency-key']);
  if (key === null) return send(reply, await steps.commit(await steps.prepare()));
  const scope = idempotency.scope(request.principal.companyId, `${request.method} ${request.routeOptions.url ?? request.url}`, key);
  const fingerprint = fingerprintOf(request.body);
  try {
    const { commitClaiming } = steps;
    if (!commitClaiming) {
      await idempotency.checkFinished(scope, fingerprint);
      const prepared = await steps.prepare();
      return sendStored(reply, await idempotency.run(scope, fingerprint, () => steps.commit(prepared)), false);
    }
    // The fast path looks the key up only when it has to: a retry of a finished request fails to
    // claim it (and is then replayed by the locking path), and one whose body no longer passes
    // validation is still replayed, not refused.
    let prepared: P;
    try {
      prepared = await steps.prepare();
    } catch (error) {
      await idempotency.checkFinished(scope, fingerprint);
      throw error;
    }
    const claimed = await idempotency.claimWith(scope, fingerprint, (claim) => commitClaiming(prepared, claim));
    if (claimed) return sendStored(reply, claimed, false);
    // Most often the key is taken by a finished request: answer that without the lock.
    await idempotency.checkFinished(scope, fingerprint);
    return sendStored(reply, await idempotency.run(scope, fingerprint, () => steps.commit(prepared)), false);
  } catch (error) {
    if (error instanceof Replay) return sendStored(reply, error.response, true);
    throw error;
  }
}
