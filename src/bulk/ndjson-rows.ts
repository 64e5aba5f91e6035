/**
 * The rows of an NDJSON file (one JSON object a line, `.ndjson` or `.jsonl`), split from the bytes
 * as they stream in: at most one piece of the file and one line are held. Each line is read
 * exactly as `POST /customers` reads a body (names given twice refused, metadata numbers kept as
 * written), then its member names are mapped to fields.
 */
import type { FieldError } from '../domain/errors.ts';
import { pointerOf } from '../domain/errors.ts';
import { readJsonBody } from '../http/json-body.ts';
import { CreateCustomerBody } from '../schemas/customer.ts';
import { type ColumnMapping, fieldOf } from './column-mapping.ts';
import type { RowSource, SourceRow } from './source-row.ts';

/** A line longer than a request body may be (1 MiB) is refused without being held whole. */
const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

interface Line {
  /** 1-based line number. */
  readonly number: number;
  /** The line without its line break; null when it was too long to keep. */
  readonly bytes: Buffer | null;
  readonly endByte: number;
}

/** The file's lines, one at a time; a line over MAX_LINE_BYTES is skipped to its end and reported. */
export async function* lines(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let number = 0;
  let consumed = 0;
  for await (const piece of input) {
    const buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    let start = 0;
    for (let at = buffer.indexOf(NEWLINE); at >= 0; at = buffer.indexOf(NEWLINE, start)) {
      number += 1;
      consumed += at + 1 - start;
      const tail = buffer.subarray(start, at);
      const whole = tooLong || pendingBytes + tail.length > maxLineBytes ? null : pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
      yield { number, bytes: whole, endByte: consumed };
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      start = at + 1;
    }
    const rest = buffer.subarray(start);
    consumed += rest.length;
    if (tooLong) continue;
    if (pendingBytes + rest.length > maxLineBytes) {
      // Not kept: only its end is looked for.
      tooLong = true;
      pending = [];
      pendingBytes = 0;
    } else if (rest.length > 0) {
      // Copied: the stream may reuse its buffer for the next piece.
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  }
  if (tooLong || pendingBytes > 0) yield { number: number + 1, bytes: tooLong ? null : Buffer.concat(pending), endByte: consumed };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function ndjsonRows(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, mapping: ColumnMapping): RowSource {
  const sources = new Map<string, string>();
  for (const [name, field] of mapping) if (field !== null) sources.set(field, name);

  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 0;
    for await (const { number, bytes, endByte } of lines(input)) {
      let text: string | null = null;
      if (bytes !== null) {
        try {
          // The byte-order mark a first line may carry is dropped by the decoder.
          text = UTF8.decode(bytes);
        } catch {
          row += 1;
          yield { row, line: number, endByte, body: null, problems: [{ pointer: '', detail: 'is not valid UTF-8 text' }] };
          continue;
        }
        // A blank line (or a Windows line end) is not a row.
        if (text.trim() === '') continue;
      }
      row += 1;
      if (text === null) {
        yield { row, line: number, endByte, body: null, problems: [{ pointer: '', detail: `is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB` }] };
        continue;
      }
      yield { row, line: number, endByte, ...lineBody(text, mapping) };
    }
  }

  return { rows: rows(), notices: [], sourceOf: (field) => sources.get(field) ?? field };
}

/** One line → a create body with the file's names mapped to fields, or why it cannot be one. */
function lineBody(text: string, mapping: ColumnMapping): { body: Record<string, unknown> | null; problems: FieldError[] } {
  const read = readJsonBody(text, CreateCustomerBody);
  if (read.kind === 'malformed') return { body: null, problems: [{ pointer: '', detail: 'is not JSON' }] };
  if (read.kind === 'refused') return { body: null, problems: [...read.problems] };
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { body: null, problems: [{ pointer: '', detail: 'must be a JSON object: one customer a line' }] };
  }
  const body: Record<string, unknown> = {};
  const problems: FieldError[] = [];
  const named = new Map<string, string>();
  for (const [name, member] of Object.entries(value)) {
    const field = fieldOf(name, mapping);
    if (field === null) continue;
    const earlier = named.get(field);
    if (earlier !== undefined) {
      problems.push({ pointer: pointerOf(field), detail: `is given twice in the line (as ${earlier} and ${name})` });
      continue;
    }
    named.set(field, name);
    // Defined, not assigned: a member named __proto__ stays a member (and is refused as unknown).
    Object.defineProperty(body, field, { value: member, enumerable: true, writable: true, configurable: true });
  }
  return { body, problems };
}
