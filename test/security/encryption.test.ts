/**
 * The field cipher on its own: round trips, the row binding (additional data), key versions, and
 * IVs that are never reused — GCM's one hard requirement — across many encryptions.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '../../src/security/encryption.ts';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');

describe('Keyring', () => {
  it('round-trips a value only in the context it was sealed for', () => {
    const keyring = Keyring.parse(KEY_A);
    const envelope = keyring.encrypt('1985-06-15', 'cmp_a/c1/birthday');
    assert.match(envelope, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(keyring.decrypt(envelope, 'cmp_a/c1/birthday'), '1985-06-15');
    assert.throws(() => keyring.decrypt(envelope, 'cmp_a/c2/birthday'));
  });

  it('never hands out the same IV twice, across several refills of its pool', () => {
    const keyring = Keyring.parse(KEY_A);
    const ivs = new Set<string>();
    const count = 2_000;
    for (let i = 0; i < count; i++) ivs.add(keyring.encrypt('1234', 'ctx').split('.')[1]!);
    assert.equal(ivs.size, count);
  });

  it('writes with the newest key and still reads the older ones', () => {
    const old = Keyring.parse(`1:${KEY_A}`);
    const rotated = Keyring.parse(`1:${KEY_A},2:${KEY_B}`);
    const before = old.encrypt('0917', 'ctx');
    assert.equal(rotated.decrypt(before, 'ctx'), '0917');
    assert.equal(rotated.isStale(before), true);
    const after = rotated.encrypt('0917', 'ctx');
    assert.match(after, /^v2\./);
    assert.equal(rotated.isStale(after), false);
  });

  it('fingerprints each version: the same key always alike, another key not, the key nowhere in it', () => {
    const keyring = Keyring.parse(`1:${KEY_A},2:${KEY_B}`);
    assert.deepEqual(keyring.versions, [1, 2]);
    assert.match(keyring.fingerprint(1), /^[0-9a-f]{64}$/);
    assert.equal(keyring.fingerprint(1), Keyring.parse(KEY_A).fingerprint(1));
    assert.notEqual(keyring.fingerprint(1), keyring.fingerprint(2));
    for (const key of [KEY_A, KEY_B]) {
      const hex = Buffer.from(key, 'base64').toString('hex');
      assert.ok(!keyring.fingerprint(1).includes(hex) && !keyring.fingerprint(2).includes(hex));
    }
    assert.throws(() => keyring.fingerprint(3), /version 3 is not configured/);
  });
});
