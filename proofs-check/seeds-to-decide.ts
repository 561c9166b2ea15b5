import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { ClaimKind } from '../src/spec/schema.js';
import type { Statistic } from './results.js';

/**
 * Kinds whose statistic is a mean or slope over seeds, so its interval narrows like
 * t(m - 1) / sqrt(m) as seeds are added. Phase-transition cells and invariant steps do not.
 */
const NARROWS_WITH_SEEDS: Record<ClaimKind, boolean> = {
  bound: true,
  comparison: true,
  monotone: true,
  scaling: true,
  'phase-transition': false,
  invariant: false,
};

/** The numbers a statistic is compared with: one for "<= x", two for "in [a, b]". */
function thresholds(text: string): number[] {
  return (text.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number).filter(Number.isFinite);
}

/**
 * Generic estimate of the seeds an undecided claim needs: the smallest m whose interval, with the
 * measured spread, no longer reaches the threshold from the measured value, at the level of the
 * looks. A rough guide (it takes the spread and the value as exact); null when the statistic
 * does not narrow with seeds, has no finite interval, or sits on the threshold.
 */
export function estimateSeedsToDecide(kind: ClaimKind, statistic: Statistic | null, seeds: number, level: number): number | null {
  if (!NARROWS_WITH_SEEDS[kind] || !statistic || statistic.value === null || !statistic.interval || seeds < 2) return null;
  const [lo, hi] = statistic.interval;
  const value = statistic.value;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const targets = thresholds(statistic.threshold);
  if (targets.length === 0) return null;
  const distance = Math.min(...targets.map((t) => Math.abs(value - t)));
  // The half of the interval that faces the nearest threshold.
  const nearest = targets.reduce((a, b) => (Math.abs(value - a) <= Math.abs(value - b) ? a : b));
  const half = nearest >= value ? hi - value : value - lo;
  if (!(distance > 0) || !(half > 0)) return null;
  const q = (m: number) => tQuantile(1 - (1 - level) / 2, m - 1);
  // half = q(n) * s / sqrt(n): the spread s per seed it implies.
  const spread = (half * Math.sqrt(seeds)) / q(seeds);
  for (let m = seeds + 1; m <= 100_000; m = m < 1000 ? m + 1 : Math.ceil(m * 1.01)) {
    if ((q(m) * spread) / Math.sqrt(m) < distance) return m;
  }
  return null;
}
