/**
 * The internal do-not-call flag: set when the consumer asked not to be called (a cease request
 * under 15 USC 1692c(c), or revocation of TCPA consent, which must be honoured by any reasonable
 * means). Blocks every call (call-compliance.md §3.8).
 */
import { alwaysFail, type RuleFactory } from './rule.ts';

const DO_NOT_CALL_RULE = 'Internal do-not-call list (15 USC 1692c(c); 47 USC 227(b) consent revocation)';

export const doNotCallRule: RuleFactory = (ctx) =>
  ctx.facts.doNotCall === true ? alwaysFail(() => [{ code: 'DO_NOT_CALL', rule: DO_NOT_CALL_RULE, detail: 'The customer is on the do-not-call list.' }]) : null;
