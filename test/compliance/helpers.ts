/** Shared builders for the compliance tests. */
import { DEFAULT_POLICY, type CallFacts, type ContactEvent, type Evaluation, type Policy } from '../../src/compliance/types.ts';

/** Only the legal rules: no buffers, caps, gaps or Sunday/holiday blocks. */
export const LEGAL_ONLY: Policy = Object.freeze({
  ...DEFAULT_POLICY,
  blockSundays: false,
  blockHolidays: false,
  startBufferMinutes: 0,
  endBufferMinutes: 0,
  dailyCapPerPerson: null,
  minGapMinutes: 0,
});

export const CALENDAR: Policy = Object.freeze({ ...LEGAL_ONLY, mode: 'calendar' });

/** Epoch ms of an RFC 3339 instant (with Z or an offset). */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || !/(Z|[+-]\d\d:\d\d)$/.test(iso)) throw new Error(`bad instant ${iso}`);
  return ms;
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** A consented wireless call to a New York customer unless overridden. */
export function facts(over: Partial<CallFacts> = {}): CallFacts {
  return { timezone: 'America/New_York', lineType: 'wireless', tcpaConsent: true, ...over };
}

/** An outbound call (ring-no-answer unless overridden). */
export function call(when: string | number, over: Partial<ContactEvent> = {}): ContactEvent {
  return { at: typeof when === 'number' ? when : at(when), direction: 'outbound', channel: 'call', outcome: 'no_answer', ...over };
}

export function codes(e: Evaluation): string[] {
  return [...new Set(e.reasons.map((r) => r.code))].sort();
}

/** Calls at the same UTC time of day on consecutive days, starting at `firstIso`. */
export function dailyCalls(firstIso: string, count: number, over: Partial<ContactEvent> = {}): ContactEvent[] {
  const first = at(firstIso);
  return Array.from({ length: count }, (_, i) => call(first + i * 86_400_000, over));
}
