import { Type, type Static } from 'typebox';
import { outboundUrlProblem } from '../domain/outbound-url.ts';
import { Value } from 'typebox/value';
import { canonicalTimezone } from './canonical.ts';
import { LmsError } from './errors.ts';

/**
 * Per-company LMS configuration: one schema per kind (lms-connectors.md §4.1 "LmsConfig is a
 * discriminated union per kind"). The CLI and the encrypted storage are built elsewhere; they
 * should validate with `parseLmsConfig` and print with `describeLmsConfig`, which never
 * includes credentials.
 */

const LoanStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('paid_off'),
  Type.Literal('charged_off'),
  Type.Literal('closed'),
  Type.Literal('other'),
]);

// Header values: printable, no CR/LF (a newline in a token would be header injection).
const Secret = Type.String({ minLength: 1, maxLength: 4096, pattern: '^[\\x21-\\x7E][\\x20-\\x7E]*$' });
const BaseUrl = Type.String({ minLength: 1, maxLength: 2048 });

const common = {
  /** Per HTTP attempt. */
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000 })),
  /** Per connector call, all retries included. */
  totalTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
  maxRetries: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
  maxConcurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 32 })),
  /** Lender status text/code → canonical status, overriding the connector's defaults. */
  statusMap: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 200 }), LoanStatusSchema)),
};

const DemoConfigSchema = Type.Object({ kind: Type.Literal('demo'), ...common }, { additionalProperties: false });

const LoanProConfigSchema = Type.Object(
  {
    kind: Type.Literal('loanpro'),
    baseUrl: BaseUrl,
    credentials: Type.Object({ token: Secret, tenantId: Secret }, { additionalProperties: false }),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offsetParam: Type.Optional(Type.Union([Type.Literal('$skip'), Type.Literal('$start')])),
    statusArchiveLookbackDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    tenantTimezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    ...common,
  },
  { additionalProperties: false },
);

const FineractConfigSchema = Type.Object(
  {
    kind: Type.Literal('fineract'),
    baseUrl: BaseUrl,
    credentials: Type.Object({ username: Secret, password: Secret, tenantId: Secret }, { additionalProperties: false }),
    customerIdType: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('externalId')])),
    externalIdLookup: Type.Optional(Type.Union([Type.Literal('path'), Type.Literal('query')])),
    ssnDocumentType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    addresses: Type.Optional(Type.Boolean()),
    tenantTimezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    ...common,
  },
  { additionalProperties: false },
);

const MambuConfigSchema = Type.Object(
  {
    kind: Type.Literal('mambu'),
    baseUrl: BaseUrl,
    // An API-consumer key (`apikey` header) or Basic credentials (reference §2.3 "Auth").
    credentials: Type.Union([
      Type.Object({ apiKey: Secret }, { additionalProperties: false }),
      Type.Object({ username: Secret, password: Secret }, { additionalProperties: false }),
    ]),
    ssnDocumentType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    tenantTimezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    ...common,
  },
  { additionalProperties: false },
);

export const LmsConfigSchema = Type.Union([DemoConfigSchema, LoanProConfigSchema, FineractConfigSchema, MambuConfigSchema]);

export type LmsConfig = Static<typeof LmsConfigSchema>;

const BY_KIND = {
  demo: DemoConfigSchema,
  loanpro: LoanProConfigSchema,
  fineract: FineractConfigSchema,
  mambu: MambuConfigSchema,
} as const;

const LMS_CONFIG_KINDS = Object.keys(BY_KIND) as Array<keyof typeof BY_KIND>;

/**
 * Validates an LMS configuration; throws `LmsError` kind `not_configured` naming the failing
 * fields (paths and rules only — a rejected value could be a credential).
 */
export function parseLmsConfig(input: unknown): LmsConfig {
  if (input === null || input === undefined) {
    throw new LmsError({ kind: 'not_configured', system: 'lms', reason: 'missing_config', message: 'no LMS is configured for this company' });
  }
  const kind = typeof input === 'object' && !Array.isArray(input) ? (input as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !Object.hasOwn(BY_KIND, kind)) {
    throw invalid([`/kind must be one of ${LMS_CONFIG_KINDS.join(', ')}`]);
  }
  const schema = BY_KIND[kind as keyof typeof BY_KIND];
  const problems = Value.Check(schema, input)
    ? []
    : [...Value.Errors(schema, input)]
        // additionalProperties reports twice (once per extra key, once overall); keep one line each.
        .filter((e) => e.keyword !== 'boolean')
        .map((e) => `${e.instancePath || '/'} ${e.message}`);
  const config = input as LmsConfig;
  if (problems.length === 0 && config.kind !== 'demo') {
    problems.push(...checkBaseUrl(config.baseUrl));
    if (config.tenantTimezone !== undefined && !canonicalTimezone(config.tenantTimezone)) problems.push('/tenantTimezone must be an IANA time zone name');
  }
  if (problems.length === 0 && config.timeoutMs !== undefined && config.totalTimeoutMs !== undefined && config.totalTimeoutMs < config.timeoutMs) {
    problems.push('/totalTimeoutMs must be at least timeoutMs');
  }
  if (problems.length > 0) throw invalid([...new Set(problems)]);
  return config;
}

/** Credentials travel only over HTTPS (domain/outbound-url.ts). */
function checkBaseUrl(raw: string): string[] {
  const problem = outboundUrlProblem(raw);
  if (problem === null) return [];
  return [problem === 'must not contain credentials' ? '/baseUrl must not contain credentials; use /credentials' : `/baseUrl ${problem}`];
}

function invalid(problems: string[]): LmsError {
  return new LmsError({ kind: 'not_configured', system: 'lms', reason: 'invalid_config', message: `invalid LMS configuration: ${problems.join('; ')}` });
}

/** A printable summary for the CLI and logs: everything but the credentials. */
export function describeLmsConfig(config: LmsConfig): Record<string, unknown> {
  if (config.kind === 'demo') return { ...config };
  const { credentials, ...rest } = config;
  return { ...rest, credentials: Object.fromEntries(Object.keys(credentials).map((k) => [k, '[redacted]'])) };
}
