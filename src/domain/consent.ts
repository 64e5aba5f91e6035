/**
 * The consent ledger's rules, pure: which consent events exist, and what a customer's events add up
 * to — the consumer's revocations still in force and the consents that cover an AI-voice call.
 *
 * An AI voice is an "artificial or prerecorded voice" (FCC 24-17), so a call to a wireless number
 * needs the called party's prior express consent for that number (47 USC 227(b)(1)(A)(iii)), and
 * the consumer may revoke it by any reasonable means (47 CFR 64.1200(a)(10)). What follows is the
 * reading we chose (docs/decisions.md, "Consent ledger"):
 *
 * - A consumer's revocation stops every AI-voice call to the number it names (or to every number
 *   when it names none), whatever debt or channel it was said about: the FCC reads a revocation as
 *   covering all robocalls and robotexts from the caller, and stopping more is never unlawful.
 * - Only a newer consent event with its evidence, recorded after the revocation and effective no
 *   earlier than it, clears it — and never the lender's attestation (`source: 'lender'`), which is
 *   what a sync, a PATCH or a company default amounts to.
 * - A grant covers an AI-voice call only if it covers artificial voice on the voice channel, for
 *   that number (or every number) and that debt (or every debt).
 */

export type ConsentKind = 'granted' | 'revoked';

