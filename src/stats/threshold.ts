import { binomialInterval, checkLevel, type BinomialMethod } from './binomial.js';
import { isotonic } from './isotonic.js';

/** Successes k out of n runs at one value of the swept parameter (e.g. nLabeled). */
export interface SuccessCount {
  value: number;
  k: number;
  n: number;
}

/**
 * - `none`: the target is first reached inside the grid; `value` is the interpolated estimate.
 * - `above-range`: never reached up to the largest value tried; the true threshold is > `value` (a lower bound).
 * - `below-range`: already reached at the smallest value tried; the true threshold is <= `value` (an upper bound).
 */
export type Censoring = 'none' | 'above-range' | 'below-range';

export interface ThresholdCurvePoint extends SuccessCount {
  rate: number;
  /** Isotonic (non-decreasing) fit of the rates, weighted by n. */
  fitted: number;
  /** Pointwise binomial interval of the rate, then tightened by monotonicity (see findThreshold). */
  lower: number;
  upper: number;
}

export interface ThresholdResult {
  /** The estimate when `censored` is `none`; otherwise the bound (see Censoring). */
  value: number;
  censored: Censoring;
  /**
   * Where the true threshold lies, from the monotone binomial band: `lower` is 0 when it may be
   * below the grid, `upper` is Infinity when it may be above it.
   */
  interval: { lower: number; upper: number; level: number };
  target: number;
  curve: ThresholdCurvePoint[];
  /**
   * The data contradict a monotone curve at this level (somewhere the tightened lower bound
   * exceeds the tightened upper bound); the interval is then [0, Infinity]: nothing is claimed.
   */
  monotoneConflict: boolean;
}

export interface ThresholdOptions {
  /** Target success rate in (0, 1]. */
  target: number;
  level?: number;
  method?: BinomialMethod;
}

function checkPoints(points: readonly SuccessCount[]): SuccessCount[] {
  if (points.length === 0) throw new RangeError('threshold: no grid points');
  const merged = new Map<number, SuccessCount>();
  for (const p of points) {
    if (!(p.value > 0) || !Number.isFinite(p.value)) throw new RangeError(`threshold: grid value must be finite and > 0, got ${p.value}`);
    if (!Number.isInteger(p.n) || p.n < 1) throw new RangeError(`threshold: n at value ${p.value} must be a positive integer, got ${p.n}`);
    if (!Number.isInteger(p.k) || p.k < 0 || p.k > p.n) throw new RangeError(`threshold: k at value ${p.value} must be in [0, ${p.n}], got ${p.k}`);
    const prev = merged.get(p.value);
    merged.set(p.value, prev ? { value: p.value, k: prev.k + p.k, n: prev.n + p.n } : { ...p });
  }
  return [...merged.values()].sort((a, b) => a.value - b.value);
}

/**
 * Smallest value of the parameter where the success rate reaches `target`, from success counts
 * on a grid, assuming the true rate is non-decreasing in the parameter.
 *
 * The estimate interpolates the isotonic fit linearly in log(value) between the two grid points
 * that bracket the target (bisection on that monotone curve has this crossing as its limit; it is
 * computed directly). The interval uses only monotonicity and pointwise binomial intervals
 * [L_i, U_i] (each at `level`; not simultaneous): the true rate at v_i is at most min_{j>=i} U_j and
 * at least max_{j<=i} L_j, so the threshold is above every v_i whose tightened upper bound is below
 * target and at most the first v_i whose tightened lower bound reaches it. No interpolation there.
 */
