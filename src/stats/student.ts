import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { checkLevel, type Interval } from './binomial.js';

export interface MeanInterval extends Interval {
  mean: number;
  sd: number;
  n: number;
}

/**
 * Two-sided Student-t interval for the mean of a few replicate values (one per seed).
 * With 3 seeds t(2) is 4.30 at 95%: wide on purpose, the budget should decide, not the formula.
 * One value gives an unbounded interval; identical values give a zero-width one.
 */
export function meanInterval(values: readonly number[], level = 0.95): MeanInterval {
  checkLevel(level);
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, n, lower: NaN, upper: NaN, level };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: NaN, n, lower: -Infinity, upper: Infinity, level };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, sd, n, lower: mean - half, upper: mean + half, level };
}
