/**
 * Request validation with TypeBox's compiled checker, reporting every failing field as a JSON
 * Pointer and a sentence a developer can act on. Bodies are checked as sent (no coercion, unknown
 * fields rejected); query strings and path parameters are converted from text first.
 */
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';
import { toFieldErrors, type TypeBoxError } from '../schemas/field-errors.ts';
import { unsafeInputProblems } from '../domain/input-hygiene.ts';

/**
 * TypeBox stops collecting errors at 8 by default (counting each failed branch of a union), which
 * cut "every failing field" short for bodies with many fields. 200 covers any honest request and
 * still bounds the work and the response for a hostile one.
 */
Settings.Set({ maxErrors: 200 });

const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  // Compiled on the route's first request, not at start-up: most routes of a server that just
  // (re)started are not called for a while, and compiling them all held up readiness.
  let compiled: ReturnType<typeof Compile<TSchema>> | undefined;
  return (value: unknown) => {
    const check = (compiled ??= Compile(schema));
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

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;

/**
 * For Fastify's `schemaController.compilersFactory.buildValidator`: every route validates with
 * `validatorCompiler`, and Fastify's default (Ajv) is never loaded. Fastify types the factory as
 * Ajv's; the compiler it returns is called the same way.
 */
export const buildTypeBoxValidator = (() => validatorCompiler) as unknown as ValidatorFactory;

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
