import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, pointerOf, ValidationError } from '../../src/domain/errors.ts';

describe('pointerOf', () => {
  it('builds RFC 6901 pointers, escaping ~ and /', () => {
    assert.equal(pointerOf('phoneNumber'), '/phoneNumber');
    assert.equal(pointerOf('externalMetadata', 'a/b', 'c~d', 0), '/externalMetadata/a~1b/c~0d/0');
    assert.equal(pointerOf('~/'), '/~0~1');
    assert.equal(pointerOf(), '');
  });
});

describe('ValidationError', () => {
  it('is a DomainError with code validation_failed, the errors, and a count in its message', () => {
    const one = new ValidationError([{ pointer: '/a', detail: 'x' }]);
    assert.ok(one instanceof DomainError);
    assert.equal(one.code, 'validation_failed');
    assert.equal(one.message, 'One field is invalid.');
    const two = new ValidationError(
      [
        { pointer: '/a', detail: 'x' },
        { pointer: '/b', detail: 'y' },
      ],
      { validTaskTypes: ['a'] },
    );
    assert.equal(two.message, '2 fields are invalid.');
    assert.deepEqual(two.extra, { validTaskTypes: ['a'] });
  });
});
