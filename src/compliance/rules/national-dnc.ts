/**
 * The National Do-Not-Call Registry (47 CFR 64.1200(c)(2)): no telephone solicitation to a
 * residential subscriber whose number is on the registry — and the FCC applies the rule to
 * wireless numbers too (64.1200(e)) — unless the caller has the subscriber's signed, written
 * agreement to be called or an established business relationship with them (64.1200(f)(5) and
 * (f)(15)'s exclusions). A collection call is not a solicitation, so only marketing calls are
 * checked.
 *
 * Callwise does not query the registry: the lender states the number's status
 * (`nationalDncRegistered`). A marketing call to a number whose status was not stated is treated
 * as registered, the reading that never calls a registered number. The established business
 * relationship is the company's attestation `businessRelationship` (a lender calling its own
 * borrowers has one). The consent ledger records prior express consent to calls about the debt,
 * not a signed agreement to receive marketing calls, so it does not exempt the call. Refused
 * whatever the time: a permanent gate.
 */
import { isMarketing } from '../context.ts';
import { alwaysFail, type RuleFactory } from './rule.ts';

const NATIONAL_DNC_RULE = '47 CFR 64.1200(c)(2)';

export const nationalDncRule: RuleFactory = (ctx) => {
  if (!isMarketing(ctx) || ctx.policy.businessRelationship) return null;
  const registered = ctx.facts.nationalDncRegistered;
  if (registered === false) return null;
  const status =
    registered === true ? 'is on the National Do-Not-Call Registry' : 'has no stated National Do-Not-Call Registry status, so it is treated as registered';
  return alwaysFail(() => [
    {
      code: 'NATIONAL_DNC_REGISTRY',
      rule: NATIONAL_DNC_RULE,
      detail: `The number ${status}; a marketing call to it needs an established business relationship (company setting businessRelationship) or the consumer's signed written agreement, and none is recorded.`,
    },
  ]);
};
