/**
 * Who Reg F's 7-in-7 binds. It binds FDCPA debt collectors; first-party creditors are outside
 * Reg F, but the reference applies it to every client by default because the CFPB may use the
 * same framework under UDAAP (call-compliance.md §1.2, spec decision). A creditor may switch it
 * off with `regFForCreditors: false`; a collector cannot.
 *
 * A call placed with the person's direct prior consent is excluded from both prongs
 * (12 CFR 1006.14(b)(3)(i)).
 */
import type { CallContext } from '../context.ts';

export function regFApplies(ctx: CallContext): boolean {
  if (ctx.facts.consented === true) return false;
  return ctx.policy.callerType === 'collector' || ctx.policy.regFForCreditors;
}
