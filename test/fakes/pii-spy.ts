import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { SCENARIO } from './scenario.ts';

/**
 * Catching personal data where it must not be: a pino-compatible spy logger and an assertion
 * that no spelling of any scenario borrower's SSN, birthday, phone, name, e-mail or street
 * appears in given texts (log lines, error renderings, HTTP problem bodies).
 */

/** A pino-compatible spy: keeps every line as the JSON pino would write. */
export function spyLogger(): {
  lines: string[];
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
} {
  const lines: string[] = [];
  const record = (level: string) => (obj: object, msg?: string) => void lines.push(JSON.stringify({ level, ...obj, msg }));
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every spelling of every personal value in the scenario. */
export function piiPatterns(): Array<{ what: string; re: RegExp }> {
  const out: Array<{ what: string; re: RegExp }> = [];
  const add = (what: string, text: string, word = false) => out.push({ what, re: new RegExp(word ? `\\b${escape(text)}\\b` : escape(text)) });
  for (const c of SCENARIO.customers) {
    if (c.ssn) {
      const digits = c.ssn.replace(/\D/g, '');
      add(`ssn of ${c.id}`, c.ssn);
      add(`ssn digits of ${c.id}`, digits);
      add(`ssn last four of ${c.id}`, digits.slice(5), true);
    }
    if (c.birthday) {
      const [y, m, d] = c.birthday.split('-').map(Number) as [number, number, number];
      add(`birthday of ${c.id}`, c.birthday);
      add(`birthday parts of ${c.id}`, `${y},${m},${d}`);
      add(`birthday /Date/ of ${c.id}`, String(Date.UTC(y, m - 1, d) / 1000), true);
    }
    for (const p of c.phones ?? []) {
      const digits = p.number.replace(/\D/g, '');
      add(`phone of ${c.id}`, p.number);
      add(`phone digits of ${c.id}`, digits.slice(-10));
      add(`phone local part of ${c.id}`, digits.slice(-7));
    }
    if (c.email) add(`email of ${c.id}`, c.email);
    if (c.firstName) add(`first name of ${c.id}`, c.firstName, true);
    if (c.lastName) add(`last name of ${c.id}`, c.lastName, true);
    if (c.address) add(`street of ${c.id}`, c.address.line1);
  }
  return out;
}

const PII = piiPatterns();

export function assertNoPii(texts: readonly string[], where: string): void {
  for (const text of texts) {
    for (const { what, re } of PII) assert.doesNotMatch(text, re, `${what} leaked into ${where}: ${text.slice(0, 300)}`);
  }
}

/** Every way an error can be rendered: message, stack, JSON, inspect. */
export function renderings(err: unknown): string[] {
  const e = err as Error;
  return [String(e?.message), String(e?.stack), JSON.stringify(err), inspect(err, { depth: 6 })];
}
