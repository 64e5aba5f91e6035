/**
 * Resolves an API key to its company. Verified keys are cached briefly because every request
 * authenticates; revocations made in this process clear the cache at once, and revocations made
 * elsewhere (the CLI, another API process) take effect within CACHE_TTL_MS.
 */
import { hashApiKey } from '../security/api-keys.ts';
import type { Db } from '../store/database.ts';
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
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(hash, { principal, expires: this.now() + CACHE_TTL_MS });
    return principal;
  }

  forgetKey(keyId: string): void {
    for (const [hash, entry] of this.#cache) if (entry.principal.keyId === keyId) this.#cache.delete(hash);
  }
}
