import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { bettingBounds, bettingPValue } from './betting.js';
import { checkLevel } from './binomial.js';
import { CV_MAX, pairedSkewTCritical, pairedSkewTPValue, skewTCritical, skewTPValue } from './skew-t.js';

/**
 * Confidence bounds and one-sided p-values for the mean of per-seed values: the one entry point a
 * decision rule uses, whatever the metric. The rule follows from where the values lie and, for
 * paired differences, from where the two arms lie; the caller says which it has (see PairedArms):
 * - bounded on both sides (errors, alignments, their differences): the betting confidence
 *   sequence (src/stats/betting.ts), valid with few seeds and under optional stopping;
 * - bounded on one side only (losses: [0, inf)): the t statistic with skew-robust critical values
 *   (src/stats/skew-t.ts: valid for seeds skewed away from the bound up to a stated cv); a metric
 *   bounded above only is mirrored onto [0, inf) first;
 * - paired differences of two such one-sided values (comparison advantages and monotone steps on
 *   losses): the t statistic against the worst skewed null of either sign (pairedSkewTPValue),
 *   because Student t, which assumes roughly normal differences, passes too often when one arm is
 *   skewed (bench/verdict-skewed.ts, section paired);
 * - anywhere on the line (a plug-in metric with range null, and differences of such values):
 *   Student t, whose assumption (roughly normal seeds) is the only one left to make.
 * The t rules hold at a fixed n only and never decide from zero spread. studentPValue /
 * studentBounds are Student t itself, the reference the skew-robust rules are measured against.
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

/**
 * The values are paired differences a - b of two values of one metric: each arm's per-seed values
 * and the metric's support. Only a one-sided support (a loss) selects the paired skew-robust rule;
 * the arms' spread then narrows the skewed laws it allows (see pairedSkewTPValue).
 */
export interface PairedArms {
  readonly arms: readonly (readonly number[])[];
  readonly support: ValueSupport;
}

const bounded = (s: ValueSupport) => Number.isFinite(s[0]) && Number.isFinite(s[1]);
/** Bounded below, unbounded above: a loss, whose seeds may be right-skewed. */
const positive = (s: ValueSupport) => Number.isFinite(s[0]) && s[1] === Infinity;
/** Bounded above, unbounded below: mirrored (hi - v) it is a loss. */
const negative = (s: ValueSupport) => s[0] === -Infinity && Number.isFinite(s[1]);
/** Arms in a one-sided support, moved onto [0, inf) (the skew-robust rules read their logs). */
function positiveArms(paired: PairedArms | undefined): readonly (readonly number[])[] | null {
  if (!paired) return null;
  const [lo, hi] = paired.support;
  if (positive(paired.support)) return paired.arms.map((a) => a.map((v) => v - lo));
  if (negative(paired.support)) return paired.arms.map((a) => a.map((v) => hi - v));
  return null;
}

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

