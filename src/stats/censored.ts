import erfc from '@stdlib/math-base-special-erfc';
import erfcx from '@stdlib/math-base-special-erfcx';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { checkLevel } from './binomial.js';
import { meanInterval, slopeInterval, type MeanInterval, type SlopeInterval } from './student.js';

/** One observation of y at x: exact, or only known to lie above (`above`) or at or below (`below`) y. */
export interface CensoredPoint {
  x: number;
  y: number;
  censored: 'none' | 'above' | 'below';
}

export interface CensoredSlope extends SlopeInterval {
  /** Residual standard deviation (maximum likelihood). */
  sigma: number;
  method: 'least squares' | 'censored normal likelihood (Tobit)';
  converged: boolean;
  /** Why no interval could be computed (set when `converged` is false or the interval is unbounded). */
  failure?: string;
}

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log Phi(z) for the standard normal CDF, accurate in both tails: in the lower tail through the
 * scaled complementary error function, Phi(z) = erfcx(u) exp(-u^2) / 2 with u = -z / sqrt 2, so
 * it stays finite far beyond the point (z ~ -38) where erfc itself underflows to 0.
 */
export function logPhi(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z < 0) {
    const u = -z * SQRT1_2;
    return Math.log(0.5 * erfcx(u)) - u * u;
  }
  return Math.log1p(-0.5 * erfc(z * SQRT1_2));
}

/**
 * Deviance cut-off of a profile-likelihood interval for one parameter of a normal model with
 * unknown variance, calibrated so that without censoring the interval is exactly Student's t on
 * `df` degrees of freedom: the deviance of a normal mean or slope is n log(1 + T^2 / df).
 */
function tCalibratedCutoff(n: number, df: number, level: number): number {
  const t = tQuantile(1 - (1 - level) / 2, df);
  return n * Math.log1p((t * t) / df);
}

function negLogLik(points: readonly CensoredPoint[], a: number, b: number, logSigma: number): number {
  const s = Math.exp(logSigma);
  let nll = 0;
  for (const p of points) {
    const z = (p.y - a - b * p.x) / s;
    if (p.censored === 'none') nll += 0.5 * z * z + LOG_SQRT_2PI + logSigma;
    else if (p.censored === 'below') nll -= logPhi(z); // P(Y <= y)
    else nll -= logPhi(-z); // P(Y > y)
  }
  return nll;
}

/** Nelder-Mead minimisation (small, derivative-free; two or three parameters here). */
function nelderMead(f: (v: number[]) => number, start: number[], step: number[], iterations = 4000): { x: number[]; fx: number; converged: boolean } {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step[j] : v)))].map((x) => ({ x, fx: f(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((p, q) => p.fx - q.fx);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.fx - best.fx) < 1e-12 * (1 + Math.abs(best.fx)) && it > 50) return { ...best, converged: Number.isFinite(best.fx) };
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const reflected = { x: along(-1), fx: 0 };
    reflected.fx = f(reflected.x);
    if (reflected.fx < best.fx) {
      const expanded = { x: along(-2), fx: 0 };
      expanded.fx = f(expanded.x);
      simplex[n] = expanded.fx < reflected.fx ? expanded : reflected;
    } else if (reflected.fx < simplex[n - 1].fx) {
      simplex[n] = reflected;
    } else {
      const contracted = { x: along(reflected.fx < worst.fx ? -0.5 : 0.5), fx: 0 };
      contracted.fx = f(contracted.x);
      if (contracted.fx < Math.min(worst.fx, reflected.fx)) simplex[n] = contracted;
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: p.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j])), fx: f(p.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j]))) }));
    }
  }
  simplex.sort((p, q) => p.fx - q.fx);
  return { ...simplex[0], converged: false };
}

