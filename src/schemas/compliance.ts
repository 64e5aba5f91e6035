/**
 * POST /compliance/check. These schemas check structure (types, lengths, enums, integer ranges,
 * unknown fields); what a schema cannot say (real instants, phone numbers, IANA zones, USPS codes,
 * 'HH:MM') is checked in domain/compliance-request.ts and described here for the reference.
 */
import { Type } from 'typebox';

const instant = (description: string, example: string) => Type.String({ maxLength: 40, description, examples: [example] });
const oneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );
const clock = (description: string, example: string) => Type.String({ maxLength: 5, description, examples: [example] });

const LINE_TYPE = oneOf(
  ['wireless', 'landline', 'voip', 'unknown'],
  "The line being dialled. Unknown and VoIP lines are treated as wireless: an AI-voice call to them needs prior express consent. Default: your company's defaultLineType (unknown unless changed).",
);

const BlockedWindowSchema = Type.Object(
  {
    start: clock("Local clock time 'HH:MM' (00:00–23:59) at which the inconvenient time begins, inclusive.", '08:00'),
    end: clock(
      "Local clock time 'HH:MM' (00:00–24:00) at which it ends, exclusive. An end before the start wraps past midnight; an end equal to the start blocks the whole day.",
      '12:00',
    ),
    timezone: Type.Optional(
      Type.String({ maxLength: 64, description: 'The IANA zone the consumer meant. Without it the window applies in every candidate zone.' }),
    ),
  },
  { additionalProperties: false, description: 'A time the consumer said is inconvenient, recurring every day.' },
);

const HistoryEventSchema = Type.Object(
  {
    at: instant('When the contact happened (or is planned), RFC 3339 with offset.', '2026-11-30T15:00:00Z'),
    direction: Type.Optional(
      oneOf(
        ['outbound', 'inbound'],
        'Default outbound. Inbound contacts never count toward call caps, but an inbound conversation starts the 7-day quiet period.',
      ),
    ),
    channel: Type.Optional(
      oneOf(['call', 'sms', 'email'], 'Default call. Texts and emails count only for the overlays that count them (MA texts, WA and NYC all channels).'),
    ),
    loanIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 100,
        description: 'The debts the contact was about; empty or absent means every debt (the conservative reading).',
      }),
    ),
    phoneNumber: Type.Optional(Type.String({ maxLength: 32, description: 'The number called (or that called in), any common US form.' })),
    isWorkNumber: Type.Optional(Type.Boolean({ description: 'The number is a workplace number (MA and WA count those separately).' })),
    outcome: Type.Optional(
      oneOf(
        ['not_connected', 'no_answer', 'voicemail', 'wrong_party', 'conversation'],
        'What happened. Default conversation, the conservative reading. not_connected calls count toward nothing but the TCPA landline cap and company hygiene rules.',
      ),
    ),
    consented: Type.Optional(
      Type.Boolean({
        description:
          "Placed with the consumer's direct prior consent (e.g. a requested callback): excluded from Reg F 7-in-7 if consentGrantedAt shows it was inside the consent's seven days. Without consentGrantedAt it counts like any other call.",
      }),
    ),
    consentGrantedAt: Type.Optional(
      instant(
        'With consented: when the consumer gave that consent, not after `at`. The exclusion lasts to the end of the seventh local day in every candidate zone, the grant day being day 1 (strict mode: also under 168 hours).',
        '2026-11-30T14:55:00Z',
      ),
    ),
    consentLoanIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 100,
        description: 'With consented: the debts the consent covers; the contact still counts for the others. Empty or absent: the debts of loanIds.',
      }),
    ),
  },
  { additionalProperties: false, description: 'One contact with the person.' },
);

