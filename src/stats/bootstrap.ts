import { Rng } from '../util/rng.js';
import { checkLevel, type Interval } from './binomial.js';

export interface BootstrapOptions {
  /** Seed of the resampling stream; the same seed gives the same interval. */
  seed: number;
  /** Number of bootstrap resamples (default 2000). */
  resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  level?: number;
}

export interface BootstrapResult extends Interval {
  /** The statistic on the original data. */
  estimate: number;
  method: 'percentile';
  resamples: number;
  /** Resamples whose statistic was NaN or infinite; they are left out of the percentiles. */
  nonFinite: number;
  seed: number;
}

/** Quantile of sorted values by linear interpolation between order statistics (R type 7, numpy default). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Percentile interval of bootstrap replicates (non-finite ones counted and dropped). */
export function percentileInterval(replicates: readonly number[], level: number): Interval & { nonFinite: number } {
  checkLevel(level);
  const finite = Float64Array.from(replicates.filter(Number.isFinite)).sort();
  const alpha = 1 - level;
  return {
    lower: quantileSorted(finite, alpha / 2),
    upper: quantileSorted(finite, 1 - alpha / 2),
    level,
    nonFinite: replicates.length - finite.length,
  };
}

function options(opts: BootstrapOptions): { resamples: number; level: number } {
  const resamples = opts.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const level = opts.level ?? 0.95;
  checkLevel(level);
  return { resamples, level };
}

/**
 * Generic seeded bootstrap: `draw(rng)` builds one resample and returns its statistic.
 * Used by the resampling schemes below and by callers with a scheme of their own.
 */
export function bootstrapWith(estimate: number, draw: (rng: Rng) => number, opts: BootstrapOptions): BootstrapResult {
  const { resamples, level } = options(opts);
  const rng = new Rng(opts.seed, 'bootstrap');
  const reps = new Array<number>(resamples);
  for (let b = 0; b < resamples; b++) reps[b] = draw(rng);
  const { lower, upper, nonFinite } = percentileInterval(reps, level);
  return { estimate, lower, upper, level, method: 'percentile', resamples, nonFinite, seed: opts.seed };
}

/** Draw a resample of `data` with replacement. */
export function resample<T>(data: readonly T[], rng: Rng): T[] {
  const out = new Array<T>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[rng.int(data.length)];
  return out;
}

/** Percentile bootstrap of any statistic of i.i.d. observations. */
export function bootstrap<T>(data: readonly T[], statistic: (sample: readonly T[]) => number, opts: BootstrapOptions): BootstrapResult {
  if (data.length === 0) throw new RangeError('bootstrap needs at least one observation');
  return bootstrapWith(statistic(data), (rng) => statistic(resample(data, rng)), opts);
}

/**
 * Stratified bootstrap: each group (e.g. the seeds at one grid point) is resampled within
 * itself, so every resample keeps the design's group sizes.
 */
export function bootstrapGroups<T>(
  groups: readonly (readonly T[])[],
  statistic: (groups: readonly (readonly T[])[]) => number,
  opts: BootstrapOptions,
): BootstrapResult {
  if (groups.some((g) => g.length === 0)) throw new RangeError('bootstrapGroups: every group needs at least one observation');
  return bootstrapWith(statistic(groups), (rng) => statistic(groups.map((g) => resample(g, rng))), opts);
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
