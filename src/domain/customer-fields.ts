/**
 * The rules of the customer contract that a JSON schema cannot express: phone numbers, IANA zones,
 * USPS codes, real calendar dates, e-mail addresses, metadata size, and which fields are required.
 * Pure: the caller passes "now". Every failing field is reported, never just the first.
 *
 * Structural checks (types, lengths, unknown fields) come from the route schema; fields that
 * already failed there are passed in `skip` so one mistake is reported once.
 */
import { type FieldError, pointerOf } from './errors.ts';
import { isRawJson } from './exact-json.ts';
import { normalizePhoneNumber } from './phone.ts';
import { canonicalTimeZone } from '../reference/time-zones.ts';
import { normalizeStateCode } from '../reference/us-states.ts';

export const REQUIRED_CUSTOMER_FIELDS = [
  'id',
  'taskType',
  'firstName',
  'lastName',
  'phoneNumber',
  'timezone',
  'streetAddress1',
  'city',
  'state',
  'zipCode',
] as const;

/** Schedule sync's list is stricter: its reference page also requires email, birthday and SSN last four. */
export const REQUIRED_SYNC_FIELDS = [...REQUIRED_CUSTOMER_FIELDS, 'email', 'birthday', 'ssnLastFour'] as const;

/** 64 KiB of JSON text: enough for employer and pay-schedule data, small enough to keep rows lean. */
export const MAX_METADATA_BYTES = 64 * 1024;
/**
 * Nesting deeper than this is refused: real metadata is a few levels deep, and a 60 KB body of
 * `{"a":{"a":…}}` would otherwise overflow the stack in JSON.stringify (a 500).
 */
export const MAX_METADATA_DEPTH = 64;

/** A customer's fields after normalisation; absent = not given, null = cleared (PATCH). */
export interface CustomerFields {
  id?: string;
  taskType?: string;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  birthday?: string | null;
  ssnLastFour?: string | null;
  timezone?: string;
  phoneNumber?: string;
  streetAddress1?: string;
  streetAddress2?: string | null;
  city?: string;
  state?: string;
  zipCode?: string;
  doNotCall?: boolean;
  isTest?: boolean;
  externalMetadata?: Record<string, unknown> | null;
  loanIds?: string[];
  loanId?: string;
  sync?: boolean;
}

