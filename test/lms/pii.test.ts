import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LmsConnector } from '../../src/lms/connector.ts';
import { createDemoConnector } from '../../src/lms/demo.ts';
import type { LmsLogger } from '../../src/lms/logger.ts';
import type { FakeServer, Fault } from '../fakes/http-fake.ts';
import { assertNoPii, renderings, spyLogger } from '../fakes/pii-spy.ts';
import { SCENARIO } from '../fakes/scenario.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { fineractDirect, loanProDirect, mambuDirect, type Pair } from './pairs.ts';

/**
 * No SSN, birthday, phone number — nor name, e-mail or street — appears in any log line or
 * error the connectors produce, on success or on any failure, even when the LMS itself puts
 * personal data into its error bodies (lms-connectors.md §3 item 4).
 */

installNetworkGuard();

const HOSTILE_TEXT = 'Customer Ana Reyes (SSN 666-40-7319, born 1990-01-01, phone 2085550143, ana.reyes@example.test, 1207 W Franklin St) failed';

interface Product {
  name: string;
  customerPath: RegExp;
  make(logger: LmsLogger): Promise<Pair & { fake: FakeServer }>;
  hostileNotFound: Fault;
}

const products: Product[] = [
  {
    name: 'loanpro',
    customerPath: /Customers\(1001\)$/,
    make: (logger) => loanProDirect({}, {}, { logger }),
    hostileNotFound: { type: 'status', status: 409, raw: JSON.stringify({ error: { message: HOSTILE_TEXT, type: 'SSN666407319', code: 409 } }) },
  },
  {
    name: 'fineract',
    customerPath: /clients\/1001$/,
    make: (logger) => fineractDirect({}, {}, { logger }),
    hostileNotFound: {
      type: 'status',
      status: 404,
      raw: JSON.stringify({
        developerMessage: HOSTILE_TEXT,
        httpStatusCode: '404',
        defaultUserMessage: HOSTILE_TEXT,
        userMessageGlobalisationCode: 'error.msg.client.666407319',
        errors: [{ value: '666-40-7319' }],
      }),
    },
  },
  {
    name: 'mambu',
    customerPath: /clients\/1001$/,
    make: (logger) => mambuDirect({}, {}, { logger }),
    hostileNotFound: {
      type: 'status',
      status: 404,
      raw: JSON.stringify({ errors: [{ errorCode: 301, errorSource: HOSTILE_TEXT, errorReason: 'SSN 666-40-7319' }] }),
    },
  },
];

const faults: Array<[string, Fault]> = [
  ['server error with a personal-data body', { type: 'status', status: 500, raw: HOSTILE_TEXT }],
  ['bad request with a personal-data body', { type: 'status', status: 400, raw: JSON.stringify({ error: { message: HOSTILE_TEXT } }) }],
  ['auth failure with a personal-data body', { type: 'status', status: 401, raw: JSON.stringify({ error: { message: HOSTILE_TEXT } }) }],
  [
    'cut-off body holding personal data',
    {
      type: 'status',
      status: 200,
      raw: '{"d": {"id": 1001, "firstName": "Ana", "lastName": "Reyes", "ssn": "666407319", "birthDate": "/Date(631152000)/", "email": "ana.reyes@exa',
    },
  ],
  [
    'personal data in a field of the wrong type',
    {
      type: 'status',
      status: 200,
      raw: JSON.stringify({
        d: { id: 1001, firstname: 'Ana', Phones: { results: [{ phone: '2085550143', isPrimary: '666-40-7319' }] } },
        status: { code: 666407319 },
      }),
    },
  ],
  ['timeout', { type: 'delay', ms: 1000 }],
  ['reset', { type: 'reset' }],
  ['rate limit', { type: 'rateLimit', retryAfter: '600' }],
  ['redirect', { type: 'status', status: 302, headers: { Location: 'https://example.test/?ssn=666407319' } }],
];

for (const product of products) {
  describe(`no personal data in logs or errors: ${product.name}`, () => {
    const logger = spyLogger();
    let pair: Pair & { fake: FakeServer };
    before(async () => {
      pair = await product.make(logger);
    });
    after(async () => {
      await pair.close();
    });

    test('a full sync of every scenario borrower logs, but nothing personal', async () => {
      for (const c of SCENARIO.customers) {
        await pair.connector.getCustomer(c.id);
        await pair.connector.listLoans(c.id);
      }
      assert.ok(logger.lines.length > 20, 'the spy saw the request log');
      assertNoPii(logger.lines, 'logs');
    });

    for (const [name, fault] of [['not-found with a personal-data body', product.hostileNotFound] as [string, Fault], ...faults]) {
      test(`failure: ${name}`, async () => {
        pair.fake.reset();
        pair.fake.inject({ match: product.customerPath, fault });
        const err = await pair.connector.getCustomer('1001').then(
          () => assert.fail('expected a failure'),
          (e: unknown) => e,
        );
        assertNoPii(renderings(err), 'the error');
        assertNoPii(logger.lines, 'logs');
        pair.fake.reset();
      });
    }

    test('loan failures too', async () => {
      pair.fake.reset();
      pair.fake.inject({ match: /5001/, fault: { type: 'status', status: 503, raw: HOSTILE_TEXT } });
      const err = await pair.connector.listLoans('1001').then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assertNoPii(renderings(err), 'the error');
      assertNoPii(logger.lines, 'logs');
    });
  });
}

describe('no personal data in errors: demo', () => {
  test('not-found and cancellation errors', async () => {
    const demo: LmsConnector = createDemoConnector({ dataset: SCENARIO });
    for (const call of [
      () => demo.getCustomer('9999'),
      () => demo.getLoan('9998'),
      () => demo.listLoans('1001', { loanIds: [5003] }),
      () => demo.getCustomer('1001', { signal: AbortSignal.abort() }),
    ]) {
      const err = await call().then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assertNoPii(renderings(err), 'the error');
    }
  });
});

test('the PII patterns themselves catch a leak (the test can fail)', () => {
  assert.throws(() => assertNoPii(['customer 666407319'], 'a sample'));
  assert.throws(() => assertNoPii(['born 1988,2,29'], 'a sample'));
  assert.throws(() => assertNoPii(['call +1 (850) 555-0127'.replace(/\D/g, '')], 'a sample'));
  assert.doesNotThrow(() => assertNoPii(['LoanPro: customer not found (HTTP 409)'], 'a sample'));
});
