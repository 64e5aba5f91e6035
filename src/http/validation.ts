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
import { type FieldError, pointerOf } from '../domain/errors.ts';
import { unsafeInputProblems } from '../domain/input-hygiene.ts';

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
    // Bodies were checked as they were parsed (app.ts), before any hook walked them.
    const unsafe = httpPart === 'body' ? [] : unsafeInputProblems(converted);
    const valid = check.Check(converted);
    if (valid && unsafe.length === 0) return { value: converted };
    const error = Object.assign(new Error('validation failed'), {
      validation: [...unsafe, ...(valid ? [] : toFieldErrors(check.Errors(converted) as unknown as TypeBoxError[]))],
    });
    return { error };
  };
};

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

function toFieldErrors(errors: readonly TypeBoxError[]): FieldError[] {
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
