/**
 * A recorded call: what the contract says about it (the call object of GET /calls/customer/{id})
 * plus what the compliance ledger needs (direction, outcome, debts, consent). Pure validation and
 * normalisation, reporting every failing field.
 */
import { type FieldError, pointerOf } from './errors.ts';
import { normalizePhoneNumber } from './phone.ts';

/** Post-call flags, as the call webhook documents them. */
export const CALL_FLAGS = [
  'NO_ANSWER',
  'VOICEMAIL',
  'CONNECT',
  'LIVE_CONNECT',
  'VOICEMAIL_CONNECT',
  'AUTO_SYSTEM_CONNECT',
  'MESSAGE_LEFT',
  'RPC',
  'THIRD_PARTY_CONTACT',
  'WRONG_NUMBER',
  'CUSTOMER_HANGUP',
  'DNC',
  'COMPLAINT',
  'THREAT_OR_ABUSE',
  'DECEASED',
  'INCARCERATED',
  'MILITARY',
  'BANKRUPTCY',
  'HARDSHIP_REQUEST',
  'DEBT_DISPUTE',
  'ATTORNEY_REP',
  'FRAUD_CLAIM',
  'ACCESSIBILITY_ISSUE',
  'CALLBACK_REQUEST',
  'TRANSFER_FAILED',
  'VOICEMAIL_FULL',
  'VOICEMAIL_NOT_SET_UP',
  'CIP_PASSED',
  'CIP_FAILED',
  'CIP_PARTIAL',
  'CIP_REFUSED',
  'SUCCESSFUL_TRANSFER',
  'FALLBACK_TRANSFER',
] as const;
export type CallFlag = (typeof CALL_FLAGS)[number];
const KNOWN_FLAGS: ReadonlySet<string> = new Set(CALL_FLAGS);

/** Flags after which the lender must stop calling (attorney, bankruptcy, death, dispute, fraud). */
export const STOP_FLAGS: ReadonlySet<CallFlag> = new Set(['ATTORNEY_REP', 'BANKRUPTCY', 'DECEASED', 'DEBT_DISPUTE', 'FRAUD_CLAIM']);

export type CallOutcome = 'not_connected' | 'no_answer' | 'voicemail' | 'wrong_party' | 'conversation';

export interface CallFields {
  customerId: string;
  toPhoneNumber: string;
  timestamp: Date;
  direction: 'outbound' | 'inbound';
  outcome: CallOutcome;
  loanIds: string[];
  consented: boolean;
  /** When the consumer gave the consent the call was placed under (with `consented`); null:
   * unknown, and the call counts toward 7-in-7 (12 CFR 1006.14(b)(3)(i) lasts seven days). */
  consentGrantedAt: Date | null;
  /** The debts that consent covers; empty: the debts the call was about. */
  consentLoanIds: string[];
  durationSeconds: number | null;
  transcript: string | null;
  recordingUrl: string | null;
  summarization: string | null;
  callbackAt: Date | null;
  flags: CallFlag[];
  /** The dispatched (or planned) task this call was the attempt of; it completes the task. */
  taskId: string | null;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;
/** Clocks differ: a call stamped a little ahead of ours is accepted, one far in the future is not. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/**
 * No call Callwise records happened before 2000: an earlier instant is a default or a unit
 * mistake (a zero epoch, seconds read as milliseconds), and counted in the ledger it would be
 * history that never was.
 */
const EARLIEST = '2000-01-01T00:00:00Z';
const EARLIEST_MS = Date.parse(EARLIEST);

function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || !RFC3339.test(value)) return null;
  // Date.parse rolls impossible dates over (2026-02-30 becomes 2026-03-02) and reads 24:00 as the
  // next midnight: a typo would silently enter the ledger as another day. Check every field.
  const [year, month, day, hour, minute, second] = [0, 5, 8, 11, 14, 17].map((at, i) => Number(value.slice(at, at + (i === 0 ? 4 : 2))));
  const calendar = new Date(0);
  calendar.setUTCFullYear(year!, month! - 1, day);
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month! - 1 || calendar.getUTCDate() !== day) return null;
  if (hour! > 23 || minute! > 59 || second! > 59) return null;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/**
 * The outcome the frequency rules count: as stated, else read from the flags. A right-party
 * contact is a conversation whatever else was said; when nothing tells, the call is recorded as a
 * conversation — the conservative reading (call-compliance.md §3.5).
 */
function outcomeOf(stated: CallOutcome | undefined, flags: readonly CallFlag[]): CallOutcome {
  const has = (f: CallFlag) => flags.includes(f);
  if (has('RPC') || has('LIVE_CONNECT')) return 'conversation';
  if (stated) return stated;
  if (has('WRONG_NUMBER') || has('THIRD_PARTY_CONTACT')) return 'wrong_party';
  if (has('VOICEMAIL') || has('VOICEMAIL_CONNECT') || has('MESSAGE_LEFT')) return 'voicemail';
  if (has('NO_ANSWER') || has('VOICEMAIL_FULL') || has('VOICEMAIL_NOT_SET_UP')) return 'no_answer';
  return 'conversation';
}

