/**
 * The merge policy of an LMS sync, as pure functions (no I/O, no clock).
 *
 * Glossary
 * - Provenance: where a stored customer value came from — `caller` (the lender sent it), `lms`
 *   (read from the lender's loan management system) or `zip` (a timezone derived from the ZIP).
 * - Owned by the caller: a value the lender sent. An LMS value never replaces it, neither when the
 *   customer is created nor when a webhook re-syncs it later ("caller-supplied values win").
 *
 * Rules
 * - A request's fields win; the LMS fills only what the request left out, field by field.
 * - The timezone comes from the request, else from the LMS (only the demo LMS ever holds one),
 *   else from the merged ZIP: the first zone `lookupZip` lists, the one at the ZIP's own point.
 * - A re-sync refreshes the values the LMS or the ZIP supplied and fills missing ones; it never
 *   erases a stored value the LMS no longer has (a sync fills, it does not delete).
 */
import { lookupZip } from '../reference/zip-codes.ts';

export type Provenance = 'caller' | 'lms' | 'zip';

/** The customer fields an LMS can supply, in the contract's names. */
export const SYNCABLE_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phoneNumber',
  'streetAddress1',
  'streetAddress2',
  'city',
  'state',
  'zipCode',
  'birthday',
  'ssnLastFour',
  'timezone',
] as const;
export type SyncableField = (typeof SYNCABLE_FIELDS)[number];

export type ProvenanceMap = Partial<Record<SyncableField, Provenance>>;

/** The values an LMS record offers (canonical strings; absent = the LMS has none). */
export type LmsValues = Partial<Record<SyncableField, string>>;

type Body = Record<string, unknown>;

function present(record: Body, field: string): boolean {
  return Object.hasOwn(record, field) && record[field] !== undefined && record[field] !== null;
}

/** The zone at the ZIP's own point, or undefined for an unknown or military ZIP. */
export function zoneForZip(zipCode: unknown): string | undefined {
  if (typeof zipCode !== 'string') return undefined;
  const match = /^\s*(\d{5})(?:-?\d{4})?\s*$/.exec(zipCode);
  return match ? lookupZip(match[1]!)?.timezones[0] : undefined;
}

/**
 * A create or schedule-sync request with `sync: true`: fills what the request left out from the
 * LMS, then the timezone from the ZIP. Returns the merged body and where each value came from.
 */
export function mergeIntoRequest(body: Body, lms: LmsValues): { body: Body; provenance: ProvenanceMap } {
  const merged: Body = { ...body };
  const provenance: ProvenanceMap = {};
  for (const field of SYNCABLE_FIELDS) {
    if (present(body, field)) provenance[field] = 'caller';
    else if (lms[field] !== undefined) {
      merged[field] = lms[field];
      provenance[field] = 'lms';
    }
  }
  if (!present(merged, 'timezone')) {
    const zone = zoneForZip(merged.zipCode);
    if (zone) {
      merged.timezone = zone;
      provenance.timezone = 'zip';
    }
  }
  return { body: merged, provenance };
}

/**
 * A webhook re-sync of a stored customer. `stored` holds the current values in the contract's
 * names; a stored value without provenance (the customer was created without sync) is the
 * caller's. Returns the merged values and provenance; unchanged fields are left as they were.
 */
export function mergeIntoStored(stored: Body, storedProvenance: ProvenanceMap | null, lms: LmsValues): { values: Body; provenance: ProvenanceMap } {
  const values: Body = {};
  const provenance: ProvenanceMap = {};
  const ownerOf = (field: SyncableField): Provenance | undefined => storedProvenance?.[field] ?? (present(stored, field) ? 'caller' : undefined);

  for (const field of SYNCABLE_FIELDS) {
    const owner = ownerOf(field);
    if (present(stored, field)) values[field] = stored[field];
    if (owner) provenance[field] = owner;
    if (field === 'timezone' || owner === 'caller') continue;
    if (lms[field] !== undefined) {
      values[field] = lms[field];
      provenance[field] = 'lms';
    }
  }
  if (ownerOf('timezone') !== 'caller') {
    const zone = zoneForZip(values.zipCode);
    if (lms.timezone !== undefined) {
      values.timezone = lms.timezone;
      provenance.timezone = 'lms';
    } else if (zone) {
      // The ZIP may have changed with the address: the zone follows it.
      values.timezone = zone;
      provenance.timezone = 'zip';
    }
  }
  return { values, provenance };
}

/** Provenance after the caller sent `fields` (PATCH, or a sync without the LMS): theirs now. */
export function withCallerFields(current: ProvenanceMap | null, sent: object): ProvenanceMap | null {
  if (current === null) return null;
  const fields = sent as Readonly<Record<string, unknown>>;
  const next: ProvenanceMap = { ...current };
  for (const field of SYNCABLE_FIELDS) {
    if (!Object.hasOwn(fields, field) || fields[field] === undefined) continue;
    if (fields[field] === null) delete next[field];
    else next[field] = 'caller';
  }
  return next;
}

/**
 * The request schema's length limits (schemas/customer.ts; a test keeps the two equal). A
 * request is held to them by its schema; LMS values never pass through it, so they are checked
 * here — an over-long LMS street is reported like an over-long one in a request.
 */
export const FIELD_MAX_LENGTHS: Readonly<Record<SyncableField, number>> = {
  firstName: 100,
  lastName: 100,
  email: 254,
  phoneNumber: 32,
  streetAddress1: 200,
  streetAddress2: 200,
  city: 100,
  state: 2,
  zipCode: 10,
  birthday: 10,
  ssnLastFour: 4,
  timezone: 64,
};

/** Fields whose merged value came from elsewhere than the caller and breaks a length limit. */
export function overLongValues(body: Body, provenance: ProvenanceMap): Array<{ field: SyncableField; max: number }> {
  return SYNCABLE_FIELDS.filter((field) => provenance[field] !== undefined && provenance[field] !== 'caller')
    .filter((field) => typeof body[field] === 'string' && body[field].length > FIELD_MAX_LENGTHS[field])
    .map((field) => ({ field, max: FIELD_MAX_LENGTHS[field] }));
}

/** Equal maps, whatever the key order (jsonb does not keep the order they were written in). */
export function sameProvenance(a: ProvenanceMap | null | undefined, b: ProvenanceMap | null | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = Object.keys(left) as SyncableField[];
  return keys.length === Object.keys(right).length && keys.every((k) => left[k] === right[k]);
}
