import { bootstrapWith, mean, quantileSorted, type BootstrapResult } from './bootstrap.js';
import { checkLevel } from './binomial.js';
import type { Rng } from '../util/rng.js';

/** A point whose y is only bounded: y > lowerBound (n* > the largest nLabeled tried), or y <= upperBound. */
export type CensoredPoint = { x: number; lowerBound: number } | { x: number; upperBound: number };

/**
 * One point of a log-log fit. Either measured, with one or more replicate values of y (e.g. one
 * per seed), or censored (see CensoredPoint). A censored point is never fitted as if it were a value.
 */
export type LogLogPoint =
  | { x: number; y: number | readonly number[]; censored?: false }
  | ({ censored: true } & CensoredPoint);

/**
 * How the slope interval is bootstrapped:
 * - `within-points`: the replicates of each point are resampled within that point (the design,
 *   the x values, stays fixed); needs replicates at every point, and is the right scheme when
 *   they are seeds.
 * - `points`: whole points are resampled (pairs bootstrap); for one value per point. With few
 *   points this interval is wide and, below about 5 points, not to be trusted.
 * - `auto` (default): `within-points` when every measured point has at least 2 replicates, else `points`.
 */
export type LogLogResample = 'within-points' | 'points' | 'auto';

export interface LogLogOptions {
  seed: number;
  resamples?: number;
  level?: number;
  resample?: LogLogResample;
}

/** What the censored points imply about the slope, assuming y = C x^slope holds there too. */
export interface SlopeBound {
  /** `lower`: slope >= value; `upper`: slope <= value. */
  side: 'lower' | 'upper';
  /** The bound through the centroid of the measured points (in log-log). */
  value: number;
  /** The same bound, one-sided at `level` over bootstrap resamples (weaker than `value`). */
  conservative: number;
  level: number;
}

export interface LogLogFit {
  /** Null when fewer than two distinct measured x remain. */
  slope: number | null;
  intercept: number | null;
  r2: number | null;
  /** Bootstrap percentile interval of the slope; null when the slope is. */
  interval: BootstrapResult | null;
  resample: 'within-points' | 'points';
  /** The measured points as fitted: x and the geometric mean of their replicates. */
  fitted: { x: number; y: number; replicates: number }[];
  /** Censored points, excluded from the fit and reported here. */
  censored: CensoredPoint[];
  /** Bounds on the slope implied by the censored points (empty when none or no measured point). */
  bounds: SlopeBound[];
}

/** Ordinary least squares of ly on lx; NaN slope when lx has no spread. */
export function ols(lx: readonly number[], ly: readonly number[]): { slope: number; intercept: number; r2: number } {
  const mx = mean(lx);
  const my = mean(ly);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < lx.length; i++) {
    const dx = lx[i] - mx;
    const dy = ly[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  // Relative test: a resample that repeats one x value has sxx at rounding level.
  if (!(sxx > 1e-24 * (1 + mx * mx) * lx.length)) return { slope: NaN, intercept: NaN, r2: NaN };
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** Least-squares slope of log y on log x (natural logs; the slope does not depend on the base). */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  return ols(xs.map(Math.log), ys.map(Math.log)).slope;
}

function positive(value: number, what: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`log-log fit: ${what} must be finite and > 0, got ${value}`);
  return value;
}

interface Measured {
  lx: number;
  logs: number[];
}

/**
 * Fit log y = intercept + slope log x over the measured points, with a seeded bootstrap
 * interval for the slope, excluding and reporting censored points.
 */
