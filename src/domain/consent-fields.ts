/**
 * A consent event sent to POST /customers/{id}/consent: validated and normalised, every failing
 * field reported at once. The schema checks types and names; this checks what it cannot say.
 */
import {
  CONSENT_CHANNELS,
  CONSENT_SCOPE_CHANNELS,
  CONSENT_SOURCES,
  type ConsentChannel,
  type ConsentKind,
  type ConsentScopeChannel,
  type ConsentSource,
} from './consent.ts';
import { type FieldError } from './errors.ts';
import { parseRfc3339 } from './instant.ts';
import { normalizePhoneNumber } from './phone.ts';

export interface ConsentFields {
  readonly kind: ConsentKind;
  readonly phoneNumber: string | null;
  readonly channel: ConsentChannel;
  readonly effectiveAt: Date;
  readonly scopeLoanId: string | null;
  readonly scopeChannel: ConsentScopeChannel;
  readonly artificialVoice: boolean;
  readonly source: ConsentSource;
  readonly evidence: string | null;
}

/** Clocks differ: an event stamped a little ahead of ours is accepted, one in the future is not. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const EARLIEST_MS = Date.parse('2000-01-01T00:00:00Z');
const EVIDENCE_MAX_LENGTH = 4000;

const oneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

export function normaliseConsentFields(body: Record<string, unknown>, now: Date): { fields: ConsentFields | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (pointer: string, detail: string) => errors.push({ pointer, detail });

  const kind = body.kind;
  if (kind === undefined) fail('/kind', 'is required: granted or revoked');
  else if (kind !== 'granted' && kind !== 'revoked') fail('/kind', 'must be granted or revoked');

  let phoneNumber: string | null = null;
  if (typeof body.phoneNumber === 'string') {
    const result = normalizePhoneNumber(body.phoneNumber.trim());
    if (result.ok) phoneNumber = result.e164;
    else fail('/phoneNumber', result.problem);
  }

  if (body.channel === undefined) fail('/channel', `is required: how it was given (${CONSENT_CHANNELS.join(', ')})`);
  else if (!oneOf(CONSENT_CHANNELS, body.channel)) fail('/channel', `must be one of ${CONSENT_CHANNELS.join(', ')}`);

  let effectiveAt = now;
  if (body.effectiveAt !== undefined) {
    const parsed = typeof body.effectiveAt === 'string' ? parseRfc3339(body.effectiveAt.trim()) : null;
    if (!parsed || !parsed.ok) fail('/effectiveAt', parsed && !parsed.ok ? parsed.problem : 'must be an RFC 3339 instant with an offset');
    else if (parsed.ms < EARLIEST_MS) fail('/effectiveAt', 'must not be before 2000-01-01T00:00:00Z');
    else if (parsed.ms > now.getTime() + FUTURE_TOLERANCE_MS) fail('/effectiveAt', 'must not be in the future: record consent given or revoked, not expected');
    else effectiveAt = new Date(parsed.ms);
  }

  const scope = typeof body.scope === 'object' && body.scope !== null && !Array.isArray(body.scope) ? (body.scope as Record<string, unknown>) : {};
  let scopeLoanId: string | null = null;
  if (typeof scope.loanId === 'string') {
    if (scope.loanId.trim() === '') fail('/scope/loanId', 'must not be empty: omit it (or send null) for every debt');
    else scopeLoanId = scope.loanId.trim();
  }
  const scopeChannel = scope.channel ?? 'all';
  if (!oneOf(CONSENT_SCOPE_CHANNELS, scopeChannel)) fail('/scope/channel', `must be one of ${CONSENT_SCOPE_CHANNELS.join(', ')}`);

  const source = body.source ?? 'api';
  if (!oneOf(CONSENT_SOURCES, source)) fail('/source', `must be one of ${CONSENT_SOURCES.join(', ')}`);

  const evidence = typeof body.evidence === 'string' && body.evidence.trim() !== '' ? body.evidence.trim() : null;
  if (typeof body.evidence === 'string' && body.evidence.length > EVIDENCE_MAX_LENGTH) fail('/evidence', `must be at most ${EVIDENCE_MAX_LENGTH} characters`);
  // A consent is only as good as the record of it: a grant without its evidence proves nothing,
  // and could not clear a revocation. A revocation needs none: it is honoured however it came.
  if (kind === 'granted' && evidence === null) fail('/evidence', 'is required for a granted consent: how and where the consumer gave it');

  if (errors.length > 0) return { fields: null, errors };
  return {
    fields: {
      kind: kind as ConsentKind,
      phoneNumber,
      channel: body.channel as ConsentChannel,
      effectiveAt,
      scopeLoanId,
      scopeChannel: scopeChannel as ConsentScopeChannel,
      artificialVoice: scope.artificialVoice !== false,
      source: source as ConsentSource,
      evidence,
    },
    errors,
  };
}
