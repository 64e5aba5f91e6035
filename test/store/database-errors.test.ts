import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyDatabaseError, isUniqueViolationOf } from '../../src/store/database-errors.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('the one classifier of database errors', () => {
  it('deadlocks and serialization failures are retryable', () => {
    assert.equal(classifyDatabaseError(withCode('40P01')), 'retryable');
    assert.equal(classifyDatabaseError(withCode('40001')), 'retryable');
  });

  it('a database that is gone, refusing connections or too slow is unavailable', () => {
    for (const code of ['08006', '08001', '57P01', '57P03', '57014', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) {
      assert.equal(classifyDatabaseError(withCode(code)), 'unavailable', code);
    }
    for (const message of [
      'Connection terminated unexpectedly',
      'timeout exceeded when trying to connect',
      'Query read timeout',
      'the embedded database is closed',
      'the embedded database stopped (thread exit code 1)',
    ]) {
      assert.equal(classifyDatabaseError(new Error(message)), 'unavailable', message);
    }
  });

  it("a refused statement is the statement's fault", () => {
    for (const code of ['23505', '23502', '22P02', '42P01']) assert.equal(classifyDatabaseError(withCode(code)), 'statement', code);
  });

  it('anything else is not a database error: it says nothing about the connection', () => {
    assert.equal(classifyDatabaseError(new TypeError('x is undefined')), 'application');
    assert.equal(classifyDatabaseError(withCode('customer_exists')), 'application');
    assert.equal(classifyDatabaseError('a string'), 'application');
    assert.equal(classifyDatabaseError(null), 'application');
  });

  it('names the unique violation of one constraint', () => {
    const taken = Object.assign(withCode('23505'), { constraint: 'idempotency_keys_pkey' });
    assert.equal(isUniqueViolationOf(taken, 'idempotency_keys_pkey'), true);
    assert.equal(isUniqueViolationOf(taken, 'customers_pkey'), false);
    assert.equal(isUniqueViolationOf(withCode('23502'), 'idempotency_keys_pkey'), false);
  });
});
