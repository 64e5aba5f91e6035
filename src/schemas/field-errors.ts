/**
 * TypeBox's errors as Callwise's field errors: a JSON Pointer and a sentence a developer can act on,
 * one per failing field. Shared by request validation (http/validation.ts) and by bulk imports,
 * which check each item against the single create's schema.
 */
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { type FieldError, pointerOf } from '../domain/errors.ts';

export interface TypeBoxError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
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

/** A compiled check of `schema` that answers with field errors (none when the value fits). */
export function schemaFieldErrors(schema: TSchema): (value: unknown) => FieldError[] {
  const check = Compile(schema);
  return (value) => (check.Check(value) ? [] : toFieldErrors(check.Errors(value)));
}
