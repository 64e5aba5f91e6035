/**
 * Local stand-ins for the lenders' loan management systems, for any test that syncs from an
 * LMS (see test/lms/pairs.ts for wiring a connector to them). Every fake listens on
 * 127.0.0.1 on a random port, is seeded from the shared `SCENARIO`, and takes fault
 * injection through `fake.inject({ match, times, fault })`.
 */
export { FINERACT_PREFIX, startFineractFake, type FineractFake, type FineractFakeOptions } from './fineract-fake.ts';
export { refusedOrigin, startFakeServer, type Fault, type FaultRule, type FakeAnswer, type FakeRequest, type FakeServer } from './http-fake.ts';
export { LOANPRO_PREFIX, startLoanProFake, type LoanProFake, type LoanProFakeOptions } from './loanpro-fake.ts';
export { MAMBU_PREFIX, startMambuFake, type MambuFake, type MambuFakeOptions } from './mambu-fake.ts';
export { assertNoPii, piiPatterns, renderings, spyLogger } from './pii-spy.ts';
export { EXPECTED_CUSTOMERS, EXPECTED_LOANS, expectedCustomer, expectedLoan, expectedLoansOf } from './scenario-expected.ts';
export { SCENARIO, SCENARIO_AS_OF, UNKNOWN_CUSTOMER_ID, UNKNOWN_LOAN_ID } from './scenario.ts';
