/**
 * Narrowing of untrusted LMS JSON. Failures name the *path* only, so a connector can turn them
 * into an `upstream`/`malformed` error without echoing any value from the answer.
 */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  readonly path: string;

  constructor(path: string) {
    super(`unexpected shape at ${path}`);
    this.path = path;
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw new ShapeError(path);
  return value;
}

/** null/undefined → undefined; OData `{ __deferred: … }` (not expanded) → undefined too. */
export function optObject(value: unknown, path: string): JsonObject | undefined {
  if (value === null || value === undefined) return undefined;
  const obj = asObject(value, path);
  return '__deferred' in obj ? undefined : obj;
}

export function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(path);
  return value;
}

export function optArray(value: unknown, path: string): unknown[] {
  return value === null || value === undefined ? [] : asArray(value, path);
}

/** An entity id: a non-negative integer or a non-blank string, returned as a string. */
export function asId(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new ShapeError(path);
}

export function optId(value: unknown, path: string): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : asId(value, path);
}

export function optString(value: unknown, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw new ShapeError(path);
  return value;
}

/** An integer that may arrive as a JSON number or a numeric string (LoanPro is inconsistent). */
export function optInteger(value: unknown, path: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new ShapeError(path);
  return n;
}

/** LoanPro flags are 0/1 integers, Fineract's are booleans. */
export function optFlag(value: unknown, path: string): boolean | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1 || value === '0' || value === '1') return Number(value) === 1;
  throw new ShapeError(path);
}
