/**
 * JSON whose numbers keep their text. JSON.parse reads 12345678901234567890 as
 * 12345678901234567000, 1e400 as Infinity (written back as null), -0 as 0 and 1.0e2 as 100; a
 * field stored "exactly as given" (externalMetadata) cannot afford any of that. Here such a number
 * becomes a raw JSON value holding its text (JSON.rawJSON), which JSON.stringify — and so every
 * serializer that uses it — writes back verbatim. Numbers that round-trip stay plain numbers, and
 * a text without any other is parsed by plain JSON.parse.
 */
import { scanJson } from './json-scan.ts';

/** A number kept as its JSON text. */
export interface RawJsonNumber {
  readonly rawJSON: string;
}

/** JSON.rawJSON and the reviver's source text (Node 22+), which TypeScript's library does not declare yet. */
const NativeJson = JSON as typeof JSON & {
  rawJSON(text: string): RawJsonNumber;
  isRawJSON(value: unknown): value is RawJsonNumber;
  parse(text: string, reviver: (this: unknown, key: string, value: unknown, context: { source?: string }) => unknown): unknown;
};

function keepNumberText(_key: string, value: unknown, context: { source?: string }): unknown {
  return typeof value === 'number' && context.source !== undefined && String(value) !== context.source ? NativeJson.rawJSON(context.source) : value;
}

/**
 * JSON.parse, except that a number whose text would not come back the same is kept as its text.
 * Object members are created as JSON.parse creates them: `__proto__` is an ordinary own member.
 * Throws SyntaxError on text that is not JSON.
 */
export function parseKeepingNumbers(text: string): unknown {
  return NativeJson.parse(text, keepNumberText);
}

/** JSON text written by us (a stored value): parsed with every number as it was written. */
export function parseExactJson(text: string): unknown {
  return scanJson(text, { names: false }).inexactNumbers ? parseKeepingNumbers(text) : JSON.parse(text);
}

export function isRawJson(value: unknown): value is RawJsonNumber {
  return NativeJson.isRawJSON(value);
}
