/**
 * Request validation with TypeBox's compiled checker, reporting every failing field as a JSON
 * Pointer and a sentence a developer can act on. Bodies are checked as sent (no coercion, unknown
 * fields rejected); query strings and path parameters are converted from text first.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';
import { type FieldError, pointerOf } from '../domain/errors.js';

/**
 * TypeBox stops collecting errors at 8 by default (counting each failed branch of a union), which
 * cut "every failing field" short for bodies with many fields. 200 covers any honest request and
 * still bounds the work and the response for a hostile one.
 */
Settings.Set({ maxErrors: 200 });

interface TypeBoxError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value: unknown) => {
    const converted = httpPart === 'body' ? value : convertText(schema, value);
    const unsafe = unsafeInputProblems(converted);
    const valid = check.Check(converted);
    if (valid && unsafe.length === 0) return { value: converted };
    const error = Object.assign(new Error('validation failed'), {
      validation: [...unsafe, ...(valid ? [] : toFieldErrors(check.Errors(converted) as unknown as TypeBoxError[]))],
    });
    return { error };
  };
};

/**
 * Deepest nesting of objects and arrays a request may have. Validation, fingerprinting and
 * serialisation all walk a body recursively: a body of a few thousand nested levels (a few KB of
 * `{"a":`) overflowed the stack there and was answered 500. Sixty-four is far beyond any real
 * externalMetadata.
 */
export const MAX_INPUT_DEPTH = 64;

const NUL = '\u0000';
/** A UTF-16 surrogate without its other half: not a character, and not storable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(text: string): string | undefined {
  // PostgreSQL text and jsonb cannot hold U+0000; such a value failed in the database (500).
  if (text.includes(NUL)) return 'must not contain the NUL character (U+0000)';
  // JSON can escape half a surrogate pair ("\ud800"); PostgreSQL refuses it in JSON (500) and
  // silently replaces it with U+FFFD in text, so it could never be returned as sent.
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it contains an unpaired surrogate)';
  return undefined;
}

/**
 * What no field may contain, whatever its schema: text with NUL or unpaired surrogates (in values
 * and in property names) and nesting deeper than MAX_INPUT_DEPTH. Walks without recursion, so it
 * is safe on any input; reports at most 20 problems.
 */
export function unsafeInputProblems(input: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value: input, pointer: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, pointer, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) problems.push({ pointer, detail: problem });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({ pointer, detail: `is nested too deeply (at most ${MAX_INPUT_DEPTH} levels of objects and arrays)` });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], pointer: `${pointer}/${i}`, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value).reverse()) {
      const at = pointer + pointerOf(key);
      const problem = textProblem(key);
      if (problem) problems.push({ pointer: at, detail: `has a name that ${problem}` });
      else stack.push({ value: item, pointer: at, depth: depth + 1 });
    }
  }
  return problems;
}

/** A number in a query string or path, written plainly: no exponent, hex, blanks or empty text. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Value.Convert, except that a text which is not plainly the number it converted to stays text
 * and fails the type check: Convert reads "1.5" as the integer 1, "" as 0 and "0x10" as 16.
 */
function convertText(schema: TSchema, value: unknown): unknown {
  // Convert changes the object it is given, so keep the texts as sent.
  const raw = typeof value === 'object' && value !== null ? { ...(value as Record<string, unknown>) } : undefined;
  const converted = Value.Convert(schema, value);
  if (raw === undefined || typeof converted !== 'object' || converted === null) return converted;
  const out = { ...(converted as Record<string, unknown>) };
  for (const [key, text] of Object.entries(raw)) {
    if (typeof text === 'string' && typeof out[key] === 'number' && !(PLAIN_NUMBER.test(text) && Number(text) === out[key])) {
      out[key] = text;
    }
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'an array',
  null: 'null',
};

export function toFieldErrors(errors: readonly TypeBoxError[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const typeErrors = new Map<string, { index: number; expected: string[] }>();
  const add = (pointer: string, detail: string) => {
    const key = `${pointer}\u0000${detail}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ pointer, detail });
    }
  };
  for (const error of errors) {
    const at = error.instancePath;
    const p = error.params;
    switch (error.keyword) {
      case 'required':
        for (const name of (p.requiredProperties as string[]) ?? []) add(at + pointerOf(name), 'is required');
        break;
      case 'additionalProperties':
        for (const name of (p.additionalProperties as string[]) ?? []) add(at + pointerOf(name), 'is not a known field');
        break;
      case 'boolean':
        // TypeBox reports each unknown field twice; the additionalProperties entry names it.
        if (!error.schemaPath.endsWith('additionalProperties')) add(at, 'is not allowed');
        break;
      case 'type': {
        const expected = ([] as unknown[]).concat(p.type).map((t) => TYPE_NAMES[String(t)] ?? String(t));
        // A nullable field fails each branch of its union: one sentence, "must be a string or null".
        const earlier = typeErrors.get(at);
        if (earlier) {
          earlier.expected.push(...expected);
          out[earlier.index] = { pointer: at, detail: `must be ${earlier.expected.join(' or ')}` };
        } else {
          typeErrors.set(at, { index: out.length, expected: [...expected] });
          out.push({ pointer: at, detail: `must be ${expected.join(' or ')}` });
        }
        break;
      }
      case 'minLength':
        add(at, p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`);
        break;
      case 'maxLength':
        add(at, `must be at most ${String(p.limit)} characters`);
        break;
      case 'minimum':
        add(at, `must be at least ${String(p.limit)}`);
        break;
      case 'maximum':
        add(at, `must be at most ${String(p.limit)}`);
        break;
      case 'maxItems':
        add(at, `must have at most ${String(p.limit)} items`);
        break;
      case 'minItems':
        add(at, `must have at least ${String(p.limit)} items`);
        break;
      case 'enum':
      case 'const':
        add(at, 'is not one of the allowed values');
        break;
      case 'anyOf':
      case 'oneOf':
        break; // their branches' own errors are more precise
      default:
        add(at, error.message);
    }
  }
  // A value of the right type that breaks a rule of its branch (too long…) need not also hear that
  // it is not null.
  return out.filter((e, i) => !(e.detail === 'must be null' && out.some((o, j) => j !== i && o.pointer === e.pointer)));
}
