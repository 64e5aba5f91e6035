/**
 * Field encryption for PII at rest (SSN last four, birthday, LMS credentials): AES-256-GCM with a
 * random 96-bit IV per value and the row's identity as additional authenticated data, so a
 * ciphertext copied into another row or column fails to decrypt.
 *
 * Envelope: `v<version>.<iv>.<tag>.<ciphertext>` (base64url). The version names the key, so keys
 * can be rotated: new writes use the newest key, old values stay readable until `callwise
 * encryption rotate` re-encrypts them.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { writeNewFileDurably } from '../store/durable-files.ts';

class EncryptionConfigError extends Error {}

const IV_BYTES = 12;
/**
 * IVs are drawn from the CSPRNG 256 at a time: one call per IV was a measurable share of a create
 * (two encrypted fields each). Bulk draws are exactly as random; each IV is handed out once.
 */
const ivPool = { bytes: Buffer.alloc(0), offset: 0 };
function nextIv(): Buffer {
  if (ivPool.offset + IV_BYTES > ivPool.bytes.length) {
    ivPool.bytes = randomBytes(IV_BYTES * 256);
    ivPool.offset = 0;
  }
  const iv = Buffer.from(ivPool.bytes.subarray(ivPool.offset, ivPool.offset + IV_BYTES));
  ivPool.offset += IV_BYTES;
  return iv;
}

/** What a key's fingerprint is the HMAC of: fixed, so one key always has the same fingerprint. */
const FINGERPRINT_LABEL = 'callwise encryption key fingerprint v1';

export class Keyring {
  readonly currentVersion: number;
  readonly #keys: ReadonlyMap<number, Buffer>;

  constructor(keys: ReadonlyMap<number, Buffer>) {
    if (keys.size === 0) throw new EncryptionConfigError('no encryption key');
    for (const [version, key] of keys) {
      if (key.length !== 32) throw new EncryptionConfigError(`encryption key v${version} must be 32 bytes (base64 of 32 random bytes)`);
    }
    this.#keys = keys;
    this.currentVersion = Math.max(...keys.keys());
  }

  /**
   * Parses `CALLWISE_ENCRYPTION_KEY`: either one base64 key (version 1) or a comma-separated list
   * of `<version>:<base64>` entries; the highest version encrypts new values.
   */
  static parse(spec: string): Keyring {
    const keys = new Map<number, Buffer>();
    for (const part of spec
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const match = /^(?:(\d+):)?([A-Za-z0-9+/_-]+={0,2})$/.exec(part);
      if (!match) throw new EncryptionConfigError('CALLWISE_ENCRYPTION_KEY must be base64, or a list of <version>:<base64>');
      const version = match[1] ? Number(match[1]) : 1;
      if (keys.has(version)) throw new EncryptionConfigError(`encryption key version ${version} is given twice`);
      keys.set(version, Buffer.from(match[2]!, 'base64'));
    }
    return new Keyring(keys);
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  encrypt(plaintext: string, context: string): string {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.currentVersion)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v${this.currentVersion}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  decrypt(envelope: string, context: string): string {
    const [versionPart, ivPart, tagPart, bodyPart] = envelope.split('.');
    const version = Number(versionPart?.slice(1));
    const key = this.#keys.get(version);
    if (!key || !ivPart || !tagPart || bodyPart === undefined) {
      throw new EncryptionConfigError(`cannot decrypt: key version ${versionPart ?? '?'} is not configured`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivPart, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tagPart, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(bodyPart, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The configured key versions, lowest first. */
  get versions(): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b);
  }

  /**
   * Identifies version `version`'s key without revealing it: HMAC-SHA256 of a fixed label under the
   * key (hex). The database records it when the version is first used, so a different key given
   * under the same version is recognised at start (services/encryption-key-check.ts).
   */
  fingerprint(version: number): string {
    const key = this.#keys.get(version);
    if (!key) throw new EncryptionConfigError(`encryption key version ${version} is not configured`);
    return createHmac('sha256', key).update(FINGERPRINT_LABEL).digest('hex');
  }

  /** True when `envelope` was written with an older key and should be re-encrypted. */
  isStale(envelope: string): boolean {
    return !envelope.startsWith(`v${this.currentVersion}.`);
  }
}

export const KEY_FILE_NAME = 'encryption.key';

/**
 * The embedded default's key: read from `<dataDir>/encryption.key`, created on first start with
 * owner-only permissions and synced to disk. Production (PostgreSQL) takes the key from the
 * environment instead, so every API process shares it.
 */
export function loadOrCreateKeyFile(dataDir: string): { keyring: Keyring; created: boolean } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, KEY_FILE_NAME);
  if (existsSync(file)) return { keyring: Keyring.parse(readFileSync(file, 'utf8').trim()), created: false };
  // On disk, owner-only, before any value is sealed under it: a database that outlives its key is
  // unreadable.
  const key = `1:${Keyring.generateKey()}`;
  writeNewFileDurably(file, `${key}\n`, 0o600);
  return { keyring: Keyring.parse(key), created: true };
}
