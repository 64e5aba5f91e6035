/**
 * Types of the compliance engine.
 *
 * Glossary
 * - **Call**: one outbound AI-voice telephone call that Callwise proposes to place at an instant.
 * - **Person / customer**: the borrower the call is about and to. Frequency rules that say "per
 *   person" count every number of that person.
 * - **Debt / loan / account**: what the call is about (`loanId`). Reg F, MA, DC and NYC count per
 *   debt or account; without a loan id the customer counts as one debt.
 * - **Contact event**: one entry of the contact history (an attempt, its outcome, inbound
 *   contacts, texts and emails). The frequency rules count these.
 * - **Conversation**: a telephone exchange with the person about the debt (Reg F 1006.14(b)(2)(i)(B)).
 *   A wrong-party answer or a voicemail is not one.
 * - **Candidate zones**: every IANA zone the borrower may be in: the address ZIP's zones, the stated
 *   timezone and the dialled number's area-code zones. A call must be at a convenient time in all of
 *   them (Reg F comment 6(b)(1)(i)-1), and dates for day-based counts are computed in each of them.
 * - **Jurisdictions**: the state overlays in force: the address state (plus NYC when the address is
 *   in New York City) and the state of the dialled number's area code.
 * - **Local day**: a calendar date on a zone's wall clock. "7 consecutive days" are local days.
 * - **Strict / calendar mode**: calendar mode counts local days only (the legal reading); strict
 *   mode also counts anything less than 168 hours (or 720 hours) old, a superset that is compliant
 *   under any reading of "days".
 * - **Reason**: one failed check, with a stable code, the citation of the rule and a sentence a
 *   compliance officer can read.
 */

export type LineType = 'wireless' | 'landline' | 'voip' | 'unknown';
export type ContactDirection = 'outbound' | 'inbound';
export type ContactChannel = 'call' | 'sms' | 'email';
export type ContactOutcome = 'not_connected' | 'no_answer' | 'voicemail' | 'wrong_party' | 'conversation';

/**
 * What a call is for, declared by its task type. Collection, servicing and verification calls get
 * the same (collection) rules; a marketing call — one that offers a product, which a collection
 * call that offers a new product becomes — also gets the telemarketing rules, and only when the
 * company has enabled marketing calls (`Policy.marketingCalls`).
 */
export type CallPurpose = 'collection' | 'servicing' | 'verification' | 'marketing';
export const CALL_PURPOSES: readonly CallPurpose[] = Object.freeze(['collection', 'servicing', 'verification', 'marketing']);
/** The purpose of a call that does not say: every task type made before purposes existed. */
export const DEFAULT_PURPOSE: CallPurpose = 'collection';

/** Epoch milliseconds, or an RFC 3339 / ISO 8601 string with an offset. */
export type InstantInput = number | string;

/** A consumer-designated inconvenient time, recurring daily on the local wall clock. */
export interface BlockedWindow {
  /** 'HH:MM', inclusive. */
  readonly start: string;
  /** 'HH:MM' (or '24:00'), exclusive. A window with end before start wraps past midnight; a
   * window whose end equals its start blocks the whole day. */
  readonly end: string;
  /** The zone the consumer meant. Without it the window applies in every candidate zone. */
  readonly timezone?: string | null;
}

export interface ContactEvent {
  readonly at: InstantInput;
  readonly direction: ContactDirection;
  readonly channel: ContactChannel;
  /** Debts the contact was about. Empty or absent: treated as about every debt (conservative). */
  readonly loanIds?: readonly string[] | null;
  /** E.164 number called or calling. Absent: treated as possibly the dialled line (conservative). */
  readonly phoneNumber?: string | null;
  readonly isWorkNumber?: boolean | null;
  readonly outcome: ContactOutcome;
  /** Placed with the person's direct prior consent (Reg F 1006.14(b)(3)(i)), e.g. a requested callback.
   * Excludes the contact from 7-in-7 only with `consentGrantedAt`, and only within its window. */
  readonly consented?: boolean | null;
  /** When the person gave that consent. The exclusion lasts seven local days, the grant's date
   * being day 1, in every candidate zone (strict mode: also under 168 hours). Absent: the contact
   * counts like any other (we cannot tell that the consent still covered it). */
  readonly consentGrantedAt?: InstantInput | null;
  /** The debts the consent covers. Empty or absent: the debts the contact was about. */
  readonly consentLoanIds?: readonly string[] | null;
}

