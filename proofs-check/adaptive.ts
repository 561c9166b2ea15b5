import type { SimParams } from '../src/engine/params.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { seedSchedule } from './budget.js';
import { checkClaim, claimBudget, makeContext, planClaim, type CheckClaimOptions, type ContextOptions } from './check-claim.js';
import type { ClaimResult } from './results.js';

export interface AdaptiveOptions extends Omit<ContextOptions, 'round'> {
  /**
   * Stop after this round even when the claim is undecided: a merge of sharded rounds decides what
   * the merged runs allow and reports the rest as pending.
   */
  lastRound?: number;
  /** Start at this round (default 1): a claim the spec-level target sends on (proofs-check/spec-adaptive.ts). */
  firstRound?: number;
  /** Stop after this round whatever the verdict (default: the cap). */
  untilRound?: number;
  /** Called with each round's plan before it is decided (e.g. to run the whole plan on a pool). */
  prefetch?: (plan: SimParams[], round: number) => Promise<void>;
  /** Called as each round starts, with the seeds it uses. */
  onRound?: (round: number, rounds: number, seeds: number, plan: number) => void;
}

export interface AdaptiveOutcome {
  result: ClaimResult;
  /** The round a sharded check must run next for this claim (null: decided, or the cap was reached). */
  pending: { round: number; seeds: number } | null;
  /** The round the result comes from, and the claim's planned rounds. */
  round: number;
  rounds: number;
}

/** The seeds per round of a claim (seedSchedule of its budget). */
export function claimSchedule(loaded: LoadedSpec, claimIndex: number, opts: Pick<ContextOptions, 'profile' | 'budget'>): number[] {
  return seedSchedule(claimBudget(loaded, claimIndex, opts));
}

/**
 * Decide a claim with seeds added in rounds: round r uses the first schedule[r - 1] seeds and the
 * per-look level, and the check stops at the first round whose verdict is not inconclusive. Each
 * round's plan is the claim's plan with more seeds, so earlier rounds' runs are cache hits.
 */
export async function checkClaimAdaptively(loaded: LoadedSpec, claimIndex: number, opts: AdaptiveOptions, claimOpts: CheckClaimOptions = {}): Promise<AdaptiveOutcome> {
  const schedule = claimSchedule(loaded, claimIndex, opts);
  const last = Math.min(schedule.length, opts.lastRound ?? schedule.length);
  const until = Math.min(schedule.length, opts.untilRound ?? schedule.length);
  const rounds = schedule.length;
  for (let round = Math.max(1, opts.firstRound ?? 1); ; round++) {
    const ctx = makeContext(loaded, claimIndex, { ...opts, round });
    const plan = planClaim(ctx);
    opts.onRound?.(round, schedule.length, schedule[round - 1], plan.length);
    if (opts.prefetch) await opts.prefetch(plan, round);
    const result = await checkClaim(ctx, claimOpts);
    const decided = result.verdict !== 'inconclusive';
    if (decided || round >= rounds || round >= until) return { result, pending: null, round, rounds };
    if (round >= last) {
      const note = `Undecided after round ${round} of ${rounds} (${schedule[round - 1]} seeds); round ${round + 1} (${schedule[round]} seeds) has not been run yet.`;
      return { result: { ...result, reason: `${note} ${result.reason}` }, pending: { round: round + 1, seeds: schedule[round] }, round, rounds };
    }
  }
}
