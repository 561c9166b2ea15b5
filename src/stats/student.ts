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

export interface SlopeInterval extends Interval {
  slope: number;
  intercept: number;
  se: number;
  df: number;
}

/**
 * Least-squares slope of y on x with its Student-t interval (df = n - 2). Exact points give a
 * zero-width interval; fewer than three points or no spread in x give an unbounded one.
 */
export function slopeInterval(x: readonly number[], y: readonly number[], level = 0.95): SlopeInterval {
  checkLevel(level);
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = n >= 2 && sxx > 0 ? sxy / sxx : NaN;
  const intercept = my - slope * mx;
  const df = n - 2;
  if (!(df >= 1) || !Number.isFinite(slope)) return { slope, intercept, se: NaN, df: Math.max(0, df), lower: -Infinity, upper: Infinity, level };
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - intercept - slope * x[i]) ** 2;
  const se = Math.sqrt(rss / df / sxx);
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return { slope, intercept, se, df, lower: slope - half, upper: slope + half, level };
}
