/**
 * How every JSON request body is read: the one application/json parser (registered in app.ts).
 *
 * - Text that is not JSON is `400 malformed_json`. An empty body is no body on a route that takes
 *   none (a DELETE or GET sent with a JSON content type, as several HTTP libraries do); where the
 *   route declares a body it stays malformed_json.
 * - A name given twice in one object, at any depth, is refused with `400 validation_failed`
 *   naming each one's pointer: JSON.parse would keep the last silently, while a proxy or another
 *   parser in front of us may keep the first and so read a different request than we do.
 * - Text PostgreSQL cannot store and nesting too deep are refused as they always were
 *   (domain/input-hygiene.ts), in the same answer as repeated names.
 * - Numbers keep their text where the route's schema leaves a field free-form (any JSON object:
 *   externalMetadata), as that is stored and returned exactly as sent: 12345678901234567890, 1e400,
 *   -0 and 1.0e2 come back as written (domain/exact-json.ts). Fields the schema types are read as
 *   JavaScript numbers, as before.
 * - `__proto__` and `constructor` are ordinary names, as JSON.parse makes them (own members,
 *   never the object's prototype). A field schema does not know is refused as unknown by
 *   validation; inside free-form metadata they are kept like any other name. Nothing copies a body
 *   member by member onto another object: bodies are read by field name, and metadata is only
 *   measured, serialised and stored.
 *
 * The common body costs one JSON.parse and one scan of its text; metadata with a number that
 * JavaScript cannot give back is parsed a second time, keeping the number texts.
 */
import { errorCodes, type FastifyRequest } from 'fastify';
import type { FieldError } from '../domain/errors.ts';
import { isRawJson, parseKeepingNumbers } from '../domain/exact-json.ts';
import { jsonTextMayBeUnsafe, unsafeInputProblems } from '../domain/input-hygiene.ts';
import { scanJson } from '../domain/json-scan.ts';

/** Repeated names reported in one answer, at most (as many as the input-hygiene problems). */
const MAX_REPEATED_NAMES = 20;

type Done = (error: Error | null, body?: unknown) => void;

/** The application/json content-type parser (parseAs: 'string'). */
export function parseJsonBody(request: FastifyRequest, text: string, done: Done): void {
  const schema = request.routeOptions.schema?.body;
  if (text.length === 0) {
    if (schema === undefined) done(null, undefined);
    else done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
    return;
  }
  const read = readJsonBody(text, schema);
  if (read.kind === 'malformed') done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
  else if (read.kind === 'refused') done(Object.assign(new Error('invalid JSON body'), { statusCode: 400, validation: read.problems }), undefined);
  else done(null, read.value);
}

type ReadBody =
  { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'malformed' } | { readonly kind: 'refused'; readonly problems: readonly FieldError[] };

/** A body's text → its value, or why it is refused. `schema`: the route's body schema, if any. */
export function readJsonBody(text: string, schema?: unknown): ReadBody {
  // A leading byte-order mark is not part of the JSON (Fastify's default parser dropped it too).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'malformed' };
  }
  const scan = scanJson(text, { limit: MAX_REPEATED_NAMES });
  if (scan.inexactNumbers) value = numbersOutside(parseKeepingNumbers(text), freeFormFields(schema));
  const problems: FieldError[] = scan.duplicateNames.map((pointer) => ({
    pointer,
    detail: 'is given more than once in its object: send each name once',
  }));
  if (jsonTextMayBeUnsafe(text, scan.depth)) problems.push(...unsafeInputProblems(value));
  return problems.length > 0 ? { kind: 'refused', problems } : { kind: 'value', value };
}

const NONE: ReadonlySet<string> = new Set();
const freeFormCache = new WeakMap<object, ReadonlySet<string>>();

/** Top-level fields of a body schema that take any JSON object (or null): their numbers keep their text. */
function freeFormFields(schema: unknown): ReadonlySet<string> {
  if (typeof schema !== 'object' || schema === null) return NONE;
  let names = freeFormCache.get(schema);
  if (names === undefined) {
    const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
    names = new Set(Object.keys(properties).filter((name) => isFreeForm(properties[name])));
    freeFormCache.set(schema, names);
  }
  return names;
}

function isFreeForm(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const s = schema as { type?: unknown; additionalProperties?: unknown; anyOf?: unknown };
  if (s.type === 'object' && s.additionalProperties === true) return true;
  return Array.isArray(s.anyOf) && s.anyOf.some(isFreeForm);
}

/**
 * Turns numbers kept as text back into JavaScript numbers everywhere except in the top-level
 * fields named `keep`: typed fields read numbers as they always have. Changes `value` in place
 * (only members it already has, which are never prototypes) and returns it.
 */
function numbersOutside(value: unknown, keep: ReadonlySet<string>): unknown {
  if (isRawJson(value)) return Number(value.rawJSON);
  const pending: Array<{ container: Record<string, unknown>; top: boolean }> = [];
  if (typeof value === 'object' && value !== null) pending.push({ container: value as Record<string, unknown>, top: !Array.isArray(value) });
  while (pending.length > 0) {
    const { container, top } = pending.pop()!;
    for (const name of Object.keys(container)) {
      if (top && keep.has(name)) continue;
      const member = container[name];
      if (isRawJson(member)) container[name] = Number(member.rawJSON);
      else if (typeof member === 'object' && member !== null) pending.push({ container: member as Record<string, unknown>, top: false });
    }
  }
  return value;
}
