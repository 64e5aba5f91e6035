/**
 * The slice of pino's API connectors use. Callers pass their pino child logger; connectors
 * only ever log ids of operations, HTTP status codes, attempt counts and timings — never URLs
 * (they contain lender ids), headers (credentials) or bodies (PII), per lms-connectors.md §3
 * item 4 ("Never log raw response bodies").
 */
export interface LmsLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export const silentLogger: LmsLogger = {
  debug() {},
  warn() {},
};
