/**
 * A task type's purpose as the API and the CLI accept it, and the refusal of a marketing purpose
 * for a company that has not enabled marketing calls (docs/schedules.md, "Call purpose").
 */
import { CALL_PURPOSES, type CallPurpose } from '../compliance/types.ts';
import { DomainError, type FieldError } from './errors.ts';

export function isCallPurpose(value: unknown): value is CallPurpose {
  return typeof value === 'string' && (CALL_PURPOSES as readonly string[]).includes(value);
}

/** The error for a purpose that is not one of the four, at `pointer`. */
export function purposeError(pointer: string): FieldError {
  return { pointer, detail: `must be one of ${CALL_PURPOSES.join(', ')}` };
}

/**
 * A marketing purpose for a company whose compliance setting marketingCalls is off: 422, naming
 * the field, so the officer sees the setting to change rather than a plan that silently never
 * calls.
 */
export function marketingNotEnabled(pointer: string): DomainError {
  const detail =
    'marketing calls are not enabled for your company (compliance setting marketingCalls); a task type can be given the purpose marketing only once they are';
  return new DomainError(
    'marketing_not_enabled',
    `Marketing calls are not enabled for your company (compliance setting marketingCalls): ${pointer.slice(1)} cannot be marketing.`,
    {
      errors: [{ pointer, detail }],
    },
  );
}
