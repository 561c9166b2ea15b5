import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { checkLevel } from './binomial.js';
import { censoredMean, type CensoredMean, type CensoredValue } from './censored.js';

/** One seed's quantity at one value of the swept parameter (log scale), exact or a bound. */
export interface SeedObservation {
  /** log of the swept parameter's value. */
  x: number;
  /** log of the quantity, or of its bound. */
  y: number;
  censored: 'none' | 'above' | 'below';
}

/** One seed's least-squares slope over its observations: exact, a bound, or not bounded at all. */
export interface SeedSlope extends CensoredValue {
  /** False when the seed's bounds pull the slope both ways (or it has fewer than two x values): it says nothing about the slope. */
  informative: boolean;
}

/**
 * The least-squares slope of one seed's observations, b = sum_i w_i y_i with w_i = (x_i - mean x) / Sxx.
 * A censored y_i moves b in the direction of sign(w_i) times its own, so with every censored point
 * pulling the same way b is a one-sided bound (the value with the bounds read as values); with
 * bounds pulling both ways it is unbounded. A point with w_i = 0 (the centre of a symmetric design)
 * does not enter b at all.
 */
export function seedSlope(obs: readonly SeedObservation[]): SeedSlope {
  const xs = obs.map((o) => o.x);
  if (new Set(xs).size < 2) return { y: NaN, censored: 'none', informative: false };
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  let b = 0;
  let direction: 'none' | 'above' | 'below' = 'none';
  for (const o of obs) {
    const w = (o.x - mx) / sxx;
    b += w * o.y;
    if (o.censored === 'none' || Math.abs(w) < 1e-12 / Math.sqrt(sxx)) continue;
    const pulls: 'above' | 'below' = (w > 0) === (o.censored === 'above') ? 'above' : 'below';
    if (direction !== 'none' && direction !== pulls) return { y: NaN, censored: 'none', informative: false };
    direction = pulls;
  }
  return { y: b, censored: direction, informative: true };
}

export interface ClusteredSlope {
  /** Per seed, in order; NaN y for a seed that gave no slope. */
  seeds: SeedSlope[];
  /** The interval for the mean slope over seeds (null when fewer than two seeds are informative). */
  interval: CensoredMean | null;
  informative: number;
}

/**
 * Slope of log quantity on log x when seed s sees the same data at every x (so the (x, seed) pairs
 * are clusters, not independent points): one slope per seed, then an interval for their mean
 * over seeds (seeds are independent). Without censoring it is Student's t over the per-seed slopes,
 * exact under a random-slope model with a common design; seeds whose slope is only bounded enter as
 * censored normal observations (profile likelihood, t-calibrated; see censoredMean).
 */
export function clusteredSlope(perSeed: readonly (readonly SeedObservation[])[], level = 0.95): ClusteredSlope {
  checkLevel(level);
  const seeds = perSeed.map(seedSlope);
  const used = seeds.filter((s) => s.informative);
  const interval = used.length >= 2 ? censoredMean(used, level) : null;
  return { seeds, interval, informative: used.length };
}

/**
 * How many seeds a t interval at `level` needs, at the measured spread `sd` of per-seed values with
 * mean `mean`, to lie inside [lo, hi] (or wholly outside it, if the mean is outside): null when the
 * mean sits on the band's edge or the spread is unknown.
 */
export function seedsToDecideWithin(mean: number, sd: number, lo: number, hi: number, level = 0.95, cap = 100_000): number | null {
  if (!Number.isFinite(mean) || !(sd > 0)) return null;
  const distance = mean >= lo && mean <= hi ? Math.min(mean - lo, hi - mean) : mean < lo ? lo - mean : mean - hi;
  if (!(distance > 0)) return null;
  for (let n = 2; n <= cap; n = n < 64 ? n + 1 : Math.ceil(n * 1.05)) {
    if (tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n)) < distance) return n;
  }
  return null;
}
