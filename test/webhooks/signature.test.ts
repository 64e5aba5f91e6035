/**
 * Our webhook signatures against an independent oracle: the `standardwebhooks` package, the
 * specification's own library, is what a lender's receiver is likely to run. Whatever we sign it
 * must accept, and what it refuses (a changed body, another secret, an old timestamp) must stay
 * refused. fast-check prints the seed of a failing run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newEndpointSecret, signatureHeader, webhookHeaders } from '../../src/webhooks/signature.ts';

const secretArbitrary = fc.uint8Array({ minLength: 24, maxLength: 64 }).map((bytes) => 'whsec_' + Buffer.from(bytes).toString('base64'));
const idArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
/** JSON as we send it, and any text at all (the signature is over bytes, whatever they say). */
const jsonBodyArbitrary = fc.json();
const textBodyArbitrary = fc.string({ unit: 'binary', maxLength: 300 });

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function sameBytes(a: string, b: string): boolean {
  return Buffer.from(a, 'utf8').equals(Buffer.from(b, 'utf8'));
}

describe('webhook signatures, checked by the standardwebhooks library', () => {
  test('a JSON body we sign verifies, and the oracle reads back the same JSON', () => {
    fc.assert(
      fc.property(secretArbitrary, idArbitrary, jsonBodyArbitrary, (secret, id, body) => {
        const headers = webhookHeaders({ id, timestampSeconds: nowSeconds(), body, secrets: [secret] });
        assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
      }),
    );
  });

  test('any text body verifies as the bytes sent', () => {
    fc.assert(
      fc.property(secretArbitrary, idArbitrary, textBodyArbitrary, (secret, id, body) => {
        const headers = webhookHeaders({ id, timestampSeconds: nowSeconds(), body, secrets: [secret] });
        new Webhook(secret).verify(body, headers, { jsonParse: false });
        new Webhook(secret).verify(Buffer.from(body, 'utf8'), headers, { jsonParse: false });
      }),
    );
  });

  test('our signature is exactly the one the oracle computes for the same id, time and body', () => {
    fc.assert(
      fc.property(secretArbitrary, idArbitrary, fc.integer({ min: 0, max: 2 ** 40 }), textBodyArbitrary, (secret, id, timestampSeconds, body) => {
        assert.equal(signatureHeader([secret], id, timestampSeconds, body), new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body));
      }),
    );
  });

  test('with two secrets (a rotation), a receiver holding either one verifies', () => {
    fc.assert(
      fc.property(secretArbitrary, secretArbitrary, idArbitrary, jsonBodyArbitrary, (newSecret, oldSecret, id, body) => {
        const headers = webhookHeaders({ id, timestampSeconds: nowSeconds(), body, secrets: [newSecret, oldSecret] });
        const signatures = headers['webhook-signature']!.split(' ');
        assert.equal(signatures.length, 2);
        assert.ok(signatures.every((signature) => signature.startsWith('v1,')));
        new Webhook(newSecret).verify(body, headers);
        new Webhook(oldSecret).verify(body, headers);
      }),
    );
  });

  test('a changed body is refused', () => {
    fc.assert(
      fc.property(secretArbitrary, idArbitrary, textBodyArbitrary, textBodyArbitrary, (secret, id, body, otherBody) => {
        fc.pre(!sameBytes(body, otherBody));
        const headers = webhookHeaders({ id, timestampSeconds: nowSeconds(), body, secrets: [secret] });
        assert.throws(() => new Webhook(secret).verify(otherBody, headers, { jsonParse: false }), WebhookVerificationError);
      }),
    );
  });

  test('a changed id or timestamp is refused (both are signed)', () => {
    const secret = newEndpointSecret();
    const body = '{"type":"call.completed"}';
    const now = nowSeconds();
    const headers = webhookHeaders({ id: 'msg_1', timestampSeconds: now, body, secrets: [secret] });
    assert.throws(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_2' }), WebhookVerificationError);
    assert.throws(() => new Webhook(secret).verify(body, { ...headers, 'webhook-timestamp': String(now - 1) }), WebhookVerificationError);
  });

  test('a receiver holding another secret refuses', () => {
    fc.assert(
      fc.property(secretArbitrary, secretArbitrary, idArbitrary, jsonBodyArbitrary, (secret, otherSecret, id, body) => {
        fc.pre(secret !== otherSecret);
        const headers = webhookHeaders({ id, timestampSeconds: nowSeconds(), body, secrets: [secret] });
        assert.throws(() => new Webhook(otherSecret).verify(body, headers), WebhookVerificationError);
      }),
    );
  });

  test('a timestamp more than 5 minutes old (or ahead) is refused; within 5 minutes it is accepted', () => {
    const secret = newEndpointSecret();
    const body = '{"type":"call.completed","data":{}}';
    const signedAt = (offsetSeconds: number) => webhookHeaders({ id: 'msg_1', timestampSeconds: nowSeconds() + offsetSeconds, body, secrets: [secret] });
    assert.throws(() => new Webhook(secret).verify(body, signedAt(-6 * 60)), /too old/);
    assert.throws(() => new Webhook(secret).verify(body, signedAt(6 * 60)), /too new/);
    new Webhook(secret).verify(body, signedAt(-4 * 60));
  });
});

describe('webhook secrets and headers', () => {
  test('a new secret is whsec_ and the base64 of 32 random bytes, and the oracle takes it', () => {
    const secret = newEndpointSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(secret.slice('whsec_'.length), 'base64').length, 32);
    assert.notEqual(newEndpointSecret(), secret);
    const headers = webhookHeaders({ id: 'msg_1', timestampSeconds: nowSeconds(), body: '{}', secrets: [secret] });
    new Webhook(secret).verify('{}', headers);
  });

  test('the headers are the three of the specification, the content type and our user agent', () => {
    const secret = newEndpointSecret();
    const headers = webhookHeaders({ id: 'msg_2Kx', timestampSeconds: 1_767_225_600, body: '{}', secrets: [secret] });
    assert.deepEqual(Object.keys(headers).sort(), ['content-type', 'user-agent', 'webhook-id', 'webhook-signature', 'webhook-timestamp']);
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['user-agent'], 'Callwise-Webhooks/1');
    assert.equal(headers['webhook-id'], 'msg_2Kx');
    assert.equal(headers['webhook-timestamp'], '1767225600');
    assert.equal(headers['webhook-signature'], signatureHeader([secret], 'msg_2Kx', 1_767_225_600, '{}'));
  });

  test('nothing is signed without a secret, with a malformed secret, an id with a dot or a fractional time; errors never repeat the secret', () => {
    const notASecret = 'sk_live_0123456789abcdef0123456789abcdef';
    const shortSecret = 'whsec_' + Buffer.alloc(8).toString('base64');
    assert.throws(() => signatureHeader([], 'msg_1', 1, '{}'), /at least one secret/);
    for (const secret of [notASecret, shortSecret]) {
      assert.throws(
        () => signatureHeader([secret], 'msg_1', 1, '{}'),
        (error: Error) => !error.message.includes(secret.slice(6)),
      );
    }
    assert.throws(() => signatureHeader([newEndpointSecret()], 'msg.1', 1, '{}'), /without dots/);
    assert.throws(() => signatureHeader([newEndpointSecret()], '', 1, '{}'), /without dots/);
    assert.throws(() => signatureHeader([newEndpointSecret()], 'msg_1', 1.5, '{}'), /whole seconds/);
  });
});