export function findThreshold(points: readonly SuccessCount[], opts: ThresholdOptions): ThresholdResult {
  const { target } = opts;
  const level = opts.level ?? 0.95;
  checkLevel(level);
  if (!(target > 0 && target <= 1)) throw new RangeError(`threshold: target rate must be in (0, 1], got ${target}`);
  const grid = checkPoints(points);
  const rates = grid.map((p) => p.k / p.n);
  const fitted = isotonic(rates, grid.map((p) => p.n));
  const bands = grid.map((p) => binomialInterval(p.k, p.n, level, opts.method));
  const lower: number[] = [];
  const upper: number[] = new Array<number>(grid.length);
  for (let i = 0, best = 0; i < grid.length; i++) lower.push((best = Math.max(best, bands[i].lower)));
  for (let i = grid.length - 1, best = 1; i >= 0; i--) upper[i] = best = Math.min(best, bands[i].upper);
  const curve = grid.map((p, i) => ({ ...p, rate: rates[i], fitted: fitted[i], lower: lower[i], upper: upper[i] }));

  let lastBelow = -1;
  for (let i = 0; i < grid.length; i++) if (upper[i] < target) lastBelow = i;
  const firstAbove = lower.findIndex((l) => l >= target);
  const monotoneConflict = lower.some((l, i) => l > upper[i]);
  const interval = monotoneConflict
    ? { lower: 0, upper: Infinity, level }
    : {
        lower: lastBelow < 0 ? 0 : grid[lastBelow].value,
        upper: firstAbove < 0 ? Infinity : grid[firstAbove].value,
        level,
      };

  const first = fitted.findIndex((f) => f >= target);
  const base = { interval, target, curve, monotoneConflict };
  if (first === 0) return { value: grid[0].value, censored: 'below-range', ...base };
  if (first < 0) return { value: grid[grid.length - 1].value, censored: 'above-range', ...base };
  const [a, b] = [grid[first - 1].value, grid[first].value];
  const t = (target - fitted[first - 1]) / (fitted[first] - fitted[first - 1]);
  const raw = Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a)));
  // Data that contradict monotonicity can put the pooled estimate outside the band; keep it inside.
  const value = Math.min(Math.max(raw, interval.lower), interval.upper);
  return { value, censored: 'none', ...base };
}

export interface AdaptiveOptions extends ThresholdOptions {
  /** Integer search range [lo, hi], lo >= 1. */
  lo: number;
  hi: number;
  /** Stop when hi/lo of the bracket is at most this (default: adjacent integers only). */
  ratio?: number;
  /** Upper limit on evaluations (default 64). */
  maxEvaluations?: number;
}

export interface AdaptiveResult extends ThresholdResult {
  /** Every evaluation made, in order. */
  evaluations: SuccessCount[];
}

/**
 * Adaptive search: evaluates the ends of [lo, hi], then bisects on the log scale over integers,
 * moving towards where the fitted rate crosses the target. The final estimate and interval are
 * findThreshold over all evaluations. Checkers mostly use fixed grids (plannable, shardable).
 */
export async function findThresholdAdaptive(
  successAt: (value: number) => Promise<{ k: number; n: number }>,
  opts: AdaptiveOptions,
): Promise<AdaptiveResult> {
  const { lo, hi } = opts;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
    throw new RangeError(`adaptive threshold: need integers 1 <= lo <= hi, got lo=${lo}, hi=${hi}`);
  }
  const maxEvaluations = opts.maxEvaluations ?? 64;
  const ratio = opts.ratio ?? 1;
  const evaluations: SuccessCount[] = [];
  const evaluate = async (value: number): Promise<void> => {
    if (evaluations.length >= maxEvaluations) return;
    const { k, n } = await successAt(value);
    evaluations.push({ value, k, n });
  };
  const fitAt = (value: number): number => {
    const r = findThreshold(evaluations, opts);
    return r.curve.find((c) => c.value === value)!.fitted;
  };

  await evaluate(lo);
  if (hi !== lo) await evaluate(hi);
  let a = lo;
  let b = hi;
  if (evaluations.length === 2 && fitAt(lo) < opts.target && fitAt(hi) >= opts.target) {
    while (b - a > 1 && b / a > ratio && evaluations.length < maxEvaluations) {
      const mid = Math.min(b - 1, Math.max(a + 1, Math.round(Math.sqrt(a * b))));
      await evaluate(mid);
      // Re-fitting after each evaluation lets a pooled (non-monotone) observation move the bracket.
      if (fitAt(mid) >= opts.target) b = mid;
      else a = mid;
      if (fitAt(a) >= opts.target || fitAt(b) < opts.target) break;
    }
  }
  return { ...findThreshold(evaluations, opts), evaluations };
}
