/**
 * REQUEST_TIMEOUT_MS and HEADERS_TIMEOUT_MS: how long a request may take to arrive. Defaults,
 * bounds, and the rule that the headers' limit cannot exceed the whole request's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('request time limits (configuration)', () => {
  it('default to 30 s for a request and 10 s for its headers', () => {
    const config = loadConfig({});
    assert.equal(config.requestTimeoutMs, 30_000);
    assert.equal(config.headersTimeoutMs, 10_000);
  });

  it('take the values given', () => {
    const config = loadConfig({ REQUEST_TIMEOUT_MS: '60000', HEADERS_TIMEOUT_MS: '5000' });
    assert.equal(config.requestTimeoutMs, 60_000);
    assert.equal(config.headersTimeoutMs, 5_000);
  });

  it('keep the headers within a request limit set below their default', () => {
    assert.equal(loadConfig({ REQUEST_TIMEOUT_MS: '4000' }).headersTimeoutMs, 4_000);
  });

  it('refuse values that are not whole milliseconds in range, naming the variable', () => {
    for (const name of ['REQUEST_TIMEOUT_MS', 'HEADERS_TIMEOUT_MS']) {
      for (const value of ['abc', '1.5', '-1', '0', '99', '3600001']) {
        assert.throws(
          () => loadConfig({ [name]: value }),
          (error: unknown) => error instanceof ConfigError && error.message.startsWith(name),
          `${name}=${value}`,
        );
      }
    }
  });

  it('refuse a headers limit above the request limit', () => {
    assert.throws(
      () => loadConfig({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' }),
      (error: unknown) => error instanceof ConfigError && /HEADERS_TIMEOUT_MS must not be above REQUEST_TIMEOUT_MS/.test(error.message),
    );
  });
});
