import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeLmsConfig, parseLmsConfig } from '../../src/lms/config.ts';
import { isLmsError, LMS_ERROR_HTTP } from '../../src/lms/errors.ts';
import { createConnector } from '../../src/lms/registry.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';

installNetworkGuard();

const loanpro = { kind: 'loanpro', baseUrl: 'https://loanpro.simnang.com/api/public/api/1', credentials: { token: 'tok-SECRET-123', tenantId: '5200243' } };
const fineract = {
  kind: 'fineract',
  baseUrl: 'https://fineract.example.test:8443/fineract-provider/api/v1',
  credentials: { username: 'mifos', password: 'pw-SECRET-456', tenantId: 'default' },
};

function notConfigured(input: unknown): string {
  try {
    parseLmsConfig(input);
  } catch (err) {
    assert.ok(isLmsError(err));
    assert.equal(err.kind, 'not_configured');
    assert.equal(LMS_ERROR_HTTP[err.kind].status, 400);
    return err.message;
  }
  assert.fail('expected not_configured');
}

describe('LMS configuration', () => {
  test('valid configurations of every kind', () => {
    assert.equal(parseLmsConfig({ kind: 'demo' }).kind, 'demo');
    assert.equal(parseLmsConfig(loanpro).kind, 'loanpro');
    assert.equal(
      parseLmsConfig({
        ...fineract,
        customerIdType: 'externalId',
        ssnDocumentType: 'Social Security Number',
        tenantTimezone: 'America/Chicago',
        timeoutMs: 3000,
      }).kind,
      'fineract',
    );
    assert.equal(parseLmsConfig({ ...loanpro, baseUrl: 'http://127.0.0.1:8080/api/public/api/1' }).kind, 'loanpro');
    assert.equal(parseLmsConfig({ kind: 'mambu', baseUrl: 'https://lender.sandbox.mambu.com/api', credentials: { apiKey: 'k-SECRET' } }).kind, 'mambu');
    assert.equal(
      parseLmsConfig({ kind: 'mambu', baseUrl: 'https://lender.mambu.com/api', credentials: { username: 'u', password: 'p' }, ssnDocumentType: 'SSN' }).kind,
      'mambu',
    );
  });

  test('no configuration: not_configured (missing)', () => {
    assert.match(notConfigured(undefined), /no LMS is configured/);
    assert.match(notConfigured(null), /no LMS is configured/);
  });

  test('rejections name the field and the rule, never the value', () => {
    assert.match(notConfigured({ kind: 'nortridge' }), /\/kind must be one of demo, loanpro, fineract, mambu/);
    assert.doesNotMatch(
      notConfigured({ kind: 'mambu', baseUrl: 'https://lender.mambu.com/api', credentials: { apiKey: 'k-SECRET', username: 'u' } }),
      /SECRET/,
    );
    assert.match(notConfigured({ ...loanpro, baseUrl: 'http://loanpro.example.test/api' }), /\/baseUrl must use https/);
    assert.match(notConfigured({ ...loanpro, baseUrl: 'https://user:pw@loanpro.example.test/' }), /must not contain credentials/);
    assert.match(notConfigured({ ...loanpro, baseUrl: 'not a url' }), /absolute URL/);
    assert.match(notConfigured({ ...fineract, tenantTimezone: 'EST' }), /tenantTimezone/);
    assert.match(notConfigured({ ...loanpro, extra: 1 }), /additional properties/);
    assert.match(notConfigured({ ...loanpro, timeoutMs: 10 }), /\/timeoutMs/);
    assert.match(notConfigured({ ...loanpro, timeoutMs: 5000, totalTimeoutMs: 1000 }), /totalTimeoutMs/);
    const injected = notConfigured({ ...loanpro, credentials: { token: 'tok-SECRET-123\r\nX-Evil: 1', tenantId: '1' } });
    assert.match(injected, /\/credentials\/token/);
    assert.doesNotMatch(injected, /SECRET/);
    const missing = notConfigured({ kind: 'fineract', baseUrl: fineract.baseUrl, credentials: { username: 'mifos', password: 'pw-SECRET-456' } });
    assert.match(missing, /tenantId/);
    assert.doesNotMatch(missing, /SECRET/);
  });

  test('describeLmsConfig never prints credentials', () => {
    const text = JSON.stringify(describeLmsConfig(parseLmsConfig(fineract)));
    assert.doesNotMatch(text, /SECRET|mifos/);
    assert.match(text, /\[redacted\]/);
    assert.match(text, /fineract\.example\.test/);
  });

  test('createConnector builds each kind and refuses a missing config', () => {
    assert.equal(createConnector({ kind: 'demo' }).kind, 'demo');
    assert.equal(createConnector(loanpro).kind, 'loanpro');
    assert.equal(createConnector(fineract).kind, 'fineract');
    assert.equal(createConnector({ kind: 'mambu', baseUrl: 'https://lender.mambu.com/api', credentials: { apiKey: 'k' } }).kind, 'mambu');
    assert.throws(
      () => createConnector(undefined),
      (err: unknown) => isLmsError(err) && err.kind === 'not_configured',
    );
  });

  test('capabilities are declared per connector', () => {
    assert.equal(createConnector(fineract).capabilities.coBorrowers, false);
    assert.equal(createConnector(loanpro).capabilities.coBorrowers, true);
    assert.ok(!createConnector(loanpro).capabilities.customerFields.includes('timezone'));
    assert.ok(createConnector({ kind: 'demo' }).capabilities.customerFields.includes('timezone'));
  });
});