const PolicyOverrideSchema = Type.Object(
  {
    callerType: Type.Optional(oneOf(['collector', 'creditor'], 'Third-party debt collector (FDCPA) or first-party creditor. Default collector.')),
    waLicensed: Type.Optional(Type.Boolean({ description: 'Licensed as a Washington collection agency: turns on the WA overlay. Default true.' })),
    mode: Type.Optional(
      oneOf(
        ['strict', 'calendar'],
        'calendar counts local days only (the legal reading); strict also counts anything less than 168 hours (720 for 30-day caps) old. Default strict.',
      ),
    ),
    blockSundays: Type.Optional(Type.Boolean({ description: 'Refuse calls on Sundays (local date in every candidate zone). Default true.' })),
    blockHolidays: Type.Optional(Type.Boolean({ description: 'Refuse calls on US federal holidays and their observed weekdays. Default true.' })),
    startBufferMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 780, description: 'Minutes added to the 08:00 start. Default 0.' })),
    endBufferMinutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 780, description: 'Minutes taken off the 21:00 end. Default 10 (no call starts after 20:50).' }),
    ),
    dailyCapPerPerson: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: 1000 }), Type.Null()], {
        description: 'Call attempts per person per local day; null for no cap. Default 2.',
      }),
    ),
    minGapMinutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 43_200, description: 'Minimum minutes between two call attempts to the person. Default 120.' }),
    ),
    regFForCreditors: Type.Optional(
      Type.Boolean({
        description:
          'Apply Reg F 7-in-7 to a first-party creditor too. Default true; collectors are always bound, and so is a creditor where California or Maryland law holds it to the FDCPA.',
      }),
    ),
    artificialVoice: Type.Optional(
      Type.Boolean({
        description:
          'The call uses an artificial or prerecorded voice (an AI voice does): the Minnesota, Indiana, Mississippi and Montana artificial-voice statutes apply. Default true.',
      }),
    ),
    liveOperatorIntro: Type.Optional(
      Type.Boolean({
        description:
          "A live operator opens the call and obtains the consumer's consent before the artificial voice speaks: exempt under those statutes. Default false.",
      }),
    ),
    businessRelationship: Type.Optional(
      Type.Boolean({
        description:
          'You have a current business relationship with the consumer (e.g. a creditor and its borrower): exempt in Minnesota and Indiana, and a marketing call may reach a number on the National Do-Not-Call Registry. Default false.',
      }),
    ),
  },
  { additionalProperties: false, description: 'Overrides of your company policy for this check only (engine defaults ← company settings ← these).' },
);

export const ComplianceCheckBody = Type.Object(
  {
    at: instant('The instant the call would start, RFC 3339 with an offset.', '2026-12-01T13:00:00Z'),
    customerId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        description:
          "One of your customers: their address, stated zone, number, do-not-call flag, stop reasons and recorded calls are used, and the facts in this request are added to them. Without it, this request's facts are all there is.",
      }),
    ),
    loanId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'The debt the call is about. Without it the customer counts as one debt (every recorded call counts for it).',
      }),
    ),
    loanIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 100,
        description:
          'Several debts the call is about (added to loanId): the call counts toward, and must be allowed for, each of them under Reg F 7-in-7 and the per-account caps.',
      }),
    ),
    consented: Type.Optional(
      Type.Boolean({
        description:
          "The call is placed with the consumer's direct prior consent (e.g. a callback they asked for): excluded from Reg F 7-in-7 for the debts the consent covers, until the end of the seventh local day from consentGrantedAt (required with it). Every other rule still applies.",
      }),
    ),
    consentGrantedAt: Type.Optional(
      instant('When the consumer gave that consent (RFC 3339 with an offset), not after `at`. Required with consented: true.', '2026-11-30T15:10:00Z'),
    ),
    consentLoanIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 100,
        description: 'With consented: the debts the consent covers; the call still counts for the others. Empty or absent: every debt the call is about.',
      }),
    ),
    phoneNumber: Type.Optional(
      Type.String({
        maxLength: 32,
        description: "The number to dial, any common US form. Default: the stored customer's number. Its area code adds zones and a jurisdiction.",
        examples: ['+12125550100'],
      }),
    ),
    lineType: Type.Optional(LINE_TYPE),
    tcpaConsent: Type.Optional(
      Type.Boolean({ description: "Prior express consent to AI-voice calls to this number. Default: your company's assumeTcpaConsent (true unless changed)." }),
    ),
    isWorkNumber: Type.Optional(Type.Boolean({ description: 'The number is a workplace number. Default false.' })),
    purpose: Type.Optional(
      oneOf(
        ['collection', 'servicing', 'verification', 'marketing'],
        "What the call is for. Default: the stored customer's task type's purpose with customerId, else collection. A marketing call is refused unless your company enabled marketing calls, and gets the telemarketing rules: 08:00–21:00 (47 CFR 64.1200(c)(1)), the National Do-Not-Call Registry, and where Florida applies 08:00–20:00 and at most 3 calls in 24 hours, where AL, LA, MS, RI or UT applies no Sundays or holidays.",
      ),
    ),
    windowsUntil: Type.Optional(
      instant(
        "Also answer lawfulWindows: every stretch from `at` to this instant (at most 31 days later) in which a call may start, by the same rules and facts. What the console draws as a borrower's lawful time.",
        '2026-12-08T13:00:00Z',
      ),
    ),
    nationalDncRegistered: Type.Optional(
      Type.Boolean({
        description:
          'The number is on the National Do-Not-Call Registry, as you know it (Callwise does not query the registry). Read for marketing calls only: absent is treated as registered, and a registered number is refused unless your company attests a business relationship (businessRelationship).',
      }),
    ),
    zipCode: Type.Optional(
      Type.String({
        maxLength: 10,
        description: 'Address ZIP, 5 digits or ZIP+4. Adds every zone the ZIP touches; a well-formed ZIP that no source lists adds none.',
        examples: ['10001'],
      }),
    ),
    state: Type.Optional(
      Type.String({
        maxLength: 2,
        description: "Address state, USPS code, any case. When it disagrees with the ZIP, both states' rules apply.",
        examples: ['NY'],
      }),
    ),
    timezone: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'A stated IANA zone. It is added to the zones of the ZIP and the number, never replaces them.',
        examples: ['America/New_York'],
      }),
    ),
    blockedWindows: Type.Optional(Type.Array(BlockedWindowSchema, { maxItems: 50, description: 'Times the consumer said are inconvenient.' })),
    history: Type.Optional(
      Type.Array(HistoryEventSchema, {
        maxItems: 1000,
        description: "Contacts with the person, added to the stored customer's recorded calls (or, without customerId, the only history).",
      }),
    ),
    policy: Type.Optional(PolicyOverrideSchema),
  },
  {
    additionalProperties: false,
    examples: [
      {
        at: '2026-12-01T13:00:00Z',
        loanId: 'A',
        phoneNumber: '+12125550100',
        lineType: 'wireless',
        tcpaConsent: true,
        isWorkNumber: false,
        zipCode: '10001',
        state: 'NY',
        timezone: 'America/New_York',
        blockedWindows: [{ start: '08:00', end: '12:00' }],
        history: [
          {
            at: '2026-11-30T15:00:00Z',
            direction: 'outbound',
            channel: 'call',
            loanIds: ['A'],
            phoneNumber: '+12125550100',
            isWorkNumber: false,
            outcome: 'no_answer',
            consented: false,
          },
        ],
        policy: { callerType: 'collector', mode: 'strict' },
      },
    ],
  },
);

