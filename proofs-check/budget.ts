import { z } from 'zod';

/**
 * How much statistical effort a check spends. Profiles never change a simulation's own
 * parameters (that would change the claim being tested), only how many seeds, points and
 * grid values are used to decide it.
 */
export const Budget = z.object({
  /** Independent seeds per parameter point in the first round of an adaptive check (the whole budget of a fixed one). */
  seeds: z.number().int().min(1),
  /**
   * Cap of an adaptive check: an undecided claim gets more seeds, doubling round by round
   * (seeds, 2 seeds, 4 seeds, ...) up to this many. Equal to `seeds`: a fixed design, one round.
   */
  maxSeeds: z.number().int().min(1),
  /** Parameter points drawn by the property-based search (bound, comparison, monotone regions). */
  points: z.number().int().min(1),
  /** Values on the grid of a threshold search (label / sample complexity). */
  gridPoints: z.number().int().min(2),
  /** Confidence level of every interval. */
  level: z.number().gt(0.5).lt(1),
  /** Bootstrap resamples. */
  resamples: z.number().int().min(100),
  /** Upper bound on shrink steps after a failure (each may cost a run per seed). */
  maxShrinks: z.number().int().min(0),
});
export type Budget = z.infer<typeof Budget>;

export const PROFILES = ['quick', 'standard', 'paper'] as const;
export type Profile = (typeof PROFILES)[number];

export const PROFILE_BUDGETS: Record<Profile, Budget> = {
  // Minutes on a laptop: enough seeds for an interval, few points.
  quick: { seeds: 3, maxSeeds: 12, points: 4, gridPoints: 6, level: 0.95, resamples: 1000, maxShrinks: 8 },
  // Before submitting a paper.
  standard: { seeds: 5, maxSeeds: 40, points: 12, gridPoints: 9, level: 0.95, resamples: 2000, maxShrinks: 30 },
  // Overnight.
  paper: { seeds: 10, maxSeeds: 80, points: 40, gridPoints: 13, level: 0.95, resamples: 5000, maxShrinks: 100 },
};

/** The profile's budget with a claim's own per-profile overrides applied. */
export function budgetFor(profile: Profile, overrides?: Partial<Record<Profile, Partial<Budget>>>): Budget {
  return Budget.parse({ ...PROFILE_BUDGETS[profile], ...(overrides?.[profile] ?? {}) });
}

/**
 * Seeds per round of an adaptive check: the first round's seeds, doubled each round, the last
 * round exactly the cap. A cap at or below the first round's seeds is a fixed design (one round).
 */
export function seedSchedule(budget: Pick<Budget, 'seeds' | 'maxSeeds'>): number[] {
  const out = [budget.seeds];
  while (out[out.length - 1] < budget.maxSeeds) out.push(Math.min(budget.maxSeeds, out[out.length - 1] * 2));
  return out;
}

/**
 * Confidence level of each look when a claim may stop at any of `looks` planned rounds: the error
 * probability 1 - level split evenly across the looks (Bonferroni alpha spending). Whatever round
 * the check stops at, the chance that any look's interval missed is at most 1 - level, so stopping
 * as soon as a claim is decided keeps the stated error rates of the fixed-size rule.
 */
export function lookLevel(level: number, looks: number): number {
  return looks <= 1 ? level : 1 - (1 - level) / looks;
}
