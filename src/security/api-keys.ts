/**
 * API key secrets: random, shown once, stored only as a SHA-256 hash plus a short visible prefix.
 * SHA-256 (not a slow password hash) is right here because the secrets are 190 bits of randomness,
 * not human passwords, and every request verifies one.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 32;
const KEY_PREFIX = 'cw_';

export function generateApiKeySecret(): string {
  const bytes = randomBytes(SECRET_LENGTH * 2);
  let out = '';
  // Rejection sampling keeps every character uniformly likely (248 = 4 × 62).
  for (let i = 0; i < bytes.length && out.length < SECRET_LENGTH; i++) {
    const byte = bytes[i]!;
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out.length === SECRET_LENGTH ? KEY_PREFIX + out : generateApiKeySecret();
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What listings show of a key: enough to tell keys apart, far too little to use one. */
export function visiblePrefix(secret: string): string {
  return secret.slice(0, KEY_PREFIX.length + 6);
}
