/**
 * Who Reg F's 7-in-7 binds, and the proposed call's consent exclusion.
 *
 * It binds FDCPA debt collectors. First-party creditors are outside Reg F, but the reference
 * applies it to every client by default because the CFPB may use the same framework under UDAAP
 * (call-compliance.md §1.2, spec decision); a creditor may switch that off with
 * `regFForCreditors: false`, a collector cannot. Even then it binds a creditor where a state holds
 * creditors to the FDCPA's standards (CREDITOR_FDCPA_STATES), and the reasons cite that statute.
 *
 * A call placed with the person's direct prior consent is excluded from both prongs
 * (12 CFR 1006.14(b)(3)(i)) for the debts the consent covers, from the grant to the end of its
 * seventh local day (context.ts `consentEnd`); outside that window, or for other debts, it counts.
 */
import { consentCovers, proposedConsentWindow, type CallContext } from '../context.ts';
import type { Check, RuleFactory } from './rule.ts';

/**
 * States whose collection statute holds a creditor collecting its own debts to the FDCPA's
 * standards, which Reg F's 7-in-7 presumption interprets (15 USC 1692d(5)).
 * - CA: the Rosenthal Act's "debt collector" includes creditors collecting their own debts
 *   (Cal. Civ. Code 1788.2(c)), and 1788.17 requires every debt collector to comply with
 *   15 USC 1692b–1692j (call-compliance.md S8).
 * - MD: the Maryland Consumer Debt Collection Act's "collector" includes creditors, and
 *   Md. Code, Com. Law 14-202(11) forbids conduct that violates FDCPA sections 804–812.
 */
const CREDITOR_FDCPA_STATES: Readonly<Record<string, string>> = Object.freeze({
  CA: 'Cal. Civ. Code 1788.17',
  MD: 'Md. Code, Com. Law 14-202(11)',
});

/** The citation suffix under which 7-in-7 binds this caller, or null when it does not. */
function regFBinding(ctx: CallContext): string | null {
  if (ctx.policy.callerType === 'collector' || ctx.policy.regFForCreditors) return '';
  const statutes = ctx.jurisdictions.flatMap((j) => (CREDITOR_FDCPA_STATES[j] === undefined ? [] : [CREDITOR_FDCPA_STATES[j]]));
  return statutes.length === 0 ? null : `, applied to creditors by ${statutes.join(' and ')}`;
}

/** One check over two, every reason of both reported. */
function both(a: Check | null, b: Check | null): Check | null {
  if (a === null || b === null) return a ?? b;
  return {
    permanent: false,
    test(m, out) {
      const first = a.test(m, out);
      if (!first && out === null) return false;
      return b.test(m, out) && first;
    },
    boundaries(sink) {
      a.boundaries(sink);
      b.boundaries(sink);
    },
    closings(sink) {
      a.closings?.(sink);
      b.closings?.(sink);
    },
  };
}

/**
 * A Reg F prong as a rule: `build` makes its check for some debts with a citation suffix. Debts
 * the proposed call's consent covers get a check that passes inside the consent window.
 */
export function regFRule(build: (ctx: CallContext, debts: readonly (string | null)[], citationSuffix: string) => Check | null): RuleFactory {
  return (ctx) => {
    const suffix = regFBinding(ctx);
    if (suffix === null) return null;
    const window = proposedConsentWindow(ctx);
    if (window === null) return build(ctx, ctx.debts, suffix);
    const scope = ctx.facts.consentLoanIds && ctx.facts.consentLoanIds.length > 0 ? ctx.facts.consentLoanIds : null;
    const covered = ctx.debts.filter((d) => consentCovers(scope, d));
    const others = ctx.debts.filter((d) => !consentCovers(scope, d));
    const inner = covered.length > 0 ? build(ctx, covered, suffix) : null;
    const excused: Check | null =
      inner === null
        ? null
        : {
            permanent: false,
            test: (m, out) => (m.t >= window.from && m.t < window.to) || inner.test(m, out),
            boundaries(sink) {
              sink.at(window.from);
              inner.boundaries(sink);
            },
            // The consent running out ends a lawful stretch without any window closing.
            closings(sink) {
              sink.at(window.to);
              inner.closings?.(sink);
            },
          };
    return both(excused, others.length > 0 ? build(ctx, others, suffix) : null);
  };
}