const ReasonSchema = Type.Object({
  code: Type.String({
    description: 'Stable code, e.g. OUTSIDE_CALLING_HOURS, REG_F_7_IN_7_CALLS, TCPA_NO_CONSENT_WIRELESS (see docs/compliance.md for the list).',
  }),
  rule: Type.String({ description: 'Citation of the rule, e.g. 12 CFR 1006.14(b)(2)(i)(A).' }),
  zone: Type.Optional(Type.String({ description: 'The candidate zone in which the check failed, when it depends on the zone.' })),
  detail: Type.String({ description: 'A sentence a compliance officer can read.' }),
});

export const ComplianceCheckResponse = Type.Object(
  {
    allowed: Type.Boolean({ description: 'Every rule passes at `at`.' }),
    reasons: Type.Array(ReasonSchema, { description: 'Every failed check (not only the first); empty when allowed.' }),
    candidateZones: Type.Array(Type.String(), {
      description:
        "Every IANA zone the borrower may be in: the ZIP's zones, the stated zone and the number's area-code zones. The call must be lawful in all of them.",
    }),
    jurisdictions: Type.Array(Type.String(), {
      description:
        "State overlays in force: the address state (plus NYC for a New York City ZIP, including ZIPs that cross the city line) and the area code's state (plus NYC for a city-only area code such as 212 or 718). Military postal codes (AA, AE, AP) are not states and never appear.",
    }),
    nextAllowedAt: Type.Union([Type.String(), Type.Null()], {
      description:
        'The earliest instant at or after `at` at which every rule passes, within 30 days (equal to `at` when allowed); null when there is none, e.g. do-not-call or no consent.',
    }),
    lawfulWindows: Type.Optional(
      Type.Array(Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }), {
        description:
          'With windowsUntil: the stretches between `at` and windowsUntil in which a call may start, in time order ([from, to): `to` is the first instant it may not). Given the calls already recorded, not the attempts still planned. Empty when none.',
      }),
    ),
  },
  {
    examples: [
      {
        allowed: false,
        reasons: [
          {
            code: 'CONSUMER_BLOCKED_TIME',
            rule: '15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i); comment 6(b)(1)-1',
            zone: 'America/New_York',
            detail: "It is 08:00 in America/New_York, inside the consumer's inconvenient time 08:00–12:00.",
          },
        ],
        candidateZones: ['America/New_York'],
        jurisdictions: ['NY', 'NYC'],
        nextAllowedAt: '2026-12-01T17:00:00.000Z',
      },
    ],
  },
);