/** Everything the engine needs to know about one proposed call, already resolved to plain data. */
export interface CallFacts {
  // Candidate-zone inputs (IANA names). See candidate-zones.ts.
  /** Zones of the address ZIP (several when the ZIP straddles a zone line). */
  readonly addressTimezones?: readonly string[] | null;
  /** The zone the customer or lender stated. */
  readonly timezone?: string | null;
  /** Zones of the dialled number's area code (none for toll-free or unknown codes). */
  readonly phoneTimezones?: readonly string[] | null;

  // Jurisdiction inputs. See jurisdictions.ts.
  /** USPS code of the address state. */
  readonly addressState?: string | null;
  /** The address ZIP is in New York City (or straddles the city line). */
  readonly addressInNyc?: boolean | null;
  /** The dialled number's area code serves only New York City (212, 718, 917…). */
  readonly phoneInNyc?: boolean | null;
  /** USPS code of the state of the dialled number's area code. */
  readonly phoneState?: string | null;
  /** Further states the borrower may be in (e.g. the ZIP's state when it disagrees with the
   * stated one): their overlays apply too. */
  readonly otherStates?: readonly string[] | null;

  // The call.
  /** E.164 number to dial; used to count earlier calls to the same line (TCPA landline cap). */
  readonly phoneNumber?: string | null;
  readonly lineType: LineType;
  /** Prior express consent under the TCPA for artificial-voice calls to this number. */
  readonly tcpaConsent: boolean;
  readonly isWorkNumber?: boolean | null;
  readonly doNotCall?: boolean | null;
  /** This call is placed with the person's direct prior consent (Reg F 1006.14(b)(3)(i)), e.g. a
   * callback the consumer asked for: it is excluded from both 7-in-7 prongs for the debts the
   * consent covers, from `consentGrantedAt` to the end of the seventh local day (the grant's date
   * is day 1; strict mode: also under 168 hours). Without a grant time it is not excluded. Nothing
   * else changes. */
  readonly consented?: boolean | null;
  /** When the person gave that consent. */
  readonly consentGrantedAt?: InstantInput | null;
  /** The debts the consent covers. Empty or absent: every debt the call is about. */
  readonly consentLoanIds?: readonly string[] | null;
  readonly blockedWindows?: readonly BlockedWindow[] | null;
  /** The debt the call is about. Without it (and without loanIds) the customer counts as one debt. */
  readonly loanId?: string | null;
  /** Several debts discussed on one call: the call counts toward, and must be allowed for, each. */
  readonly loanIds?: readonly string[] | null;
  /** Contact history of the person: recorded contacts and, for planning, attempts already planned. */
  readonly history?: readonly ContactEvent[] | null;

  // What the call is for.
  /** Absent: collection. A marketing call also gets the telemarketing rules. */
  readonly purpose?: CallPurpose | null;
  /** The dialled number is on the National Do-Not-Call Registry, as the lender states it
   * (Callwise does not query the registry). Absent: not stated, which a marketing call treats as
   * registered. Only marketing calls read it (47 CFR 64.1200(c)(2) governs telephone solicitations). */
  readonly nationalDncRegistered?: boolean | null;
}

export type CallerType = 'collector' | 'creditor';
export type CountingMode = 'strict' | 'calendar';

export interface Policy {
  /** Third-party collector (FDCPA) or first-party creditor. */
  readonly callerType: CallerType;
  /** Licensed as a collection agency in Washington (RCW 19.16): turns on the WA overlay. */
  readonly waLicensed: boolean;
  readonly mode: CountingMode;
  /** Reg F 7-in-7 also for first-party creditors (the reference's default); only a creditor may
   * switch it off. Collectors are always bound. */
  readonly regFForCreditors: boolean;
  readonly blockSundays: boolean;
  readonly blockHolidays: boolean;
  /** Minutes added to the 08:00 start of the calling window. */
  readonly startBufferMinutes: number;
  /** Minutes taken off the 21:00 end: no call starts within this margin of 21:00. */
  readonly endBufferMinutes: number;
  /** Outbound call attempts per person per local day (every candidate zone); null = no cap. */
  readonly dailyCapPerPerson: number | null;
  /** Minimum minutes between two outbound call attempts to the person; 0 = none. */
  readonly minGapMinutes: number;
  /** The calls use an artificial or prerecorded voice (an AI voice is one, FCC 24-17): the state
   * statutes on automatic dialing-announcing devices apply. */
  readonly artificialVoice: boolean;
  /** Every call opens with a live operator who obtains the consumer's consent before the
   * artificial voice speaks: an exemption under every state artificial-voice statute modelled. */
  readonly liveOperatorIntro: boolean;
  /** The company has a current business relationship with the people it calls (e.g. a creditor
   * calling its own borrowers): an exemption from the artificial-voice statutes of Minnesota and
   * Indiana, and the "established business relationship" that lets a marketing call reach a number
   * on the National Do-Not-Call Registry (47 CFR 64.1200(c)(2), (f)(5)). */
  readonly businessRelationship: boolean;
  /** The company places marketing calls (telephone solicitations). Off by default: a marketing
   * call is refused until the company turns this on, and then gets the telemarketing rules. */
  readonly marketingCalls: boolean;
}

