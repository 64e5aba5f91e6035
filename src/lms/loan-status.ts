import type { LoanStatus } from './connector.ts';

/**
 * Status text is lender-configured in LoanPro ("Open", "Auto-Deferred (AD1)") and an enum in
 * Fineract, so each connector has a default table and every lender may override it
 * (lms-connectors.md §3 item 11: "map to a small canonical enum with a per-lender override
 * table and keep the raw text").
 */
export type StatusMap = Readonly<Record<string, LoanStatus>>;

function key(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * First match wins: the lender's map, then the connector's defaults, each tried on every
 * candidate in order (most specific first, e.g. "Open / Charged Off" before "Open").
 */
export function mapLoanStatus(candidates: readonly string[], lenderMap: StatusMap | undefined, defaults: StatusMap): LoanStatus {
  for (const table of [lenderMap, defaults]) {
    if (!table) continue;
    const lowered = new Map(Object.entries(table).map(([k, v]) => [key(k), v] as const));
    for (const candidate of candidates) {
      const hit = lowered.get(key(candidate));
      if (hit) return hit;
    }
  }
  return 'other';
}
