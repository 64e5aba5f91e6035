// The LMS connector layer's public surface; the sync service imports from here only.
export type { LmsConnector, LmsCustomer, LmsKind, LmsLoan, LmsWarning } from './connector.ts';
export { isLmsError, LMS_ERROR_HTTP, LmsError, type LmsErrorKind } from './errors.ts';
export { describeLmsConfig, parseLmsConfig, type LmsConfig } from './config.ts';
export { createConnector } from './registry.ts';
export { createDemoConnector } from './demo.ts';
export type { LmsLogger } from './logger.ts';
