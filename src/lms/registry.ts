import { parseLmsConfig, type LmsConfig } from './config.ts';
import type { LmsConnector } from './connector.ts';
import { createDemoConnector } from './demo.ts';
import { createFineractConnector } from './fineract.ts';
import { DEFAULT_HTTP_TUNING, type ConnectorDeps, type HttpTuning } from './http-client.ts';
import { createLoanProConnector } from './loanpro.ts';
import { createMambuConnector } from './mambu.ts';

/**
 * Builds a connector from a stored configuration. `config` may be raw (straight from storage):
 * it is validated first, and a missing one is `not_configured` (issue 5 §6: → 400).
 */
export function createConnector(config: unknown, deps: ConnectorDeps = {}): LmsConnector {
  const valid: LmsConfig = parseLmsConfig(config);
  switch (valid.kind) {
    case 'demo':
      return createDemoConnector();
    case 'loanpro':
      return createLoanProConnector(
        {
          baseUrl: valid.baseUrl,
          token: valid.credentials.token,
          tenantId: valid.credentials.tenantId,
          pageSize: valid.pageSize ?? 50,
          offsetParam: valid.offsetParam ?? '$skip',
          statusArchiveLookbackDays: valid.statusArchiveLookbackDays ?? 7,
          // LoanPro keeps UTC and shows the tenant zone (developers.loanpro.io/docs/dates-and-times);
          // without the lender's zone, UTC is the LMS's own reference.
          tenantTimezone: valid.tenantTimezone ?? 'UTC',
          ...(valid.statusMap ? { statusMap: valid.statusMap } : {}),
          http: tuning(valid),
        },
        deps,
      );
    case 'fineract':
      return createFineractConnector(
        {
          baseUrl: valid.baseUrl,
          username: valid.credentials.username,
          password: valid.credentials.password,
          tenantId: valid.credentials.tenantId,
          customerIdType: valid.customerIdType ?? 'id',
          externalIdLookup: valid.externalIdLookup ?? 'path',
          ssnDocumentType: valid.ssnDocumentType ?? 'SSN',
          addresses: valid.addresses ?? true,
          // Fineract ships with Asia/Kolkata as its default tenant zone (reference §1a); a US
          // lender sets its own, and UTC is the neutral fallback rather than Kolkata.
          tenantTimezone: valid.tenantTimezone ?? 'UTC',
          ...(valid.statusMap ? { statusMap: valid.statusMap } : {}),
          http: tuning(valid),
        },
        deps,
      );
    case 'mambu':
      return createMambuConnector(
        {
          baseUrl: valid.baseUrl,
          auth:
            'apiKey' in valid.credentials
              ? { apiKey: valid.credentials.apiKey }
              : { username: valid.credentials.username, password: valid.credentials.password },
          ssnDocumentType: valid.ssnDocumentType ?? 'SSN',
          pageSize: valid.pageSize ?? 50,
          tenantTimezone: valid.tenantTimezone ?? 'UTC',
          ...(valid.statusMap ? { statusMap: valid.statusMap } : {}),
          http: tuning(valid),
        },
        deps,
      );
  }
}

function tuning(config: Exclude<LmsConfig, { kind: 'demo' }>): HttpTuning {
  const timeoutMs = config.timeoutMs ?? DEFAULT_HTTP_TUNING.timeoutMs;
  return {
    ...DEFAULT_HTTP_TUNING,
    timeoutMs,
    // Enough for every retry to time out once, unless the lender set a tighter bound.
    totalTimeoutMs: config.totalTimeoutMs ?? Math.max(DEFAULT_HTTP_TUNING.totalTimeoutMs, timeoutMs * 3),
    maxRetries: config.maxRetries ?? DEFAULT_HTTP_TUNING.maxRetries,
    maxConcurrency: config.maxConcurrency ?? DEFAULT_HTTP_TUNING.maxConcurrency,
  };
}
