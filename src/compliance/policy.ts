/**
 * Company policy: the defaults in types.ts, overridden by company settings and then by the
 * request. Validation here is a backstop for callers that skip the HTTP schema.
 */
import { ComplianceInputError, DEFAULT_POLICY, type Policy } from './types.ts';

function nonNegativeInteger(value: number, field: string, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ComplianceInputError(`policy.${field} must be an integer from 0 to ${max}`, `policy.${field}`);
  }
}

/** A complete policy: `DEFAULT_POLICY` overlaid with the given fields (undefined fields ignored). */
export function resolvePolicy(overrides?: Partial<Policy>): Policy {
  if (overrides === undefined || overrides === DEFAULT_POLICY) return DEFAULT_POLICY;
  const merged: Record<string, unknown> = { ...DEFAULT_POLICY };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;
  const policy = merged as unknown as Policy;
  nonNegativeInteger(policy.startBufferMinutes, 'startBufferMinutes', 780);
  nonNegativeInteger(policy.endBufferMinutes, 'endBufferMinutes', 780);
  nonNegativeInteger(policy.minGapMinutes, 'minGapMinutes', 43_200);
  if (policy.dailyCapPerPerson !== null) nonNegativeInteger(policy.dailyCapPerPerson, 'dailyCapPerPerson', 1000);
  if (policy.mode !== 'strict' && policy.mode !== 'calendar') {
    throw new ComplianceInputError("policy.mode must be 'strict' or 'calendar'", 'policy.mode');
  }
  for (const field of ['artificialVoice', 'liveOperatorIntro', 'businessRelationship', 'marketingCalls'] as const) {
    if (typeof policy[field] !== 'boolean') throw new ComplianceInputError(`policy.${field} must be true or false`, `policy.${field}`);
  }
  if (policy.callerType !== 'collector' && policy.callerType !== 'creditor') {
    throw new ComplianceInputError("policy.callerType must be 'collector' or 'creditor'", 'policy.callerType');
  }
  return policy;
}
