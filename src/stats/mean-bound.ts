import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { bettingBounds, bettingPValue } from './betting.js';
import { checkLevel } from './binomial.js';

/**
 * Confidence bounds and one-sided p-values for the mean of per-seed values: the one entry point a
 * decision rule uses, whatever the metric. Bounded metrics (support finite at both ends) get the
 * betting confidence sequence (src/stats/betting.ts), valid with few seeds and under optional
 * stopping; unbounded ones (losses: [0, inf)) get Student t, which assumes roughly normal seeds,
 * holds at a fixed n only, and never decides from zero spread.
 */

/** Where the values lie; an end may be infinite (losses are >= 0, unbounded above). */
export type ValueSupport = readonly [number, number];

export interface MeanBounds {
  mean: number;
  /** Sample standard deviation (NaN below two values). */
  sd: number;
  n: number;
  /** Each one-sided at `level`: together a (2 level - 1) two-sided interval. */
  lower: number;
  upper: number;
  level: number;
  method: string;
  /** Whether the bounds stay valid when values are added and the rule asked again (confidence sequence). */
  anytimeValid: boolean;
}

export type Side = 'greater' | 'less';

const bounded = (s: ValueSupport) => Number.isFinite(s[0]) && Number.isFinite(s[1]);

function moments(values: readonly number[]) {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : NaN;
  const sd = n >= 2 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : NaN;
  return { n, mean, sd };
}

/**
 * Whether the t rule may decide: two values or more with real spread. Identical seeds prove
 * nothing; their computed sd is rounding noise (~1e-17), hence the relative floor.
 */
function tUsable(sd: number, mean: number): boolean {
  return Number.isFinite(sd) && sd > 1e-12 * Math.max(1, Math.abs(mean));
}

/** One-sided bounds on the mean at `level` each. */
export function meanBounds(values: readonly number[], level: number, support: ValueSupport = [-Infinity, Infinity]): MeanBounds {
  checkLevel(level);
  const { n, mean, sd } = moments(values);
  if (bounded(support)) {
    const b = bettingBounds(values, level, support);
    return { mean, sd, n, lower: b.lower, upper: b.upper, level, method: b.method, anytimeValid: true };
  }
  const method = `Student t over ${n} seeds (one-sided ${level * 100}% bounds${tUsable(sd, mean) || n < 2 ? '' : '; no spread, so no bound'})`;
  if (!tUsable(sd, mean)) return { mean, sd, n, lower: support[0], upper: support[1], level, method, anytimeValid: false };
  const half = tQuantile(level, n - 1) * (sd / Math.sqrt(n));
  return {
    mean,
    sd,
    n,
    lower: Math.max(support[0], mean - half),
    upper: Math.min(support[1], mean + half),
    level,
    method,
    anytimeValid: false,
  };
}

/**
 * One-sided p-value for the mean against `threshold`: `greater` tests H0: mean <= threshold,
 * `less` tests H0: mean >= threshold. 1 when the values cannot speak (fewer than two, or no spread
 * for an unbounded metric). `level` tunes the betting rule's bets (see bettingPValue).
 */
export function meanPValue(values: readonly number[], threshold: number, side: Side, support: ValueSupport = [-Infinity, Infinity], level = 0.95): number {
  if (bounded(support)) return bettingPValue(values, threshold, side, support, level);
  if (Number.isNaN(threshold)) return 1;
  // A threshold outside the support settles the question without data.
  if (side === 'greater' && threshold < support[0]) return 0;
  if (side === 'less' && threshold > support[1]) return 0;
  const { n, mean, sd } = moments(values);
  if (!tUsable(sd, mean)) return 1;
  const z = (mean - threshold) / (sd / Math.sqrt(n));
  return side === 'greater' ? 1 - tCdf(z, n - 1) : tCdf(z, n - 1);
}
