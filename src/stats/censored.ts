import erfc from '@stdlib/math-base-special-erfc';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { checkLevel } from './binomial.js';
import { slopeInterval, type SlopeInterval } from './student.js';

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
}

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Phi(z), accurate far into the lower tail (erfc does not underflow to 0 before z ~ -38). */
function logPhi(z: number): number {
  return Math.log(0.5 * erfc(-z * SQRT1_2));
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

/** Nelder-Mead minimisation (small, derivative-free; three parameters here). */
function nelderMead(f: (v: number[]) => number, start: number[], step: number[], iterations = 4000): { x: number[]; fx: number; converged: boolean } {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step[j] : v)))].map((x) => ({ x, fx: f(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((p, q) => p.fx - q.fx);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.fx - best.fx) < 1e-12 * (1 + Math.abs(best.fx)) && it > 50) return { ...best, converged: true };
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
 * Slope of y on x when some y are censored (a threshold never reached in the range searched, or
 * already reached at its start): the maximum-likelihood fit of y = a + b x + N(0, sigma^2) in which
 * a censored point contributes the probability of lying beyond its bound (Tobit regression), so a
 * bound is used as a bound, never as a value. The interval is Wald's, from the observed information,
 * with a Student-t quantile on n - 2 degrees of freedom. Without censored points it is ordinary least
 * squares with its exact t interval. Unbounded when fewer than three exact points at two x values.
 */
export function censoredSlope(points: readonly CensoredPoint[], level = 0.95): CensoredSlope {
  checkLevel(level);
  const exact = points.filter((p) => p.censored === 'none');
  if (exact.length === points.length) {
    const ls = slopeInterval(points.map((p) => p.x), points.map((p) => p.y), level);
    const rss = points.reduce((s, p) => s + (p.y - ls.intercept - ls.slope * p.x) ** 2, 0);
    return { ...ls, sigma: Math.sqrt(rss / Math.max(1, points.length)), method: 'least squares', converged: true };
  }
  const unbounded = (slope: number, intercept: number): CensoredSlope => ({
    slope, intercept, se: NaN, df: Math.max(0, points.length - 2), lower: -Infinity, upper: Infinity, level, sigma: NaN,
    method: 'censored normal likelihood (Tobit)', converged: false,
  });
  if (exact.length < 3 || new Set(exact.map((p) => p.x)).size < 2) return unbounded(NaN, NaN);
  // Start from least squares on the exact points.
  const start = slopeInterval(exact.map((p) => p.x), exact.map((p) => p.y), level);
  const rss = exact.reduce((s, p) => s + (p.y - start.intercept - start.slope * p.x) ** 2, 0);
  const s0 = Math.max(1e-3, Math.sqrt(rss / exact.length));
  const f = (v: number[]) => negLogLik(points, v[0], v[1], v[2]);
  const fit = nelderMead(f, [start.intercept, start.slope, Math.log(s0)], [0.5, 0.5, 0.5]);
  const [a, b, ls] = fit.x;
  if (!fit.converged || ls < Math.log(1e-6)) return unbounded(b, a); // a perfect separation: no finite interval
  // Observed information by central differences.
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
  const df = points.length - 2;
  if (!Number.isFinite(se) || df < 1) return unbounded(b, a);
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return { slope: b, intercept: a, se, df, lower: b - half, upper: b + half, level, sigma: Math.exp(ls), method: 'censored normal likelihood (Tobit)', converged: true };
}
