// The LMS connector layer's public surface; the sync service imports from here only.
export type {
  GetLoanOptions,
  ListLoansOptions,
  LmsCallOptions,
  LmsCapabilities,
  LmsConnector,
  LmsCustomer,
  LmsCustomerField,
  LmsCustomerWithLoan,
  LmsKind,
  LmsLoan,
  LmsLoanParty,
  LmsWarning,
  LmsWarningCode,
  LoanRole,
  LoanStatus,
} from './connector.js';
export { LMS_CUSTOMER_FIELDS, LOAN_STATUSES } from './connector.js';
export { isLmsError, LMS_ERROR_HTTP, LMS_SYSTEM_NAMES, LmsError, type LmsErrorKind, type LmsErrorReason } from './errors.js';
export {
  describeLmsConfig,
  LmsConfigSchema,
  parseLmsConfig,
  type DemoConfig,
  type FineractConfig,
  type LmsConfig,
  type LoanProConfig,
  type MambuConfig,
} from './config.js';
export { createConnector } from './registry.js';
export { createDemoConnector, loadDemoDataset } from './demo.js';
export type { ConnectorDeps } from './http-client.js';
export type { LmsLogger } from './logger.js';