/**
 * Conservative defaults: a third-party collector in strict mode, with the reference's recommended
 * hygiene (no call starts after 20:50, at most 2 attempts per local day, 2 hours apart, no calls
 * on Sundays or federal holidays). `waLicensed` is true because a collector calling WA debtors must
 * hold a WA licence, so the WA caps bind it whenever WA is an active jurisdiction. Calls use an
 * artificial voice (this is an AI-voice product) with no live-operator introduction and no claimed
 * business relationship, so the state artificial-voice statutes bind unless the company says otherwise.
 * Marketing calls are off: a company enables them explicitly.
 */
export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  callerType: 'collector',
  waLicensed: true,
  mode: 'strict',
  regFForCreditors: true,
  blockSundays: true,
  blockHolidays: true,
  startBufferMinutes: 0,
  endBufferMinutes: 10,
  dailyCapPerPerson: 2,
  minGapMinutes: 120,
  artificialVoice: true,
  liveOperatorIntro: false,
  businessRelationship: false,
  marketingCalls: false,
});

export type ReasonCode =
  | 'UNKNOWN_LOCATION'
  | 'INVALID_TIMEZONE'
  | 'OUTSIDE_CALLING_HOURS'
  | 'CONSUMER_BLOCKED_TIME'
  | 'REG_F_7_IN_7_CALLS'
  | 'REG_F_7_IN_7_CONVERSATION'
  | 'MA_HOME_CAP'
  | 'MA_WORK_CAP'
  | 'DC_CAP'
  | 'WA_CAP'
  | 'WA_WORK_CAP'
  | 'NYC_CAP'
  | 'WV_CALL_CAP'
  | 'WV_CONVERSATION_CAP'
  | 'MN_ARTIFICIAL_VOICE'
  | 'IN_ARTIFICIAL_VOICE'
  | 'MS_ARTIFICIAL_VOICE'
  | 'MT_ARTIFICIAL_VOICE'
  | 'TCPA_NO_CONSENT_WIRELESS'
  | 'TCPA_LANDLINE_CAP'
  | 'DO_NOT_CALL'
  | 'DAILY_CAP'
  | 'MIN_GAP'
  | 'SUNDAY'
  | 'FEDERAL_HOLIDAY'
  | 'MARKETING_NOT_ENABLED'
  | 'NATIONAL_DNC_REGISTRY'
  | 'TCPA_TELEMARKETING_HOURS'
  | 'FL_TELEMARKETING_HOURS'
  | 'FL_TELEMARKETING_CAP'
  | 'STATE_TELEMARKETING_SUNDAY'
  | 'STATE_TELEMARKETING_HOLIDAY'
  /** Lawful now, but the lawful time ends before a call of the longest allowed length would. */
  | 'WINDOW_CLOSES_DURING_CALL';

export interface Reason {
  readonly code: ReasonCode;
  /** Citation of the rule, e.g. '12 CFR 1006.14(b)(2)(i)(A)'. */
  readonly rule: string;
  /** The candidate zone in which the check failed, when it is zone-specific. */
  readonly zone?: string;
  /** A sentence a compliance officer can read. */
  readonly detail: string;
}

export interface Evaluation {
  readonly allowed: boolean;
  /** Every failed check (all of them, not only the first). Empty when allowed. */
  readonly reasons: readonly Reason[];
  readonly candidateZones: readonly string[];
  readonly jurisdictions: readonly string[];
}

export interface Decision extends Evaluation {
  /** Earliest instant (epoch ms) at or after the proposed one at which every rule passes, within
   * the horizon; equals the proposed instant when allowed; null when there is none. */
  readonly nextAllowedAt: number | null;
}

/** Thrown for malformed input the HTTP layer should have rejected (bad 'HH:MM', bad instants,
 * negative buffers). Facts that are merely unusable (an unknown zone) yield reasons instead. */
export class ComplianceInputError extends Error {
  override readonly name = 'ComplianceInputError';
  /** Path of the offending input, e.g. 'blockedWindows[0].start'. */
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}
