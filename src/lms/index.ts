// The LMS connector layer's public surface; the sync service imports from here only.
export type { LmsConnector, LmsCustomer, LmsKind, LmsLoan, LmsWarning } from './connector.js';
export { isLmsError, LMS_ERROR_HTTP, LmsError, type LmsErrorKind } from './errors.js';
export { describeLmsConfig, parseLmsConfig, type LmsConfig } from './config.js';
export { createConnector } from './registry.js';
export { createDemoConnector } from './demo.js';
export type { LmsLogger } from './logger.js';
