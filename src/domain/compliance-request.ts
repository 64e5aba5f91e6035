/**
 * The body of POST /compliance/check after the rules a JSON schema cannot express: strict RFC 3339
 * instants, real US phone numbers (stored form E.164), IANA zones (canonical names), USPS codes,
 * ZIP shapes and 'HH:MM' clock times. Pure; every failing field is reported, never just the first.
 *
 * Types, lengths, enums, integer ranges and unknown fields come from the route schema. This code
 * only looks at values of the right type, so a field that failed there is not reported twice, and
 * it never throws on junk (arrays, nulls, numbers where objects belong).
 */
import type { BlockedWindow, CallPurpose, ContactEvent, LineType, Policy } from '../compliance/index.ts';
import { minutesOfHhMm } from '../compliance/calendar.ts';
import { canonicalTimeZone } from '../reference/time-zones.ts';
import { normalizeStateCode } from '../reference/us-states.ts';
import { isCallPurpose } from './call-purpose.ts';
import { type FieldError, pointerOf } from './errors.ts';
import { parseRfc3339 } from './instant.ts';
import { normalizePhoneNumber } from './phone.ts';

export interface CheckRequest {
  readonly at: number;
  readonly customerId: string | null;
  readonly loanId: string | null;
  /** Further debts the call is about (with loanId, if given): it must be lawful for each. */
  readonly loanIds: readonly string[];
  /** The call is placed with the consumer's direct prior consent, given at consentGrantedAt. */
  readonly consented: boolean;
  /** Epoch ms; always set when consented is. */
  readonly consentGrantedAt: number | null;
  /** The debts that consent covers; empty: every debt the call is about. */
  readonly consentLoanIds: readonly string[];
  /** E.164. */
  readonly phoneNumber: string | null;
  readonly lineType: LineType | null;
  readonly tcpaConsent: boolean | null;
  readonly isWorkNumber: boolean | null;
  /** What the call is for; null: the stored customer's task type's, else collection. */
  readonly purpose: CallPurpose | null;
  /** The dialled number is on the National Do-Not-Call Registry, as the lender states it; null: not stated. */
  readonly nationalDncRegistered: boolean | null;
  /** 5 digits, or 12345-6789. */
  readonly zipCode: string | null;
  /** Upper-case USPS code. */
  readonly state: string | null;
  /** Canonical IANA name. */
  readonly timezone: string | null;
  readonly blockedWindows: readonly BlockedWindow[];
  /** Instants already parsed to epoch ms, so the engine cannot fail on them. */
  readonly history: readonly ContactEvent[];
  readonly policy: Partial<Policy>;
  /** Epoch ms: also answer the lawful windows from `at` to this instant; null: not asked. */
  readonly windowsUntil: number | null;
}

/** The longest span lawful windows are answered for. */
const MAX_WINDOWS_SPAN_MS = 31 * 24 * 3_600_000;

const ZIP = /^(\d{5})(?:-?(\d{4}))?$/;
const LINE_TYPES: ReadonlySet<string> = new Set(['wireless', 'landline', 'voip', 'unknown']);
const DIRECTIONS: ReadonlySet<string> = new Set(['outbound', 'inbound']);
const CHANNELS: ReadonlySet<string> = new Set(['call', 'sms', 'email']);
const OUTCOMES: ReadonlySet<string> = new Set(['not_connected', 'no_answer', 'voicemail', 'wrong_party', 'conversation']);
const POLICY_BOOLEANS = [
  'waLicensed',
  'blockSundays',
  'blockHolidays',
  'regFForCreditors',
  'artificialVoice',
  'liveOperatorIntro',
  'businessRelationship',
] as const;
/** Integer policy fields and the engine's bounds (compliance/policy.ts). */
const POLICY_INTEGERS = { startBufferMinutes: 780, endBufferMinutes: 780, minGapMinutes: 43_200 } as const;
const ZONE_HINT = 'must be an IANA time-zone name such as America/New_York (abbreviations like EST, POSIX names and offsets are not accepted)';

type Record_ = Record<string, unknown>;

const isRecord = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects errors, dropping those at or under a pointer the schema already reported. */
class Errors {
  readonly list: FieldError[] = [];
  private readonly schemaPointers: readonly string[];

