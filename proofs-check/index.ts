import type { ClaimKind } from '../src/spec/schema.js';
import type { AnyChecker, Checker } from './checker.js';
import { boundChecker } from './kinds/bound.js';
import { comparisonChecker } from './kinds/comparison.js';
import { invariantChecker } from './kinds/invariant.js';
import { monotoneChecker } from './kinds/monotone.js';
import { phaseTransitionChecker } from './kinds/phase-transition.js';
import { scalingChecker } from './kinds/scaling.js';

export type { Checker, Decision } from './checker.js';
export type { CheckContext, RunSource } from './context.js';

/** One checker per claim kind; a new kind is a new file in kinds/ and a line here. */
const CHECKERS: { [K in ClaimKind]: Checker<K> } = {
  bound: boundChecker,
  comparison: comparisonChecker,
  scaling: scalingChecker,
  'phase-transition': phaseTransitionChecker,
  monotone: monotoneChecker,
  invariant: invariantChecker,
};

export function checkerFor(kind: ClaimKind): AnyChecker {
  return CHECKERS[kind] as AnyChecker;
}
