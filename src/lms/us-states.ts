import { US_STATE_NAMES } from '../reference/us-states.ts';

/**
 * USPS codes accepted for a US borrower in an LMS record: the 50 states, DC, the inhabited
 * territories and the military "states" (zip-tz-phone.md §8) — the reference table
 * (src/reference/us-states.ts) less the freely associated states, as this module always had it.
 */
const FREELY_ASSOCIATED = new Set(['FM', 'MH', 'PW']);
export const USPS_NAMES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(US_STATE_NAMES).filter(([code]) => !FREELY_ASSOCIATED.has(code)));

function nameKey(name: string): string {
  return name.toLowerCase().replace(/[.]/g, '').replace(/\s+/g, ' ').trim();
}

const BY_NAME: ReadonlyMap<string, string> = new Map([
  ...Object.entries(USPS_NAMES).map(([code, name]) => [nameKey(name), code] as const),
  // Spellings lenders type for the places whose official names are long or punctuated.
  ['washington dc', 'DC'],
  ['washington, dc', 'DC'],
  ['virgin islands', 'VI'],
  ['us virgin islands', 'VI'],
  ['united states virgin islands', 'VI'],
  ['northern marianas', 'MP'],
  ['commonwealth of the northern mariana islands', 'MP'],
  ['commonwealth of puerto rico', 'PR'],
]);

export function uspsFromName(name: string): string | undefined {
  return BY_NAME.get(nameKey(name)) ?? BY_NAME.get(nameKey(name).replace(/,/g, ''));
}

export function isUspsCode(code: string): boolean {
  return Object.hasOwn(USPS_NAMES, code);
}