/** How the consent or revocation was given. */
export const CONSENT_CHANNELS = ['call', 'sms', 'email', 'mail', 'web', 'in_person', 'other'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** Which calls or messages the event is about. */
export const CONSENT_SCOPE_CHANNELS = ['voice', 'sms', 'all'] as const;
export type ConsentScopeChannel = (typeof CONSENT_SCOPE_CHANNELS)[number];

/**
 * Who reported it: the lender's attestation, its loan management system, a recorded call, an
 * inbound opt-out (a reply STOP, a letter), the API on the consumer's behalf, or an operator's console.
 */
export const CONSENT_SOURCES = ['lender', 'lms', 'call', 'inbound_opt_out', 'api', 'console'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** One ledger event as the standing is computed from it (a stored row, mapped). */
export interface ConsentEventFacts {
  readonly id: string;
  readonly kind: ConsentKind;
  /** E.164; null = every number of the customer. */
  readonly phoneNumber: string | null;
  readonly effectiveAt: Date;
  readonly recordedAt: Date;
  readonly scopeLoanId: string | null;
  readonly scopeChannel: ConsentScopeChannel;
  readonly artificialVoice: boolean;
  readonly source: ConsentSource;
  readonly evidence: string | null;
}

/** A consumer's revocation in force. */
export interface ConsentStop {
  /** E.164; null = every number. */
  readonly phoneNumber: string | null;
  /** Its effective time (RFC 3339, UTC). */
  readonly since: string;
  readonly recordedAt: string;
  readonly source: ConsentSource;
  readonly eventId: string;
  /** Numbers a later consent with evidence cleared it for (only when phoneNumber is null). */
  readonly except: readonly string[];
}

/** A consent in force that covers AI-voice calls. */
export interface ConsentGrant {
  readonly phoneNumber: string | null;
  readonly loanId: string | null;
  readonly since: string;
  readonly source: ConsentSource;
  readonly eventId: string;
}

/** What a customer's events add up to; stored on the customer row (customers.consent). */
export interface ConsentStanding {
  readonly stops: readonly ConsentStop[];
  readonly grants: readonly ConsentGrant[];
}

export const EMPTY_STANDING: ConsentStanding = Object.freeze({ stops: [], grants: [] });

/** A company's attestation in force: the numbers it sends carry the borrower's prior express consent. */
export interface CompanyAttestation {
  readonly since: Date;
  readonly eventId: string;
}

const appliesTo = (eventNumber: string | null, number: string | null) => eventNumber === null || eventNumber === number;

/**
 * A grant that may clear a revocation recorded before it (events are folded in the order they
 * were recorded): the consumer's own consent, with its evidence, given no earlier than the
 * revocation took effect. A consent dated before the revocation was superseded by it.
 */
function clears(grant: ConsentEventFacts, stop: ConsentStop): boolean {
  return grant.source !== 'lender' && grant.evidence !== null && grant.evidence.trim() !== '' && grant.effectiveAt.getTime() >= Date.parse(stop.since);
}

/** Events in the order they were recorded (the order the ledger keeps). */
export function consentStanding(events: readonly ConsentEventFacts[]): ConsentStanding {
  let stops: ConsentStop[] = [];
  let grants: ConsentGrant[] = [];
  for (const event of events) {
    if (event.kind === 'revoked') {
      // Every revocation ends the consents it covers, the lender's withdrawn attestation too.
      grants = grants.filter((g) => !(event.phoneNumber === null || g.phoneNumber === event.phoneNumber));
      // The lender withdrawing its own attestation is not the consumer asking to stop.
      if (event.source === 'lender') continue;
      // Already stopped: the earlier revocation keeps its date ("calling stopped since").
      const covered =
        event.phoneNumber === null
          ? stops.some((s) => s.phoneNumber === null && s.except.length === 0)
          : stopFor({ stops, grants }, event.phoneNumber) !== undefined;
      if (covered) continue;
      stops.push({
        phoneNumber: event.phoneNumber,
        since: event.effectiveAt.toISOString(),
        recordedAt: event.recordedAt.toISOString(),
        source: event.source,
        eventId: event.id,
        except: [],
      });
      continue;
    }
    // A grant: it clears what it may clear, and covers AI-voice calls if its scope says so.
    const next: ConsentStop[] = [];
    for (const stop of stops) {
      if (!clears(event, stop)) next.push(stop);
      else if (event.phoneNumber === null) continue;
      else if (stop.phoneNumber === null) next.push({ ...stop, except: [...stop.except, event.phoneNumber] });
      else if (stop.phoneNumber !== event.phoneNumber) next.push(stop);
    }
    stops = next;
    if (event.artificialVoice && event.scopeChannel !== 'sms') {
      grants.push({
        phoneNumber: event.phoneNumber,
        loanId: event.scopeLoanId,
        since: event.effectiveAt.toISOString(),
        source: event.source,
        eventId: event.id,
      });
    }
  }
  return { stops, grants };
}

/** The consumer's revocation that stops calls to `phoneNumber`, if one is in force. */
export function stopFor(standing: ConsentStanding, phoneNumber: string | null): ConsentStop | undefined {
  return standing.stops.find((s) => (s.phoneNumber === null ? phoneNumber === null || !s.except.includes(phoneNumber) : s.phoneNumber === phoneNumber));
}

/**
 * Whether an AI-voice call to `phoneNumber` about `loanId` has prior express consent: a grant of
 * the customer's own that covers it, else the company's attestation — never while a revocation
 * of the consumer's is in force.
 */
export function hasConsent(standing: ConsentStanding, phoneNumber: string | null, loanId: string | null, attestation: CompanyAttestation | null): boolean {
  return consentFrom(standing, phoneNumber, loanId, attestation !== null) !== null;
}

/** Where the consent for an AI-voice call to `phoneNumber` about `loanId` comes from, or null without one. */
export function consentFrom(
  standing: ConsentStanding,
  phoneNumber: string | null,
  loanId: string | null,
  attested: boolean,
): 'customer' | 'company_attestation' | null {
  if (stopFor(standing, phoneNumber)) return null;
  if (standing.grants.some((g) => appliesTo(g.phoneNumber, phoneNumber) && (g.loanId === null || g.loanId === loanId))) return 'customer';
  return attested ? 'company_attestation' : null;
}

/** Why calls to a customer's number stay off: the consumer's revocation (a customer's `callingStopped`). */
export interface CallingStopped {
  readonly reason: 'consent_revoked';
  readonly since: string;
  readonly source: ConsentSource;
  readonly eventId: string;
}

export function callingStopped(standing: ConsentStanding, phoneNumber: string | null): CallingStopped | undefined {
  const stop = stopFor(standing, phoneNumber);
  return stop ? { reason: 'consent_revoked', since: stop.since, source: stop.source, eventId: stop.eventId } : undefined;
}

/** A stored standing (jsonb), read defensively: a malformed value stops nothing it should not. */
export function parseStanding(value: unknown): ConsentStanding {
  if (typeof value !== 'object' || value === null) return EMPTY_STANDING;
  const record = value as { stops?: unknown; grants?: unknown };
  return {
    stops: Array.isArray(record.stops) ? (record.stops as ConsentStop[]) : [],
    grants: Array.isArray(record.grants) ? (record.grants as ConsentGrant[]) : [],
  };
}
