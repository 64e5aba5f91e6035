/**
 * What no text Callwise stores may contain, whatever its field: NUL and unpaired UTF-16
 * surrogates (PostgreSQL cannot store them as sent), and nesting deeper than MAX_INPUT_DEPTH.
 * Checked once, where data enters: the HTTP boundary (every body, path and query string) and the
 * LMS connectors' answers. Everything behind those trusts its input.
 */
import { type FieldError, pointerOf } from './errors.ts';
import { isRawJson } from './exact-json.ts';

/**
 * Deepest nesting of objects and arrays a request may have. Validation, fingerprinting and
 * serialisation all walk a body recursively: a body of a few thousand nested levels (a few KB of
 * `{"a":`) overflowed the stack there and was answered 500. Sixty-four is far beyond any real
 * externalMetadata.
 */
const MAX_INPUT_DEPTH = 64;

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
    // A number kept as its text (exact-json.ts) is a number, not an object to nest into.
    if (typeof value !== 'object' || value === null || isRawJson(value)) continue;
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

/** A backslash (the only way to write NUL or half a surrogate pair in JSON) or any surrogate. */
const ESCAPE_OR_SURROGATE = /[\\\ud800-\udfff]/;

/**
 * Whether a JSON text that nests `depth` objects and arrays deep could hold anything
 * unsafeInputProblems refuses once parsed; when not, that walk can be spared. JSON allows no raw
 * control characters in strings, so NUL can only be written escaped (\u0000), and so can an
 * unpaired surrogate in a body decoded from UTF-8 (raw surrogates of any kind send the text to
 * the full check all the same).
 */
export function jsonTextMayBeUnsafe(text: string, depth: number): boolean {
  return depth > MAX_INPUT_DEPTH || ESCAPE_OR_SURROGATE.test(text);
}
