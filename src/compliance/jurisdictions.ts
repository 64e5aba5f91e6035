/**
 * Active jurisdictions (call-compliance.md §3.7, policy "address+npa"): the address state, NYC
 * when the address is in New York City, and the state of the dialled number's area code (NYC too
 * when the area code serves only the city, as a state's area code adds that state). The
 * area-code state is added because some statutes tie their presumption to the area code
 * (Fla. Stat. 559.72(17)) and adding an overlay never makes a call illegal.
 */
import { MILITARY_STATES, normalizeStateCode } from '../reference/us-states.ts';
import type { CallFacts } from './types.ts';

/** The New York City overlay's code in jurisdiction lists. */
export const NYC = 'NYC';

type JurisdictionFacts = Pick<CallFacts, 'addressState' | 'addressInNyc' | 'phoneState' | 'phoneInNyc' | 'otherStates'>;

/** Adds a state's overlay. AA, AE and AP are USPS routing codes for military mail, not places
 * with laws: they add none (the borrower's zones still come from the number and the stated zone). */
function add(out: string[], state: string | null | undefined): void {
  const code = state ? normalizeStateCode(state) : null;
  if (code !== null && !MILITARY_STATES.has(code) && !out.includes(code)) out.push(code);
}

function addNyc(out: string[]): void {
  // New York City is in New York State even when the state was not given.
  add(out, 'NY');
  if (!out.includes(NYC)) out.push(NYC);
}

/** USPS codes (and 'NYC'), deduplicated, in the order address state, NYC, area-code state (and
 * NYC), others. */
export function jurisdictions(facts: JurisdictionFacts): string[] {
  const out: string[] = [];
  add(out, facts.addressState);
  if (facts.addressInNyc === true) addNyc(out);
  add(out, facts.phoneState);
  if (facts.phoneInNyc === true) addNyc(out);
  if (facts.otherStates) for (const s of facts.otherStates) add(out, s);
  return out;
}