export function fitLogLog(points: readonly LogLogPoint[], opts: LogLogOptions): LogLogFit {
  const level = opts.level ?? 0.95;
  checkLevel(level);
  const measured: Measured[] = [];
  const censored: CensoredPoint[] = [];
  for (const p of points) {
    positive(p.x, 'x');
    if (p.censored) {
      censored.push(
        'lowerBound' in p
          ? { x: p.x, lowerBound: positive(p.lowerBound, 'a censored lower bound') }
          : { x: p.x, upperBound: positive(p.upperBound, 'a censored upper bound') },
      );
    } else {
      const ys = typeof p.y === 'number' ? [p.y] : [...p.y];
      if (ys.length === 0) throw new RangeError(`log-log fit: the point at x=${p.x} has no y value`);
      measured.push({ lx: Math.log(p.x), logs: ys.map((y) => Math.log(positive(y, 'y'))) });
    }
  }
  const mode = opts.resample ?? 'auto';
  const scheme: 'within-points' | 'points' =
    mode === 'auto' ? (measured.length > 0 && measured.every((m) => m.logs.length >= 2) ? 'within-points' : 'points') : mode;
  if (scheme === 'within-points' && measured.some((m) => m.logs.length < 2)) {
    throw new RangeError('log-log fit: within-points resampling needs at least 2 replicates at every measured point');
  }

  const fitted = measured.map((m) => ({ x: Math.exp(m.lx), y: Math.exp(mean(m.logs)), replicates: m.logs.length }));
  const base = ols(
    measured.map((m) => m.lx),
    measured.map((m) => mean(m.logs)),
  );
  const empty = { fitted, censored, resample: scheme, bounds: [] as SlopeBound[] };
  if (!Number.isFinite(base.slope)) return { slope: null, intercept: null, r2: null, interval: null, ...empty };

  // Each bootstrap resample gives a slope and the censored-point bounds computed from it, so the
  // bounds' one-sided percentile comes from the same resamples as the slope interval.
  const boundReps: number[][] = censored.map(() => []);
  const draw = (rng: Rng): number => {
    let lx: number[];
    let ly: number[];
    if (scheme === 'within-points') {
      lx = measured.map((m) => m.lx);
      ly = measured.map((m) => {
        let s = 0;
        for (let i = 0; i < m.logs.length; i++) s += m.logs[rng.int(m.logs.length)];
        return s / m.logs.length;
      });
    } else {
      lx = [];
      ly = [];
      for (let i = 0; i < measured.length; i++) {
        const m = measured[rng.int(measured.length)];
        lx.push(m.lx);
        ly.push(mean(m.logs));
      }
    }
    censored.forEach((c, j) => boundReps[j].push(chordBound(mean(lx), mean(ly), c)));
    return ols(lx, ly).slope;
  };
  const interval = bootstrapWith(base.slope, draw, opts);

  const centroidX = mean(measured.map((m) => m.lx));
  const centroidY = mean(measured.map((m) => mean(m.logs)));
  const bounds = censored.flatMap((c, j): SlopeBound[] => {
    const value = chordBound(centroidX, centroidY, c);
    if (!Number.isFinite(value)) return [];
    const right = Math.log(c.x) > centroidX;
    const side = right === ('lowerBound' in c) ? 'lower' : 'upper';
    const reps = Float64Array.from(boundReps[j].filter(Number.isFinite)).sort();
    const conservative = quantileSorted(reps, side === 'lower' ? 1 - level : level);
    return [{ side, value, conservative, level }];
  });
  return { slope: base.slope, intercept: base.intercept, r2: base.r2, interval, ...empty, bounds: tightest(bounds) };
}

/**
 * Slope of the chord from the measured centroid to (x_c, bound). Under y = C x^b, when the true
 * y at x_c exceeds the bound, b exceeds this chord if x_c is right of the centroid (a lower
 * bound) and is below it if x_c is left of it (an upper bound); an upper-bounded y flips both.
 */
function chordBound(cx: number, cy: number, c: CensoredPoint): number {
  const dx = Math.log(c.x) - cx;
  if (Math.abs(dx) < 1e-12) return NaN;
  return (Math.log('lowerBound' in c ? c.lowerBound : c.upperBound) - cy) / dx;
}

/** Keep the tightest lower and the tightest upper bound. */
function tightest(bounds: SlopeBound[]): SlopeBound[] {
  const lows = bounds.filter((b) => b.side === 'lower').sort((a, b) => b.value - a.value);
  const highs = bounds.filter((b) => b.side === 'upper').sort((a, b) => a.value - b.value);
  return [...lows.slice(0, 1), ...highs.slice(0, 1)];
}

/**
 * Range of the least-squares log-log slope over every choice of y_i inside its interval
 * [lower_i, upper_i] (e.g. the threshold intervals of n* at each SNR). The slope is linear in
 * log y, so the extremes sit at interval ends. Censored points fit naturally (lower 0 or upper
 * Infinity make that side of the slope infinite). If each interval covers at `level`, the range
 * covers the slope of the true values with probability at least 1 - m (1 - level) (Bonferroni,
 * m points) — conservative, but honest with 3-5 points where a bootstrap is not.
 */
export function slopeRange(points: readonly { x: number; lower: number; upper: number }[], level?: number): { lower: number; upper: number; level: number } {
  const lx = points.map((p) => Math.log(positive(p.x, 'x')));
  const mx = mean(lx);
  let sxx = 0;
  for (const v of lx) sxx += (v - mx) ** 2;
  if (!(sxx > 0)) return { lower: NaN, upper: NaN, level: NaN };
  let lo = 0;
  let hi = 0;
  points.forEach((p, i) => {
    if (!(p.lower >= 0 && p.lower <= p.upper)) throw new RangeError(`slopeRange: need 0 <= lower <= upper at x=${p.x}, got [${p.lower}, ${p.upper}]`);
    const w = (lx[i] - mx) / sxx;
    if (w === 0) return;
    const a = Math.log(p.lower);
    const b = Math.log(p.upper);
    lo += w > 0 ? w * a : w * b;
    hi += w > 0 ? w * b : w * a;
  });
  const m = points.length;
  return { lower: lo, upper: hi, level: level === undefined ? NaN : Math.max(0, 1 - m * (1 - level)) };
}
