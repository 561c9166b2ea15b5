import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** A two-sided interval at confidence `level`; bounds may be -Infinity/Infinity when one side is unknown. */
export interface Interval {
  lower: number;
  upper: number;
  level: number;
}

export type BinomialMethod = 'clopper-pearson' | 'wilson';

export interface ProportionInterval extends Interval {
  k: number;
  n: number;
  /** k / n (NaN when n = 0). */
  estimate: number;
  method: BinomialMethod;
}

export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
}

function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`trials n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`successes k must be an integer in [0, n=${n}], got ${k}`);
}

/**
 * Clopper-Pearson exact interval: the bounds are beta quantiles, so coverage is at least
 * `level` for every true rate (conservative, never anti-conservative).
 */
export function clopperPearson(k: number, n: number, level = 0.95): ProportionInterval {
  checkCounts(k, n);
  checkLevel(level);
  if (n === 0) return { k, n, estimate: NaN, lower: 0, upper: 1, level, method: 'clopper-pearson' };
  const alpha = 1 - level;
  const lower = k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1);
  const upper = k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k);
  return { k, n, estimate: k / n, lower, upper, level, method: 'clopper-pearson' };
}

/** Wilson score interval: shorter than Clopper-Pearson, coverage close to (not always above) `level`. */
export function wilson(k: number, n: number, level = 0.95): ProportionInterval {
  checkCounts(k, n);
  checkLevel(level);
  if (n === 0) return { k, n, estimate: NaN, lower: 0, upper: 1, level, method: 'wilson' };
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // Clamp the rounding noise at k = 0 and k = n, where the exact bound is 0 or 1.
  const lower = k === 0 ? 0 : Math.max(0, centre - half);
  const upper = k === n ? 1 : Math.min(1, centre + half);
  return { k, n, estimate: p, lower, upper, level, method: 'wilson' };
}

export function binomialInterval(k: number, n: number, level = 0.95, method: BinomialMethod = 'clopper-pearson'): ProportionInterval {
  return method === 'wilson' ? wilson(k, n, level) : clopperPearson(k, n, level);
}