/** Nelder-Mead restarted from its own optimum until a restart no longer improves it (guards against a collapsed simplex). */
function minimise(f: (v: number[]) => number, start: number[], step: number[]): { x: number[]; fx: number; converged: boolean } {
  let fit = nelderMead(f, start, step);
  for (let restart = 0; restart < 6; restart++) {
    const again = nelderMead(f, fit.x, step.map((s) => s / 2));
    const improved = fit.fx - again.fx > 1e-9 * (1 + Math.abs(fit.fx));
    fit = again.fx <= fit.fx ? again : fit;
    if (!improved && again.converged) return { ...fit, converged: true };
  }
  return fit;
}

/** Inverse of a symmetric 3x3 matrix (null when singular). */
function invert3(m: number[][]): number[][] | null {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) return null;
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

/**
 * Where a profile deviance crosses `cutoff` on one side of its minimum at `at`: steps outward by
 * `step` (doubling) until the deviance exceeds the cut-off, then bisects. Infinite when it never
 * does within `reach` (the likelihood is flat there: the data do not bound that side).
 */
function crossing(deviance: (v: number) => number, at: number, step: number, cutoff: number, side: 1 | -1, reach: number): number {
  let inner = at;
  let d = step;
  let outer = at + side * d;
  while (deviance(outer) <= cutoff) {
    inner = outer;
    d *= 2;
    if (d > reach) return side * Infinity;
    outer = at + side * d;
  }
  for (let it = 0; it < 60 && Math.abs(outer - inner) > 1e-9 * (1 + Math.abs(at)); it++) {
    const mid = (inner + outer) / 2;
    if (deviance(mid) <= cutoff) inner = mid;
    else outer = mid;
  }
  return (inner + outer) / 2;
}

/**
 * Slope of y on x when some y are censored (a threshold never reached in the range searched, or
 * already reached at its start): the maximum-likelihood fit of y = a + b x + N(0, sigma^2) in which
 * a censored point contributes the probability of lying beyond its bound (Tobit regression), so a
 * bound is used as a bound, never as a value. The interval is the profile-likelihood interval of b,
 * its deviance cut-off calibrated to Student's t on n - 2 degrees of freedom (without censoring that
 * is exactly the least-squares t interval, which is returned then; `cutoff: 'chi-square'` gives the
 * asymptotic chi-square(1) cut-off, narrower with few points). The optimiser starts from least
 * squares over every point with the bounds read as values, so its sigma sees the censored points.
 * `se` is Wald's, from the observed information, for reference only. The observations are taken
 * as independent: for seeds shared across x, see `censoredMean` over per-seed slopes instead.
 */