export interface NormaliseOptions {
  /** Report absent required fields (create without sync). */
  readonly requireAll: boolean;
  /** Which fields count as required when requireAll is set (default: the create contract's). */
  readonly required?: readonly string[];
  /** Accept null to clear optional fields (PATCH). */
  readonly allowNull: boolean;
  readonly now: Date;
  readonly skip?: ReadonlySet<string>;
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const ZIP = /^(\d{5})(?:-?(\d{4}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const OPTIONAL_NULLABLE = new Set(['email', 'birthday', 'ssnLastFour', 'streetAddress2', 'externalMetadata']);

/**
 * Why a customer id cannot be used, or null. `.` and `..` are the only ids no URL can address:
 * clients resolve them as path segments (`/customers/..` becomes `/`), percent-encoded or not
 * (`%2E` is a dot to a URL parser). Every other id, `/`, `?` and `#` included, is reachable
 * percent-encoded.
 */
export function customerIdProblem(id: string): string | null {
  return id === '.' || id === '..' ? 'must not be "." or "..": no URL can address such an id (clients read them as path segments)' : null;
}

type Body = Record<string, unknown>;

export function normaliseCustomerFields(body: Body, options: NormaliseOptions): { fields: CustomerFields; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fields: CustomerFields = {};
  const skip = options.skip ?? new Set<string>();
  const fail = (name: string, detail: string) => errors.push({ pointer: pointerOf(name), detail });
  const has = (name: string) => Object.hasOwn(body, name) && body[name] !== undefined && !skip.has(pointerOf(name));
  /** The trimmed string value, or undefined if absent/not a string (schema reports the type). */
  const text = (name: string): string | undefined => {
    if (!has(name)) return undefined;
    const value = body[name];
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    if (trimmed === '') {
      fail(name, 'must not be empty');
      return undefined;
    }
    if (CONTROL.test(trimmed)) {
      fail(name, 'must not contain control characters');
      return undefined;
    }
    return trimmed;
  };
  const cleared = (name: string): boolean => {
    if (!(Object.hasOwn(body, name) && body[name] === null) || skip.has(pointerOf(name))) return false;
    if (options.allowNull && OPTIONAL_NULLABLE.has(name)) return true;
    fail(name, options.allowNull ? 'cannot be cleared: the field is required' : 'must not be null');
    return false;
  };

  for (const name of ['id', 'taskType', 'firstName', 'lastName', 'streetAddress1', 'streetAddress2', 'city'] as const) {
    if (name === 'streetAddress2' && cleared(name)) {
      fields.streetAddress2 = null;
      continue;
    }
    const value = text(name);
    if (value === undefined) continue;
    const idProblem = name === 'id' ? customerIdProblem(value) : null;
    if (idProblem) fail(name, idProblem);
    else fields[name] = value;
  }

  if (cleared('email')) fields.email = null;
  else {
    const email = text('email');
    if (email !== undefined) {
      if (EMAIL.test(email) && email.length <= 254) fields.email = email;
      else fail('email', 'must be a valid e-mail address');
    }
  }

  if (cleared('birthday')) fields.birthday = null;
  else {
    const birthday = text('birthday');
    if (birthday !== undefined) {
      const problem = birthdayProblem(birthday, options.now);
      if (problem) fail('birthday', problem);
      else fields.birthday = birthday;
    }
  }

  if (cleared('ssnLastFour')) fields.ssnLastFour = null;
  else {
    const ssn = text('ssnLastFour');
    if (ssn !== undefined) {
      if (/^\d{4}$/.test(ssn)) fields.ssnLastFour = ssn;
      else fail('ssnLastFour', 'must be exactly four digits');
    }
  }

  const timezone = text('timezone');
  if (timezone !== undefined) {
    const canonical = canonicalTimeZone(timezone);
    if (canonical) fields.timezone = canonical;
    else fail('timezone', 'must be an IANA time-zone name such as America/New_York (abbreviations like EST, POSIX names and offsets are not accepted)');
  }

  const phone = text('phoneNumber');
  if (phone !== undefined) {
    const result = normalizePhoneNumber(phone);
    if (result.ok) fields.phoneNumber = result.e164;
    else fail('phoneNumber', result.problem);
  }

  const state = text('state');
  if (state !== undefined) {
    const code = normalizeStateCode(state);
    if (code) fields.state = code;
    else fail('state', 'must be a USPS state or territory code such as NY, DC, PR or AE');
  }

  const zip = text('zipCode');
  if (zip !== undefined) {
    const match = ZIP.exec(zip);
    if (match) fields.zipCode = match[2] ? `${match[1]}-${match[2]}` : match[1]!;
    else fail('zipCode', 'must be a 5-digit ZIP code or ZIP+4 (12345 or 12345-6789)');
  }

  if (has('doNotCall') && typeof body.doNotCall === 'boolean') fields.doNotCall = body.doNotCall;
  if (has('sync') && typeof body.sync === 'boolean') fields.sync = body.sync;
  // Either flag marks a test customer: when in doubt, do not call a real person.
  const testFlags = (['isTest', 'test'] as const).filter((n) => has(n) && typeof body[n] === 'boolean');
  if (testFlags.length > 0) fields.isTest = testFlags.some((n) => body[n] === true);

  if (cleared('externalMetadata')) fields.externalMetadata = null;
  else if (has('externalMetadata')) {
    const metadata = body.externalMetadata;
    if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
      if (nestingDepth(metadata) > MAX_METADATA_DEPTH) {
        fail('externalMetadata', `must be nested at most ${MAX_METADATA_DEPTH} levels deep`);
      } else if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > MAX_METADATA_BYTES) {
        fail('externalMetadata', `must be at most ${MAX_METADATA_BYTES} bytes of JSON`);
      } else fields.externalMetadata = metadata as Record<string, unknown>;
    }
  }

  if (has('loanIds') && Array.isArray(body.loanIds)) {
    const ids = body.loanIds;
    if (ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) {
      fields.loanIds = [...new Set(ids.map(String))];
    }
  }
  const loanId = text('loanId');
  if (loanId !== undefined) fields.loanId = loanId;

  if (options.requireAll) {
    for (const name of options.required ?? REQUIRED_CUSTOMER_FIELDS) {
      const pointer = pointerOf(name);
      if (skip.has(pointer) || errors.some((e) => e.pointer === pointer)) continue;
      if (!Object.hasOwn(body, name) || body[name] === undefined || body[name] === null) fail(name, 'is required');
    }
  }
  return { fields, errors };
}

/** How many objects/arrays deep `value` goes, counted without recursion; stops once past the limit. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    // A number kept as its text (exact-json.ts) is a number, not a level.
    if (typeof current !== 'object' || current === null || isRawJson(current)) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_METADATA_DEPTH) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

function birthdayProblem(value: string, now: Date): string | null {
  const match = DATE.exec(value);
  if (!match) return 'must be a date in the form YYYY-MM-DD';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it reads years 0–99 as 1900–1999
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'must be a real calendar date';
  }
  if (year < 1900) return 'must not be before 1900-01-01';
  // "Today" somewhere on Earth: the latest calendar date any zone has reached (UTC+14).
  const latestToday = new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
  if (value > latestToday) return 'must not be in the future';
  return null;
}
