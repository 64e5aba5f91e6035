/**
 * Public surface of the compliance engine. `facts.ts` (facts from ZIP and phone number) is
 * imported from its own path: it loads the reference data, which the engine itself never needs.
 */
export * from './types.ts';
export { resolvePolicy } from './policy.ts';
export { candidateZones } from './candidate-zones.ts';
export {
  DEFAULT_HORIZON_MS,
  decide,
  evaluate,
  evaluatePrepared,
  isAllowedPrepared,
  lawfulWindowsPrepared,
  nextAllowedAt,
  nextAllowedAtPrepared,
  nextDisallowedAtPrepared,
  prepare,
  type LawfulWindow,
  type PreparedCall,
} from './engine.ts';
export { formatLocal, instantOfLocal, zoneTable } from './local-time.ts';
