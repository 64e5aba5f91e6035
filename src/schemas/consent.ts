/**
 * The consent ledger's API: GET and POST /customers/{id}/consent, and `callingStopped` on a
 * customer (what a sync or PATCH cannot undo). Rules behind them: domain/consent.ts.
 */
import { type Static, Type } from 'typebox';
import { CONSENT_CHANNELS, CONSENT_SCOPE_CHANNELS, CONSENT_SOURCES } from '../domain/consent.ts';

/** One of `values`: an enum in the document, the values' union in TypeScript. */
const literals = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
const instant = (description: string) => Type.String({ maxLength: 40, description });

const KIND = 'granted: the consumer gave prior express consent; revoked: the consumer withdrew it (asked not to be called).';
const CHANNEL = `How it was given: ${CONSENT_CHANNELS.join(', ')}.`;
const SCOPE_CHANNEL = 'What it covers: voice calls, text messages, or all (default).';
const SOURCE =
  'Who reported it: lender (your own attestation; never clears a revocation), lms, call (a recorded call), inbound_opt_out (a reply STOP, a letter), api (default) or console.';

export const CallingStoppedSchema = Type.Object(
  {
    reason: Type.Literal('consent_revoked', { description: 'The consumer revoked consent to be called (47 CFR 64.1200(a)(10)).' }),
    since: Type.String({ description: 'When the revocation took effect (RFC 3339, UTC).' }),
    source: literals(CONSENT_SOURCES, 'Where the revocation came from (call: a DNC on a recorded call).'),
    eventId: Type.String({ description: 'The consent event that stopped calling (GET /customers/{id}/consent).' }),
  },
  {
    additionalProperties: false,
    description:
      "Present while the consumer's own revocation stops AI-voice calls to the customer's number. doNotCall: false (a sync, a PATCH, your LMS) does not clear it: only a newer consent with its evidence, recorded with POST /customers/{id}/consent.",
  },
);

const ScopeSchema = Type.Object(
  {
    loanId: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'The debt or account it concerns; null = every debt.' }),
    channel: literals(CONSENT_SCOPE_CHANNELS, SCOPE_CHANNEL),
    artificialVoice: Type.Boolean({ description: 'It covers artificial or prerecorded voices (an AI voice is one: FCC 24-17). Default true.' }),
  },
  { additionalProperties: false },
);

export const CreateConsentBody = Type.Object(
  {
    kind: literals(['granted', 'revoked'], KIND),
    phoneNumber: Type.Optional(
      Type.String({ maxLength: 32, description: 'The number it concerns, any common US form; stored as E.164. Omit for every number of the customer.' }),
    ),
    channel: literals(CONSENT_CHANNELS, CHANNEL),
    effectiveAt: Type.Optional(instant('When it was given or revoked (RFC 3339 with offset). Default now; not in the future, not before 2000.')),
    scope: Type.Optional(
      Type.Partial(ScopeSchema, { additionalProperties: false, description: 'What it covers. Default: every debt, every channel, artificial voice.' }),
    ),
    source: Type.Optional(literals(CONSENT_SOURCES, SOURCE)),
    evidence: Type.Optional(
      Type.String({
        maxLength: 4000,
        description:
          'How and where it was given: a recording reference, the form, the words. Required for granted; a granted consent with evidence is the only thing that clears an earlier revocation.',
      }),
    ),
  },
  { additionalProperties: false, description: 'A consent given or revoked, recorded in the ledger as it is: events are never changed or removed.' },
);

const ConsentEventSchema = Type.Object(
  {
    id: Type.String(),
    kind: literals(['granted', 'revoked'], KIND),
    phoneNumber: Type.Union([Type.String(), Type.Null()], { description: 'E.164; null = every number.' }),
    channel: literals(CONSENT_CHANNELS, CHANNEL),
    effectiveAt: Type.String({ description: 'When it took effect (RFC 3339, UTC).' }),
    scope: ScopeSchema,
    source: literals(CONSENT_SOURCES, SOURCE),
    evidence: Type.Union([Type.String(), Type.Null()]),
    callId: Type.Union([Type.String(), Type.Null()], { description: 'The recorded call it came from (a DNC flag).' }),
    recordedAt: Type.String({ description: 'When Callwise recorded it (RFC 3339, UTC).' }),
    recordedBy: Type.Union([Type.String(), Type.Null()], { description: 'The API key id that recorded it, or system, cli, migration.' }),
  },
  { additionalProperties: false },
);

const StandingSchema = Type.Object(
  {
    phoneNumber: Type.String({ description: "E.164: the customer's number, and every number an event names." }),
    aiVoiceConsent: Type.Boolean({ description: 'An AI-voice call to this number has prior express consent now.' }),
    consentFrom: Type.Union([Type.Literal('customer'), Type.Literal('company_attestation'), Type.Null()], {
      description: "Where that consent comes from: the customer's own granted event, or your company's attestation; null without consent.",
    }),
    callingStopped: Type.Union([CallingStoppedSchema, Type.Null()]),
  },
  { additionalProperties: false },
);

export const ConsentResponse = Type.Object(
  {
    customerId: Type.String(),
    customerExists: Type.Boolean({
      description: 'False for a deleted customer: its consent history is kept (12 CFR 1006.100) and a customer created again with this id inherits it.',
    }),
    standing: Type.Array(StandingSchema, { description: 'Per number, what the history adds up to now.' }),
    companyAttestation: Type.Union(
      [
        Type.Object(
          { since: Type.String(), eventId: Type.String(), evidence: Type.Union([Type.String(), Type.Null()]) },
          { additionalProperties: false, description: "Your company's attestation in force (assumeTcpaConsent)." },
        ),
        Type.Null(),
      ],
      { description: 'Null when your company does not attest consent for the numbers it sends.' },
    ),
    events: Type.Array(ConsentEventSchema, { description: "The customer's consent events, oldest recorded first." }),
  },
  { additionalProperties: false },
);
export type ConsentView = Static<typeof ConsentResponse>;
export type ConsentEventView = Static<typeof ConsentEventSchema>;
