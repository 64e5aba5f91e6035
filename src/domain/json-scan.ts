/**
 * One pass over a JSON text, for what JSON.parse does not tell: a name given twice in one object
 * (JSON.parse keeps the last one silently, while a proxy or another parser in front of us may keep
 * the first, and so see a different request than we do), a number whose text a JavaScript number
 * cannot give back (12345678901234567890, 1e400, -0, 1.0e2), and how deeply the text nests.
 *
 * The text must be one JSON.parse has accepted: the scanner checks no grammar and never throws
 * on valid JSON. It walks the text once without recursion and decodes only names with escapes.
 */
import { pointerOf } from './errors.ts';

export interface JsonScan {
  /** Pointers (RFC 6901) to each name given more than once in its object, once per name, in text order. */
  readonly duplicateNames: string[];
  /** Some number's text differs from the text of the number JavaScript reads from it. */
  readonly inexactNumbers: boolean;
  /** The most objects and arrays open at once: 0 for a lone string, number, true, false or null. */
  readonly depth: number;
}

export interface ScanOptions {
  /** Look for repeated names (default true); without, only numbers and depth are scanned. */
  readonly names?: boolean;
  /** Report at most this many repeated names (default 20); the scan itself goes on to the end. */
  readonly limit?: number;
}

/** An open object or array: where it sits in its parent, and what has been read of it so far. */
interface Frame {
  /** Its name in its parent object or its index in its parent array; undefined for the root. */
  readonly at: string | number | undefined;
  /**
   * Names read so far (objects, when names are scanned): a list while there are few — comparing a
   * handful of short strings is cheaper than hashing them — and a Set past SMALL_OBJECT, so that
   * an object of many names is not compared pair by pair. Undefined for arrays.
   */
  names: string[] | Set<string> | undefined;
  /** Names already reported, so a name given three times is reported once. */
  reported: Set<string> | undefined;
  readonly isObject: boolean;
  /** The last name read (objects) or the index of the current item (arrays). */
  current: string | number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function scanJson(text: string, options: ScanOptions = {}): JsonScan {
  const trackNames = options.names ?? true;
  const limit = options.limit ?? 20;
  const duplicateNames: string[] = [];
  const stack: Frame[] = [];
  let inexactNumbers = false;
  let depth = 0;
  // Inside an object, whether the next string is a name (after `{` or `,`) rather than a value.
  let expectName = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectName && top !== undefined) {
        expectName = false;
        const written = text.slice(i + 1, end);
        const name = written.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : written;
        top.current = name;
        if (top.names !== undefined && !addName(top, name) && !top.reported?.has(name)) {
          (top.reported ??= new Set()).add(name);
          if (duplicateNames.length < limit) duplicateNames.push(pointerOf(...pathOf(stack), name));
        }
      }
      i = end + 1;
    } else if (c === 0x7b || c === 0x5b) {
      // `{` or `[`
      const parent = stack[stack.length - 1];
      const isObject = c === 0x7b;
      stack.push({
        at: parent?.current,
        names: isObject && trackNames ? [] : undefined,
        reported: undefined,
        isObject,
        current: isObject ? '' : 0,
      });
      if (stack.length > depth) depth = stack.length;
      expectName = isObject;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      // `}` or `]`
      stack.pop();
      expectName = false;
      i++;
    } else if (c === 0x2c) {
      // `,`: the next name of an object, or the next item of an array
      const top = stack[stack.length - 1]!;
      if (top.isObject) expectName = true;
      else top.current = (top.current as number) + 1;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      // A number: `-` or a digit, then digits, `.`, `e`, `E`, `+` or `-`.
      let j = i + 1;
      while (j < text.length && isNumberPart(text.charCodeAt(j))) j++;
      if (!inexactNumbers && !numberRoundTrips(text, i, j)) inexactNumbers = true;
      i = j;
    } else {
      // Blanks, `:`, and the letters of true, false and null.
      i++;
    }
  }
  return { duplicateNames, inexactNumbers, depth };
}

const SMALL_OBJECT = 32;

/** Records `name` as read in the object `frame`; false if it was read there before. */
function addName(frame: Frame, name: string): boolean {
  const names = frame.names!;
  if (!Array.isArray(names)) {
    if (names.has(name)) return false;
    names.add(name);
    return true;
  }
  for (let k = 0; k < names.length; k++) if (names[k] === name) return false;
  if (names.length < SMALL_OBJECT) names.push(name);
  else frame.names = new Set([...names, name]);
  return true;
}

/** The index of the quote that closes the string opening at `start`: the first one not escaped. */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
}

function isNumberPart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

/**
 * Whether the number written text[start, end) is written back the same (String(Number(text))).
 * Up to 15 digits without a fraction or an exponent always are, except -0; JSON allows no leading
 * zeros, so nothing else can differ there.
 */
function numberRoundTrips(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start) === 0x2d ? start + 1 : start;
  if (end - first <= 15) {
    let k = first;
    while (k < end && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x39) k++;
    if (k === end) return !(first > start && end - first === 1 && text.charCodeAt(first) === 0x30);
  }
  const written = text.slice(start, end);
  return String(Number(written)) === written;
}

/** The path from the root to the innermost open object or array, as pointer segments. */
function pathOf(stack: readonly Frame[]): Array<string | number> {
  const path: Array<string | number> = [];
  for (let k = 1; k < stack.length; k++) path.push(stack[k]!.at!);
  return path;
}
