/**
 * Signing of the webhooks Callwise sends to lenders, per the Standard Webhooks specification
 * (dispatch-and-voice.md §2.1): an HMAC-SHA256 over `"{id}.{timestamp}.{body}"`, keyed with the
 * endpoint's secret, sent as `webhook-signature: v1,<base64>`. A lender verifies with any Standard
 * Webhooks library and the `whsec_` secret it was shown. Pure apart from the random secret.
 */
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
/** The specification asks for 24 to 64 random bytes; 32 is what its reference libraries make. */
const SECRET_BYTES = 32;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
/**
 * Visible ASCII without `.`: the id is a header value, and a dot in it would make
 * `"{id}.{timestamp}.{body}"` ambiguous (the specification forbids it).
 */
const WEBHOOK_ID = /^[\x21-\x2D\x2F-\x7E]{1,256}$/;

/** A new endpoint secret, `whsec_` and the base64 of 32 random bytes: shown to the lender once. */
export function newEndpointSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The HMAC key behind a `whsec_` secret. Throws on anything else; never says what it was given. */
function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret must start with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
    throw new Error(`a webhook secret must hold ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes`);
  }
  return key;
}

/**
 * The `webhook-signature` value: `v1,<base64 HMAC-SHA256>` for each secret, separated by spaces.
 * More than one secret is a rotation (the new one first): the lender's receiver accepts a message
 * if any of them matches the secret it holds, so both old and new receivers keep working. The
 * body is signed as the UTF-8 bytes that are sent.
 */
export function signatureHeader(secrets: readonly string[], id: string, timestampSeconds: number, body: string): string {
  if (secrets.length === 0) throw new Error('a webhook needs at least one secret to be signed');
  if (!WEBHOOK_ID.test(id)) throw new Error('a webhook id must be visible ASCII without dots');
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new Error('a webhook timestamp must be whole seconds');
  const signedContent = `${id}.${timestampSeconds}.${body}`;
  return secrets.map((secret) => 'v1,' + createHmac('sha256', secretKey(secret)).update(signedContent, 'utf8').digest('base64')).join(' ');
}

/** Every header of one webhook delivery: the three the specification names, and what the body is. */
export function webhookHeaders(message: {
  readonly id: string;
  readonly timestampSeconds: number;
  readonly body: string;
  readonly secrets: readonly string[];
}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Callwise-Webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestampSeconds),
    'webhook-signature': signatureHeader(message.secrets, message.id, message.timestampSeconds, message.body),
  };
}
