/**
 * Idempotency-Key on POST (IETF draft-ietf-httpapi-idempotency-key-header; Stripe's semantics):
 * scoped to the company and the route, with a fingerprint of the body.
 *
 * - same key, same body, first request finished → its stored status and body, marked as a replay;
 * - same key, other body → 422;
 * - same key while the first request is still running → 409 with Retry-After;
 * - the key is claimed in the same transaction as the work, so a request that fails (or a process
 *   that dies) leaves no claim behind and the client may simply retry;
 * - responses are kept for KEY_TTL_HOURS (at least 24 h), then swept.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import type { Db } from '../store/database.js';
import * as keys from '../store/repositories/idempotency-keys.js';
import type { KeyScope } from '../store/repositories/idempotency-keys.js';
import type { Transactions } from '../store/transactions.js';
import type { Clock } from './clock.js';

export const KEY_TTL_HOURS = 24;
const MAX_KEY_LENGTH = 255;

export interface StoredResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** What the work returns: a status, a JSON body and any headers worth replaying. */
export interface WorkResult {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** The response to store with a claim, as it will be replayed. */
export function storedResponse(result: WorkResult): StoredResponse {
  return { status: result.status, body: JSON.stringify(result.body), headers: result.headers ?? {} };
}

/** A key to claim together with the work (the work adds the response). */
export type KeyClaim = Omit<keys.NewClaim, 'response'>;

/** Thrown (and caught by the HTTP layer) when the stored response must be replayed. */
export class Replay {
  constructor(readonly response: StoredResponse) {}
}

/**
 * Reads the header: a bare token (Stripe style) or an RFC 8941 string ("…", as the draft says).
 * Printable ASCII, 1–255 characters. Returns null when absent, throws 400 when malformed.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (Array.isArray(header)) throw malformed('send a single Idempotency-Key header');
  let key = header.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key) || key.includes('"')) {
    throw malformed(`the key must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters without spaces or quotes (a UUID is ideal)`);
  }
  return key;
}

function malformed(detail: string): DomainError {
  return new DomainError('idempotency_key_invalid', `The Idempotency-Key header is malformed: ${detail}.`);
}

/** A hash of the body that does not depend on the order of object keys. */
export function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class IdempotencyService {
  constructor(
    private readonly db: Db,
    private readonly tx: Transactions,
    private readonly clock: Clock,
  ) {}

  scope(companyId: string, route: string, key: string): KeyScope {
    return { companyId, route, keyHash: createHash('sha256').update(key).digest('hex') };
  }

  /** Before any work: a finished request with this key is replayed (or refused if the body differs). */
  async checkFinished(scope: KeyScope, fingerprint: string): Promise<void> {
    const row = await keys.findLiveKey(this.db, scope, this.clock());
    if (row) this.verdict(row, fingerprint);
  }

  private verdict(row: keys.IdempotencyRow, fingerprint: string): never {
    if (row.fingerprint !== fingerprint) {
      throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request body. Use a new key for a new request.');
    }
    if (row.response_status === null || row.response_body === null) throw inProgress();
    throw new Replay({ status: row.response_status, body: row.response_body, headers: row.response_headers });
  }

  /** Claims the key and runs the work in one transaction, storing the response with the claim. */
  async run(scope: KeyScope, fingerprint: string, work: () => Promise<WorkResult>): Promise<StoredResponse> {
    return this.tx.run(async (trx) => {
      if (!(await keys.tryLockKey(trx, scope))) throw inProgress();
      const now = this.clock();
      const expiresAt = new Date(now.getTime() + KEY_TTL_HOURS * 3_600_000);
      if (!(await keys.claimKey(trx, scope, fingerprint, now, expiresAt))) {
        // Finished between our first look and the lock (or earlier in this same shared transaction).
        const row = await keys.findLiveKey(trx, scope, now);
        if (row) this.verdict(row, fingerprint);
        throw inProgress();
      }
      const response = storedResponse(await work());
      await keys.storeResponse(trx, scope, response);
      return response;
    });
  }

  /**
   * The fast path, for work that claims the key itself with its response, in statements it shares
   * with concurrent requests: no lock, nothing sent on its own. Undefined when the key turned out
   * to be taken, or the work could not claim it: nothing was written, and the caller takes the
   * locking path (run), which answers a replay, a 422 or a 409 exactly.
   */
  async claimWith(scope: KeyScope, fingerprint: string, work: (claim: KeyClaim) => Promise<StoredResponse | undefined>): Promise<StoredResponse | undefined> {
    const now = this.clock();
    const claim: KeyClaim = { scope, fingerprint, createdAt: now, expiresAt: new Date(now.getTime() + KEY_TTL_HOURS * 3_600_000) };
    try {
      return await work(claim);
    } catch (error) {
      if (keys.isTakenKey(error)) return undefined;
      throw error;
    }
  }

  async sweep(): Promise<number> {
    return keys.deleteExpiredKeys(this.db, this.clock());
  }
}

function inProgress(): DomainError {
  return new DomainError('idempotency_key_in_progress', 'A request with this Idempotency-Key is still being processed. Retry shortly.', { retryAfterSeconds: 1 });
}
