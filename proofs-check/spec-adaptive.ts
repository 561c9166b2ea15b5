import type { LoadedSpec } from '../src/spec/load.js';
import { checkClaimAdaptively, claimSchedule, type AdaptiveOptions } from './adaptive.js';
import type { CheckClaimOptions } from './check-claim.js';
import { adjustAcrossClaims, type MultiplicityMethod } from './multiplicity.js';
import type { ClaimResult } from './results.js';

export interface SpecAdaptiveOptions {
  /** The adaptive options of claim `index` (its run source, budget, events). */
  optionsFor: (index: number) => AdaptiveOptions;
  claimOptionsFor?: (index: number) => CheckClaimOptions;
  /** Nominal level of the spec-level adjustment (alpha = 1 - level). */
  level: number;
  method?: MultiplicityMethod;
  /** Called with a claim's result each time a round of it is decided (first its own stop, then each round the spec-level target adds). */
  onResult?: (index: number, result: ClaimResult, phase: 'claim' | 'spec') => void;
}

export interface SpecAdaptiveOutcome {
  /** Results in the order of `indices`, after the spec-level adjustment. */
  results: ClaimResult[];
  /** Claims stopped by `lastRound` before their target was met: the round each needs next. */
  pending: { index: number; round: number; seeds: number }[];
  /** Rounds the spec-level target added beyond the claims' own stops, per claim index. */
  extraRounds: Map<number, number>;
}

/**
 * Adaptive seeds whose stopping target is the spec-level decision. Each claim first gets rounds
 * until its own verdict is decided (as checkClaimAdaptively); then, while the spec-level
 * adjustment (Holm or Benjamini-Hochberg across the claims with p-values) turns a claim's pass into
 * inconclusive, or a later round left it undecided, that claim gets its next round, and the
 * adjustment is recomputed, until every claim of the family passes after adjustment, fails, or
 * has reached its cap. The verdict of a claim is always its last round's.
 *
 * Valid under this stopping because every p-value the adjustment sees is valid at any round,
 * however the round was chosen (sequentialPValue: anytime-valid betting p-values as they are,
 * fixed-n t ones times the planned rounds), and Holm needs nothing but valid p-values (any
 * dependence among claims). Benjamini-Hochberg's false discovery rate also needs positive
 * dependence among the p-values, which a stop that depends on other claims does not guarantee.
 */
export async function checkClaimsAdaptively(loaded: LoadedSpec, indices: readonly number[], opts: SpecAdaptiveOptions): Promise<SpecAdaptiveOutcome> {
  const raw: ClaimResult[] = [];
  const state: { round: number; rounds: number; pending: { round: number; seeds: number } | null }[] = [];
  const extraRounds = new Map<number, number>();
  for (const i of indices) {
    const outcome = await checkClaimAdaptively(loaded, i, opts.optionsFor(i), opts.claimOptionsFor?.(i));
    raw.push(outcome.result);
    state.push({ round: outcome.round, rounds: outcome.rounds, pending: outcome.pending });
    opts.onResult?.(i, outcome.result, 'claim');
  }
  const adjust = () => adjustAcrossClaims(raw, { level: opts.level, method: opts.method });
  for (let adjusted = adjust(); ; adjusted = adjust()) {
    // A claim of the family that is not decided at the spec level (a demoted pass, or a round that left it undecided) and can still get seeds.
    const next = indices
      .map((i, k) => ({ i, k }))
      .filter(({ k }) => {
        const c = adjusted[k];
        const inFamily = c.expected === 'hold' && c.adjusted?.adjustedPValue !== null && c.adjusted?.adjustedPValue !== undefined;
        return inFamily && c.verdict === 'inconclusive' && raw[k].verdict !== 'fail' && state[k].pending === null && state[k].round < state[k].rounds;
      });
    if (next.length === 0) {
      const results = adjusted.map((c, k) => {
        const extra = extraRounds.get(indices[k]);
        return extra ? { ...c, reason: `${c.reason} The spec-level target gave this claim ${extra} more round${extra === 1 ? '' : 's'} after its own rule first decided it.` } : c;
      });
      return { results, pending: pendingOf(indices, state), extraRounds };
    }
    for (const { i, k } of next) {
      const options = opts.optionsFor(i);
      const round = state[k].round + 1;
      if (options.lastRound !== undefined && round > options.lastRound) {
        const seeds = claimSchedule(loaded, i, options)[round - 1];
        state[k].pending = { round, seeds };
        raw[k] = { ...raw[k], reason: `The spec-level target needs round ${round} (${seeds} seeds), not run yet. ${raw[k].reason}` };
        continue;
      }
      const outcome = await checkClaimAdaptively(loaded, i, { ...options, firstRound: round, untilRound: round }, opts.claimOptionsFor?.(i));
      raw[k] = outcome.result;
      state[k] = { round: outcome.round, rounds: outcome.rounds, pending: outcome.pending };
      extraRounds.set(i, (extraRounds.get(i) ?? 0) + 1);
      opts.onResult?.(i, outcome.result, 'spec');
    }
  }
}

function pendingOf(indices: readonly number[], state: { pending: { round: number; seeds: number } | null }[]) {
  return indices.flatMap((index, k) => (state[k].pending ? [{ index, ...state[k].pending! }] : []));
}
