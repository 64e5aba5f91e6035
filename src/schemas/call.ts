import { Type } from 'typebox';

const instant = (description: string) => Type.String({ maxLength: 40, description });

export const CreateCallBody = Type.Object(
  {
    customerId: Type.String({ minLength: 1, maxLength: 255, description: 'Your customer id.' }),
    toPhoneNumber: Type.String({ maxLength: 32, description: 'The number dialled (or that called in), any common US format; stored as E.164.' }),
    timestamp: instant('When the call happened (RFC 3339 with offset). Not in the future, not before 2000-01-01T00:00:00Z.'),
    direction: Type.Optional(
      Type.Union([Type.Literal('outbound'), Type.Literal('inbound')], {
        description: 'Default outbound. Inbound calls do not count toward 7-in-7 but an inbound conversation starts the 7-day quiet period.',
      }),
    ),
    outcome: Type.Optional(
      Type.Union(
        [Type.Literal('not_connected'), Type.Literal('no_answer'), Type.Literal('voicemail'), Type.Literal('wrong_party'), Type.Literal('conversation')],
        {
          description:
            'What happened. Without it, the flags decide; with neither, the call counts as a conversation (the conservative reading). An RPC flag always makes it a conversation.',
        },
      ),
    ),
    loanIds: Type.Optional(
      Type.Array(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 1 })]), {
        maxItems: 100,
        description: 'The debts discussed; empty = every debt of the customer.',
      }),
    ),
    consented: Type.Optional(
      Type.Boolean({
        description:
          "Placed with the consumer's direct prior consent (e.g. a requested callback): excluded from 7-in-7 when consentGrantedAt shows it was within seven days of the consent. Without consentGrantedAt it counts like any other call.",
      }),
    ),
    consentGrantedAt: Type.Optional(
      Type.Union([
        instant(
          'With consented: when the consumer gave that consent (RFC 3339 with offset), not after timestamp. The exclusion lasts to the end of the seventh local day, the grant day being day 1 (12 CFR 1006.14(b)(3)(i)).',
        ),
        Type.Null(),
      ]),
    ),
    consentLoanIds: Type.Optional(
      Type.Array(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 1 })]), {
        maxItems: 100,
        description: 'With consented: the debts the consent covers; the call still counts for the others. Empty or absent = the debts of loanIds.',
      }),
    ),
    durationSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    transcript: Type.Optional(Type.String({ maxLength: 500_000 })),
    recordingUrl: Type.Optional(Type.String({ maxLength: 4096 })),
    summarization: Type.Optional(Type.String({ maxLength: 50_000 })),
    callbackAt: Type.Optional(
      Type.Union([
        instant('When the consumer asked to be called back: required with the CALLBACK_REQUEST flag. Not before 2000-01-01T00:00:00Z.'),
        Type.Null(),
      ]),
    ),
    taskId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        description:
          'The planned attempt this call was (from the schedule or POST /dispatch/claim): the task is completed by it. Recording the same task again returns the call already recorded.',
      }),
    ),
    flags: Type.Optional(
      Type.Array(Type.String({ maxLength: 40 }), {
        maxItems: 50,
        description:
          'Post-call flags: NO_ANSWER, VOICEMAIL, RPC, DNC, ATTORNEY_REP, BANKRUPTCY, DECEASED, DEBT_DISPUTE, FRAUD_CLAIM, WRONG_NUMBER, CALLBACK_REQUEST, …',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CallResponse = Type.Object(
  {
    id: Type.String(),
    customerId: Type.String(),
    toPhoneNumber: Type.String(),
    timestamp: Type.String(),
    direction: Type.String(),
    outcome: Type.String(),
    loanIds: Type.Array(Type.String()),
    flags: Type.Array(Type.String()),
    durationSeconds: Type.Optional(Type.Integer()),
    transcript: Type.Optional(Type.String()),
    recordingUrl: Type.Optional(Type.String()),
    summarization: Type.Optional(Type.String()),
    callbackAt: Type.Optional(Type.String()),
    taskId: Type.Optional(Type.String()),
    consented: Type.Optional(
      Type.Literal(true, { description: "Present when the call was placed with the consumer's direct prior consent (a requested callback)." }),
    ),
    consentGrantedAt: Type.Optional(Type.String({ description: 'With consented: when the consumer gave that consent, when it is known.' })),
    consentLoanIds: Type.Optional(Type.Array(Type.String(), { description: 'With consented: the debts the consent covers, when it names them.' })),
  },
  { $id: 'Call' },
);

export const CallListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Maximum calls to return (default 100).' })),
    // Bounded: a larger offset overflowed PostgreSQL's bigint (a 500), and no ledger is that long.
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Calls to skip (newest first).' })),
  },
  { additionalProperties: false },
);
