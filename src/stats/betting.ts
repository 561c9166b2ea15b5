import { checkLevel } from './binomial.js';

/**
 * Betting confidence sequences for the mean of a bounded variable (Waudby-Smith & Ramdas 2023,
 * "Estimating means of bounded random variables by betting", JRSS-B), with the hedged-capital
 * process and their predictable plug-in bets.
 *
 * For a candidate mean m, a gambler bets on each observation in turn: K_t(m) = prod (1 +/- l_i (x_i - m)),
 * with bets l_i chosen from the observations before i only. Under mean m (or any mean on the other
 * side) K_t is a non-negative supermartingale, so by Ville's inequality it reaches 1/alpha with
 * probability at most alpha at ANY time: the bounds below stay valid when seeds are added in batches
 * and the rule is asked again after each batch (optional stopping). The only assumption is the
 * support; in exchange, few observations decide only large effects (n values at the support's edge
 * reject a mean m = edge + d only when (1 + d / (range - d))^n approaches 1/alpha).
 */

/** Where a variable's values lie, [lo, hi] with lo < hi (finite). */
export type Support = readonly [number, number];

/** Fraction of the largest safe bet (1/m or 1/(1-m)) the gambler may stake: < 1 so one edge value never ruins it. */
export const BET_TRUNCATION = 0.9;
/** Values this far outside the support (rounding in an engine) are clamped to it; further is an error. */
const SUPPORT_SLACK = 1e-9;

export interface BettingBounds {
  mean: number;
  n: number;
  /** Lower and upper confidence bounds, each one-sided at `level`, valid simultaneously over n. */
  lower: number;
  upper: number;
  level: number;
  method: string;
}

function checkSupport(support: Support): void {
  const [lo, hi] = support;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) throw new RangeError(`betting: support must be finite with lo < hi, got [${lo}, ${hi}]`);
}

/** Values rescaled to [0, 1]. */
function normalise(values: readonly number[], support: Support): number[] {
  const [lo, hi] = support;
  return values.map((v, i) => {
    if (!Number.isFinite(v) || v < lo - SUPPORT_SLACK || v > hi + SUPPORT_SLACK) {
      throw new RangeError(`betting: value ${i} (${v}) lies outside the support [${lo}, ${hi}]`);
    }
    return Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
  });
}

/**
 * The largest capital reached so far, max over t <= n of K_t(m), betting that the mean is above m
 * (`side` +1) or below it (-1). Observations in [0, 1]; m in [0, 1]. Bets are the predictable
 * plug-in of Waudby-Smith & Ramdas (their lambda^PrPl with the regularised running variance),
 * truncated so that the capital stays positive.
 */
function maxCapital(y: readonly number[], m: number, side: 1 | -1, alpha: number): number {
  const room = side > 0 ? m : 1 - m;
  const cap = room > 0 ? BET_TRUNCATION / room : Infinity;
  let capital = 1;
  let best = 1;
  let sum = 0;
  let squares = 0;
  let variance = 1 / 4;
  for (let t = 1; t <= y.length; t++) {
    const x = y[t - 1];
    const plugIn = Math.sqrt((2 * Math.log(1 / alpha)) / (variance * t * Math.log(1 + t)));
    const bet = Math.min(plugIn, cap);
    capital *= Math.max(0, 1 + side * bet * (x - m));
    if (capital > best) best = capital;
    sum += x;
    const runningMean = (1 / 2 + sum) / (t + 1);
    squares += (x - runningMean) ** 2;
    variance = (1 / 4 + squares) / (t + 1);
  }
  return best;
}

/**
 * Anytime-valid one-sided p-value for the mean of bounded values against `threshold`:
 * `greater` tests H0: mean <= threshold (small p: evidence the mean is above it), `less` tests
 * H0: mean >= threshold. p = min(1, 1 / max_t K_t). `level` only tunes the bets (the rule is valid
 * for any); pass the level the decision uses so that p <= 1 - level exactly when the bound clears.
 */
export function bettingPValue(values: readonly number[], threshold: number, side: 'greater' | 'less', support: Support, level = 0.95): number {
  checkLevel(level);
  checkSupport(support);
  if (Number.isNaN(threshold)) return 1;
  const y = normalise(values, support);
  const m = (threshold - support[0]) / (support[1] - support[0]);
  if (side === 'greater') {
    if (m >= 1) return 1; // no mean in the support exceeds it
    if (m < 0) return 0; // every mean in the support does
  } else {
    if (m <= 0) return 1;
    if (m > 1) return 0;
  }
  const k = maxCapital(y, m, side === 'greater' ? 1 : -1, 1 - level);
  return Math.min(1, 1 / k);
}

/** The boundary between rejected and kept candidate means, by bisection (the capital is monotone in m). */
function boundary(y: readonly number[], side: 1 | -1, alpha: number): number {
  const rejected = (m: number) => maxCapital(y, m, side, alpha) >= 1 / alpha;
  // side +1 rejects small m: the lower bound is the largest rejected m. side -1 mirrors it.
  let keep = side > 0 ? 1 : 0;
  let reject = side > 0 ? 0 : 1;
  if (!rejected(reject)) return reject;
  for (let i = 0; i < 60; i++) {
    const mid = (keep + reject) / 2;
    if (rejected(mid)) reject = mid;
    else keep = mid;
  }
  return reject;
}

/**
 * Lower and upper confidence bounds for the mean of values in `support`, each one-sided at
 * `level` and valid at every n at once (a confidence sequence: the running intersection). Never
 * zero width: with few values the bounds stay near the support's ends.
 */
export function bettingBounds(values: readonly number[], level: number, support: Support): BettingBounds {
  checkLevel(level);
  checkSupport(support);
  const [lo, hi] = support;
  const y = normalise(values, support);
  const n = y.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : NaN;
  const alpha = 1 - level;
  const method = `betting confidence sequence (hedged capital, Waudby-Smith & Ramdas 2023) on [${lo}, ${hi}] over ${n} seeds`;
  if (n === 0) return { mean, n, lower: lo, upper: hi, level, method };
  return {
    mean,
    n,
    lower: lo + (hi - lo) * boundary(y, 1, alpha),
    upper: lo + (hi - lo) * boundary(y, -1, alpha),
    level,
    method,
  };
}
