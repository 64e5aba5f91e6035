/** What the CLI commands share: reading a JSON object from a file or standard input, and turning field errors into one line. */
import { readFileSync } from 'node:fs';
import { DomainError, ValidationError } from '../domain/errors.ts';

export function readConfig(source: string): unknown {
  const text = source === '-' ? readFileSync(0, 'utf8') : readFileSync(source, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('validation_failed', `${source === '-' ? 'standard input' : source} is not a JSON object`);
  }
}

export function explain(error: unknown): never {
  if (error instanceof ValidationError) {
    throw new DomainError('validation_failed', error.errors.map((e) => `${e.pointer || '(config)'} ${e.detail}`).join('; '));
  }
  throw error;
}