  constructor(schemaPointers: readonly string[]) {
    this.schemaPointers = schemaPointers;
  }
  add(pointer: string, detail: string): void {
    if (this.schemaPointers.some((p) => pointer === p || pointer.startsWith(`${p}/`))) return;
    this.list.push({ pointer, detail });
  }
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function instant(value: unknown, pointer: string, errors: Errors): number | null {
  if (typeof value !== 'string') return null;
  const result = parseRfc3339(value.trim());
  if (result.ok) return result.ms;
  errors.add(pointer, result.problem);
  return null;
}

function phone(value: unknown, pointer: string, errors: Errors): string | null {
  if (typeof value !== 'string') return null;
  const result = normalizePhoneNumber(value);
  if (result.ok) return result.e164;
  errors.add(pointer, result.problem);
  return null;
}

function zone(value: unknown, pointer: string, errors: Errors): string | null {
  const name = text(value);
  if (name === null) return null;
  const canonical = canonicalTimeZone(name);
  if (canonical === null) errors.add(pointer, ZONE_HINT);
  return canonical;
}

function windows(value: unknown, errors: Errors): BlockedWindow[] {
  if (!Array.isArray(value)) return [];
  const out: BlockedWindow[] = [];
  value.forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const at = (name: string) => pointerOf('blockedWindows', i, name);
    const start = typeof raw.start === 'string' ? raw.start : null;
    const end = typeof raw.end === 'string' ? raw.end : null;
    // 24:00 may end a window (the end is exclusive) but cannot start one.
    const startMin = start === null ? null : minutesOfHhMm(start);
    if (start !== null && (startMin === null || startMin === 1440)) errors.add(at('start'), "must be a local clock time 'HH:MM' from 00:00 to 23:59");
    if (end !== null && minutesOfHhMm(end) === null) errors.add(at('end'), "must be a local clock time 'HH:MM' from 00:00 to 24:00");
    const timezone = zone(raw.timezone, at('timezone'), errors);
    if (start !== null && end !== null) out.push({ start, end, ...(timezone === null ? {} : { timezone }) });
  });
  return out;
}

/** Loan ids of an array (strings the schema let through), trimmed and deduplicated. */
function loanIdList(value: unknown, pointer: (k: number) => string, errors: Errors): string[] {
  const ids: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((id, k) => {
      if (typeof id !== 'string') return;
      if (id.trim() === '') errors.add(pointer(k), 'must not be empty');
      else ids.push(id.trim());
    });
  }
  return [...new Set(ids)];
}

/**
 * The consent a call was placed under: its grant instant (not after the call: consent is prior)
 * and the debts it covers. Both belong to a consented call only.
 */
function consentOf(
  raw: Record_,
  callAt: number | null,
  at: (...field: Array<string | number>) => string,
  errors: Errors,
): { grantedAt: number | null; loanIds: string[] } {
  const consented = raw.consented === true;
  const grantedAt = instant(raw.consentGrantedAt, at('consentGrantedAt'), errors);
  if (grantedAt !== null && !consented) errors.add(at('consentGrantedAt'), 'is only for a call placed with consent (consented: true)');
  else if (grantedAt !== null && callAt !== null && grantedAt > callAt)
    errors.add(at('consentGrantedAt'), 'must not be after the call: consent is given before it');
  const loanIds = loanIdList(raw.consentLoanIds, (k) => at('consentLoanIds', k), errors);
  if (loanIds.length > 0 && !consented) errors.add(at('consentLoanIds'), 'is only for a call placed with consent (consented: true)');
  return { grantedAt, loanIds };
}

function historyEvent(raw: Record_, i: number, errors: Errors): ContactEvent | null {
  const at = instant(raw.at, pointerOf('history', i, 'at'), errors);
  const phoneNumber = phone(raw.phoneNumber, pointerOf('history', i, 'phoneNumber'), errors);
  const loanIds = loanIdList(raw.loanIds, (k) => pointerOf('history', i, 'loanIds', k), errors);
  const consent = consentOf(raw, at, (...field) => pointerOf('history', i, ...field), errors);
  if (at === null) return null;
  // Defaults are the conservative readings: an unlabelled contact is an outbound call, and one
  // without an outcome is a conversation (as for POST /calls).
  return {
    at,
    direction: DIRECTIONS.has(raw.direction as string) ? (raw.direction as ContactEvent['direction']) : 'outbound',
    channel: CHANNELS.has(raw.channel as string) ? (raw.channel as ContactEvent['channel']) : 'call',
    loanIds,
    phoneNumber,
    isWorkNumber: raw.isWorkNumber === true,
    outcome: OUTCOMES.has(raw.outcome as string) ? (raw.outcome as ContactEvent['outcome']) : 'conversation',
    // A consented contact without its grant time counts like any other (docs/decisions.md).
    consented: raw.consented === true,
    consentGrantedAt: consent.grantedAt,
    consentLoanIds: consent.loanIds,
  };
}

