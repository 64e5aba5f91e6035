/**
 * Public surface of the compliance engine. `facts.ts` (facts from ZIP and phone number) is
 * imported from its own path: it loads the reference data, which the engine itself never needs.
 */
export * from './types.js';
export { resolvePolicy } from './policy.js';
export { candidateZones } from './candidate-zones.js';
export {
  DEFAULT_HORIZON_MS,
  decide,
  evaluate,
  evaluatePrepared,
  isAllowedPrepared,
  nextAllowedAt,
  nextAllowedAtPrepared,
  prepare,
  type PreparedCall,
} from './engine.js';
export { formatLocal, instantOfLocal, zoneTable } from './local-time.js';
