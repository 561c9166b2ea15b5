import { z } from 'zod';

/**
 * How much statistical effort a check spends. Profiles never change a simulation's own
 * parameters (that would change the claim being tested), only how many seeds, points and
 * grid values are used to decide it.
 */
export const Budget = z.object({
  /** Independent seeds per parameter point. */
  seeds: z.number().int().min(1),
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
  quick: { seeds: 3, points: 4, gridPoints: 6, level: 0.95, resamples: 1000, maxShrinks: 8 },
  // Before submitting a paper.
  standard: { seeds: 5, points: 12, gridPoints: 9, level: 0.95, resamples: 2000, maxShrinks: 30 },
  // Overnight.
  paper: { seeds: 10, points: 40, gridPoints: 13, level: 0.95, resamples: 5000, maxShrinks: 100 },
};

/** The profile's budget with a claim's own per-profile overrides applied. */
export function budgetFor(profile: Profile, overrides?: Partial<Record<Profile, Partial<Budget>>>): Budget {
  return Budget.parse({ ...PROFILE_BUDGETS[profile], ...(overrides?.[profile] ?? {}) });
}
