import type { AnyChecker } from './checker.js';
import { boundChecker } from './kinds/bound.js';
import { comparisonChecker } from './kinds/comparison.js';
import { invariantChecker } from './kinds/invariant.js';
import { monotoneChecker } from './kinds/monotone.js';
import { phaseTransitionChecker } from './kinds/phase-transition.js';
import { scalingChecker } from './kinds/scaling.js';
import { checkers, registerChecker } from './registry.js';

export type { Checker, Decision } from './checker.js';
export type { CheckContext, RunSource } from './context.js';
export { checkers, registerChecker, type PluginChecker, type PluginCheckContext, type RegisteredChecker } from './registry.js';

// The shipped claim kinds register like a plug-in's: a new kind is a new checker module and a registration.
for (const checker of [boundChecker, comparisonChecker, scalingChecker, phaseTransitionChecker, monotoneChecker, invariantChecker]) {
  registerChecker(checker);
}

/**
 * Whether the decision rule of a claim is anytime-valid (its intervals are confidence sequences,
 * valid whatever number of seeds a check stops at), as its checker declares it.
 */
export function anytimeValidFor(claim: { kind: string }): boolean {
  const declared = (checkers.require(claim.kind, 'claim kind') as { anytimeValid?: boolean | ((c: never) => boolean) }).anytimeValid;
  return typeof declared === 'function' ? Boolean(declared(claim as never)) : Boolean(declared);
}

/** The checker registered for a claim kind; an InputError listing the known kinds otherwise. */
export function checkerFor(kind: string): AnyChecker {
  return checkers.require(kind, 'claim kind') as AnyChecker;
}
