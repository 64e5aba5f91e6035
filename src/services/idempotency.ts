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
import { DomainError } from '../domain/errors.ts';
import { isRawJson } from '../domain/exact-json.ts';
import type { Db } from '../store/database.ts';
import * as keys from '../store/repositories/idempotency-keys.ts';
import type { KeyScope, NewClaim } from '../store/repositories/idempotency-keys.ts';
import type { Transactions } from '../store/transactions.ts';
import type { Clock } from './clock.ts';

const KEY_TTL_HOURS = 24;
const MAX_KEY_LENGTH = 255;

export interface StoredResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** What an Idempotency-Key says about a request before its work runs. */
export type KeyState =
  | { readonly state: 'absent' }
  /** The first request with this key finished: answer its stored response again. */
  | { readonly state: 'finished'; readonly response: StoredResponse }
  /** The first request with this key is still running. */
  | { readonly state: 'in_progress' }
  /** The key was used with another body. */
  | { readonly state: 'reused' };

/** What became of a request run under its key: done now, or one of the states that stopped it. */
export type KeyOutcome = { readonly state: 'done'; readonly response: StoredResponse } | Exclude<KeyState, { state: 'absent' }>;

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
function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('hex');
}

function stableJson(value: unknown): string {
  // A number kept as its text: that text, so 1e400 and null, or -0 and 0, are different bodies.
  if (isRawJson(value)) return value.rawJSON;
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** One request's key: where it applies and what the body it guards hashes to. */
export interface KeyedRequest {
  readonly scope: KeyScope;
  readonly fingerprint: string;
}

export class IdempotencyService {
  private readonly db: Db;
  private readonly tx: Transactions;
  private readonly clock: Clock;

  constructor(db: Db, tx: Transactions, clock: Clock) {
    this.db = db;
    this.tx = tx;
    this.clock = clock;
  }

  keyed(companyId: string, route: string, key: string, body: unknown): KeyedRequest {
    return { scope: { companyId, route, keyHash: createHash('sha256').update(key).digest('hex') }, fingerprint: fingerprintOf(body) };
  }

  /** What the key says before any work: nothing yet, or a finished, running or different request. */
  async lookup(request: KeyedRequest): Promise<KeyState> {
    return stateOf(await keys.findLiveKey(this.db, request.scope, this.clock()), request.fingerprint);
  }

  /**
   * The claim of the key, with the response the work will answer — for a write that knows its
   * answer before it runs and claims the key in its own statements (see CustomerService.commitCreate).
   * A key claimed meanwhile fails that write as a whole; lookup then says why.
   */
  claim(request: KeyedRequest, response: StoredResponse): NewClaim {
    const now = this.clock();
    return { scope: request.scope, fingerprint: request.fingerprint, createdAt: now, expiresAt: expiry(now), response };
  }

  /**
   * Runs `work` holding the key: locks it, claims it and stores the response `work` returns, all
   * in one unit of work that `work`'s own writes join (Transactions.join). A request whose key is
   * held, finished or used with another body does not run; its state is the outcome.
   */
  async runExclusive(request: KeyedRequest, work: () => Promise<StoredResponse>): Promise<KeyOutcome> {
    const { scope, fingerprint } = request;
    return this.tx.run(async (trx): Promise<KeyOutcome> => {
      if (!(await keys.tryLockKey(trx, scope))) return { state: 'in_progress' };
      const now = this.clock();
      if (!(await keys.claimKey(trx, scope, fingerprint, now, expiry(now)))) {
        // Finished between the caller's look and the lock (or earlier in this same shared transaction).
        const state = stateOf(await keys.findLiveKey(trx, scope, now), fingerprint);
        return state.state === 'absent' ? { state: 'in_progress' } : state;
      }
      const response = await work();
      await keys.storeResponse(trx, scope, response);
      return { state: 'done', response };
    });
  }

  async sweep(): Promise<number> {
    return keys.deleteExpiredKeys(this.db, this.clock());
  }
}

function expiry(now: Date): Date {
  return new Date(now.getTime() + KEY_TTL_HOURS * 3_600_000);
}

function stateOf(row: keys.IdempotencyRow | undefined, fingerprint: string): KeyState {
  if (!row) return { state: 'absent' };
  if (row.fingerprint !== fingerprint) return { state: 'reused' };
  if (row.response_status === null || row.response_body === null) return { state: 'in_progress' };
  return { state: 'finished', response: { status: row.response_status, body: row.response_body, headers: row.response_headers } };
}