function policyOverrides(value: unknown): Partial<Policy> {
  if (!isRecord(value)) return {};
  const out: Record<string, unknown> = {};
  if (value.callerType === 'collector' || value.callerType === 'creditor') out.callerType = value.callerType;
  if (value.mode === 'strict' || value.mode === 'calendar') out.mode = value.mode;
  for (const name of POLICY_BOOLEANS) if (typeof value[name] === 'boolean') out[name] = value[name];
  for (const [name, max] of Object.entries(POLICY_INTEGERS)) {
    const n = value[name];
    if (Number.isInteger(n) && (n as number) >= 0 && (n as number) <= max) out[name] = n;
  }
  const cap = value.dailyCapPerPerson;
  if (cap === null || (Number.isInteger(cap) && (cap as number) >= 0 && (cap as number) <= 1000)) out.dailyCapPerPerson = cap;
  return out;
}

/**
 * The request, or null with every failing field. `schemaErrors` are the route schema's; they are
 * included in the result, and this function's own findings under those pointers are dropped.
 */
export function normaliseCheckRequest(body: unknown, schemaErrors: readonly FieldError[]): { request: CheckRequest | null; errors: FieldError[] } {
  const errors = new Errors(schemaErrors.map((e) => e.pointer));
  const b: Record_ = isRecord(body) ? body : {};

  const at = instant(b.at, '/at', errors);
  let zipCode: string | null = null;
  const zipText = text(b.zipCode);
  if (zipText !== null) {
    const m = ZIP.exec(zipText);
    if (m) zipCode = m[2] ? `${m[1]}-${m[2]}` : m[1]!;
    else errors.add('/zipCode', 'must be a 5-digit ZIP code or ZIP+4 (12345 or 12345-6789)');
  }
  let state: string | null = null;
  const stateText = text(b.state);
  if (stateText !== null) {
    state = normalizeStateCode(stateText);
    if (state === null) errors.add('/state', 'must be a USPS state or territory code such as NY, DC, PR or AE');
  }
  if (typeof b.customerId === 'string' && b.customerId.trim() === '') errors.add('/customerId', 'must not be empty');
  if (typeof b.loanId === 'string' && b.loanId.trim() === '') errors.add('/loanId', 'must not be empty');
  const consent = consentOf(b, at, (...field) => pointerOf(...field), errors);
  // A consent without its time could not be told from one that has run out: the proposed call
  // must say when it was given (a recorded one without it simply counts).
  if (b.consented === true && b.consentGrantedAt === undefined)
    errors.add('/consentGrantedAt', 'is required with consented: true (when the consumer gave the consent)');

  const request: CheckRequest = {
    at: at ?? Number.NaN,
    customerId: text(b.customerId),
    loanId: text(b.loanId),
    loanIds: loanIdList(b.loanIds, (k) => pointerOf('loanIds', k), errors),
    consented: b.consented === true,
    consentGrantedAt: consent.grantedAt,
    consentLoanIds: consent.loanIds,
    phoneNumber: phone(b.phoneNumber, '/phoneNumber', errors),
    lineType: LINE_TYPES.has(b.lineType as string) ? (b.lineType as LineType) : null,
    tcpaConsent: typeof b.tcpaConsent === 'boolean' ? b.tcpaConsent : null,
    isWorkNumber: typeof b.isWorkNumber === 'boolean' ? b.isWorkNumber : null,
    purpose: isCallPurpose(b.purpose) ? b.purpose : null,
    nationalDncRegistered: typeof b.nationalDncRegistered === 'boolean' ? b.nationalDncRegistered : null,
    zipCode,
    state,
    timezone: zone(b.timezone, '/timezone', errors),
    blockedWindows: windows(b.blockedWindows, errors),
    history: Array.isArray(b.history)
      ? b.history.flatMap((raw, i) => {
          const event = isRecord(raw) ? historyEvent(raw, i, errors) : null;
          return event === null ? [] : [event];
        })
      : [],
    policy: policyOverrides(b.policy),
    windowsUntil: null,
  };
  if (b.at === undefined) errors.add('/at', 'is required');
  const windowsUntil = b.windowsUntil === undefined ? null : instant(b.windowsUntil, '/windowsUntil', errors);
  if (windowsUntil !== null && at !== null) {
    if (windowsUntil <= at) errors.add('/windowsUntil', 'must be after at');
    else if (windowsUntil - at > MAX_WINDOWS_SPAN_MS) errors.add('/windowsUntil', 'must be at most 31 days after at');
  }
  const all = [...schemaErrors, ...errors.list];
  return { request: all.length === 0 && at !== null ? { ...request, windowsUntil } : null, errors: all };
}