export function normaliseCallFields(body: Record<string, unknown>, now: Date): { fields: CallFields | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (name: string, detail: string) => errors.push({ pointer: pointerOf(name), detail });
  const str = (name: string): string | null => (typeof body[name] === 'string' ? body[name].trim() : null);

  const customerId = str('customerId');
  if (!customerId) fail('customerId', 'is required');

  let toPhoneNumber: string | null = null;
  const phone = str('toPhoneNumber');
  if (!phone) fail('toPhoneNumber', 'is required');
  else {
    const result = normalizePhoneNumber(phone);
    if (result.ok) toPhoneNumber = result.e164;
    else fail('toPhoneNumber', result.problem);
  }

  const timestamp = parseInstant(body.timestamp);
  if (body.timestamp === undefined) fail('timestamp', 'is required');
  else if (!timestamp) fail('timestamp', 'must be an RFC 3339 instant with an offset, e.g. 2026-11-30T15:00:00Z');
  else if (timestamp.getTime() < EARLIEST_MS) fail('timestamp', `must not be before ${EARLIEST}`);
  else if (timestamp.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) fail('timestamp', 'must not be in the future: record calls that happened');

  let callbackAt: Date | null = null;
  const callbackGiven = body.callbackAt !== undefined && body.callbackAt !== null;
  if (callbackGiven) {
    callbackAt = parseInstant(body.callbackAt);
    if (!callbackAt) fail('callbackAt', 'must be an RFC 3339 instant with an offset');
    else if (callbackAt.getTime() < EARLIEST_MS) fail('callbackAt', `must not be before ${EARLIEST}`);
  }

  const flags: CallFlag[] = [];
  if (Array.isArray(body.flags)) {
    body.flags.forEach((flag, i) => {
      if (typeof flag === 'string' && KNOWN_FLAGS.has(flag)) {
        if (!flags.includes(flag as CallFlag)) flags.push(flag as CallFlag);
      } else errors.push({ pointer: `/flags/${i}`, detail: 'is not a known call flag (NO_ANSWER, VOICEMAIL, RPC, DNC, WRONG_NUMBER, CALLBACK_REQUEST, …)' });
    });
  }

  // A callback request without its time cannot be honoured; recorded, it would look handled.
  if (flags.includes('CALLBACK_REQUEST') && !callbackGiven)
    fail('callbackAt', 'is required with the CALLBACK_REQUEST flag: when the consumer asked to be called back');

  const loanIdList = (name: 'loanIds' | 'consentLoanIds'): string[] => {
    const ids: string[] = [];
    const raw = body[name];
    if (Array.isArray(raw)) {
      raw.forEach((id, i) => {
        if (typeof id === 'string' && id.trim() !== '') ids.push(id.trim());
        else if (Number.isSafeInteger(id) && (id as number) > 0) ids.push(String(id));
        else errors.push({ pointer: `/${name}/${i}`, detail: 'must be a loan id (non-empty string or positive integer)' });
      });
    }
    return [...new Set(ids)];
  };
  const loanIds = loanIdList('loanIds');

  // The consent a call was placed under: when it was given and what it covers. Only a consented
  // call has one, and consent is prior: given at or before the call.
  const consented = body.consented === true;
  let consentGrantedAt: Date | null = null;
  if (body.consentGrantedAt !== undefined && body.consentGrantedAt !== null) {
    consentGrantedAt = parseInstant(body.consentGrantedAt);
    if (!consentGrantedAt) fail('consentGrantedAt', 'must be an RFC 3339 instant with an offset');
    else if (!consented) fail('consentGrantedAt', 'is only for a call placed with consent (consented: true)');
    else if (consentGrantedAt.getTime() < EARLIEST_MS) fail('consentGrantedAt', `must not be before ${EARLIEST}`);
    else if (timestamp && consentGrantedAt.getTime() > timestamp.getTime())
      fail('consentGrantedAt', 'must not be after the call (timestamp): consent is given before');
  }
  const consentLoanIds = loanIdList('consentLoanIds');
  if (consentLoanIds.length > 0 && !consented) fail('consentLoanIds', 'is only for a call placed with consent (consented: true)');

  if (body.recordingUrl !== undefined && body.recordingUrl !== null) {
    const url = str('recordingUrl');
    if (!url || !/^https?:\/\/\S+$/i.test(url)) fail('recordingUrl', 'must be an http(s) URL');
  }

  if (errors.length > 0 || !customerId || !toPhoneNumber || !timestamp) return { fields: null, errors };
  return {
    fields: {
      customerId,
      toPhoneNumber,
      timestamp,
      direction: body.direction === 'inbound' ? 'inbound' : 'outbound',
      outcome: outcomeOf(body.outcome as CallOutcome | undefined, flags),
      loanIds,
      consented,
      consentGrantedAt,
      consentLoanIds,
      durationSeconds: typeof body.durationSeconds === 'number' ? body.durationSeconds : null,
      transcript: str('transcript'),
      recordingUrl: str('recordingUrl'),
      summarization: str('summarization'),
      callbackAt,
      flags,
      taskId: str('taskId') || null,
    },
    errors,
  };
}
