import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { bettingBounds, bettingPValue } from './betting.js';
import { checkLevel } from './binomial.js';
import { CV_MAX, skewTCritical, skewTPValue, smallestRejecting } from './skew-t.js';

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
 *   losses): the arm-wise rule, each arm's mean bounded by the skew-robust t at half the error
 *   rate and the two bounds combined (armWiseBounds). It holds however the arms depend on each
 *   other; a t test of the differences does not: a difference of two seed-correlated log-normal
 *   arms of unequal skew is more skewed than either arm, and such tests passed up to 25% at 5%
 *   (bench/verdict-skewed.ts, section paired-laws);
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
 * The values are paired differences of two values of one metric: `arms` are [plus, minus], each
 * arm's per-seed values, with value_i = plus_i - minus_i + a constant (a margin or tolerance), and
 * `support` the metric's. A one-sided support (a loss) selects the arm-wise skew-robust rule, which
 * reads the arms; any other support decides from the differences alone.
 */
export interface PairedArms {
  readonly arms: readonly [readonly number[], readonly number[]];
  readonly support: ValueSupport;
}

const bounded = (s: ValueSupport) => Number.isFinite(s[0]) && Number.isFinite(s[1]);
/** Bounded below, unbounded above: a loss, whose seeds may be right-skewed. */
const positive = (s: ValueSupport) => Number.isFinite(s[0]) && s[1] === Infinity;
/** Bounded above, unbounded below: mirrored (hi - v) it is a loss. */
const negative = (s: ValueSupport) => s[0] === -Infinity && Number.isFinite(s[1]);
const oneSided = (s: ValueSupport) => positive(s) || negative(s);
/** The arms, when they call for the arm-wise rule. */
function armWise(paired: PairedArms | undefined): PairedArms | null {
  return paired && oneSided(paired.support) ? paired : null;
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
  const arms = armWise(paired);
  if (arms) return armWiseBounds(values, level, arms);
  if (negative(support)) {
    const m = meanBounds(values.map((v) => support[1] - v), level, [0, Infinity]);
    return { ...m, mean, lower: support[1] - m.upper, upper: support[1] - m.lower, method: `${m.method}, of ${support[1]} - value` };
  }
  const rule = positive(support) ? 'skew-robust t' : 'Student t';
  if (!tUsable(sd, mean)) {
    const method = `${rule} over ${n} seeds (one-sided ${level * 100}% bounds${n < 2 ? '' : '; no spread, so no bound'})`;
    return { mean, sd, n, lower: support[0], upper: support[1], level, method, anytimeValid: false };
  }
  const se = sd / Math.sqrt(n);
  if (positive(support)) {
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
  const student = studentBounds(values, level);
  return {
    mean,
    sd,
    n,
    lower: Math.max(support[0], student.lower),
    upper: Math.min(support[1], student.upper),
    level,
    method: `Student t over ${n} seeds (one-sided ${level * 100}% bounds; roughly normal seeds assumed)`,
    anytimeValid: false,
  };
}

/** What the two arms' own bounds at `level` each give for plus - minus + shift. */
function armBounds(arms: PairedArms, level: number, shift: number) {
  const [plus, minus] = arms.arms.map((a) => meanBounds(a, level, arms.support));
  return { plus, minus, lower: plus.lower - minus.upper + shift, upper: plus.upper - minus.lower + shift };
}

/** The constant of value_i = plus_i - minus_i + shift, from the means (NaN without values). */
function shiftOf(values: readonly number[], arms: PairedArms): number {
  return moments(values).mean - (moments(arms.arms[0]).mean - moments(arms.arms[1]).mean);
}

/**
 * The arm-wise rule's one-sided bounds at `level` on the mean of plus - minus + shift: the lower
 * bound is plus's lower bound minus minus's upper bound, each at 1 - (1 - level) / 2, and so on.
 * By the union bound it errs with probability at most 1 - level whatever the dependence between
 * the arms, as long as each arm meets the one-loss rule's assumption. The price is the pairing:
 * a seed effect shared by both arms widens each arm's bounds instead of cancelling.
 */
function armWiseBounds(values: readonly number[], level: number, arms: PairedArms): MeanBounds {
  const { n, mean, sd } = moments(values);
  const half = 1 - (1 - level) / 2;
  const b = armBounds(arms, half, shiftOf(values, arms));
  const lower = Number.isNaN(b.lower) ? -Infinity : b.lower;
  const upper = Number.isNaN(b.upper) ? Infinity : b.upper;
  return {
    mean,
    sd,
    n,
    lower,
    upper,
    level,
    method: `arm-wise skew-robust t over ${n} seeds (one-sided ${level * 100}% bounds: each arm's mean bounded at ${fmtLevel(half)} by the skew-robust t, valid whatever the arms' dependence)`,
    anytimeValid: false,
  };
}

/** The arm-wise rule's p-value: the smallest error rate a at which its bounds at 1 - a exclude the threshold. */
function armWisePValue(values: readonly number[], threshold: number, side: Side, arms: PairedArms): number {
  const shift = shiftOf(values, arms);
  if (!Number.isFinite(shift)) return 1;
  return smallestRejecting((a) => {
    const b = armBounds(arms, 1 - a / 2, shift);
    return side === 'greater' ? b.lower > threshold : b.upper < threshold;
  });
}

const fmtLevel = (level: number) => `${Number((level * 100).toPrecision(4))}%`;

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
  const arms = armWise(paired);
  if (arms) return armWisePValue(values, threshold, side, arms);
  if (negative(support)) {
    return meanPValue(values.map((v) => support[1] - v), support[1] - threshold, side === 'less' ? 'greater' : 'less', [0, Infinity], level);
  }
  if (!positive(support)) return studentPValue(values, threshold, side);
  const { n, mean, sd } = moments(values);
  if (!tUsable(sd, mean)) return 1;
  const z = (mean - threshold) / (sd / Math.sqrt(n));
  return skewTPValue(values.map((v) => v - support[0]), z, side === 'less' ? 'lower' : 'upper');
}
