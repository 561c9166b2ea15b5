import type { SimParams } from '../src/engine/params.js';
import type { Claim, ClaimKind, ClaimOf } from '../src/spec/schema.js';
import type { CheckContext } from './context.js';
import type { ClaimResult } from './results.js';

/** What a checker decides; the orchestrator adds the claim's identity, expectation, seeds and timing. */
export type Decision = Pick<ClaimResult, 'reason' | 'statistic' | 'measurements' | 'figures'> &
  Partial<Pick<ClaimResult, 'fits' | 'counterexample' | 'search' | 'assumptions' | 'scaling' | 'readAt'>> & {
    verdict: 'pass' | 'fail' | 'inconclusive';
    /**
     * When undecided: how many seeds the measured spread implies would decide the claim (null:
     * no estimate). Omitted: the orchestrator estimates it from the statistic.
     */
    seedsToDecide?: number | null;
    /** One-sided p-value against the claim (small: evidence it holds), for spec-level adjustment; null or absent where the rule gives none. */
    pValue?: number | null;
  };

/**
 * One checker per claim kind. `plan` lists every run the decision needs, before any run
 * (so a sweep can be cached, pooled and sharded); `decide` then asks the run source for them
 * (cache hits) and for any run that only a failure makes necessary (shrinking).
 */
export interface Checker<K extends ClaimKind = ClaimKind> {
  readonly kind: K;
  /**
   * Whether the rule's intervals and p-values for this claim are anytime-valid (confidence
   * sequences: valid at every number of seeds at once). An adaptive check then looks at the nominal
   * level instead of spending it across rounds, and the claim's p-value may enter the spec-level
   * adjustment at whatever round it stopped. A function when it depends on the claim (e.g. on the
   * metric's support); absent: false.
   */
  readonly anytimeValid?: boolean | ((claim: ClaimOf<K>) => boolean);
  plan(ctx: CheckContext<ClaimOf<K>>): SimParams[];
  decide(ctx: CheckContext<ClaimOf<K>>): Promise<Decision>;
  /** The claim's key relation in LaTeX, for reports. */
  statementTex?(ctx: CheckContext<ClaimOf<K>>): string | undefined;
}

export type AnyChecker = { [K in ClaimKind]: Checker<K> }[ClaimKind];

export function asClaim<K extends ClaimKind>(claim: Claim, kind: K): ClaimOf<K> {
  if (claim.kind !== kind) throw new Error(`expected a ${kind} claim, got ${claim.kind}`);
  return claim as ClaimOf<K>;
}