/** One-sided bounds on the mean at `level` each; `paired` when the values are differences of two arms. */
export function meanBounds(values: readonly number[], level: number, support: ValueSupport = [-Infinity, Infinity], paired?: PairedArms): MeanBounds {
  checkLevel(level);
  const { n, mean, sd } = moments(values);
  if (bounded(support)) {
    const b = bettingBounds(values, level, support);
    return { mean, sd, n, lower: b.lower, upper: b.upper, level, method: b.method, anytimeValid: true };
  }
  const arms = positiveArms(paired);
  if (!arms && negative(support)) {
    const m = meanBounds(values.map((v) => support[1] - v), level, [0, Infinity]);
    return { ...m, mean, lower: support[1] - m.upper, upper: support[1] - m.lower, method: `${m.method}, of ${support[1]} - value` };
  }
  const rule = positive(support) && !arms ? 'skew-robust t' : arms ? 'paired skew-robust t' : 'Student t';
  if (!tUsable(sd, mean)) {
    const method = `${rule} over ${n} seeds (one-sided ${level * 100}% bounds${n < 2 ? '' : '; no spread, so no bound'})`;
    return { mean, sd, n, lower: support[0], upper: support[1], level, method, anytimeValid: false };
  }
  const se = sd / Math.sqrt(n);
  if (rule === 'skew-robust t') {
    // Bounds are the thresholds the p-value's test would just reject (shift-invariant t, logs of v - floor).
    const shifted = values.map((v) => v - support[0]);
    const below = skewTCritical(shifted, 1 - level, 'lower');
    const above = skewTCritical(shifted, 1 - level, 'upper');
    const cv = Math.max(below.cvBound, above.cvBound);
    return {
      mean,
      sd,
      n,
      lower: Math.max(support[0], mean - above.critical * se),
      upper: mean - below.critical * se,
      level,
      method: `skew-robust t over ${n} seeds (one-sided ${level * 100}% bounds; critical values of the worst log-normal law with cv <= ${fmtCv(cv)}${cv < CV_MAX ? ', a confidence bound from the seeds' : ''})`,
      anytimeValid: false,
    };
  }
  if (arms) {
    const critical = pairedSkewTCritical(n, 1 - level, arms);
    const half = critical.critical * se;
    return {
      mean,
      sd,
      n,
      lower: Math.max(support[0], mean - half),
      upper: Math.min(support[1], mean + half),
      level,
      method: `paired skew-robust t over ${n} seeds (one-sided ${level * 100}% bounds; critical values of the worst log-normal arm with cv <= ${fmtCv(critical.cvBound)}, of either sign${arms.length && critical.cvBound < CV_MAX ? ', a confidence bound from the arms' : ''})`,
      anytimeValid: false,
    };
  }
  const half = tQuantile(level, n - 1) * se;
  return {
    mean,
    sd,
    n,
    lower: Math.max(support[0], mean - half),
    upper: Math.min(support[1], mean + half),
    level,
    method: `Student t over ${n} seeds (one-sided ${level * 100}% bounds; roughly normal seeds assumed)`,
    anytimeValid: false,
  };
}

/** Student t's one-sided bounds at `level` each (normal seeds assumed): the reference the skew-robust rules are measured against. */
export function studentBounds(values: readonly number[], level: number): { mean: number; lower: number; upper: number } {
  const { n, mean, sd } = moments(values);
  if (!tUsable(sd, mean)) return { mean, lower: -Infinity, upper: Infinity };
  const half = tQuantile(level, n - 1) * (sd / Math.sqrt(n));
  return { mean, lower: mean - half, upper: mean + half };
}

/** Student t's one-sided p-value (normal seeds assumed; 1 without spread): the reference the skew-robust rules are measured against. */
export function studentPValue(values: readonly number[], threshold: number, side: Side): number {
  const { n, mean, sd } = moments(values);
  if (!tUsable(sd, mean)) return 1;
  const z = (mean - threshold) / (sd / Math.sqrt(n));
  return side === 'greater' ? 1 - tCdf(z, n - 1) : tCdf(z, n - 1);
}

const fmtCv = (cv: number) => String(Number(cv.toPrecision(2)));

/**
 * One-sided p-value for the mean against `threshold`: `greater` tests H0: mean <= threshold,
 * `less` tests H0: mean >= threshold. 1 when the values cannot speak (fewer than two, or no spread
 * for an unbounded metric). `level` tunes the betting rule's bets (see bettingPValue); `paired` as for meanBounds.
 */
export function meanPValue(values: readonly number[], threshold: number, side: Side, support: ValueSupport = [-Infinity, Infinity], level = 0.95, paired?: PairedArms): number {
  if (bounded(support)) return bettingPValue(values, threshold, side, support, level);
  if (Number.isNaN(threshold)) return 1;
  // A threshold outside the support settles the question without data.
  if (side === 'greater' && threshold < support[0]) return 0;
  if (side === 'less' && threshold > support[1]) return 0;
  const arms = positiveArms(paired);
  if (!arms && negative(support)) {
    return meanPValue(values.map((v) => support[1] - v), support[1] - threshold, side === 'less' ? 'greater' : 'less', [0, Infinity], level);
  }
  const { n, mean, sd } = moments(values);
  if (!tUsable(sd, mean)) return 1;
  const z = (mean - threshold) / (sd / Math.sqrt(n));
  if (arms) return pairedSkewTPValue(n, z, side === 'less' ? 'lower' : 'upper', arms);
  if (positive(support)) return skewTPValue(values.map((v) => v - support[0]), z, side === 'less' ? 'lower' : 'upper');
  return side === 'greater' ? 1 - tCdf(z, n - 1) : tCdf(z, n - 1);
}
