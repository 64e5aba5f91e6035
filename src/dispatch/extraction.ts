/**
 * One post-call extraction schema, pushed to every agent (dispatch-and-voice.md §6 item 6): right
 * party, wrong number, a stop request, a callback time, attorney, bankruptcy, dispute… are never a
 * provider's native outcome, so each agent is asked to fill the same keys (Retell
 * `custom_analysis_data`, Vapi `analysis.structuredData`), and each key maps 1:1 to a call flag.
 * Pure.
 */
import type { CallFlag, CallOutcome } from '../domain/call-fields.ts';

/** Extraction key → the call flag it sets when true. */
export const EXTRACTION_FLAGS: Readonly<Record<string, CallFlag>> = {
  right_party_contact: 'RPC',
  third_party_contact: 'THIRD_PARTY_CONTACT',
  wrong_number: 'WRONG_NUMBER',
  do_not_call_requested: 'DNC',
  callback_requested: 'CALLBACK_REQUEST',
  attorney_represented: 'ATTORNEY_REP',
  bankruptcy: 'BANKRUPTCY',
  debt_disputed: 'DEBT_DISPUTE',
  hardship: 'HARDSHIP_REQUEST',
  deceased: 'DECEASED',
  fraud_claim: 'FRAUD_CLAIM',
  complaint: 'COMPLAINT',
  message_left: 'MESSAGE_LEFT',
};

/** The key holding the requested callback time (ISO 8601 with an offset). */
export const CALLBACK_AT_KEY = 'callback_at';

function truthy(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'string') return /^(true|yes|y|1)$/i.test(value.trim());
  return false;
}

const OFFSET_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * The flags an extraction sets, and the callback time it names. Unknown keys and values that are
 * not clearly true are ignored; a callback without a readable time is not a callback request
 * (the consumer's consent is to a time, not to any time).
 */
export function flagsFromExtraction(data: unknown): { flags: CallFlag[]; callbackAt: Date | null } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { flags: [], callbackAt: null };
  const record = data as Record<string, unknown>;
  const flags: CallFlag[] = [];
  for (const [key, flag] of Object.entries(EXTRACTION_FLAGS)) if (truthy(record[key])) flags.push(flag);
  const raw = record[CALLBACK_AT_KEY];
  const callbackAt = typeof raw === 'string' && OFFSET_INSTANT.test(raw.trim()) && !Number.isNaN(Date.parse(raw)) ? new Date(Date.parse(raw)) : null;
  if (!callbackAt) return { flags: flags.filter((f) => f !== 'CALLBACK_REQUEST'), callbackAt: null };
  if (!flags.includes('CALLBACK_REQUEST')) flags.push('CALLBACK_REQUEST');
  return { flags, callbackAt };
}

/**
 * The recorded outcome of a call a human answered: a conversation, unless the extraction says the
 * person was not the borrower (wrong number, third party) and not also the right party.
 */
export function conversationOutcome(flags: readonly CallFlag[]): CallOutcome {
  if (flags.includes('RPC')) return 'conversation';
  return flags.includes('WRONG_NUMBER') || flags.includes('THIRD_PARTY_CONTACT') ? 'wrong_party' : 'conversation';
}

/** Flags in a stable order without repeats. */
export function uniqueFlags(flags: readonly CallFlag[]): CallFlag[] {
  return [...new Set(flags)];
}
