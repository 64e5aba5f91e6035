/**
 * Turning scenario values into wire values. Deliberately independent of src/lms/canonical.ts
 * (except where noted) so the fakes do not share bugs with the code they test.
 */

function utcMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** LoanPro `/Date(<unix seconds>)/` at UTC midnight (developers.loanpro.io/docs/dates-and-times). */
export function loanProDate(date: string): string {
  return `/Date(${utcMs(date) / 1000})/`;
}

/** Fineract `[y, m, d]`. */
export function dateParts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

export function shiftDays(date: string, days: number): string {
  return new Date(utcMs(date) + days * 86_400_000).toISOString().slice(0, 10);
}

export function shiftMonths(date: string, months: number): string {
  const t = new Date(utcMs(date));
  t.setUTCMonth(t.getUTCMonth() + months);
  return t.toISOString().slice(0, 10);
}

/** Decimal string with two places, as LoanPro sends money. */
export function moneyString(value: string | number | undefined): string {
  if (value === undefined) return '0.00';
  if (typeof value === 'number') return value.toFixed(2);
  const [int, frac = ''] = value.split('.');
  return `${int}.${frac.padEnd(2, '0').slice(0, 2)}`;
}

/** A JSON number, as Fineract sends money (floats: 1999.99 is not exact in binary). */
export function moneyNumber(value: string | number | undefined): number {
  return value === undefined ? 0 : Number(value);
}

/** Difference of two decimal amounts, to the cent, as a decimal string. */
export function moneyMinus(a: string | number | undefined, b: string | number | undefined): string {
  const cents = (v: string | number | undefined) => Math.round(Number(v ?? 0) * 100);
  const diff = cents(a) - cents(b);
  return `${diff < 0 ? '-' : ''}${Math.floor(Math.abs(diff) / 100)}.${String(Math.abs(diff) % 100).padStart(2, '0')}`;
}

export function digits(text: string): string {
  return text.replace(/\D/g, '');
}

const STATE_NAMES: Readonly<Record<string, string>> = {
  idaho: 'ID',
  florida: 'FL',
  oregon: 'OR',
  indiana: 'IN',
  arizona: 'AZ',
  kentucky: 'KY',
  tennessee: 'TN',
  texas: 'TX',
};

/** USPS code for a scenario state, for products that only store codes (LoanPro `geo.state.XX`). */
export function uspsOf(state: string): string {
  const text = state.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
  const code = STATE_NAMES[text.toLowerCase()];
  if (!code) throw new Error(`fake: add "${text}" to STATE_NAMES in test/fakes/wire-values.ts`);
  return code;
}