export function censoredSlope(points: readonly CensoredPoint[], level = 0.95, opts: { cutoff?: 'student-t' | 'chi-square' } = {}): CensoredSlope {
  checkLevel(level);
  const exact = points.filter((p) => p.censored === 'none');
  if (exact.length === points.length) {
    const ls = slopeInterval(points.map((p) => p.x), points.map((p) => p.y), level);
    const rss = points.reduce((s, p) => s + (p.y - ls.intercept - ls.slope * p.x) ** 2, 0);
    return { ...ls, sigma: Math.sqrt(rss / Math.max(1, points.length)), method: 'least squares', converged: true };
  }
  const df = Math.max(0, points.length - 2);
  const unbounded = (slope: number, intercept: number, sigma: number, converged: boolean, failure: string): CensoredSlope => ({
    slope, intercept, se: NaN, df, lower: -Infinity, upper: Infinity, level, sigma,
    method: 'censored normal likelihood (Tobit)', converged, failure,
  });
  if (exact.length < 2 || new Set(points.map((p) => p.x)).size < 2 || df < 1) {
    return unbounded(NaN, NaN, NaN, true, `${exact.length} exact of ${points.length} observations at ${new Set(points.map((p) => p.x)).size} x values cannot bound a slope`);
  }
  // Start from least squares over every point, bounds read as values, so sigma sees the censored spread.
  const start = slopeInterval(points.map((p) => p.x), points.map((p) => p.y), level);
  const rss = points.reduce((s, p) => s + (p.y - start.intercept - start.slope * p.x) ** 2, 0);
  const ys = points.map((p) => p.y);
  const spread = Math.max(...ys) - Math.min(...ys) || 1;
  const s0 = Math.max(1e-3 * spread, Math.sqrt(rss / points.length));
  const f = (v: number[]) => negLogLik(points, v[0], v[1], v[2]);
  const xs = points.map((p) => p.x);
  const xSpan = Math.max(...xs) - Math.min(...xs);
  const step = [spread / 2, spread / (2 * xSpan), 0.5];
  const fit = minimise(f, [start.intercept, start.slope, Math.log(s0)], step);
  const [a, b, ls] = fit.x;
  if (!fit.converged) return unbounded(b, a, Math.exp(ls), false, `the censored-normal fit did not converge (slope ${b}, sigma ${Math.exp(ls)})`);
  if (ls < Math.log(1e-8 * spread)) return unbounded(b, a, Math.exp(ls), true, 'the exact points lie on a line and the bounds agree with it: no spread to put an interval on');
  // Wald standard error from the observed information (central differences), reported alongside.
  const h = [1e-4, 1e-4, 1e-4];
  const hess = [0, 1, 2].map((i) =>
    [0, 1, 2].map((j) => {
      const at = (di: number, dj: number) => {
        const v = [...fit.x];
        v[i] += di * h[i];
        v[j] += dj * h[j];
        return f(v);
      };
      return (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j]);
    }),
  );
  const cov = invert3(hess);
  const se = cov && cov[1][1] > 0 ? Math.sqrt(cov[1][1]) : NaN;
  // Profile deviance of the slope: for each b, the best intercept and sigma.
  let warm = [a, ls];
  const deviance = (bb: number): number => {
    const g = (v: number[]) => negLogLik(points, v[0], bb, v[1]);
    const inner = minimise(g, [warm[0] + (b - bb) * (xs.reduce((s, x) => s + x, 0) / xs.length), warm[1]], [spread / 4, 0.25]);
    if (!inner.converged) throw new Error(`the censored-normal profile fit at slope ${bb} did not converge`);
    return 2 * (inner.fx - fit.fx);
  };
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1);
  const cutoff = opts.cutoff === 'chi-square' ? z * z : tCalibratedCutoff(points.length, df, level);
  const unit = Number.isFinite(se) ? se : Math.abs(step[1]);
  const reach = 1e3 * (Math.abs(b) + unit);
  let lower: number;
  let upper: number;
  try {
    warm = [a, ls];
    lower = crossing(deviance, b, unit / 2, cutoff, -1, reach);
    warm = [a, ls];
    upper = crossing(deviance, b, unit / 2, cutoff, 1, reach);
  } catch (error) {
    return unbounded(b, a, Math.exp(ls), false, (error as Error).message);
  }
  const result: CensoredSlope = { slope: b, intercept: a, se, df, lower, upper, level, sigma: Math.exp(ls), method: 'censored normal likelihood (Tobit)', converged: true };
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) result.failure = 'the likelihood is flat on one side: the censored points do not bound the slope there';
  return result;
}

/** One censored observation of a quantity with no covariate (e.g. one seed's slope, exact or bounded). */
export interface CensoredValue {
  y: number;
  censored: 'none' | 'above' | 'below';
}

export interface CensoredMean extends MeanInterval {
  method: 'student t' | 'censored normal profile likelihood';
  /** Observations only known as bounds. */
  censoredCount: number;
  /** Why the interval is unbounded or missing, when it is. */
  failure?: string;
}

/**
 * Interval for the mean of normal observations some of which are censored (bounds): the
 * profile-likelihood interval of the mean with sigma profiled out, its cut-off calibrated so that
 * without censoring it is exactly Student's t interval on n - 1 degrees of freedom (which is then
 * returned). Needs two distinct exact values, or none (then every observation is a bound and the
 * likelihood stays bounded): one exact value, or several identical ones, leave the spread unmeasured.
 */
