/**
 * Resolves an API key to its company. Verified keys are cached briefly because every request
 * authenticates. Revocations made in this process clear the cache at once. On PostgreSQL, those
 * made elsewhere (the CLI, another worker or host) arrive by NOTIFY (`followRevocations`) and clear
 * it too, within moments; CACHE_TTL_MS is what remains should a notification be missed unseen.
 */
import { hashApiKey } from '../security/api-keys.ts';
import type { DatabaseHandle, Db } from '../store/database.ts';
import { API_KEY_REVOKED_CHANNEL, type Listener } from '../store/notifications.ts';
import { findActiveKeyByHash } from '../store/repositories/api-keys.ts';

const CACHE_TTL_MS = 10_000;
const MAX_CACHED = 10_000;

export interface Principal {
  readonly companyId: string;
  readonly keyId: string;
  /** Requests per minute allowed for this key (0 = unlimited). */
  readonly rateLimitPerMinute: number;
}

export class AuthService {
  readonly #cache = new Map<string, { principal: Principal; expires: number }>();
  /**
   * Counts forgets: a key read from the database before a forget is not cached after it (its
   * revocation may have been announced while the read was under way).
   */
  #generation = 0;
  /**
   * Reads under way, by hash: concurrent requests with one uncached key share one read. With the
   * cache emptied (a reconnection, an expiry) during a database outage, a read per request queued
   * for the pool and some waited out two time-outs instead of one.
   */
  readonly #reading = new Map<string, Promise<Principal | null>>();

  private readonly db: Db;
  private readonly defaultRateLimitPerMinute: number;
  private readonly now: () => number;

  constructor(db: Db, defaultRateLimitPerMinute: number = 0, now: () => number = Date.now) {
    this.db = db;
    this.defaultRateLimitPerMinute = defaultRateLimitPerMinute;
    this.now = now;
  }

  async authenticate(secret: string): Promise<Principal | null> {
    if (secret.length < 8 || secret.length > 200) return null;
    const hash = hashApiKey(secret);
    const cached = this.#cache.get(hash);
    if (cached && cached.expires > this.now()) return cached.principal;
    const under = this.#reading.get(hash);
    if (under) return under;
    const reading: Promise<Principal | null> = this.#read(hash).finally(() => {
      if (this.#reading.get(hash) === reading) this.#reading.delete(hash);
    });
    this.#reading.set(hash, reading);
    return reading;
  }

  async #read(hash: string): Promise<Principal | null> {
    const generation = this.#generation;
    const row = await findActiveKeyByHash(this.db, hash);
    if (!row) {
      this.#cache.delete(hash);
      return null;
    }
    const principal = {
      companyId: row.company_id,
      keyId: row.id,
      rateLimitPerMinute: row.rate_limit_per_minute ?? this.defaultRateLimitPerMinute,
    };
    if (generation !== this.#generation) return principal;
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(hash, { principal, expires: this.now() + CACHE_TTL_MS });
    return principal;
  }

  forgetKey(keyId: string): void {
    // A read begun before this may predate the revocation: later requests start their own.
    this.#generation++;
    this.#reading.clear();
    for (const [hash, entry] of this.#cache) if (entry.principal.keyId === keyId) this.#cache.delete(hash);
  }

  /** Forgets every cached key: revocations may have been missed. */
  forgetAll(): void {
    this.#generation++;
    this.#reading.clear();
    this.#cache.clear();
  }

  /**
   * Hears revocations made by other processes (PostgreSQL NOTIFY; nothing to hear on PGlite) and
   * drops those keys from the cache. Each time listening (re)starts, the whole cache is dropped:
   * revocations announced while the connection was down were not heard.
   */
  followRevocations(database: DatabaseHandle, log?: { warn(fields: object, message: string): void; info(fields: object, message: string): void }): Listener {
    let lost = false;
    return database.listen(API_KEY_REVOKED_CHANNEL, {
      notification: (keyId) => this.forgetKey(keyId),
      listening: () => {
        this.forgetAll();
        if (lost) log?.info({}, 'hearing API key revocations again; cached keys dropped');
        lost = false;
      },
      lost: (info) => {
        lost = true;
        log?.warn(info, 'lost the connection that hears API key revocations; reconnecting');
      },
    });
  }
}
