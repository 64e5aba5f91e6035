/**
 * A CSV cell is text; the API takes booleans, a list of loan ids and a JSON object for some fields.
 * Each cell is converted to the type its field takes, and a cell that cannot be is kept as its text
 * with a problem that says what the cell should look like. Problems never quote the cell: a
 * rejects file names the row, the field and the reason, never a value.
 */
import type { FieldError } from '../domain/errors.ts';
import { pointerOf } from '../domain/errors.ts';
import { parseKeepingNumbers } from '../domain/exact-json.ts';
import { scanJson } from '../domain/json-scan.ts';
import type { FieldKind } from './fields.ts';

export type CellValue = { readonly value: unknown; readonly problems?: undefined } | { readonly value: string; readonly problems: readonly FieldError[] };

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

export const BOOLEAN_CELL = 'must be true, false, yes, no, 1 or 0';
export const INTEGERS_CELL = 'must be loan ids separated by semicolons (1;2;3) or a JSON array ([1,2,3])';
export const OBJECT_CELL = 'must be a JSON object, e.g. {"employer": "Acme"}';

/**
 * The value of a non-empty cell for `field` (the caller leaves empty cells out: an empty cell is
 * an absent field). Text is passed on as it is: the API trims it and checks it.
 */
export function cellValue(field: string, kind: FieldKind, text: string): CellValue {
  switch (kind) {
    case 'text':
      return { value: text };
    case 'boolean': {
      const word = text.trim().toLowerCase();
      if (TRUE.has(word)) return { value: true };
      if (FALSE.has(word)) return { value: false };
      return refused(field, text, BOOLEAN_CELL);
    }
    case 'integers':
      return integersCell(field, text);
    case 'object':
      return objectCell(field, text);
  }
}

function refused(field: string, text: string, detail: string): CellValue {
  return { value: text, problems: [{ pointer: pointerOf(field), detail }] };
}

/**
 * `1;2;3` or `[1,2,3]`. A JSON array's items are passed on as they are (the API names a wrong one
 * by its index); a piece of a `;` list that is not digits, or an id too long to be held exactly
 * (it would be rounded), is refused here.
 */
function integersCell(field: string, text: string): CellValue {
  const trimmed = text.trim();
  let items: unknown[];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (!Array.isArray(parsed)) return refused(field, text, INTEGERS_CELL);
      items = parsed;
    } catch {
      return refused(field, text, INTEGERS_CELL);
    }
  } else {
    const pieces = trimmed
      .split(';')
      .map((piece) => piece.trim())
      .filter((piece) => piece !== '');
    if (!pieces.every((piece) => /^\d+$/.test(piece))) return refused(field, text, INTEGERS_CELL);
    items = pieces.map(Number);
  }
  if (items.some((item) => typeof item === 'number' && Number.isInteger(item) && !Number.isSafeInteger(item))) return refused(field, text, INTEGERS_CELL);
  return { value: items };
}

/**
 * JSON text read as a request body's JSON is read: numbers keep their text (the API stores
 * metadata exactly as given) and a name given twice is refused, with its pointer.
 */
function objectCell(field: string, text: string): CellValue {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused(field, text, OBJECT_CELL);
  }
  const scan = scanJson(text, { limit: 20 });
  if (scan.duplicateNames.length > 0) {
    return {
      value: text,
      problems: scan.duplicateNames.map((pointer) => ({
        pointer: pointerOf(field) + pointer,
        detail: 'is given more than once in its object: write each name once',
      })),
    };
  }
  return { value: scan.inexactNumbers ? parseKeepingNumbers(text) : value };
}