export function censoredMean(values: readonly CensoredValue[], level = 0.95): CensoredMean {
  checkLevel(level);
  const n = values.length;
  const exact = values.filter((v) => v.censored === 'none').map((v) => v.y);
  const censoredCount = n - exact.length;
  if (censoredCount === 0) return { ...meanInterval(exact, level), method: 'student t', censoredCount };
  const ys = values.map((v) => v.y);
  const naive = meanInterval(ys, level);
  const none = (failure: string): CensoredMean => ({ mean: NaN, sd: NaN, n, lower: -Infinity, upper: Infinity, level, method: 'censored normal profile likelihood', censoredCount, failure });
  if (n < 2) return none('one observation cannot measure a spread');
  if (exact.length === 1 || (exact.length > 1 && new Set(exact).size === 1)) return none('the exact values do not vary, so their spread is not measured');
  const spread = Math.max(...ys) - Math.min(...ys) || Math.max(1, Math.abs(ys[0]));
  // sigma is profiled over a bounded range: with no exact value the likelihood is at most 1 and
  // a vanishing sigma would only make it flat, never unbounded.
  const lsLo = Math.log(1e-3 * spread);
  const lsHi = Math.log(1e3 * spread);
  const nll = (mu: number, ls: number) => {
    const s = Math.exp(ls);
    let out = 0;
    for (const v of values) {
      const z = (v.y - mu) / s;
      if (v.censored === 'none') out += 0.5 * z * z + LOG_SQRT_2PI + ls;
      else if (v.censored === 'below') out -= logPhi(z);
      else out -= logPhi(-z);
    }
    return out;
  };
  // For fixed mu the negative log-likelihood is unimodal in log sigma: golden-section search.
  const profile = (mu: number): number => {
    const g = (1 + Math.sqrt(5)) / 2;
    let lo = lsLo;
    let hi = lsHi;
    let c = hi - (hi - lo) / g;
    let d = lo + (hi - lo) / g;
    let fc = nll(mu, c);
    let fd = nll(mu, d);
    for (let it = 0; it < 80; it++) {
      if (fc < fd) {
        hi = d;
        d = c;
        fd = fc;
        c = hi - (hi - lo) / g;
        fc = nll(mu, c);
      } else {
        lo = c;
        c = d;
        fc = fd;
        d = lo + (hi - lo) / g;
        fd = nll(mu, d);
      }
    }
    return Math.min(fc, fd, nll(mu, lsLo), nll(mu, lsHi));
  };
  // The minimum over mu: a coarse scan over a wide range, then golden-section refinement.
  const span = Math.max(spread, naive.sd || 0, 1e-6);
  const lo0 = Math.min(...ys) - 20 * span;
  const hi0 = Math.max(...ys) + 20 * span;
  let best = { mu: naive.mean, f: profile(naive.mean) };
  for (let i = 0; i <= 400; i++) {
    const mu = lo0 + ((hi0 - lo0) * i) / 400;
    const fm = profile(mu);
    if (fm < best.f) best = { mu, f: fm };
  }
  {
    const g = (1 + Math.sqrt(5)) / 2;
    let lo = best.mu - (hi0 - lo0) / 400;
    let hi = best.mu + (hi0 - lo0) / 400;
    for (let it = 0; it < 60; it++) {
      const c = hi - (hi - lo) / g;
      const d = lo + (hi - lo) / g;
      if (profile(c) < profile(d)) hi = d;
      else lo = c;
    }
    const mu = (lo + hi) / 2;
    const fm = profile(mu);
    if (fm < best.f) best = { mu, f: fm };
  }
  const cutoff = tCalibratedCutoff(n, n - 1, level);
  const deviance = (mu: number) => 2 * (profile(mu) - best.f);
  const reach = 1e3 * span;
  const lower = crossing(deviance, best.mu, span / 20, cutoff, -1, reach);
  const upper = crossing(deviance, best.mu, span / 20, cutoff, 1, reach);
  const out: CensoredMean = { mean: best.mu, sd: NaN, n, lower, upper, level, method: 'censored normal profile likelihood', censoredCount };
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) out.failure = 'the bounds do not limit the mean on one side';
  // The exact values' spread, as a guide to how many seeds would decide.
  if (exact.length > 1) out.sd = meanInterval(exact, level).sd;
  return out;
}
